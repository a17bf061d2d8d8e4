"""The article screen: one story, read in full, with its related reading and a back stack."""

from __future__ import annotations

import asyncio
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import replace
from urllib.parse import urlsplit

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Header, Static

from habari_tui.errors import HabariError
from habari_tui.models import Article, ArticleBody, RelatedLink
from habari_tui.service import Service
from habari_tui.text import clean_text, utc_moment, web_url
from habari_tui.ui.back_stack import BackStack
from habari_tui.ui.messages import CopyLink, OpenLink
from habari_tui.ui.screens.links import LinksScreen, article_links
from habari_tui.ui.screens.story_marks import Mark, StoryMarks
from habari_tui.ui.widgets.article_text import article_text
from habari_tui.ui.widgets.key_footer import KeyFooter
from habari_tui.ui.widgets.status_line import StatusLine
from habari_tui.ui.writes import cache_writes

_FOLLOW_KEYS = [
    Binding(
        str(n),
        f"follow({n})",
        "Related",
        key_display="1-9",
        show=n == 1,
        tooltip="Open related reading 1 to 9 here",
    )
    for n in range(1, 10)
]

# What the back stack holds: an article of the cache, or a linked page that no feed has.
Shown = Article | RelatedLink
# A key's work on the screen: done at once, or handing back what is still to be awaited
# (a read of the cache) before the next key's work may begin.
Step = Callable[[], Awaitable[None] | None]


def shown_key(shown: Shown) -> tuple[str, object]:
    """What identifies a shown story, whatever its read or star state."""
    return ("article", shown.id) if isinstance(shown, Article) else ("page", shown.url)


def meta_line(article: Article | None, link: RelatedLink | None, body: ArticleBody | None) -> Text:
    """Feed · region · date · place: each said once (a dateline place that is also the
    region's name is not repeated)."""
    if article is not None:
        parts = [clean_text(article.feed_title), clean_text(article.region)]
        if article.published is not None:
            parts.append(utc_moment(article.published))
    else:
        parts = [urlsplit(link.url).netloc if link else ""]
    place = clean_text(body.place) if body is not None and body.place else ""
    if place.casefold() not in {p.casefold() for p in parts}:
        parts.append(place)
    return Text(" · ".join(p for p in parts if p), style="dim")


WORDS_PER_MINUTE = 200


def reading_position(words: int, scroll_y: float, max_scroll_y: float) -> str:
    """ "3 min · 40%": the reading time and how far down the article the reader is."""
    minutes = max(1, round(words / WORDS_PER_MINUTE))
    percent = 100 if max_scroll_y <= 0 else round(100 * min(scroll_y / max_scroll_y, 1))
    return f"{minutes} min · {percent}%"


def related_text(body: ArticleBody) -> Group:
    """The numbered list of related reading; a title that wraps goes on under its own start,
    not at the box's edge."""
    table = Table.grid(padding=(0, 1))
    table.add_column(justify="right", style="bold", no_wrap=True)
    table.add_column(ratio=1)
    for number, link in enumerate(body.related, 1):
        table.add_row(f"{number}.", Text(clean_text(link.title)))
    return Group(Text("Related reading", style="bold underline"), table)


