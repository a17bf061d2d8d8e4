"""The article screen: one story, read in full, with its related reading and a back stack."""

from __future__ import annotations

from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import Footer, Header, Markdown, Static

from habari_tui.errors import HabariError
from habari_tui.models import Article, ArticleBody
from habari_tui.service import Service
from habari_tui.text import clean_text
from habari_tui.ui.widgets.status_line import StatusLine

_FOLLOW_KEYS = [
    Binding(str(n), f"follow({n})", "Related", key_display="1-9", show=n == 1) for n in range(1, 10)
]


def meta_line(article: Article, body: ArticleBody | None) -> Text:
    parts = [clean_text(article.feed_title), article.region]
    if article.published is not None:
        parts.append(article.published.strftime("%d %b %Y %H:%M UTC"))
    if body is not None and body.place:
        parts.append(clean_text(body.place))
    return Text(" · ".join(parts), style="dim")


def related_text(body: ArticleBody) -> Text:
    text = Text()
    for number, link in enumerate(body.related, 1):
        if number > 1:
            text.append("\n")
        text.append(f"{number:>2}. ", style="bold")
        text.append(clean_text(link.title))
    return text


class ArticleScreen(Screen[int | None]):
    """Shows one article; `n`/`p` move to the next/previous story of the list it came from."""

    BINDINGS = [
        Binding("q,escape", "close", "Back to list"),
        Binding("b,backspace", "back", "Back"),
        Binding("n", "step(1)", "Next"),
        Binding("p", "step(-1)", "Previous"),
        Binding("N", "next_unread", "Next unread"),
        Binding("m", "toggle_read", "Read/unread"),
        Binding("s", "toggle_star", "Star"),
        Binding("o", "open_browser", "Browser"),
        Binding("j,down", "scroll(1)", "Scroll", show=False),
        Binding("k,up", "scroll(-1)", "Scroll", show=False),
        Binding("space,pagedown", "page(1)", "Page", show=False),
        Binding("pageup", "page(-1)", "Page", show=False),
        *_FOLLOW_KEYS,
    ]

    def __init__(self, service: Service, article_id: int, *, region: str | None) -> None:
        super().__init__()
        self.service = service
        self.region = region
        self.article: Article = service.article(article_id)
        self.body: ArticleBody | None = None
        self._history: list[int] = []

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with VerticalScroll(id="reader"):
            yield Static(id="title")
            yield Static(id="meta")
            yield Static(id="note")
            yield Static(id="caption")
            yield Markdown(id="body", open_links=False)
            yield Static(id="related")
        yield StatusLine(id="status")
        yield Footer()

    def on_mount(self) -> None:
        self.show(self.article)

    # -- showing a story --------------------------------------------------------------------

    def show(self, article: Article) -> None:
        """Show the headline at once, then the body when the worker has it."""
        self.article = article
        self.body = None
        self.sub_title = clean_text(article.feed_title)
        self.query_one("#title", Static).update(Text(clean_text(article.title), style="bold"))
        self.query_one("#meta", Static).update(meta_line(article, None))
        for name in ("note", "caption", "related"):
            self.query_one(f"#{name}", Static).display = False
        self.query_one("#status", StatusLine).say("Loading…")
        self.query_one("#reader", VerticalScroll).scroll_home(animate=False)
        if not article.read:
            self.service.set_read(article.id)
            self.article = self.service.article(article.id)
        self._load_body(article.id)

    @work(thread=True, exclusive=True, group="body")
    def _load_body(self, article_id: int) -> None:
        try:
            body = self.service.article_body(article_id)
        except HabariError as error:
            self.app.call_from_thread(self._show_error, article_id, str(error))
            return
        self.app.call_from_thread(self._show_body, article_id, body)

    def _show_error(self, article_id: int, message: str) -> None:
        if article_id == self.article.id:
            self.query_one("#status", StatusLine).say(message)

    async def _show_body(self, article_id: int, body: ArticleBody) -> None:
        if article_id != self.article.id:
            return  # the reader has moved on to another story
        self.body = body
        self.query_one("#meta", Static).update(meta_line(self.article, body))
        self._show_optional("note", Text(body.note, style="italic") if body.note else None)
        caption = Text(clean_text(body.caption), style="italic") if body.caption else None
        self._show_optional("caption", caption)
        await self.query_one("#body", Markdown).update(body.markdown)
        self._show_optional("related", self._related(body))
        self.query_one("#status", StatusLine).say(self._position())

    def _related(self, body: ArticleBody) -> Text | None:
        if not body.related:
            return None
        text = Text("Related reading\n", style="bold underline")
        text.append_text(related_text(body))
        return text

    def _show_optional(self, name: str, content: Text | None) -> None:
        widget = self.query_one(f"#{name}", Static)
        widget.display = content is not None
        if content is not None:
            widget.update(content)

    def _position(self) -> str:
        flags = [] if not self.article.starred else ["starred"]
        if self.body is not None and self.body.offline:
            flags.append("from the cache")
        words = len(self.body.markdown.split()) if self.body else 0
        minutes = max(1, round(words / 200))
        return " · ".join([f"{words} words, about {minutes} min", *flags])

    # -- actions ----------------------------------------------------------------------------

    def action_close(self) -> None:
        self.dismiss(self.article.id)

    def action_back(self) -> None:
        if self._history:
            self.show(self.service.article(self._history.pop()))
        else:
            self.dismiss(self.article.id)

    def _go(self, article: Article | None, empty: str) -> None:
        if article is None:
            self.notify(empty)
            return
        self._history.append(self.article.id)
        self.show(article)

    def action_step(self, step: int) -> None:
        found = self.service.adjacent(self.article.id, step, region=self.region)
        self._go(found, "This is the last story." if step > 0 else "This is the first story.")

    def action_next_unread(self) -> None:
        found = self.service.next_unread(self.article.id, region=self.region)
        self._go(found, "No unread stories left here.")

    def action_toggle_read(self) -> None:
        read = self.service.toggle_read(self.article.id)
        self.article = self.service.article(self.article.id)
        self.notify("Marked read." if read else "Marked unread.")

    def action_toggle_star(self) -> None:
        starred = self.service.toggle_star(self.article.id)
        self.article = self.service.article(self.article.id)
        self.notify("Starred." if starred else "Star removed.")
        self.query_one("#status", StatusLine).say(self._position())

    def action_open_browser(self) -> None:
        self.app.open_link(self.article.url)

    def action_follow(self, number: int) -> None:
        related = self.body.related if self.body else ()
        if not 1 <= number <= len(related):
            self.notify(f"There is no related link {number}.")
            return
        self.app.open_link(related[number - 1].url)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        self.app.open_link(event.href)

    def action_scroll(self, lines: int) -> None:
        self.query_one("#reader", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_page(self, pages: int) -> None:
        reader = self.query_one("#reader", VerticalScroll)
        reader.scroll_relative(y=pages * max(reader.size.height - 2, 1), animate=False)
