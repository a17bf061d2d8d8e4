"""Searching the cache, and keeping its search index caught up in the background."""

from __future__ import annotations

from collections.abc import Callable

from habari_tui.errors import StoreError
from habari_tui.models import Article
from habari_tui.service.base import ServiceBase
from habari_tui.store import SEARCH_FALLBACK_NOTE, Store

# Stories taken into the search index per transaction when it catches up in the background.
INDEX_BATCH = 2000


class Searching(ServiceBase):
    def search(self, query: str, limit: int = 50, offset: int = 0) -> list[Article]:
        """Stories of every region matching `query`, best match first."""
        return self.store.search(query, limit=limit, offset=offset)

    def index_for_search(self, stop: Callable[[], bool] = lambda: False) -> int:
        """Index the stories written since the search index last took them in; how many.

        Runs on a connection of its own (made here, in the caller's thread), so the cache
        stays free for the screen meanwhile, and in batches, asking `stop()` before each
        (quitting must not wait for a large backlog); a read-only cache is left as it is.
        """
        if self.store.in_memory:
            return self.store.index_pending()
        if not self.store.path.exists():  # gone from under us: nothing to index
            return 0
        done = 0
        try:
            own = Store(self.store.path)
        except StoreError:
            return 0
        try:
            while not stop() and (added := own.index_pending(INDEX_BATCH)):
                done += added
        except StoreError:
            pass
        finally:
            own.close()
        return done

    @property
    def search_note(self) -> str | None:
        """Why search is slower and unranked here (no FTS5), or None when it is not."""
        return None if self.store.full_text else SEARCH_FALLBACK_NOTE
