"""The Textual app: a thin face over the service. Screens live in screens/, widgets in widgets/."""

from __future__ import annotations

import webbrowser
from collections.abc import Callable
from datetime import datetime

from textual import work
from textual.app import App
from textual.binding import Binding

from habari_tui.errors import HabariError
from habari_tui.models import RefreshSummary
from habari_tui.service import RefreshProgress, Service
from habari_tui.ui.screens.help import HelpScreen
from habari_tui.ui.screens.main import MainScreen
from habari_tui.ui.widgets.status_line import StatusLine


def refresh_report(summary: RefreshSummary) -> str:
    """The status line after a refresh, saying plainly when nothing could be reached."""
    if summary.feeds and summary.ok == 0:
        reason = next((o.error for o in summary.outcomes if o.error), "")
        return f"Offline: no feed could be reached ({reason}). Showing the cache."
    text = f"Refreshed {summary.ok}/{summary.feeds} feeds, {summary.new_articles} new stories"
    if summary.failed:
        text += f", {summary.failed} failed"
    return text + "."


class HabariApp(App[None]):
    """Regions, headlines and articles from the cache; refreshes it in the background."""

    CSS_PATH = "app.tcss"
    TITLE = "habari-tui"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help", key_display="?"),
        Binding("r", "refresh", "Refresh"),
    ]

    def __init__(
        self,
        service: Service,
        *,
        refresh_on_start: bool = False,
        now: Callable[[], datetime] | None = None,
        notice: str | None = None,
    ) -> None:
        super().__init__()
        self._notice = notice
        self.service = service
        self._refresh_on_start = refresh_on_start
        self._now = now
        self.refreshing = False
        self.status_text = ""  # the main screen shows it when it mounts after us

    def on_mount(self) -> None:
        self.push_screen(MainScreen(self.service, now=self._now))
        if self._notice:
            self.notify(self._notice, markup=False, timeout=8)
        if self._notice and self._notice.startswith("Demo"):
            self.status(self._notice)
        elif self.service.offline:
            self.status("Offline: reading the cache only.")
        elif self._refresh_on_start:
            self.action_refresh()
        else:
            self.status(f"{len(self.service.store.feeds())} feeds. Press r to refresh.")

    @property
    def main_screen(self) -> MainScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        return None

    def status(self, message: str) -> None:
        """Say something on the main screen's status line."""
        self.status_text = message
        main = self.main_screen
        if main is not None and main.is_mounted:
            main.query_one("#status", StatusLine).say(message)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    def action_refresh(self) -> None:
        if self.service.offline:
            self.notify("Offline: refresh needs the network.", severity="warning")
            return
        if self.refreshing:
            self.notify("Already refreshing.")
            return
        self.refreshing = True
        self._refresh()

    @work(exclusive=True, group="refresh")
    async def _refresh(self) -> None:
        total = len(self.service.store.feeds())
        self.status(f"Refreshing {total} feeds…")

        def progress(step: RefreshProgress) -> None:
            failed = "" if step.outcome.ok else f" (failed: {step.outcome.url})"
            self.status(f"Refreshing: {step.done}/{step.total} feeds{failed}")

        try:
            summary = await self.service.refresh(progress)
        except HabariError as error:
            self.status(str(error))
            self.notify(str(error), severity="error")
            return
        finally:
            self.refreshing = False
        message = refresh_report(summary)
        self.status(message)
        if summary.new_articles:
            self.notify(f"{summary.new_articles} new stories.")
        main = self.main_screen
        if main is not None and main.is_mounted:
            main.reload()
        if summary.new_ids and self.service.config.settings.prefetch_articles:
            self._prefetch(summary.new_ids, message)

    @work(exclusive=True, group="prefetch")
    async def _prefetch(self, article_ids: tuple[int, ...], after: str) -> None:
        """Save the pages of new stories for offline reading, without holding up the reader."""

        def progress(step: RefreshProgress) -> None:
            self.status(f"{after} Saving pages for offline reading: {step.done}/{step.total}")

        pages = await self.service.prefetch(article_ids, progress)
        if pages.feeds:
            self.status(f"{after} Saved {pages.ok} of {pages.feeds} pages for offline reading.")

    def open_link(self, url: str | None) -> None:
        """Open an http(s) URL in the system browser; anything else is refused."""
        if not url or not url.lower().startswith(("http://", "https://")):
            self.notify("Only http and https links are opened.", severity="warning")
            return
        self.notify(f"Opening {url}", markup=False)
        self._open_in_browser(url)

    @work(thread=True, group="browser")
    def _open_in_browser(self, url: str) -> None:
        webbrowser.open(url)