class ArticleScreen(StoryMarks, Screen[int | None]):
    """Shows one article; `n`/`p` move to the next/previous story of the list it came from."""

    # The footer shows what fits in 80 columns; `?` lists every key.
    BINDINGS = [
        Binding("q,escape", "close", "Back", tooltip="Back to the list"),
        Binding("b,backspace", "back", "Back", tooltip="Back to the story before", show=False),
        Binding("n", "step(1)", "Next"),
        Binding("p", "step(-1)", "Prev", tooltip="Previous story"),
        Binding("N", "next_unread", "Unread", tooltip="Next unread story", show=False),
        *_FOLLOW_KEYS,
        Binding("l", "links", "Links", tooltip="Every link of the story, to open here"),
        Binding("s", "toggle_star", "Star"),
        Binding("m", "toggle_read", "Read", tooltip="Mark read or unread", show=False),
        Binding("o", "open_browser", "Browser", tooltip="Open in the web browser", show=False),
        Binding("c", "copy_url", "Copy URL", tooltip="Copy the story's link", show=False),
        Binding("j,down", "scroll(1)", "Scroll", tooltip="Scroll down, up", show=False),
        Binding("k,up", "scroll(-1)", "Scroll", tooltip="Scroll down, up", show=False),
        Binding("space,pagedown", "page(1)", "Page", tooltip="Page down, up", show=False),
        Binding("pageup", "page(-1)", "Page", tooltip="Page down, up", show=False),
    ]

    def __init__(
        self,
        service: Service,
        article: Article,
        *,
        region: str | None,
        stories: Sequence[int] | None = None,
        then_unread: int = 0,
    ) -> None:
        super().__init__()
        self.service = service
        self._then_unread = then_unread  # `N` pressed while the story was found, still to do
        self.region_name = region
        self.stories = tuple(stories) if stories is not None else None  # n/p walk these (search)
        self.article: Article | None = article
        self.link: RelatedLink | None = None  # set when a page no feed has is shown
        self.list_story_id: int = article.id  # the story of the list that n/p move from
        self.body: ArticleBody | None = None
        self.back_stack: BackStack[Shown] = BackStack()
        self._body_links: list[RelatedLink] = []  # the body's links, by click index
        self._visit = 0  # one more each time the screen is opened again: older keys' work ends
        self._waiting: deque[Step] = deque()  # keys' work waiting for a read before it
        self._stepping: int | None = None  # the visit whose keys' work is under way

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="reader"):
            yield Static(id="title")
            yield Static(id="meta")
            yield Static(id="note")
            yield Static(id="caption")
            yield Static(id="body")
            yield Static(id="related")
        yield StatusLine(id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        assert self.article is not None
        reader = self.query_one("#reader", VerticalScroll)
        width = self.service.config.settings.reading_width
        for child in reader.children:
            child.styles.max_width = width
        self.watch(reader, "scroll_y", self._scrolled, init=False)
        self.watch(reader, "virtual_size", self._scrolled, init=False)  # the body laid out
        self.show(self.article)
        self._take_then_unread()

    def _take_then_unread(self) -> None:
        then_unread, self._then_unread = self._then_unread, 0
        for _ in range(then_unread):
            self.action_next_unread()

    def reopen(
        self,
        article: Article,
        *,
        region: str | None,
        stories: Sequence[int] | None = None,
        then_unread: int = 0,
    ) -> None:
        """Start again on another story, as a new screen would: the app reuses this one
        because composing a screen (its footer above all) costs more than the article."""
        self._visit += 1
        self._waiting.clear()
        self.region_name = region
        self.stories = tuple(stories) if stories is not None else None
        self.list_story_id = article.id
        self.back_stack.clear()
        self.show(article)
        self._then_unread = then_unread
        self._take_then_unread()

    def _scrolled(self) -> None:
        if self.body is not None and self.is_mounted:
            self.query_one("#status", StatusLine).say(self._position())

    @property
    def current(self) -> Shown:
        return self.article if self.article is not None else self.link  # type: ignore[return-value]

    @property
    def url(self) -> str | None:
        if self.article is not None:
            return self.article.url
        return self.link.url if self.link is not None else None

    # -- showing a story --------------------------------------------------------------------

    def show(self, shown: Shown) -> None:
        """Show the headline at once, then the body when the worker has it."""
        if isinstance(shown, Article):
            self.article, self.link, self.list_story_id = shown, None, shown.id
            title = shown.title
            if not shown.read:
                self.article = replace(shown, read=True)
                self._mark_read(shown.id)
        else:
            self.article, self.link, title = None, shown, shown.title
        self.body = None
        self.sub_title = (
            self.article.feed_title if self.article else urlsplit(shown.url or "").netloc
        )
        self.query_one("#title", Static).update(Text(clean_text(title), style="bold"))
        self.query_one("#meta", Static).update(meta_line(self.article, self.link, None))
        for name in ("note", "caption", "related"):
            self.query_one(f"#{name}", Static).display = False
        self.query_one("#body", Static).update("")
        self._body_links = []
        self.query_one("#status", StatusLine).say("Loading…")
        self.query_one("#reader", VerticalScroll).scroll_home(animate=False)
        self._load_body(self.current)

    def _mark_read(self, article_id: int) -> None:
        """Written off the event loop, in turn with the reader's marks: a refresh writing the
        cache meanwhile would keep the story from being shown until its transaction ended."""
        done = cache_writes(self.service).submit(self.service.set_read, article_id, True)
        self.run_worker(done, group="mark-read")

    @work(exclusive=True, group="body")
    async def _load_body(self, shown: Shown) -> None:
        try:
            if isinstance(shown, Article):
                body = await self.service.read_article(shown.id)
            else:
                _, body = await self.service.read_page(shown.url)
        except HabariError as error:
            if shown_key(shown) == shown_key(self.current):
                self._show_optional("note", Text(str(error), style="italic"))
                self.query_one("#status", StatusLine).say(str(error))
            return
        if shown_key(shown) == shown_key(self.current):
            await self._show_body(body)

    async def _show_body(self, body: ArticleBody) -> None:
        self.body = body
        self.query_one("#meta", Static).update(meta_line(self.article, self.link, body))
        self._show_optional("note", Text(body.note, style="italic") if body.note else None)
        caption = Text(clean_text(body.caption), style="italic") if body.caption else None
        self._show_optional("caption", caption)
        text = article_text(body.markdown)
        self._body_links = text.links
        self.query_one("#body", Static).update(text.renderable)
        self._show_optional("related", related_text(body) if body.related else None)
        self.query_one("#status", StatusLine).say(self._position())
        self.call_after_refresh(self._scrolled)  # the length is known once laid out

    def _show_optional(self, name: str, content: RenderableType | None) -> None:
        widget = self.query_one(f"#{name}", Static)
        widget.display = content is not None
        if content is not None:
            widget.update(content)

    def _position(self) -> str:
        words = len(self.body.markdown.split()) if self.body else 0
        reader = self.query_one("#reader", VerticalScroll)
        parts = [reading_position(words, reader.scroll_y, reader.max_scroll_y)]
        if self.body is not None and self.body.related:
            parts.append(f"{len(self.body.related)} related")
        if self.article is not None and self.article.starred:
            parts.append("starred")
        if self.back_stack:
            parts.append(f"{len(self.back_stack)} back")
        return " · ".join(parts)

    # -- moving -----------------------------------------------------------------------------

    def _in_turn(self, step: Step) -> None:
        """Do a key's work after the work of the keys pressed before it: a key that must read
        the cache first (n, p, N, a related link) holds the ones after it until it lands, so
        keys pressed faster than the reads come back still act in the order pressed."""
        if self._stepping == self._visit:
            self._waiting.append(step)
            return
        pending = step()
        if pending is not None:
            self._stepping = self._visit
            self.run_worker(self._finish_steps(pending, self._visit), group="steps")

    async def _finish_steps(self, pending: Awaitable[None], visit: int) -> None:
        try:
            await pending
            while self._waiting and visit == self._visit:
                step = self._waiting.popleft()()
                if step is not None:
                    await step
        finally:
            if self._stepping == visit:
                self._stepping = None

    def _go(self, shown: Shown | None, empty: str) -> None:
        if shown is None:
            self.notify(empty)
            return
        self.back_stack.push(self.current)
        self.show(shown)

    async def _go_to_link(self, link: RelatedLink, *, back: bool = False) -> None:
        """Show a linked page, as the story of the cache it is when a feed has it (read off
        the event loop); `back` when returning to it, so nothing is pushed."""
        visit = self._visit
        known = await asyncio.to_thread(self.service.article_by_url, link.url)
        if visit != self._visit:
            return
        shown: Shown = known if known is not None else link
        if back:
            self.show(shown)
        else:
            self._go(shown, "")

    def action_close(self) -> None:
        self._in_turn(self._close)

    def _close(self) -> None:
        self.dismiss(self.list_story_id)

    def action_back(self) -> None:
        self._in_turn(self._back)

    def _back(self) -> Awaitable[None] | None:
        previous = self.back_stack.pop()
        if previous is None:
            self._close()
        elif isinstance(previous, RelatedLink):
            return self._go_to_link(previous, back=True)
        else:
            self.show(previous)
        return None

    def action_step(self, step: int) -> None:
        self._in_turn(lambda: self._step(step, unread=False))

    def action_next_unread(self) -> None:
        self._in_turn(lambda: self._step(1, unread=True))

    async def _step(self, step: int, *, unread: bool) -> None:
        """To the next (or previous) story, or the next unread one, of the list the screen was
        opened from, read off the event loop from the story the keys before have led to."""
        visit, start = self._visit, self.list_story_id
        found = await asyncio.to_thread(self._find, start, step, unread)
        if visit != self._visit:
            return
        if unread:
            empty = "No unread stories left here."
        else:
            empty = "This is the last story." if step > 0 else "This is the first story."
        self._go(found, empty)

    def _find(self, start: int, step: int, unread: bool) -> Article | None:
        """The story `step` away from `start` (safe in a thread: it reads the service only)."""
        if self.stories is not None:
            return self._in_stories(start, step, unread=unread)
        if unread:
            return self.service.next_unread(start, region=self.region_name)
        return self.service.adjacent(start, step, region=self.region_name)

    def _in_stories(self, start: int, step: int, *, unread: bool = False) -> Article | None:
        """The next (or previous) story of the list this screen was opened with."""
        assert self.stories is not None
        at = self.stories.index(start) if start in self.stories else -1
        index = at + step
        while 0 <= index < len(self.stories):
            article = self.service.article(self.stories[index])
            if not unread or not article.read:
                return article
            index += step
        return None

    def action_follow(self, number: int) -> None:
        self._in_turn(lambda: self._follow(number))

    def _follow(self, number: int) -> Awaitable[None] | None:
        related = self.body.related if self.body else ()
        if not 1 <= number <= len(related):
            self.notify(f"There is no related link {number}.")
            return None
        return self._go_to_link(related[number - 1])

    def action_links(self) -> None:
        links = article_links(self.body) if self.body else []
        if not links:
            self.notify("This article has no links.")
            return
        self.app.push_screen(LinksScreen(links), callback=self._follow_chosen)

    def _follow_chosen(self, link: RelatedLink | None) -> None:
        if link is not None:
            self._in_turn(lambda: self._go_to_link(link))

    def action_follow_link(self, index: int) -> None:
        """A click on the body's link number `index`: opened inside the app, web links only."""
        if not 0 <= index < len(self._body_links):
            return
        link = self._body_links[index]
        if web_url(link.url) is None:
            self.notify("Only http and https links are followed.", severity="warning")
            return
        self._in_turn(lambda: self._go_to_link(link))

    # -- state ------------------------------------------------------------------------------

    def action_toggle_read(self) -> None:
        self._in_turn(super().action_toggle_read)  # on the story the keys before led to

    def action_toggle_star(self) -> None:
        self._in_turn(super().action_toggle_star)

    def marked_story(self) -> Article | None:
        if self.article is None:
            self.notify("This page is not in your feeds.")
        return self.article

    def story_marked(self, article: Article, mark: Mark) -> None:
        self.article = article
        if mark == "read":
            self.notify("Marked read." if article.read else "Marked unread.")
        else:
            self.notify("Starred." if article.starred else "Star removed.")
        self.query_one("#status", StatusLine).say(self._position())

    def action_open_browser(self) -> None:
        self.post_message(OpenLink(self.url))

    def action_copy_url(self) -> None:
        self.post_message(CopyLink(self.url))

    def action_scroll(self, lines: int) -> None:
        self.query_one("#reader", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_page(self, pages: int) -> None:
        reader = self.query_one("#reader", VerticalScroll)
        reader.scroll_relative(y=pages * max(reader.size.height - 2, 1), animate=False)
