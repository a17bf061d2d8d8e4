"""Field readers shared by the lxml RSS and Atom readers: text constructs, dates, links."""

from __future__ import annotations

import html
import html.entities
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urljoin

import lxml.etree
import lxml.html

from habari_tui.sources.entry import HTML_ELEMENTS

# An element's text is HTML when it has a closing tag or an entity, every tag is a known HTML
# element and every entity a known one (the rule feedparser applies to ambiguous RSS text).
_CLOSING_TAG_OR_ENTITY = re.compile(r"</\w+>|&#?\w+;")
_TAG_NAME = re.compile(r"</?(\w+)")
_NAMED_ENTITY = re.compile(r"&(\w+);")
_RFC822 = re.compile(
    r"\s*(?:[A-Za-z]{3},?\s*)?([0-9]{1,2})\s+([A-Za-z]{3})[a-z]*\s+([0-9]{4})\s+"
    r"([0-9]{1,2}):([0-9]{2})(?::([0-9]{2}))?\s*(GMT|UTC|UT|Z|[+-][0-9]{4})?\s*"
)
_MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_MONTHS = {m: n for n, m in enumerate(_MONTH_NAMES, 1)}
_ISO = re.compile(
    r"\s*[0-9]{4}-[0-9]{2}-[0-9]{2}(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?)?"
)
_ISO_ZONE = re.compile(r"(?:Z|[+-][0-9]{2}:?[0-9]{2})?\s*")
# An href or src whose value does not start with http(s)://, quoted as a feed's bytes quote
# it (in CDATA, or escaped in an Atom type="html"). Each pattern starts with a literal, which
# the regular expression engine looks for at C speed; possessive spaces never backtrack.
_NOT_ABSOLUTE = rb"""\s*+=\s*+(?!(?:"|'|&quot;|&\#34;|&apos;|&\#39;)?https?://)"""
_RELATIVE_HREF = re.compile(rb"href" + _NOT_ABSOLUTE)
_RELATIVE_SRC = re.compile(rb"src" + _NOT_ABSOLUTE)
_XHTML = "{http://www.w3.org/1999/xhtml}"


def text(element: lxml.etree._Element | None) -> str | None:
    """All the text inside an element (CDATA included), or None when there is no element."""
    if element is None:
        return None
    if len(element) == 0:
        return element.text or ""
    return "".join(element.itertext())


def looks_like_html(value: str) -> bool:
    """Whether ambiguous text (an RSS title, a type-less Atom field) is meant as HTML."""
    if not _CLOSING_TAG_OR_ENTITY.search(value):
        return False
    if any(t.lower() not in HTML_ELEMENTS for t in _TAG_NAME.findall(value)):
        return False
    return all(e in html.entities.entitydefs for e in _NAMED_ENTITY.findall(value))


def as_html(value: str, is_html: bool) -> str:
    """Text of a known kind as HTML: plain text is escaped, its blank lines become paragraphs."""
    if is_html:
        return value
    if "\n\n" not in value:
        return html.escape(value.strip(), quote=False)
    paragraphs = (p.strip() for p in value.split("\n\n"))
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs if p)


def title_html(value: str | None) -> str | None:
    """An ambiguous title (RSS) as HTML: markup only when it looks like markup."""
    if value is None or looks_like_html(value):
        return value
    return html.escape(value, quote=False)


def atom_html(element: lxml.etree._Element | None) -> str | None:
    """An Atom text construct (title, summary, content) as HTML, by its type attribute."""
    if element is None:
        return None
    kind = (element.get("type") or "text").lower()
    if kind in ("xhtml", "application/xhtml+xml"):
        return _xhtml(element)
    value = text(element) or ""
    if kind in ("html", "text/html"):
        return value
    if kind in ("text", "text/plain"):
        return as_html(value, is_html=False)
    return None  # a media type (an image, a PDF…) is nothing to read as text


