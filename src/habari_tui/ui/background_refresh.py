"""The refresh the reader starts with `r` (or the config at start-up), seen from the app.

The service runs it in a process of its own; this shows how far it is (the status line and
the progress bar), lists the new stories as they arrive, and says how it ended. The app only
reads the cache and is told what changed.
"""

from __future__ import annotations

from contextlib import suppress
from typing import TYPE_CHECKING

from textual.timer import Timer
from textual.worker import Worker, WorkerCancelled, WorkerFailed

from habari_tui.errors import HabariError
from habari_tui.models import RefreshSummary
from habari_tui.service import RefreshProgress, RefreshStopped
from habari_tui.text import counted
from habari_tui.ui.widgets.refresh_bar import RefreshBar

if TYPE_CHECKING:
    from habari_tui.ui.app import HabariApp

# While a refresh runs, stories already stored are listed this often (seconds), so a reader
# need not wait for the slowest feed to see the others' news.
SHOW_NEW_EVERY = 1.0
# The status line and the progress bar are brought up to date at most this often (seconds):
# each update lays the screen out again, and a refresh reports hundreds of feeds and pages.
PROGRESS_EVERY = 0.2


def refresh_report(summary: RefreshSummary) -> str:
    """The status line after a refresh, saying plainly when nothing could be reached."""
    if summary.feeds and summary.ok == 0:
        reason = next((o.error for o in summary.outcomes if o.error), "")
        return f"Offline: no feed could be reached ({reason}). Showing the cache."
    new = counted(summary.new_articles, "new story", "new stories")
    text = f"Refreshed {summary.ok}/{summary.feeds} feeds, {new}"
    if summary.failed:
        text += f", {summary.failed} failed"
    return text + "."


class BackgroundRefresh:
    """One refresh at a time: its feeds, then the pages of its new stories."""

    def __init__(self, app: HabariApp) -> None:
        self._app = app
        self.refreshing = False  # feeds are being fetched
        self.saving_pages = False  # the feeds are done; the new stories' pages are being saved
        self._failures = 0
        self._news_waiting = False
        self._report = ""  # how the feeds went, kept on the status line while pages are saved
        self._progress: tuple[str, tuple[int, int, int] | None] | None = None  # not shown yet
        self._progress_timer: Timer | None = None
        self._worker: Worker[None] | None = None

    @property
    def busy(self) -> bool:
        return self.refreshing or self.saving_pages

    def start(self) -> None:
        self.refreshing = True
        self._worker = self._app.run_worker(self._run(), exclusive=True, group="refresh")

    async def stop(self) -> None:
        """The app is closing: end the refresh's process, then wait for the refresh to end
        (one running in this process, on a cache in memory, is cancelled)."""
        worker, self._worker = self._worker, None
        if worker is None or worker.is_finished:
            return
        if not await self._app.service.stop_refresh():
            worker.cancel()
        with suppress(WorkerCancelled, WorkerFailed):
            await worker.wait()

    async def _run(self) -> None:
        app = self._app
        total = len(app.service.feeds())
        app.status(f"Refreshing {total} feeds…")
        if (bar := self._bar()) is not None:
            bar.start(total)
        self._failures, self._news_waiting = 0, False
        showing = app.set_interval(SHOW_NEW_EVERY, self._show_news)
        try:
            pages = await app.service.refresh_and_save_pages(
                self._feed_done, self._feeds_done, self._page_done
            )
        except RefreshStopped:
            return  # the app is closing
        except HabariError as error:
            app.status(str(error))
            app.notify(str(error), severity="error", markup=False)
            return
        finally:
            showing.stop()
            self._flush_progress()
            self.refreshing = self.saving_pages = False
            if (bar := self._bar()) is not None:
                bar.finish()
        if pages.feeds:
            app.status(
                f"{self._report} Saved {pages.ok} of {pages.feeds} pages for offline reading."
            )

    def _feed_done(self, step: RefreshProgress) -> None:
        self._failures += not step.outcome.ok
        failed = "" if step.outcome.ok else f" (failed: {step.outcome.url})"
        bar = (step.done, step.total, self._failures)
        self._show_progress(f"Refreshing: {step.done}/{step.total} feeds{failed}", bar)
        self._news_waiting = self._news_waiting or bool(step.outcome.new_ids)

    def _feeds_done(self, summary: RefreshSummary) -> None:
        app = self._app
        self._flush_progress()
        self.refreshing = False
        self.saving_pages = bool(summary.new_ids) and app.service.prefetches_pages
        if (bar := self._bar()) is not None:
            bar.finish()
        self._report = refresh_report(summary)
        app.status(self._report)
        if summary.new_articles:
            app.notify(f"{counted(summary.new_articles, 'new story', 'new stories')}.")
        main = app.main_screen
        if main is not None and main.is_mounted:
            main.show_new_stories(finished=True)

    def _page_done(self, step: RefreshProgress) -> None:
        status = f"{self._report} Saving pages for offline reading: {step.done}/{step.total}"
        self._show_progress(status, None)

    def _show_progress(self, status: str, bar: tuple[int, int, int] | None) -> None:
        """Show this progress within PROGRESS_EVERY, with whatever comes after it meanwhile,
        out of the way of the reader's keys."""
        self._progress = (status, bar)
        if self._progress_timer is None:
            self._progress_timer = self._app.set_timer(PROGRESS_EVERY, self._progress_due)

    def _progress_due(self) -> None:
        self._progress_timer = None
        self._app.background_drawing.draw("progress", self._flush_progress)

    def _flush_progress(self) -> None:
        if self._progress_timer is not None:
            self._progress_timer.stop()
            self._progress_timer = None
        if self._progress is None:
            return
        (status, steps), self._progress = self._progress, None
        self._app.status(status)
        if steps is not None and (bar := self._bar()) is not None:
            bar.step(*steps)

    def _show_news(self) -> None:
        main = self._app.main_screen
        if not self.refreshing or not self._news_waiting:
            return
        if main is not None and main.is_mounted and main is self._app.screen:
            self._news_waiting = False
            main.show_new_stories()

    def _bar(self) -> RefreshBar | None:
        main = self._app.main_screen
        return main.query_one(RefreshBar) if main is not None and main.is_mounted else None
