"""The `l` list: every link of the article, to follow one inside the app."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from habari_tui.models import ArticleBody, RelatedLink
from habari_tui.text import clean_text

# [text](url) in our Markdown; the extractor writes no nested brackets in link text.
_MARKDOWN_LINK = re.compile(r"\[([^\]]+)\]\((https?://[^)\s]+)\)")


def article_links(body: ArticleBody) -> list[RelatedLink]:
    """Links of the body in reading order, then the related ones not already listed."""
    links: list[RelatedLink] = []
    seen: set[str] = set()
    found = [RelatedLink(m.group(1), m.group(2)) for m in _MARKDOWN_LINK.finditer(body.markdown)]
    for link in [*found, *body.related]:
        if link.url not in seen:
            seen.add(link.url)
            links.append(link)
    return links


def link_prompt(link: RelatedLink) -> Text:
    prompt = Text(clean_text(link.title), style="bold")
    prompt.append(f"\n{urlsplit(link.url).netloc}{urlsplit(link.url).path}", style="dim")
    return prompt


class LinksScreen(ModalScreen[RelatedLink | None]):
    """Choose a link with the arrows and `enter`; `escape` closes."""

    BINDINGS = [
        Binding("escape,q,l", "close", "Close"),
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    DEFAULT_CSS = """
    LinksScreen {
        align: center middle;
    }
    LinksScreen > OptionList {
        width: 90%;
        max-width: 100;
        height: auto;
        max-height: 80%;
        border: round $accent;
    }
    """

    def __init__(self, links: list[RelatedLink]) -> None:
        super().__init__()
        self.links = links

    def compose(self) -> ComposeResult:
        options = OptionList(*(Option(link_prompt(link)) for link in self.links))
        options.border_title = f"Links ({len(self.links)})"
        yield options

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.links[event.option_index])

    def action_close(self) -> None:
        self.dismiss(None)

    def action_cursor_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_cursor_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()
