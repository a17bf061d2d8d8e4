"""The headline list: one story a line, with unread and star marks, age, feed and title."""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from habari_tui.models import Article
from habari_tui.text import clean_text

# Rows read from the cache at a time: the list holds what was scrolled past, never the cache.
PAGE_SIZE = 100
# Read the next page when the cursor comes this close to the end of what is loaded.
PAGE_AHEAD = 40
FEED_WIDTH = 16
AGE_WIDTH = 4
NARROW = 48  # below this many cells a row leaves out the feed's name
# (seconds in one unit, how many units before the next one takes over): minute to week
_AGE_UNITS = ((60, 60), (3600, 24), (86400, 7), (604800, 52))
# What an age says in each language: now, then minute, hour, day, week and year suffixes.
AGE_WORDS = {
    "en": ("now", "m", "h", "d", "w", "y"),
    "id": ("baru", "m", "j", "h", "mg", "th"),  # menit, jam, hari, minggu, tahun
    "ms": ("baru", "m", "j", "h", "mg", "th"),
}


MorePages = Callable[[Article], list[Article]]  # the page after this article


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


def headline_prompt(
    article: Article, width: int, now: datetime, language: str | None = None
) -> Text:
    """One row: fixed columns for the marks, the age and the feed, then the cut title."""
    unread = "●" if not article.read else " "
    star = "★" if article.starred else " "
    age = relative_age(article.published, now, language or user_language()).rjust(AGE_WIDTH)
    show_feed = width >= NARROW  # on a narrow list the title needs the room more
    prefix = 2 + AGE_WIDTH + 2 + (FEED_WIDTH + 2 if show_feed else 0)
    title_width = max(width - prefix, 1)
    row = Text(no_wrap=True, overflow="ellipsis")
    row.append(unread, style="bold")
    row.append(star, style="yellow")
    row.append(f" {age} ", style="dim")
    if show_feed:
        row.append(fit(clean_text(article.feed_title), FEED_WIDTH).ljust(FEED_WIDTH), "italic dim")
        row.append("  ")
    row.append(
        fit(clean_text(article.title), title_width), style="bold" if not article.read else ""
    )
    return row


class HeadlineList(OptionList):
    """Headlines of one region, newest first."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, *, now: Callable[[], datetime] | None = None, **kwargs) -> None:
        super().__init__(**kwargs)
        self._now = now or (lambda: datetime.now(UTC))
        self.articles: list[Article] = []
        self._more: MorePages | None = None
        self.empty_text = "No stories here yet. Press r to refresh."  # shown for an empty list

    def show_articles(
        self, articles: Sequence[Article], keep: int | None = None, more: MorePages | None = None
    ) -> None:
        """Replace the list; highlight the article with id `keep` if it is still there.

        `more(last)` reads the page of headlines that follows `last`; with it, `articles` is
        only the first page and later ones are read as the cursor nears the end.
        """
        self.articles = list(articles)
        self._more = more if more is not None and len(self.articles) >= PAGE_SIZE else None
        self._render_rows()
        ids = [a.id for a in self.articles]
        if keep in ids:
            self.highlighted = ids.index(keep)
        elif self.articles:
            self.highlighted = 0

    def update_article(self, article: Article) -> None:
        """Redraw one row after its read or star state changed."""
        for index, existing in enumerate(self.articles):
            if existing.id == article.id:
                self.articles[index] = article
                self.replace_option_prompt_at_index(index, self._prompt(article))
                return

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list is self and event.option_index >= len(self.articles) - PAGE_AHEAD:
            self._load_more()

    def _load_more(self) -> None:
        if self._more is None:
            return
        page = self._more(self.articles[-1])
        if len(page) < PAGE_SIZE:
            self._more = None  # that was the last page
        shown = {a.id for a in self.articles}
        page = [a for a in page if a.id not in shown]  # a row twice would end the app
        self.articles.extend(page)
        self.add_options(Option(self._prompt(a), id=str(a.id)) for a in page)

    @property
    def current(self) -> Article | None:
        index = self.highlighted
        if index is None or not 0 <= index < len(self.articles):
            return None
        return self.articles[index]

    def _prompt(self, article: Article) -> Text:
        return headline_prompt(article, row_width(self), self._now())

    def _render_rows(self) -> None:
        highlighted = self.highlighted
        if not self.articles:
            self.set_options([Option(Text(self.empty_text, style="dim italic"), disabled=True)])
            return
        self.set_options(Option(self._prompt(a), id=str(a.id)) for a in self.articles)
        if highlighted is not None and self.articles:
            self.highlighted = min(highlighted, len(self.articles) - 1)

    def on_resize(self) -> None:
        if self.articles:
            self._render_rows()
