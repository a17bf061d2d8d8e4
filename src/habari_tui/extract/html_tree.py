"""Parsing pages and fragments with lxml, and the small tree surgery the extractors share."""

from __future__ import annotations

import re

from lxml import etree
from lxml import html as lxml_html

from habari_tui.errors import ParseError
from habari_tui.text import clean_text, strip_controls

NO_ARTICLE = "no article text found on the page"

# Elements whose content is never article text.
SKIPPED_TAGS = frozenset(
    {
        "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "canvas",
        "form", "input", "button", "select", "textarea", "label", "img", "picture", "video",
        "audio", "source", "head", "title", "meta", "link", "#comment",
    }
)  # fmt: skip
BLOCK_TAGS = frozenset(
    {
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "div",
        "dl", "dt", "figcaption", "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header",
        "hr", "html", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
        "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
    }
)  # fmt: skip

# lxml refuses str input with an encoding declaration, and any NUL or C0 control character.
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")
_PARSER_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff]")
_CHROME = re.compile(
    r"(?:^|[\s_-])(?:sidebar|widget|widget-area|menu|nav|navigation|footer|comments?)(?:[\s_-]|$)"
)
_AD_NAME = re.compile(r"(?:^|[\s_-])(?:ads?|adv|advert\w*|iklan|banner|sponsor\w*|dfp)(?:[\s_-]|$)")
_AD_LABEL = re.compile(r"^(?:iklan|advertisement|ads?|sponsored)\b", re.IGNORECASE)
# Ads are short; a long element named "ads" is a wrapper around content ("has-ads") and is kept.
_AD_MAX_CHARS = 200
_DOUBLE_BREAK = re.compile(r"<br\s*/?>\s*(?:<br\s*/?>\s*)+", re.IGNORECASE)
_TABLE_PARTS = ("tbody", "thead", "tfoot", "tr", "td", "th")
_CELL_BLOCKS = frozenset({"p", "div", "table", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6"})
# A cell with more text than this (in characters, its spacing squashed) is a column of the
# page, not a datum.
_LAYOUT_CELL_CHARS = 300
# Comments and processing instructions are never text; left in, they change what the
# extractor takes for the article (a paragraph after "<!-- RSPEAK_START -->" was dropped).
_PARSER = lxml_html.HTMLParser(remove_comments=True, remove_pis=True)
# Forms longer than this wrap a whole page (ASP.NET does that) and must be kept.
_SMALL_FORM_CHARS = 1000


def parse_page(text: str, base_url: str) -> lxml_html.HtmlElement:
    """A whole page as a tree whose links are absolute (<base href> honoured)."""
    # Whole escape sequences go first, so no "[31m" is left behind when the ESC byte goes.
    text = _PARSER_UNSAFE.sub("", strip_controls(_XML_DECLARATION.sub("", text, count=1)))
    if not text.strip():
        raise ParseError(NO_ARTICLE)
    try:
        root = lxml_html.document_fromstring(text, parser=_PARSER)
    except (etree.ParserError, ValueError) as error:
        raise ParseError(NO_ARTICLE) from error
    root.make_links_absolute(base_url, resolve_base_href=True, handle_failures="ignore")
    return root


def parse_fragment(text: str, base_url: str) -> lxml_html.HtmlElement:
    """An HTML fragment (a feed's full text) as the <body> of a tree with absolute links."""
    body = parse_page(text, base_url).body
    if body is None:  # lxml gives every parsed document one; a guard for the type
        raise ParseError(NO_ARTICLE)
    return body


def element_text(el: lxml_html.HtmlElement) -> str:
    """The element's text as one line of plain text: words split by <br> or blocks stay apart."""
    parts: list[str] = []
    walker = etree.iterwalk(el, events=("start", "end"))
    for event, node in walker:
        tag = tag_name(node)
        if tag in BLOCK_TAGS or tag == "br":
            parts.append(" ")
        if event == "start" and tag in SKIPPED_TAGS:
            walker.skip_subtree()
        elif event == "start":
            parts.append(node.text or "")
        elif node is not el:
            parts.append(node.tail or "")
    return " ".join(clean_text("".join(parts)).split())


def tag_name(el: lxml_html.HtmlElement) -> str:
    """An element's lower-case tag; "#comment" for comments and processing instructions."""
    # Comments and processing instructions have a function as their tag; their text is not content.
    return el.tag.lower() if isinstance(el.tag, str) else "#comment"


def document_order(root: lxml_html.HtmlElement) -> dict[lxml_html.HtmlElement, int]:
    """Each element's position in document order, to compare "comes before"."""
    return {el: index for index, el in enumerate(root.iter())}


def in_page_chrome(el: lxml_html.HtmlElement) -> bool:
    """Whether an element sits in navigation, a sidebar, a footer or the comments."""
    for node in (el, *el.iterancestors()):
        if node.tag in ("body", "html"):
            break  # their classes name the page's template ("has-sidebar"), not a place on it
        if node.tag in ("nav", "footer"):
            return True
        if _CHROME.search(f"{node.get('class') or ''} {node.get('id') or ''}".lower()):
            return True
    return False


def remove_keeping_tail(el: lxml_html.HtmlElement) -> None:
    """Remove an element and its content, but not the text that follows it."""
    if el.getparent() is not None:
        el.drop_tree()


def remove_small_forms(root: lxml_html.HtmlElement) -> None:
    """Comment, login and newsletter forms: their labels are never article text."""
    for form in list(root.iter("form")):
        if len(form.text_content()) < _SMALL_FORM_CHARS:
            remove_keeping_tail(form)


def remove_ads(root: lxml_html.HtmlElement) -> None:
    """Short elements named or labelled as ads ("ads-inline", a cell that starts with "Iklan")."""
    for el in list(root.iter("div", "section", "aside", "span", "p", "ins", "figure")):
        if len(el.text_content()) > 2 * _AD_MAX_CHARS:  # cheap C-level check before the real one
            continue
        text = element_text(el)
        if len(text) > _AD_MAX_CHARS:
            continue
        name = f"{el.get('class') or ''} {el.get('id') or ''}".lower()
        if _AD_NAME.search(name) or _AD_LABEL.match(text):
            remove_keeping_tail(el)


def split_double_breaks(root: lxml_html.HtmlElement) -> None:
    """Old pages separate paragraphs with <br><br> inside one element: make them real <p>s."""
    for p in [p for p in root.iter("p") if _DOUBLE_BREAK.search(_inner_html(p))]:
        pieces = [piece for piece in _DOUBLE_BREAK.split(_inner_html(p)) if piece.strip()]
        # lxml closes the inline tags a cut leaves open, so each piece parses on its own.
        paragraphs = [lxml_html.fragment_fromstring(f"<p>{piece}</p>") for piece in pieces]
        parent = p.getparent()
        if paragraphs and parent is not None:
            paragraphs[-1].tail = p.tail
            parent.replace(p, paragraphs[0])
            for previous, paragraph in zip(paragraphs, paragraphs[1:], strict=False):
                previous.addnext(paragraph)


def _inner_html(el: lxml_html.HtmlElement) -> str:
    html = lxml_html.tostring(el, encoding="unicode", with_tail=False)
    return html[html.index(">") + 1 : html.rindex("<")] if html.endswith(f"</{el.tag!s}>") else ""


def is_layout_table(table: lxml_html.HtmlElement) -> bool:
    """Tables used for page layout hold paragraphs, lists or long text instead of data."""
    for cell in table.iter("td", "th"):
        # Empty blocks (a stray <div><meta></div>) and the indentation of the markup are no text;
        # one block holding a datum ("<td><div>Bio-zertifiziert</div></td>") is no layout either.
        if sum(1 for child in cell if child.tag in _CELL_BLOCKS and _has_text(child)) > 1:
            return True
        if len(_words(cell)) > _LAYOUT_CELL_CHARS:
            return True
    return False


def _has_text(el: lxml_html.HtmlElement) -> bool:
    return bool(el.text_content().strip())


def _words(el: lxml_html.HtmlElement) -> str:
    return " ".join(el.text_content().split())


def unwrap_layout_tables(root: lxml_html.HtmlElement) -> None:
    """Turn layout tables into plain <div>s so the extractor can tell content from chrome."""
    for table in [t for t in root.iter("table") if is_layout_table(t)]:
        for part in list(table.iter(*_TABLE_PARTS)):
            if _nearest_table(part) is table:
                part.tag = "div"
        table.tag = "div"


def _nearest_table(el: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    return next(el.iterancestors("table"), None)
