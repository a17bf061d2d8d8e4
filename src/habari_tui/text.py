"""Untrusted text made safe to show: terminal escapes and controls removed, HTML flattened."""

from __future__ import annotations

import html as html_lib
import re
from collections.abc import Iterator
from datetime import datetime
from urllib.parse import urlsplit

import lxml.etree
import lxml.html

# String-type escape sequences carry a payload (OSC 8 links, OSC 52 clipboard writes, DCS, APC…)
# that must go with them; an unterminated one swallows the rest of the text.
_STRING_SEQUENCE = re.compile(
    r"(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f]).*?(?:\x07|\x1b\\|\x9c|\Z)", re.DOTALL
)
_CSI_SEQUENCE = re.compile(r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?")
_OTHER_ESCAPE = re.compile(r"\x1b[ -/]*[0-~]?")
_CONTROLS = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ufeff\ufff9-\ufffb\ud800-\udfff]"
)
# Every character one of the patterns above or below acts on: text without any passes as it is.
_STRIPPABLE = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff"
    r"\ufff9-\ufffb\ud800-\udfff]"
)
_LINE_BREAKS = re.compile(r"\r\n?|[\u2028\u2029\x0b\x0c]")
_SPACE_RUN = re.compile(r"\s+")
_BLANK_LINES = re.compile(r"\n{3,}")

# fmt: off
_BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary", "table",
    "tbody", "td", "tfoot", "th", "thead", "tr", "ul",
})
_INVISIBLE_TAGS = frozenset({
    "head", "script", "style", "template", "noscript", "iframe", "object", "svg",
})
# fmt: on
# Block boundaries are marked with NUL (stripped from the source) so that nested or adjacent
# blocks make a single line break, while each <br> still makes its own.
_BLOCK_BREAK = "\x00"
_BLOCK_BREAKS = re.compile(r"[^\S\n]*\x00[\x00\s]*")
_NUMERIC_REFERENCE = re.compile(r"&#([xX][0-9a-fA-F]{1,8}|[0-9]{1,10})")
_ONE_PARAGRAPH = re.compile(r"\s*(<p>)?([^<]*)(?(1)</p>)\s*")
_TAG_OR_ENTITY = re.compile(r"<\s*/?\s*[a-zA-Z!][^<>]*>|&(?:#[0-9]+|#[xX][0-9a-fA-F]+|[a-zA-Z]+);")


def strip_controls(s: str) -> str:
    """Remove escape sequences and control characters, keeping newlines, tabs and spacing."""
    if _STRIPPABLE.search(s) is None:
        return s
    return _strip_sequences(s)


def _strip_sequences(s: str) -> str:
    s = _LINE_BREAKS.sub("\n", s)
    s = _STRING_SEQUENCE.sub("", s)
    s = _CSI_SEQUENCE.sub("", s)
    s = _OTHER_ESCAPE.sub("", s)
    return _CONTROLS.sub("", s)


