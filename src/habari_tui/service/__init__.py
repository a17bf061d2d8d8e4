"""Refresh, reading and state: what the TUI and the CLI call. No UI imports here.

`Service` is the one way in; each of its jobs lives in a module of its own: `headlines`
(lists and read/starred state), `reading`, `search`, `subscribing`, `refresh` (the worker
pool included).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from habari_tui.config import Config
from habari_tui.service import lazy
from habari_tui.service.background import RefreshStopped
from habari_tui.service.base import LocalPages
from habari_tui.service.headlines import Headlines
from habari_tui.service.reading import FULL_TEXT_WORDS, Reading, is_full_text
from habari_tui.service.refresh import (
    PARSE_POOL_MIN_FEEDS,
    ProgressCallback,
    RefreshProgress,
    _Workers,
)
from habari_tui.service.search import INDEX_BATCH, Searching
from habari_tui.service.subscribing import Subscribing
from habari_tui.service.syncing import Syncing, SyncStatus
from habari_tui.store import Store

CACHE_FILE = "cache.db"  # in the data directory

__all__ = [
    "CACHE_FILE",
    "FULL_TEXT_WORDS",
    "INDEX_BATCH",
    "PARSE_POOL_MIN_FEEDS",
    "LocalPages",
    "ProgressCallback",
    "RefreshProgress",
    "RefreshStopped",
    "Service",
    "SyncStatus",
    "is_full_text",
]


class Service(Syncing, Reading, Headlines, Searching, Subscribing):
    """The one way in to the cache and the network for both faces of the app."""

    def __init__(
        self,
        config: Config,
        store: Store,
        *,
        offline: bool = False,
        local_pages: LocalPages | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self.offline = offline
        self._local_pages = local_pages  # bundled pages served instead of the network (demo)
        self._workers = _Workers(allowed=False, start_now=False)  # during a large refresh
        if config.sync is not None:  # the server's subscriptions, not the [[feed]] blocks
            self.use_synced_feeds()
        else:
            self.store.sync_feeds((f.url, f.title, f.region) for f in config.feeds)

    @classmethod
    def open(
        cls,
        config: Config,
        data_dir: Path,
        *,
        offline: bool = False,
        now: Callable[[], float] = time.time,
    ) -> Service:
        """The service over the cache in `data_dir` (made when there is none); close() it."""
        return cls(config, Store(data_dir / CACHE_FILE, now=now), offline=offline)

    @classmethod
    async def demo(cls, data_dir: Path, *, now: Callable[[], float] = time.time) -> Service:
        """What `--demo` runs: the bundled sample feeds read into a new cache in `data_dir`,
        then offline, reading only the bundled pages; close() it."""
        store = Store(data_dir / CACHE_FILE, now=now)
        try:
            service = cls(lazy.demo_config(), store, local_pages=lazy.demo_page_path)
            await service.refresh()
        except BaseException:
            store.close()
            raise
        service.offline = True  # from here on only the bundled pages are read
        return service

    @property
    def cache_notice(self) -> str | None:
        """A line for the user when opening the cache needed a repair, else None."""
        return self.store.notice

    def close(self) -> None:
        self.store.close()
