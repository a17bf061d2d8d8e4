"""The `a` dialog: type a feed or a site's URL, see the feeds found, `enter` subscribes."""

from __future__ import annotations

import asyncio

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from habari_tui.config import FeedConfig
from habari_tui.errors import HabariError
from habari_tui.models import DiscoveredFeed
from habari_tui.service import Service
from habari_tui.text import clean_text, site_url


class AddFeedScreen(ModalScreen[FeedConfig | None]):
    """URL, then region; `enter` in the URL looks for feeds, `enter` on one adds it."""

    BINDINGS = [
        Binding("escape", "close", "Cancel"),
    ]

    DEFAULT_CSS = """
    AddFeedScreen {
        align: center middle;
    }
    AddFeedScreen > Vertical {
        width: 90%;
        max-width: 100;
        height: auto;
        max-height: 90%;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }
    AddFeedScreen Input {
        margin-bottom: 1;
    }
    AddFeedScreen #found {
        height: auto;
        max-height: 10;
        display: none;
    }
    AddFeedScreen #found.-shown {
        display: block;
    }
    AddFeedScreen #message {
        color: $text-muted;
    }
    """

    def __init__(self, service: Service, *, region: str) -> None:
        super().__init__()
        self.service = service
        self.default_region = region
        self.found: list[DiscoveredFeed] = []

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Add a feed"
            yield Label("A feed's URL, or any page of the site:")
            yield Input(placeholder="https://example.com/", id="url")
            yield Label("Region:")
            yield Input(value=self.default_region, id="region")
            yield OptionList(id="found")
            yield Static(Text("enter: look for feeds · escape: cancel"), id="message")

    @property
    def message(self) -> Static:
        return self.query_one("#message", Static)

    def say(self, text: str) -> None:
        self.message.update(Text(text))

    @on(Input.Submitted, "#url")
    def url_entered(self, event: Input.Submitted) -> None:
        self.look_for_feeds(event.value)

    def look_for_feeds(self, typed: str) -> None:
        url = site_url(typed)
        if not url:
            self.say("Type a URL first.")
            return
        self.say(f"Looking for feeds at {clean_text(url)}…")
        self._discover(url)

    @on(Input.Submitted, "#region")
    def region_entered(self) -> None:
        url = self.query_one("#url", Input)
        if self.found:
            self.query_one("#found", OptionList).focus()
        elif url.value.strip():
            self.look_for_feeds(url.value)
        else:
            url.focus()

    @work(exclusive=True, group="discover")
    async def _discover(self, url: str) -> None:
        try:
            # Fetching and parsing run in their own thread and loop, off the UI's event loop.
            found = await asyncio.to_thread(asyncio.run, self.service.discover(url))
        except HabariError as error:
            self._show([], f"Could not read {clean_text(url)}: {error}")
            return
        if not found:
            self._show([], f"No feed found at {clean_text(url)}.")
        else:
            self._show(found, "enter: add the highlighted feed · escape: cancel")

    def _show(self, found: list[DiscoveredFeed], message: str) -> None:
        self.found = found
        options = self.query_one("#found", OptionList)
        options.clear_options()
        options.add_options(Option(Text(f.describe())) for f in found)
        options.set_class(bool(found), "-shown")
        options.border_title = f"Found {len(found)}"
        self.say(message)
        if found:
            options.highlighted = 0
            options.focus()

    @on(OptionList.OptionSelected, "#found")
    def subscribe(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        chosen = self.found[event.option_index]
        region = self.query_one("#region", Input).value.strip() or None
        if self.service.config.path is None:
            self.say("This session has no config file to add the feed to.")
            return
        self.say(f"Subscribing to {clean_text(chosen.url)}…")
        self._subscribe(chosen, region)

    @work(exclusive=True, group="subscribe")
    async def _subscribe(self, chosen: DiscoveredFeed, region: str | None) -> None:
        try:
            # With sync on this asks the feed server: off the UI's event loop.
            added = await asyncio.to_thread(self.service.subscribe, chosen, region)
        except HabariError as error:
            self.say(str(error))
            return
        if added is None:
            self.say(f"Already subscribed to {clean_text(chosen.url)}.")
            return
        self.dismiss(added)

    def action_close(self) -> None:
        self.dismiss(None)
