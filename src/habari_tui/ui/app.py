"""The Textual app: a thin face over the service. Screens live in screens/, widgets in widgets/."""

from __future__ import annotations

import gc
import webbrowser
from collections.abc import Callable, Iterable
from datetime import datetime
from functools import partial
from typing import Any, Protocol, runtime_checkable

from textual import events, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme
from textual.widget import AwaitMount
from textual.widgets import Input
from textual.worker import get_current_worker

from habari_tui.service import Service
from habari_tui.text import web_url
from habari_tui.ui.background_drawing import BackgroundDrawing
from habari_tui.ui.background_refresh import SHOW_NEW_EVERY, BackgroundRefresh, refresh_report
from habari_tui.ui.messages import CopyLink, OpenLink, OpenStory
from habari_tui.ui.screens.help import HelpScreen, reader_keys
from habari_tui.ui.screens.main import MainScreen

__all__ = ["SHOW_NEW_EVERY", "HabariApp", "refresh_report"]

# Seconds after start before what start-up built is set aside from the garbage collector.
SETTLE_AFTER = 0.5
# Seconds after start before stories a command-line refresh left waiting are indexed for
# search (in a thread): the first screen is drawn and read first.
INDEX_AFTER = 1.5
THEME_KEY = "theme"  # where the theme chosen from the palette is remembered (the cache's ui_state)
NO_BROWSER = "No web browser was found here. Press c to copy the link instead."


@runtime_checkable
class StoryList(Protocol):
    """A screen that opens stories and wants to know which one the reader came back from."""

    def back_from_story(self, last_id: int | None) -> None: ...


