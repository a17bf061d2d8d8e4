"""The article screen: one story, read in full, with its related reading and a back stack."""

from __future__ import annotations

from collections.abc import Sequence
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
        article_id: int,
        *,
        region: str | None,
        stories: Sequence[int] | None = None,
    ) -> None:
        super().__init__()
        self.service = service
        self.region_name = region
        self.stories = tuple(stories) if stories is not None else None  # n/p walk these (search)
        self.article: Article | None = service.article(article_id)
        self.link: RelatedLink | None = None  # set when a page no feed has is shown
        self.list_story_id: int = article_id  # the story of the list that n/p move from
        self.body: ArticleBody | None = None
        self.back_stack: BackStack[Shown] = BackStack()
        self._body_links: list[RelatedLink] = []  # the body's links, by click index

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

    def reopen(
        self, article_id: int, *, region: str | None, stories: Sequence[int] | None = None
    ) -> None:
        """Start again on another story, as a new screen would: the app reuses this one
        because composing a screen (its footer above all) costs more than the article."""
        self.region_name = region
        self.stories = tuple(stories) if stories is not None else None
        self.list_story_id = article_id
        self.back_stack.clear()
        self.show(self.service.article(article_id))

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
        if isinstance(shown, RelatedLink):
            known = self.service.article_by_url(shown.url)
            shown = known if known is not None else shown
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

    def _go(self, shown: Shown | None, empty: str) -> None:
        if shown is None:
            self.notify(empty)
            return
        self.back_stack.push(self.current)
        self.show(shown)

    def action_close(self) -> None:
        self.dismiss(self.list_story_id)

    def action_back(self) -> None:
        previous = self.back_stack.pop()
        if previous is not None:
            self.show(previous)
        else:
            self.dismiss(self.list_story_id)

    def action_step(self, step: int) -> None:
        if self.stories is not None:
            found = self._in_stories(step)
        else:
            found = self.service.adjacent(self.list_story_id, step, region=self.region_name)
        self._go(found, "This is the last story." if step > 0 else "This is the first story.")

    def _in_stories(self, step: int, *, unread: bool = False) -> Article | None:
        """The next (or previous) story of the list this screen was opened with."""
        assert self.stories is not None
        at = self.stories.index(self.list_story_id) if self.list_story_id in self.stories else -1
        index = at + step
        while 0 <= index < len(self.stories):
            article = self.service.article(self.stories[index])
            if not unread or not article.read:
                return article
            index += step
        return None

    def action_next_unread(self) -> None:
        if self.stories is not None:
            found = self._in_stories(1, unread=True)
            self._go(found, "No unread stories left here.")
            return
        found = self.service.next_unread(self.list_story_id, region=self.region_name)
        self._go(found, "No unread stories left here.")

    def action_follow(self, number: int) -> None:
        related = self.body.related if self.body else ()
        if not 1 <= number <= len(related):
            self.notify(f"There is no related link {number}.")
            return
        self._go(related[number - 1], "")

    def action_links(self) -> None:
        links = article_links(self.body) if self.body else []
        if not links:
            self.notify("This article has no links.")
            return
        self.app.push_screen(LinksScreen(links), callback=self._follow_chosen)

    def _follow_chosen(self, link: RelatedLink | None) -> None:
        if link is not None:
            self._go(link, "")

    def action_follow_link(self, index: int) -> None:
        """A click on the body's link number `index`: opened inside the app, web links only."""
        if not 0 <= index < len(self._body_links):
            return
        link = self._body_links[index]
        if web_url(link.url) is None:
            self.notify("Only http and https links are followed.", severity="warning")
            return
        self._go(link, "")

    # -- state ------------------------------------------------------------------------------

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
