"""The main screen: regions on the left, the chosen region's headlines beside them."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList

from habari_tui.models import Article
from habari_tui.service import Service
from habari_tui.ui.widgets.headline_list import HeadlineList
from habari_tui.ui.widgets.region_list import RegionList
from habari_tui.ui.widgets.status_line import StatusLine


class MainScreen(Screen[None]):
    """Regions and headlines; `enter` opens the highlighted story."""

    BINDINGS = [
        Binding("tab", "switch_pane", "Pane"),
        Binding("enter", "open", "Open", show=False),
        Binding("N", "next_unread", "Next unread"),
        Binding("m", "toggle_read", "Read/unread"),
        Binding("s", "toggle_star", "Star"),
        Binding("o", "open_browser", "Browser"),
    ]

    def __init__(self, service: Service, *, now: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.service = service
        self._now = now
        self._shown_region: str | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="panes"):
            yield RegionList(id="regions")
            yield HeadlineList(id="headlines", now=self._now)
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.reload()
        self.headlines.focus()
        self.query_one(StatusLine).say(getattr(self.app, "status_text", ""))

    @property
    def regions(self) -> RegionList:
        return self.query_one(RegionList)

    @property
    def headlines(self) -> HeadlineList:
        return self.query_one(HeadlineList)

    @property
    def region_name(self) -> str | None:
        return self.regions.selected_region

    def reload(self, keep: int | None = None) -> None:
        """Re-read counts and headlines from the cache, keeping the reader's place."""
        self.regions.show_regions(self.service.regions())
        self._show_headlines(keep)

    def _show_headlines(self, keep: int | None = None) -> None:
        current = self.headlines.current
        if keep is None and current is not None:
            keep = current.id
        self.headlines.show_articles(self.service.headlines(self.region_name), keep=keep)
        self._shown_region = self.region_name
        self.sub_title = self.region_name or ""

    def _refresh_counts(self) -> None:
        self.regions.show_regions(self.service.regions())

    # -- events -----------------------------------------------------------------------------

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list is self.regions and self.region_name != self._shown_region:
            self._show_headlines(keep=-1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list is self.regions:
            self.headlines.focus()
        else:
            self.action_open()

    # -- actions ----------------------------------------------------------------------------

    def action_switch_pane(self) -> None:
        target = self.headlines if self.regions.has_focus else self.regions
        target.focus()

    def action_open(self) -> None:
        article = self.headlines.current
        if article is not None:
            self.open_article(article)

    def open_article(self, article: Article) -> None:
        from habari_tui.ui.screens.article import ArticleScreen

        self.app.push_screen(
            ArticleScreen(self.service, article.id, region=self.region_name),
            callback=self._back_from_article,
        )

    def _back_from_article(self, last_id: int | None) -> None:
        self.reload(keep=last_id)

    def action_next_unread(self) -> None:
        current = self.headlines.current
        found = self.service.next_unread(current.id if current else None, region=self.region_name)
        if found is None:
            self.notify("No unread stories here.")
            return
        self.open_article(found)

    def _changed(self, article_id: int) -> None:
        self.headlines.update_article(self.service.article(article_id))
        self._refresh_counts()

    def action_toggle_read(self) -> None:
        article = self.headlines.current
        if article is not None:
            self.service.toggle_read(article.id)
            self._changed(article.id)

    def action_toggle_star(self) -> None:
        article = self.headlines.current
        if article is not None:
            self.service.toggle_star(article.id)
            self._changed(article.id)

    def action_open_browser(self) -> None:
        article = self.headlines.current
        if article is not None:
            self.app.open_link(article.url)
