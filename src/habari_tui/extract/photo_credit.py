"""The lead photo's credit line ("© Oli Scarff/Getty Images", "Titelbild: …") for its caption.

Sites print the lead photo's credit apart from the photo: right under it, before the story,
or after the story's last paragraph ("Crédits photos : Bestimage"). Either way it belongs
with the caption, not in the story's text.
"""

from __future__ import annotations

import re

from lxml import html as lxml_html

from habari_tui.extract.html_tree import element_text, remove_keeping_tail, tag_name

_LEAF_BLOCKS = ("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "figcaption")
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_INNER_BLOCKS = frozenset({"p", "div", "ul", "ol", "table", "blockquote", "section", "figure"})
# A credit is a name or two: "© Bundesrat | Frank Bräuer", "Titelbild: Geyres Christophe/ABACA".
_CREDIT_LINE = re.compile(
    r"[\W_]*(?:©|\(c\)|copyright\s*:|(?:crédits?|credits?)(?: photos?)?\s*:|photo credits?\s*:"
    r"|(?:titel|beitrags|header|aufmacher)bild\s*:|bild(?:nachweis|quelle)\s*:"
    r"|image credit\s*:|fot\.)\s*[^\s.!?][^.!?]{1,80}\.?",
    re.IGNORECASE,
)
# The caption line a credit follows, above the story: a line, not a paragraph of the story.
_CAPTION_LINE_CHARS = 160


def take_lead_credit(content: lxml_html.HtmlElement) -> str | None:
    """Remove the lead photo's credit (and the caption line it follows) from the article's top
    or its end; return their text."""
    blocks = [el for el in content.iter(*_LEAF_BLOCKS) if _is_leaf(el) and element_text(el)]
    if len(blocks) < 3:
        return None
    if _is_credit(blocks[-1]):
        return _taken(blocks[-1:])
    if _is_credit(blocks[0]):
        return _taken(blocks[:1])
    if _is_credit(blocks[1]) and _is_caption_line(blocks[0]):
        return _taken(blocks[:2])
    return None


def with_credit(caption: str | None, credit: str | None) -> str | None:
    """The caption with the credit after it, or whichever of the two there is."""
    return " ".join(part for part in (caption, credit) if part) or None


def _is_credit(el: lxml_html.HtmlElement) -> bool:
    return _CREDIT_LINE.fullmatch(element_text(el)) is not None


def _is_caption_line(el: lxml_html.HtmlElement) -> bool:
    return tag_name(el) not in _HEADINGS and len(element_text(el)) <= _CAPTION_LINE_CHARS


def _taken(blocks: list[lxml_html.HtmlElement]) -> str:
    text = " ".join(element_text(el) for el in blocks)
    for el in blocks:
        remove_keeping_tail(el)
    return text


def _is_leaf(el: lxml_html.HtmlElement) -> bool:
    return not any(tag_name(d) in _INNER_BLOCKS for d in el.iterdescendants())
