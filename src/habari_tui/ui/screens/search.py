"""The `/` screen: full-text search that refines as you type, without holding up the screen."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import UTC, datetime

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input, OptionList
from textual.worker import get_current_worker

from habari_tui.models import Article
from habari_tui.service import Service
from habari_tui.ui.messages import CopyLink, OpenStory
from habari_tui.ui.screens.story_marks import Mark, StoryMarks
from habari_tui.ui.widgets.headline_list import HeadlineList
from habari_tui.ui.widgets.key_footer import KeyFooter
from habari_tui.ui.widgets.status_line import StatusLine
from habari_tui.ui.writes import cache_writes

DEBOUNCE = 0.15  # seconds of no typing before the query runs
RESULT_LIMIT = 200


class SearchResults(HeadlineList):
    """Matching stories, best first, drawn like the headline list."""

    def show_results(self, articles: list[Article], empty: str = "") -> None:
        """Show the matches; `empty` says why there are none."""
        self.empty_text = empty
        self.show_articles(articles)


class SearchScreen(StoryMarks, Screen[None]):
    """Type to search every region; `enter` or a click opens a story, `n`/`p` walk the results."""

    # q goes back from the results; while typing it is a letter of the query.
    BINDINGS = [
        Binding("escape,q", "close", "Back", tooltip="Back to the list"),
        Binding("enter", "open", "Open", tooltip="Open the highlighted story"),
        Binding("down", "results", "Results", tooltip="From the query to the results", show=False),
        Binding("s", "toggle_star", "Star", show=False),
        Binding("m", "toggle_read", "Read", tooltip="Mark read or unread", show=False),
        Binding("c", "copy_url", "Copy URL", tooltip="Copy the story's link", show=False),
    ]

    DEFAULT_CSS = """
    SearchScreen #query {
        margin: 0 0;
    }
    SearchScreen #results {
        height: 1fr;
        border: round $primary-darken-2;
        scrollbar-gutter: stable;
    }
    SearchScreen #results:focus {
        border: round $accent;
    }
    """

    def __init__(
        self, service: Service, *, query: str = "", now: Callable[[], datetime] | None = None
    ) -> None:
        super().__init__()
        self.service = service
        self._initial = query
        self._now = now or (lambda: datetime.now(UTC))
        self._timer: Timer | None = None
        self.query_text = ""  # the query whose results are shown

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield Input(
            value=self._initial,
            placeholder="Search titles, summaries and saved articles…",
            id="query",
        )
        yield SearchResults(id="results", now=self._now)
        yield StatusLine(id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.sub_title = "Search"
        self.query_one(Input).focus()
        note = self.service.search_note
        self.status(note or "Type to search every region; enter opens, ↓ moves to the results.")
        if self._initial:
            self._run(self._initial)

    @property
    def results(self) -> SearchResults:
        return self.query_one(SearchResults)

    def status(self, message: str) -> None:
        self.query_one(StatusLine).say(message)

    # -- typing -----------------------------------------------------------------------------

    def on_input_changed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, lambda: self._run(event.value))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if self.query_text != event.value:
            self._run(event.value)  # the results follow; enter again opens the first
            return
        if self.results.current is not None:
            self._open(self.results.current)

    def _run(self, query: str) -> None:
        self._timer = None
        if not query.strip():
            self.query_text = query
            self.results.show_results([], "")
            return
        self._search(query)

    @work(thread=True, exclusive=True, group="search")
    def _search(self, query: str) -> None:
        """The query runs off the event loop, so typing never waits for SQLite."""
        found = self.service.search(query, limit=RESULT_LIMIT)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, query, found)

    def _show(self, query: str, found: list[Article]) -> None:
        if query != self.query_one(Input).value and self._timer is not None:
            return  # a newer query is on its way
        self.query_text = query
        self.results.show_results(found, "Nothing matches.")
        more = "+" if len(found) >= RESULT_LIMIT else ""
        word = "story" if len(found) == 1 else "stories"
        self.status(f"{len(found)}{more} {word} match, best first.")

    # -- choosing ---------------------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        article = self.results.current
        if article is not None:
            self._open(article)

    def _open(self, article: Article) -> None:
        ids = tuple(a.id for a in self.results.articles)
        self.post_message(OpenStory(article, region=None, stories=ids))

    def back_from_story(self, last_id: int | None) -> None:
        ids = tuple(a.id for a in self.results.articles)
        if last_id in ids:
            self.results.highlighted = ids.index(last_id)
        self.results.focus()
        self._read_results_again(ids)

    @work(exclusive=True, group="results-again")
    async def _read_results_again(self, ids: tuple[int, ...]) -> None:
        """The results' marks as the cache has them now (the story screen changed some), read
        off the event loop once the marks asked for so far are written."""
        marks = -1
        while marks != self.marks_asked:  # until no mark was asked for during the read
            marks = self.marks_asked
            await cache_writes(self.service).drain()
            found = await asyncio.to_thread(lambda: [self.service.article(i) for i in ids])
        if tuple(a.id for a in self.results.articles) != ids:
            return  # another query's results are shown now
        for article in found:
            self.results.update_article(article)

    # -- actions ----------------------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss(None)

    def action_open(self) -> None:
        """From the palette (enter itself reaches the query box or the results first)."""
        if self.results.current is not None:
            self._open(self.results.current)

    def action_results(self) -> None:
        if self.results.articles:
            self.results.focus()

    def marked_story(self) -> Article | None:
        return self.results.current if self.results.has_focus else None

    def story_marked(self, article: Article, mark: Mark) -> None:
        self.results.update_article(article)

    def action_copy_url(self) -> None:
        article = self.results.current
        self.post_message(CopyLink(article.url if article else None))