def _xhtml(element: lxml.etree._Element) -> str:
    """The inside of an XHTML construct's wrapping <div>, serialised as HTML."""
    children = list(element)
    holder = element
    wrapped = len(children) == 1 and children[0].tag == f"{_XHTML}div"
    if wrapped and not (element.text or "").strip():
        holder = children[0]
    parts = [html.escape(holder.text or "", quote=False)]
    for child in holder:
        if isinstance(child.tag, str):
            lxml.etree.cleanup_namespaces(child)
            parts.append(
                lxml.etree.tostring(child, method="html", encoding="unicode", with_tail=False)
                .replace(' xmlns="http://www.w3.org/1999/xhtml"', "")
                .replace("html:", "")
            )
        parts.append(html.escape(child.tail or "", quote=False))
    return "".join(parts)


def resolve(base: str | None, link: str | None) -> str | None:
    """A link made absolute against the element's base (xml:base, else the feed's URL)."""
    if not link or not link.strip():
        return None
    link = link.strip()
    if link.startswith(("http://", "https://")) or not base:
        return link
    try:
        return urljoin(base, link)
    except ValueError:
        return link


def may_have_relative_links(content: bytes) -> bool:
    """Whether a feed's HTML may hold a link that is not absolute (href, src, poster).

    Searched once in the whole document's bytes rather than in every item: when every href
    and src value starts with http(s), no item needs its links resolved. An unusual spelling
    ("HREF", "SRC", a poster) answers yes, to be sure.
    """
    if b"HREF" in content or b"SRC" in content or b"poster" in content:
        return True
    return _RELATIVE_HREF.search(content) is not None or _RELATIVE_SRC.search(content) is not None


def absolute_links(fragment: str | None, base: str | None) -> str | None:
    """HTML whose relative href, src and poster values are made absolute against the base."""
    if not fragment or not base or "=" not in fragment:
        return fragment
    try:
        root = lxml.html.fragment_fromstring(fragment, create_parent="div")
    except (lxml.etree.ParserError, ValueError):
        return fragment
    root.make_links_absolute(base, resolve_base_href=False, handle_failures="ignore")
    inner = lxml.html.tostring(root, encoding="unicode")
    return inner[len("<div>") : -len("</div>")] if inner.startswith("<div>") else inner


def date(value: str | None) -> datetime | None:
    """A feed date (RFC 822, ISO 8601 / RFC 3339, or anything feedparser reads) in UTC."""
    if not value or not value.strip():
        return None
    match = _RFC822.fullmatch(value)
    if match is not None:
        moment = _rfc822(match)
        if moment is not None:
            return moment
    elif _ISO.match(value):
        moment = _iso(value)
        if moment is not None:
            return moment
    return _other_date(value)


def _rfc822(match: re.Match[str]) -> datetime | None:
    day, month, year, hour, minute, second, zone = match.groups()
    number = _MONTHS.get(month.lower())
    if number is None:
        return None
    try:
        moment = datetime(
            int(year), number, int(day), int(hour), int(minute), int(second or 0), tzinfo=UTC
        )
    except ValueError:
        return None
    if zone and zone[0] in "+-":
        sign = 1 if zone[0] == "+" else -1
        moment -= sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5]))
    return moment


def _iso(value: str) -> datetime | None:
    stamp = _ISO.match(value)
    assert stamp is not None
    if not _ISO_ZONE.fullmatch(value, stamp.end()):
        return None
    try:
        moment = datetime.fromisoformat(value.strip().replace("z", "Z"))
    except ValueError:
        return None
    if moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)


def _other_date(value: str) -> datetime | None:
    """The dates only feedparser's many parsers know (asctime, Korean, Greek, W3DTF…)."""
    # Loaded only for unusual dates. (feedparser ships no types.)
    from feedparser.datetimes import _parse_date  # type: ignore[import-untyped]

    return utc_from_struct(_parse_date(value))


def utc_from_struct(moment: Any) -> datetime | None:
    """A time tuple of feedparser's (UTC) as a datetime; None when there is none or it is bad."""
    if not moment:
        return None
    try:
        year, month, day, hour, minute, second = moment[:6]
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except (TypeError, ValueError, OverflowError):
        return None
