"""The headline list: one story a line, with unread and star marks, age, feed and title."""

from __future__ import annotations

import asyncio
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from rich.cells import cell_len
from rich.text import Text
from textual import work
from textual.binding import Binding
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from habari_tui.models import Article
from habari_tui.text import clean_text

# Rows read from the cache at a time: the list holds what was scrolled past, never the cache.
PAGE_SIZE = 100
# Read the next page when the cursor comes this close to the end of what is loaded.
PAGE_AHEAD = 40
AGE_WIDTH = 4
MARKS_WIDTH = 2 + 1 + AGE_WIDTH + 1  # unread and star marks, the age, and a space either side
FEED_WIDTH = (10, 20)  # the feed's name gets a fifth of the row, within these bounds
TITLE_ROOM = 50  # the feed's name is left out rather than leave a title fewer cells than this
# (seconds in one unit, how many units before the next one takes over): minute to week
_AGE_UNITS = ((60, 60), (3600, 24), (86400, 7), (604800, 52))
# What an age says in each language: now, then minute, hour, day, week and year suffixes.
AGE_WORDS = {
    "en": ("now", "m", "h", "d", "w", "y"),
    "id": ("baru", "m", "j", "h", "mg", "th"),  # menit, jam, hari, minggu, tahun
    "ms": ("baru", "m", "j", "h", "mg", "th"),
}


class HeadlinePages(Protocol):
    """Where the list reads its pages from, each newest first, PAGE_SIZE at most."""

    def first(self) -> list[Article]:
        """The list's first page."""
        ...

    def after(self, article: Article) -> list[Article]:
        """The page that follows `article`."""
        ...

    def before(self, article: Article) -> list[Article]:
        """The page that comes just ahead of `article`."""
        ...

    def oldest(self) -> list[Article]:
        """The list's last page."""
        ...


def user_language(environ: Mapping[str, str] = os.environ) -> str:
    """The two-letter language of the user's locale (LC_ALL, LC_TIME, then LANG), or "en"."""
    for name in ("LC_ALL", "LC_TIME", "LANG"):
        value = environ.get(name, "")
        if value and value not in ("C", "POSIX") and not value.startswith("C."):
            return value[:2].lower()
    return "en"


def relative_age(published: datetime | None, now: datetime, language: str = "en") -> str:
    """A short age that fits four cells: "now", "5m", "3h", "2d", "7w", "1y" ("3j" in id)."""
    if published is None:
        return ""
    words = AGE_WORDS.get(language, AGE_WORDS["en"])
    seconds = (now - published).total_seconds()
    if seconds < 60:
        return words[0]
    for suffix, (size, count) in zip(words[1:], _AGE_UNITS, strict=False):
        if seconds < size * count:
            return f"{int(seconds // size)}{suffix}"
    return f"{int(seconds // 31536000)}{words[-1]}"


def fit(text: str, width: int) -> str:
    """Cut `text` to `width` terminal cells, ending in an ellipsis when it was longer."""
    if cell_len(text) <= width:
        return text
    if width <= 1:
        return "…"[:width]
    out, used = [], 0
    for char in text:
        size = cell_len(char)
        if used + size > width - 1:
            break
        out.append(char)
        used += size
    return "".join(out) + "…"


def row_width(options: OptionList) -> int:
    """The cells an option's text may fill: the list's content less the option's padding."""
    padding = options.get_component_styles("option-list--option").padding
    return max(options.scrollable_content_region.width - padding.width, 8)


