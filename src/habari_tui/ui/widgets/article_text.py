"""An article's Markdown as one Rich renderable: quick to draw, its links clickable by number.

Textual's Markdown widget mounts a widget per block, which costs 60-140 ms for a 40-paragraph
article; one renderable in one Static costs a few. Links carry only their index in the click
action, so no text from the page ever becomes part of an action string.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from markdown_it import MarkdownIt
from markdown_it.token import Token
from rich.console import Group
from rich.style import Style
from rich.text import Text

from habari_tui.models import RelatedLink
from habari_tui.text import clean_text, strip_controls

# Raw HTML in a body is shown as text, never interpreted.
_PARSER = MarkdownIt("commonmark", {"html": False}).enable("table")
_LINK = Style(underline=True, color="cyan")
_INLINE_STYLES = {"strong": Style(bold=True), "em": Style(italic=True), "s": Style(strike=True)}


@dataclass
class ArticleText:
    """The renderable, and the links in the order they appear (click action `follow_link(i)`)."""

    renderable: Group
    links: list[RelatedLink] = field(default_factory=list)


@dataclass
class _Blocks:
    """What is being built while walking the block tokens."""

    texts: list[Text] = field(default_factory=list)
    links: list[RelatedLink] = field(default_factory=list)
    lists: list[int | None] = field(default_factory=list)  # None: bullets; n: next number
    quote: int = 0
    heading: bool = False
    row: list[Text] | None = None  # the cells of the table row being read
    marker: str = ""  # the bullet or number waiting for the list item's first line


def article_text(markdown: str) -> ArticleText:
    """Turn our extractor's Markdown into one renderable with numbered, clickable links."""
    blocks = _Blocks()
    for token in _PARSER.parse(markdown):
        _block(token, blocks)
    parts: list[Text] = []
    for text in blocks.texts:
        if parts:
            parts.append(Text())
        parts.append(text)
    return ArticleText(Group(*parts), blocks.links)


def _block(token: Token, blocks: _Blocks) -> None:
    kind = token.type
    if kind == "heading_open":
        blocks.heading = True
    elif kind == "heading_close":
        blocks.heading = False
    elif kind == "bullet_list_open":
        blocks.lists.append(None)
    elif kind == "ordered_list_open":
        blocks.lists.append(int(token.attrs.get("start", 1) or 1))
    elif kind in ("bullet_list_close", "ordered_list_close"):
        blocks.lists.pop()
    elif kind == "list_item_open":
        blocks.marker = _list_marker(blocks.lists)
    elif kind == "blockquote_open":
        blocks.quote += 1
    elif kind == "blockquote_close":
        blocks.quote -= 1
    elif kind == "tr_open":
        blocks.row = []
    elif kind == "tr_close" and blocks.row is not None:
        blocks.texts.append(Text(" │ ").join(blocks.row))
        blocks.row = None
    elif kind == "inline":
        _inline_block(token, blocks)
    elif kind in ("fence", "code_block"):
        blocks.texts.append(Text(clean_text(token.content.rstrip("\n")), style="dim"))
    elif kind == "hr":
        blocks.texts.append(Text("―" * 24, style="dim"))


def _list_marker(lists: list[int | None]) -> str:
    depth = "  " * max(len(lists) - 1, 0)
    number = lists[-1] if lists else None
    if number is None:
        return f"{depth}• "
    lists[-1] = number + 1
    return f"{depth}{number}. "


def _inline_block(token: Token, blocks: _Blocks) -> None:
    text = _inline(token.children or [], blocks.links)
    if blocks.row is not None:
        blocks.row.append(text)
        return
    if blocks.heading:
        text.stylize("bold")
    if blocks.marker:
        text = Text(blocks.marker) + text
        blocks.marker = ""
    if blocks.quote:
        text = Text("▌ " * blocks.quote, style="dim") + text
    blocks.texts.append(text)


def _inline(children: list[Token], links: list[RelatedLink]) -> Text:
    text = Text()
    styles: list[Style] = []
    link_start: int | None = None
    href = ""
    for child in children:
        kind = child.type
        style = Style.combine(styles) if styles else None
        if kind in ("text", "code_inline"):
            text.append(strip_controls(child.content), style)
        elif kind == "softbreak":
            text.append(" ", style)
        elif kind == "hardbreak":
            text.append("\n", style)
        elif kind == "image":
            text.append(f"[image: {clean_text(child.content)}]", Style(dim=True))
        elif kind.endswith("_open") and kind[:-5] in _INLINE_STYLES:
            styles.append(_INLINE_STYLES[kind[:-5]])
        elif kind.endswith("_close") and kind[:-6] in _INLINE_STYLES and styles:
            styles.pop()
        elif kind == "link_open":
            link_start, href = len(text), str(child.attrs.get("href", ""))
        elif kind == "link_close" and link_start is not None:
            title = text.plain[link_start:]
            click = Style.from_meta({"@click": f"screen.follow_link({len(links)})"})
            text.stylize(_LINK + click, link_start, len(text))
            links.append(RelatedLink(title=title, url=href))
            link_start = None
    return text