class HabariApp(App[None]):
    """Regions, headlines and articles from the cache; refreshes it in the background."""

    CSS_PATH = "app.tcss"
    TITLE = "habari-tui"
    BINDINGS = [
        Binding("question_mark", "help", "Keys", key_display="?", tooltip="This list of keys"),
        Binding("r", "refresh", "Refresh", show=False),  # the main screen's footer shows it
    ]

    def __init__(
        self,
        service: Service,
        *,
        refresh_on_start: bool = False,
        now: Callable[[], datetime] | None = None,
        notice: str | None = None,
        demo: bool = False,
    ) -> None:
        super().__init__()
        self._notice = notice
        self._demo = demo
        self.service = service
        self._refresh_on_start = refresh_on_start
        self._now = now
        self.background_drawing = BackgroundDrawing(self)
        self._background_refresh = BackgroundRefresh(self)
        self.status_text = ""  # the main screen shows it when it mounts after us
        self._article_screen: Screen | None = None  # the ArticleScreen, once one is opened
        self.exiting = False
        self._gc_threshold: tuple[int, int, int] | None = None  # as found; set while ours hold
        self._ended = False  # unmounted: the collector must not be changed again

    def on_mount(self) -> None:
        remembered = self.service.remembered(THEME_KEY)
        if remembered in self.available_themes:
            self.theme = remembered
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.push_screen(MainScreen(self.service, now=self._now))
        if self._notice and not self._demo:  # the demo's notice is its status line
            self.notify(self._notice, markup=False, timeout=8)
        if self._demo:
            self.status(self._notice or "Demo.")
        elif self.service.offline:
            self.status("Offline: reading the cache only.")
        elif self._refresh_on_start:
            self.action_refresh()
        else:
            self.status(f"{len(self.service.config.feeds)} feeds. Press r to refresh.")
        self.set_timer(SETTLE_AFTER, self._settle)
        self.set_timer(INDEX_AFTER, self._index_for_search)

    def _settle(self) -> None:
        """Once the first screen is up and drawn: load the article screen's and the fetcher's
        code (left out of start-up), then take what start-up built out of the garbage
        collector's sight: it lives as long as the app, and every full collection scanned it
        again (27 ms at a time, a stutter every twenty keys or so on a large cache)."""
        if self._gc_threshold is not None or self._ended:
            return  # done already, or the timer fired during shutdown, after on_unmount
        self._gc_threshold = gc.get_threshold()
        self.service.load_network_code()
        import habari_tui.ui.screens.article  # noqa: F401

        gc.collect()
        gc.freeze()
        # Young objects are collected after 10,000 new ones rather than 700: drawing a frame
        # makes thousands, and each pass cost time in the middle of a key press.
        gc.set_threshold(10_000, 10, 10)

    async def on_unmount(self) -> None:
        """Leave the collector as it was found (the app may be one of many in a process), and
        no refresh running behind it."""
        self._ended = True
        if self._gc_threshold is not None:
            gc.unfreeze()
            gc.set_threshold(*self._gc_threshold)
            self._gc_threshold = None
        await self._background_refresh.stop()

    def _remember_theme(self, theme: Theme) -> None:
        self.service.remember(THEME_KEY, theme.name)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The palette offers the theme and the reader's keys of the screen, named as on `?`;
        none of Textual's own (its key panel, maximize, screenshot)."""
        yield SystemCommand("Theme", "Change the colours", self.action_change_theme)
        for key in reader_keys(screen):
            if key.action.startswith("follow("):
                continue  # "Related (1-9)" is nine keys, not one command
            yield SystemCommand(
                f"{key.description} ({key.label})",
                f"Key: {key.label}",
                partial(self.run_action, key.action, key.node),
            )

    def notify(self, message: str, **kwargs: Any) -> None:
        """As Textual's, but a message already on screen is replaced rather than stacked: a
        key pressed five times says "This is the last story." once."""
        # Textual 8 offers no public way to withdraw one notification; these are its own.
        for shown in list(self._notifications):
            if shown.message == message:
                self._unnotify(shown, refresh=False)
        super().notify(message, **kwargs)

    async def on_event(self, event: events.Event) -> None:
        """A key from the terminal holds back what the app would draw of its own accord."""
        if isinstance(event, events.Key) and not event.is_forwarded:
            self.background_drawing.key_pressed()
        await super().on_event(event)

    def on_key(self, event: events.Key) -> None:
        """The key has come back up to the app, where its binding runs (Textual's `_on_key`,
        after this): then what waits to be drawn with a key joins the key's frame.

        A letter typed right behind the key that opened a screen with a text box (`/`, `a`)
        was sent to the screen being left and comes back here after the box took focus (a
        box takes every letter it is sent): it goes into the box rather than being lost.
        """
        self.call_next(self.background_drawing.key_handled)
        box = self.focused
        if isinstance(box, Input) and event.is_printable and event.character:
            event.prevent_default()  # no binding of the screen left behind
            event.stop()
            box.insert_text_at_cursor(event.character)

    def exit(self, *args: Any, **kwargs: Any) -> None:
        self.exiting = True
        super().exit(*args, **kwargs)

    def push_screen(self, screen: Any, *args: Any, **kwargs: Any) -> Any:
        """As Textual's, but once quitting has begun no new screen is started: keys typed
        right after `q` are still in the queue, and a screen mounted during shutdown fails."""
        if self.exiting and not kwargs.get("wait_for_dismiss"):
            return AwaitMount(self.screen, [])
        return super().push_screen(screen, *args, **kwargs)

    def on_open_story(self, message: OpenStory) -> None:
        """Show a story in the article screen, made once and reused for every story after;
        when it closes, the screen that asked hears which story the reader came back from."""
        # Imported on first use: its Markdown parser is not needed to show the headlines.
        from habari_tui.ui.screens.article import ArticleScreen

        origin = self.screen
        screen = self._article_screen
        if not isinstance(screen, ArticleScreen):
            screen = ArticleScreen(
                self.service,
                message.article,
                region=message.region,
                stories=message.stories,
                then_unread=message.then_unread,
            )
            self._article_screen = screen
            self.install_screen(screen, name="article")
        else:
            screen.reopen(
                message.article,
                region=message.region,
                stories=message.stories,
                then_unread=message.then_unread,
            )
        callback = origin.back_from_story if isinstance(origin, StoryList) else None
        self.push_screen("article", callback=callback)

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
            main.say(message)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.screen))

    @property
    def refreshing(self) -> bool:
        """Feeds are being fetched (their new stories' pages may be saved after)."""
        return self._background_refresh.refreshing

    @property
    def saving_pages(self) -> bool:
        return self._background_refresh.saving_pages

    def action_refresh(self) -> None:
        if self.service.offline:
            self.notify("Offline: refresh needs the network.", severity="warning")
            return
        if self._background_refresh.busy:
            self.notify("Already refreshing.")
            return
        self._background_refresh.start()

    @work(thread=True, exclusive=True, group="search-index")
    def _index_for_search(self) -> None:
        """Take the stories a command-line refresh left waiting into the search index, off
        the event loop (a refresh started here indexes its own in its process)."""
        worker = get_current_worker()
        self.service.index_for_search(
            stop=lambda: self.exiting or self._ended or worker.is_cancelled
        )

    def on_open_link(self, message: OpenLink) -> None:
        self.open_link(message.url)

    def on_copy_link(self, message: CopyLink) -> None:
        self.copy_url(message.url)

    def open_link(self, url: str | None) -> None:
        """Open an http(s) URL in the system browser; anything else is refused."""
        if web_url(url) is None:
            self.notify("Only plain http and https links are opened.", severity="warning")
            return
        self._open_in_browser(url)

    def copy_url(self, url: str | None) -> None:
        """Put a story's URL on the clipboard (OSC 52: most terminals, not macOS Terminal)."""
        if not url:
            self.notify("This story has no URL.", severity="warning")
            return
        self.copy_to_clipboard(url)
        self.notify(f"Copied {url}", markup=False)

    @work(thread=True, group="browser")
    def _open_in_browser(self, url: str) -> None:
        """Looking for a browser can start programs, so it runs off the event loop."""
        try:
            browser = webbrowser.get()
        except webbrowser.Error:
            self.call_from_thread(self.notify, NO_BROWSER, severity="warning", timeout=8)
            return
        self.call_from_thread(self.notify, f"Opening {url}", markup=False)
        browser.open(url)
