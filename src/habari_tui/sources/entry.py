"""Building a ParsedEntry from raw feed fields the same way for every format."""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from habari_tui.models import ParsedEntry
from habari_tui.text import plain_text, shorten, text_of

UNTITLED = "(untitled)"
SUMMARY_LIMIT = 500
_LINK_SCHEMES = frozenset({"http", "https", "file"})
# RSS <author> is "email (Name)" by the spec; many feeds put a bare name there instead.
_EMAIL_AND_NAME = re.compile(r"^\s*\S+@\S+\s*\((?P<name>[^()]+)\)\s*$")
# Elements that make markup of a title or a summary (feedparser's list, and the elements whose
# content is never text): "<blink>" or "<tag>" in a title is the publisher's text, not markup.
# fmt: off
HTML_ELEMENTS = frozenset({
    "a", "abbr", "acronym", "address", "area", "article", "aside", "audio", "b", "big",
    "blockquote", "br", "button", "canvas", "caption", "center", "cite", "code", "col",
    "colgroup", "command", "datagrid", "datalist", "dd", "del", "details", "dfn", "dialog", "dir",
    "div", "dl", "dt", "em", "event-source", "fieldset", "figcaption", "figure", "font", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "i", "img", "input", "ins", "kbd",
    "keygen", "label", "legend", "li", "m", "map", "menu", "meter", "multicol", "nav", "nextid",
    "noscript", "ol", "optgroup", "option", "output", "p", "pre", "progress", "q", "s", "samp",
    "section", "select", "small", "sound", "source", "spacer", "span", "strike", "strong", "sub",
    "sup", "table", "tbody", "td", "tfoot", "th", "thead", "time", "tr", "tt", "u", "ul", "var",
    "video",
    "script", "style", "iframe", "object", "embed", "template", "svg", "applet",
})
# fmt: on
_TAG = re.compile(r"</?([A-Za-z][\w-]*)[^<>]*>")
# An absolute web link urljoin hands back unchanged: lowercase scheme, no params, no empty
# query, no fragment. Most feed links look like this, and need no parsing.
_PLAIN_ABSOLUTE = re.compile(
    r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?(?:/[A-Za-z0-9_~%/.,+=:-]*)?"
    r"(?:\?[A-Za-z0-9_~%/.,+=:-]+)?"
)


def author_name(raw: str | None) -> str | None:
    """The person's name out of an RSS author field, without the e-mail address."""
    if not raw:
        return None
    match = _EMAIL_AND_NAME.match(raw)
    return match.group("name").strip() if match else raw


def build_entry(
    *,
    base_url: str,
    title: str | None,
    link: str | None,
    guid: str | None,
    summary_html: str | None,
    content_html: str | None,
    published: datetime | None,
    categories: Iterable[str | None] = (),
    author: str | None = None,
) -> ParsedEntry | None:
    """A normalised entry, or None when the raw item carries nothing at all (a truncated tail)."""
    content = content_html if content_html and content_html.strip() else None
    summary = plain_text(summary_html or "") or plain_text(content or "")
    url = absolute_url(base_url, link)
    clean_guid = guid.strip() if guid and guid.strip() else None
    clean_title = title_line(title)
    if not (clean_title or url or clean_guid or summary):
        return None
    return ParsedEntry(
        title=clean_title or UNTITLED,
        url=url,
        guid=clean_guid,
        summary=shorten(summary, SUMMARY_LIMIT),
        content_html=content,
        published=as_utc(published),
        categories=unique_texts(categories),
        author=one_line(author) or None,
    )


def absolute_url(base_url: str, link: str | None) -> str | None:
    """The link resolved against the feed's URL; None when missing or not a web or file link."""
    if not link or not link.strip():
        return None
    link = link.strip()
    if _PLAIN_ABSOLUTE.fullmatch(link):
        return link
    try:
        url = urljoin(base_url, link)
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in _LINK_SCHEMES else None


def as_utc(moment: datetime | None) -> datetime | None:
    """A timezone-aware UTC datetime; a naive one is taken to be UTC already."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def parse_iso_datetime(value: object) -> datetime | None:
    """An ISO 8601 / RFC 3339 timestamp as UTC, or None when absent or unreadable."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return as_utc(datetime.fromisoformat(value.strip()))
    except ValueError:
        return None


def unique_texts(values: Iterable[str | None]) -> tuple[str, ...]:
    """Plain, non-empty strings in first-seen order, each once."""
    seen: dict[str, None] = {}
    for value in values:
        text = one_line(value) if isinstance(value, str) else ""
        if text:
            seen.setdefault(text, None)
    return tuple(seen)


def title_line(title_html: str | None) -> str:
    """A title given as HTML, as one line of text: a tag-like word that is no HTML element
    ("History of the <blink> tag") is kept as the publisher's text."""
    if title_html and "<" in title_html:
        title_html = _TAG.sub(_keep_unknown_tag, title_html)
    return one_line(title_html)


def _keep_unknown_tag(match: re.Match[str]) -> str:
    tag = match.group(0)
    return tag if match.group(1).lower() in HTML_ELEMENTS else html.escape(tag, quote=False)


def one_line(value: str | None) -> str:
    """Plain text on a single line, for titles, names and tags."""
    if value and value.isprintable() and "<" not in value and "&" not in value:
        # No markup, and nothing clean_text strips (every such character is unprintable).
        return " ".join(value.split())
    return " ".join(text_of(value).split())


def str_or_none(value: object) -> str | None:
    """A JSON value when it is a string, else None."""
    return value if isinstance(value, str) else None