def clean_text(s: str) -> str:
    """Make untrusted text safe for a terminal: no escapes, controls or bidi overrides.

    Whitespace runs within a line (spaces, tabs, no-break spaces) become one space, lines are
    trimmed, more than one blank line in a row collapses to one, and the ends are stripped.
    Markup-looking text such as "[bold]" is left as it is: escaping for Rich is the UI's job.
    """
    s = strip_controls(s)
    # str.split() splits on exactly the characters re's \s matches (str.isspace).
    if "\n" not in s:
        return " ".join(s.split())
    lines = (" ".join(line.split()) for line in s.split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def plain_text(html: str) -> str:
    """Turn an HTML fragment into clean plain text: tags gone, entities decoded, blocks on lines."""
    source = strip_controls(html)
    if not source.strip():
        return ""
    if "<" not in source and "&" not in source:
        # No tag and no entity: the parser would hand back the text with its spacing flattened.
        return " ".join(source.split())
    return _parsed_text(source)


def _parsed_text(source: str) -> str:
    paragraph = _ONE_PARAGRAPH.fullmatch(source)
    if paragraph is not None:
        # One paragraph of text and entities (most feed summaries) reads as the parser reads
        # it (lxml 6 decodes entities as HTML5 says, as html.unescape does) without a tree;
        # entities that make control characters are left to the parser.
        raw = paragraph.group(2)
        text = html_lib.unescape(raw)
        if _STRIPPABLE.search(text) is None and _printable_references(raw):
            # Nothing to strip, and source newlines are spaces: what clean_text would make.
            return " ".join(text.split())
    try:
        root = lxml.html.fragment_fromstring(source, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return clean_text(html_lib.unescape(re.sub(r"<[^>]*>", " ", source)))
    return clean_text(_BLOCK_BREAKS.sub("\n", "".join(_text_parts(root))))


def _printable_references(raw: str) -> bool:
    """Whether every numeric character reference names a printable character."""
    if "&#" not in raw:
        return True
    for reference in _NUMERIC_REFERENCE.finditer(raw):
        number = reference.group(1)
        code = int(number[1:], 16) if number[0] in "xX" else int(number)
        if code < 0x20 or 0x7F <= code < 0xA0 or code > 0xFFFF or 0xD800 <= code < 0xE000:
            return False
    return True


def looks_like_html(s: str) -> bool:
    """True when text holds a tag or an entity, so it needs plain_text rather than clean_text."""
    return _TAG_OR_ENTITY.search(s) is not None


def text_of(s: str | None) -> str:
    """Plain text from a value that may or may not be HTML (titles, names, tags)."""
    if not s:
        return ""
    return plain_text(s) if looks_like_html(s) else clean_text(s)


def one_line(s: str | None) -> str:
    """Untrusted text as one terminal-safe line: controls gone, every whitespace run one space."""
    return " ".join(strip_controls(s or "").split())


def shorten(s: str, limit: int = 500) -> str:
    """Cut text to at most `limit` characters on a word boundary, marking the cut with "…"."""
    if len(s) <= limit:
        return s
    cut = s[: limit - 1]
    space = max(cut.rfind(" "), cut.rfind("\n"))
    if space > limit // 2:
        cut = cut[:space]
    return cut.rstrip(" \n,;:-–—") + "…"


def _text_parts(root: lxml.html.HtmlElement) -> Iterator[str]:
    # Iterative walk: arbitrarily deep markup must not hit the recursion limit.
    walker = lxml.etree.iterwalk(root, events=("start", "end", "comment", "pi"))
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        if event == "start":
            yield from _opening(tag, element)
            if tag in _INVISIBLE_TAGS:
                walker.skip_subtree()
            continue
        if tag in _BLOCK_TAGS:
            yield _BLOCK_BREAK
        if element.tail and element is not root:
            yield _flatten(element.tail)


def _opening(tag: str, element: lxml.html.HtmlElement) -> Iterator[str]:
    if tag == "br":
        yield "\n"
    elif tag in _BLOCK_TAGS:
        yield _BLOCK_BREAK
    if element.text and tag not in _INVISIBLE_TAGS:
        yield _flatten(element.text)


def _flatten(text: str) -> str:
    # Source newlines in HTML are just spaces; only tags make line breaks.
    return _SPACE_RUN.sub(" ", text)


_UNSAFE_IN_URL = re.compile(r"[\s\x00-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]")


def web_url(url: str | None) -> str | None:
    """The URL when it is a plain http(s) link fit to show and open, else None.

    Anything else (javascript:, data:, file:, a scheme-less path, a URL carrying spaces,
    control characters or bidi marks that could disguise it) is refused.
    """
    if not url or _UNSAFE_IN_URL.search(url) or not is_web_url(url):
        return None
    return url


def is_web_url(url: str) -> bool:
    """An absolute http(s) URL naming a host."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return False
    return parts.scheme.lower() in ("http", "https") and bool(host)


def site_url(text: str) -> str:
    """What the reader typed as a URL: a bare host such as `example.com/news` gets https://."""
    url = text.strip()
    if url and "://" not in url and not url.startswith(("/", "~")):
        return f"https://{url}"
    return url


def counted(number: int, singular: str, plural: str | None = None) -> str:
    """`number` with the noun in the form it takes: "1 story", "3 stories", "0 feeds"."""
    word = singular if number == 1 else (plural or singular + "s")
    return f"{number} {word}"


MOMENT_FORMAT = "%d %b %Y %H:%M UTC"  # how a moment is told to the reader: 27 Nov 2026 14:35 UTC
STAMP_FORMAT = "%Y-%m-%d %H:%M"  # a moment in a listing: sortable, fixed width, UTC


def utc_moment(moment: datetime) -> str:
    """A moment (a UTC datetime) as the reader is told it: `27 Nov 2026 14:35 UTC`."""
    return moment.strftime(MOMENT_FORMAT)
