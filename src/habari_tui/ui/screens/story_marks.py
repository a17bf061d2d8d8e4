"""`m` and `s` on whichever story a screen has in hand, written once for every screen."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Callable
from dataclasses import replace
from typing import Any, Literal

from habari_tui.errors import HabariError
from habari_tui.models import Article
from habari_tui.service import Service
from habari_tui.ui.writes import cache_writes

Mark = Literal["read", "starred"]


class StoryMarks:
    """Mixed into a screen: `action_toggle_read` and `action_toggle_star` change the story
    that `marked_story` names and hand the changed story to `story_marked` to show at once;
    the cache is written behind, off the event loop, and `mark_written` is told when it has."""

    service: Service
    _marks_pending = 0  # marks asked for and not yet written
    marks_asked = 0  # marks asked for since the screen began: a read begun before one is stale

    def marked_story(self) -> Article | None:
        """The story `m` and `s` act on now, or None (the screen says why if it must)."""
        raise NotImplementedError

    def story_marked(self, article: Article, mark: Mark) -> None:
        """Show `article` as it is after `mark` changed."""
        raise NotImplementedError

    def mark_written(self) -> None:
        """The marks asked for so far have reached the cache (counts read now are right)."""

    def action_toggle_read(self) -> None:
        article = self.marked_story()
        if article is not None:
            changed = replace(article, read=not article.read)
            self.story_marked(changed, "read")
            self._write(changed, "read", self.service.set_read, changed.read)

    def action_toggle_star(self) -> None:
        article = self.marked_story()
        if article is not None:
            changed = replace(article, starred=not article.starred)
            self.story_marked(changed, "starred")
            self._write(changed, "starred", self.service.set_starred, changed.starred)

    def _write(
        self, article: Article, mark: Mark, write: Callable[[int, bool], None], value: bool
    ) -> None:
        done = cache_writes(self.service).submit(write, article.id, value)
        self._marks_pending += 1
        self.marks_asked += 1
        screen: Any = self  # the mix-in only ever lives in a Screen
        screen.run_worker(self._landing(done, article, mark), group="marks")

    async def _landing(self, done: asyncio.Future[None], article: Article, mark: Mark) -> None:
        try:
            await done
        except HabariError as error:
            self.mark_failed(article, mark, error)
        finally:
            self._marks_pending -= 1
        if not self._marks_pending:  # the last of a quick run of marks: count once
            self.mark_written()

    def mark_failed(self, article: Article, mark: Mark, error: HabariError) -> None:
        """The cache refused the mark: say so, and show the story as the cache has it."""
        screen: Any = self  # the mix-in only ever lives in a Screen
        screen.notify(f"Could not keep that mark: {error}", severity="error", markup=False)
        with contextlib.suppress(HabariError):
            self.story_marked(self.service.article(article.id), mark)