def feed_width(width: int) -> int:
    """Cells for the feed's name in a row `width` cells wide: a fifth of it (10 to 20), or
    none when the title would be left fewer than TITLE_ROOM cells."""
    low, high = FEED_WIDTH
    feed = max(low, min(high, width // 5))
    return feed if width - MARKS_WIDTH - feed - 2 >= TITLE_ROOM else 0


def headline_prompt(
    article: Article, width: int, now: datetime, language: str | None = None
) -> Text:
    """One row: fixed columns for the marks, the age and the feed, then the cut title."""
    unread = "●" if not article.read else " "
    star = "★" if article.starred else " "
    age = relative_age(article.published, now, language or user_language()).rjust(AGE_WIDTH)
    feed = feed_width(width)  # on a narrow list the title needs the room more
    title_width = max(width - MARKS_WIDTH - (feed + 2 if feed else 0), 1)
    row = Text(no_wrap=True, overflow="ellipsis")
    row.append(unread, style="bold")
    row.append(star, style="yellow")
    row.append(f" {age} ", style="dim")
    if feed:
        row.append(fit(clean_text(article.feed_title), feed).ljust(feed), "italic dim")
        row.append("  ")
    row.append(
        fit(clean_text(article.title), title_width), style="bold" if not article.read else ""
    )
    return row


@dataclass(frozen=True, slots=True)
class Drawing:
    """What a row's drawing depends on besides its story: the width, the time, the language."""

    width: int
    now: datetime
    language: str

    def prompt(self, article: Article) -> Text:
        return headline_prompt(article, self.width, self.now, self.language)


@dataclass(frozen=True, slots=True)
class DrawnRow:
    """A row as drawn: kept while its story, its age and the width stay the same."""

    article: Article
    age: str
    width: int
    option: Option

    def shows(self, article: Article, age: str, width: int) -> bool:
        return (self.article, self.age, self.width) == (article, age, width)


class HeadlineList(OptionList):
    """Headlines of one region, newest first."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
        Binding("G", "last", "Last", show=False),
        Binding("g", "first", "First", show=False),
    ]

    # Moving the cursor redraws the row it leaves and the row it lands on (every row is one
    # line), not the whole list: a `j` drew 40 rows to change two.
    highlighted: reactive[int | None] = reactive(None, repaint=False)

    def __init__(self, *, now: Callable[[], datetime] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self._now = now or (lambda: datetime.now(UTC))
        self.articles: list[Article] = []  # what is loaded: a stretch of the whole list
        self._pages: HeadlinePages | None = None
        self.more_above = False  # the list goes on ahead of the first story loaded
        self.more_below = False  # and after the last one
        self.empty_text = "No stories here."  # shown for an empty list
        self._drawn: dict[int, DrawnRow] = {}  # the option drawn for each story listed
        self._cursor_row: int | None = None  # the row drawn highlighted
        # The page read on its way below or above the rows (its source, the row it follows).
        self._reading_below: tuple[HeadlinePages, int] | None = None
        self._reading_above: tuple[HeadlinePages, int] | None = None

    def show_articles(
        self,
        articles: Sequence[Article],
        keep: int | None = None,
        pages: HeadlinePages | None = None,
        *,
        at_top: bool = True,
    ) -> None:
        """Replace the list; highlight the article with id `keep` if it is still there.

        With `pages`, `articles` is a stretch of a longer list (its top unless `at_top` is
        false); more is read as the cursor nears either end, and End jumps to the last page.
        Rows whose story, age and width are as drawn are kept, not drawn again; the same
        stories in the same order only have their changed rows redrawn.
        """
        before = [a.id for a in self.articles]
        self.articles = list(articles)
        self._pages = pages
        self.more_above = pages is not None and not at_top
        self.more_below = pages is not None and len(self.articles) >= PAGE_SIZE
        ids = [a.id for a in self.articles]
        highlight = ids.index(keep) if keep in ids else 0
        if ids and ids == before and self.option_count == len(ids):
            self._redraw_changed(highlight)
        else:
            self._render_rows(highlight)

    def update_article(self, article: Article) -> None:
        """Redraw one row after its read or star state changed."""
        for index, existing in enumerate(self.articles):
            if existing.id == article.id:
                self.articles[index] = article
                self._redraw_row(index, self._drawing())
                return

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        for index in (self._cursor_row, highlighted):
            if index is not None and index < self.option_count:
                self.refresh_lines(index)
        self._cursor_row = highlighted

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list is not self:
            return
        if event.option_index >= len(self.articles) - PAGE_AHEAD:
            self._load_below()
        if event.option_index < PAGE_AHEAD:
            self._load_above()

    def action_last(self) -> None:
        """The oldest story, at once: the last page is read in place of all those between."""
        if self._pages is not None and self.more_below:
            page = self._pages.oldest()
            last = page[-1].id if page else None
            self.show_articles(page, keep=last, pages=self._pages, at_top=False)
            self.more_below = False
        super().action_last()

    def action_first(self) -> None:
        """The newest story: the first page again when the list was entered from its end."""
        if self._pages is not None and self.more_above:
            self.show_articles(self._pages.first(), pages=self._pages)
        super().action_first()

    def _new_rows(self, page: list[Article]) -> list[Article]:
        shown = {a.id for a in self.articles}
        return [a for a in page if a.id not in shown]  # a row twice would end the app

    def _load_below(self) -> None:
        """Read the page after the last row, off the event loop: the cursor is still
        PAGE_AHEAD rows from the end, so the keys need not wait for it."""
        if self._pages is None or not self.more_below or not self.articles:
            return
        reading = (self._pages, self.articles[-1].id)
        if self._reading_below != reading:  # not asked for again while on its way
            self._reading_below = reading
            self._read_below(self._pages, self.articles[-1])

    @work(group="page-below")
    async def _read_below(self, pages: HeadlinePages, last: Article) -> None:
        try:
            page = await asyncio.to_thread(pages.after, last)
        finally:
            self._reading_below = None
        if pages is not self._pages or not self.articles or self.articles[-1].id != last.id:
            return  # the list was drawn again meanwhile: it reads its own pages
        self.more_below = len(page) >= PAGE_SIZE
        page = self._new_rows(page)
        self.articles.extend(page)
        drawing = self._drawing()
        self.add_options(self._row(a, drawing) for a in page)

    def _load_above(self) -> None:
        """Read the page ahead of the first row, off the event loop."""
        if self._pages is None or not self.more_above or not self.articles:
            return
        reading = (self._pages, self.articles[0].id)
        if self._reading_above != reading:
            self._reading_above = reading
            self._read_above(self._pages, self.articles[0])

    @work(group="page-above")
    async def _read_above(self, pages: HeadlinePages, first: Article) -> None:
        """The rows ahead go in above, the cursor and the view staying on their stories."""
        try:
            page = await asyncio.to_thread(pages.before, first)
        finally:
            self._reading_above = None
        if pages is not self._pages or not self.articles or self.articles[0].id != first.id:
            return  # the list was drawn again meanwhile: it reads its own pages
        self.more_above = len(page) >= PAGE_SIZE
        page = self._new_rows(page)
        if not page:
            return
        highlighted, scrolled = self.highlighted, self.scroll_y
        drawing = self._drawing()
        rows = [self._row(a, drawing) for a in page]
        self.articles[:0] = page
        self.set_options([*rows, *self.options])
        self.scroll_to(y=scrolled + len(page), animate=False, immediate=True)
        if highlighted is not None:
            self.highlighted = highlighted + len(page)

    @property
    def current(self) -> Article | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self.articles):
            return None
        return self.articles[index]

    def _drawing(self) -> Drawing:
        """How rows are drawn now: taken once for a whole list, not once a row."""
        return Drawing(row_width(self), self._now(), user_language())

    def _row(self, article: Article, drawing: Drawing) -> Option:
        """The option for `article`: the one drawn before while nothing it shows changed."""
        age = relative_age(article.published, drawing.now, drawing.language)
        drawn = self._drawn.get(article.id)
        if drawn is not None and drawn.shows(article, age, drawing.width):
            return drawn.option
        option = Option(drawing.prompt(article), id=str(article.id))
        self._drawn[article.id] = DrawnRow(article, age, drawing.width, option)
        return option

    def _redraw_row(self, index: int, drawing: Drawing) -> None:
        """Draw row `index` again if what it shows changed (its option stays in place)."""
        article = self.articles[index]
        age = relative_age(article.published, drawing.now, drawing.language)
        drawn = self._drawn.get(article.id)
        if drawn is not None and drawn.shows(article, age, drawing.width):
            return
        self.replace_option_prompt_at_index(index, drawing.prompt(article))
        option = self.get_option_at_index(index)
        self._drawn[article.id] = DrawnRow(article, age, drawing.width, option)

    def _redraw_changed(self, highlight: int) -> None:
        """The same stories as drawn: redraw the rows that changed, the cursor on `highlight`."""
        drawing = self._drawing()
        for index in range(len(self.articles)):
            self._redraw_row(index, drawing)
        self.highlighted = highlight

    def _render_rows(self, highlight: int | None) -> None:
        """Draw every row again, the cursor on row `highlight` (or the nearest one)."""
        if not self.articles:
            self._drawn = {}
            self.set_options([Option(Text(self.empty_text, style="dim italic"), disabled=True)])
            return
        drawing = self._drawing()
        drawn, self._drawn = self._drawn, {}
        for article in self.articles:  # rows no longer listed are forgotten
            if article.id in drawn:
                self._drawn[article.id] = drawn[article.id]
        self.set_options([self._row(a, drawing) for a in self.articles])
        if highlight is not None:
            self.highlighted = min(highlight, len(self.articles) - 1)

    def on_resize(self) -> None:
        if self.articles:
            self._render_rows(self.highlighted)
