"""A fast path for plain RSS 2.0, read with lxml; None means "let feedparser read it".

feedparser spends most of its time re-sanitizing HTML that is already clean. This reader
accepts only documents where every field we keep is provably what feedparser would return
(clean ASCII-or-wide text, absolute URLs, HTML in a subset its sanitizer leaves unchanged,
RFC 822 dates) and gives up on anything else, so the results stay equal to feedparser's.
tests/test_fastxml.py checks that equality on fixtures and on generated feeds.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import lxml.etree

from habari_tui.models import ParsedEntry, ParsedFeed
from habari_tui.sources.entry import absolute_url, build_entry, one_line

_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_DC_CREATOR = "{http://purl.org/dc/elements/1.1/}creator"
_ATOM_LINK = "{http://www.w3.org/2005/Atom}link"
# Item children that cannot change the fields we keep (anything else: feedparser decides).
_IGNORED_ITEM = frozenset(
    {
        "comments",
        "{http://wellformedweb.org/CommentAPI/}commentRss",
        "{http://purl.org/rss/1.0/modules/slash/}comments",
    }
)
_ITEM_FIELDS = frozenset({"title", "link", "description", "guid", "pubDate", _CONTENT, _DC_CREATOR})
_CHANNEL_IGNORED = frozenset(
    {
        "description",
        "language",
        "lastBuildDate",
        "pubDate",
        "generator",
        "copyright",
        "managingEditor",
        "webMaster",
        "ttl",
        "docs",
        "category",
        "{http://purl.org/rss/1.0/modules/syndication/}updatePeriod",
        "{http://purl.org/rss/1.0/modules/syndication/}updateFrequency",
    }
)

# Text feedparser passes through untouched: no markup, no entities, and no U+0080-U+00FF
# (which its mojibake repair and cp1252 mapping may rewrite), no carriage returns.
_PLAIN = re.compile(r"[^<>&\x80-\xff\r\x00-\x08\x0b\x0c\x0e-\x1f]*")
_URL = re.compile(
    r"https?://[A-Za-z0-9.-]+(?::[0-9]{1,5})?"
    r"(?:/[A-Za-z0-9_~%/.,+=:-]*)?(?:\?[A-Za-z0-9_~%/.,+=:-]*)?"
)
_NAME = re.compile(r"[A-Za-z][A-Za-z .'-]*")
# HTML in a subset feedparser's sanitizer reproduces byte for byte: known tags, attributes
# lowercase, sorted and double-quoted, the four basic entities, no self-closing tags.
# Possessive quantifiers: a failing match must not backtrack through every split of the text.
_TAGS = "p|em|strong|b|i|u|a|blockquote|ul|ol|li|h[1-6]|span|code|pre|sub|sup|small|cite|q"
_ATTR_VALUE = r'"[^"<>&\x80-\xff\r\x00-\x08\x0b\x0c\x0e-\x1f]*"'
_HTML = re.compile(
    rf"(?:[^<>&\x80-\xff\r\x00-\x08\x0b\x0c\x0e-\x1f]++|&(?:amp|lt|gt|quot);"
    rf"|</(?:{_TAGS})>|<(?:{_TAGS})(?: (?:class|href|title)={_ATTR_VALUE})*+>)*+"
)
_ATTRIBUTE = re.compile(r' (class|href|title)="([^"]*)"')
_ATTRIBUTES_OF_TAG = re.compile(r"<[a-z0-9]+((?: [a-z]+=\"[^\"]*\")+)>")
_ATTRIBUTE_NAME = re.compile(r" ([a-z]+)=")
_RFC822 = re.compile(
    r"(?:(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), )?([0-9]{1,2}) "
    r"(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) ([0-9]{4}) "
    r"([0-9]{2}):([0-9]{2}):([0-9]{2}) (GMT|UTC|[+-][0-9]{4})"
)
_MONTH_NAMES = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec"
_MONTHS = {m: n for n, m in enumerate(_MONTH_NAMES.split(), 1)}
_PARSER = lxml.etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, remove_blank_text=False
)
_ENCODING = re.compile(rb"""^<\?xml[^>]*encoding=["']([A-Za-z0-9_.-]+)["']""")


class _Unsure(Exception):
    """This document is outside what the fast path can read exactly."""


def parse_rss_fast(content: bytes, url: str) -> ParsedFeed | None:
    """The feed read by the fast path, or None when feedparser must read it."""
    if not _plain_prolog(content):
        return None
    try:
        root = lxml.etree.fromstring(content, _PARSER)
    except (lxml.etree.XMLSyntaxError, ValueError):
        return None
    if root.tag != "rss" or root.get("version") != "2.0" or len(root) != 1:
        return None
    try:
        return _channel(root[0], url)
    except _Unsure:
        return None


def _plain_prolog(content: bytes) -> bool:
    head = content[:4096]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head or b"xml:base" in content:
        return False
    declared = _ENCODING.match(content.removeprefix(b"\xef\xbb\xbf"))
    return declared is None or declared.group(1).lower() in (b"utf-8", b"utf8")


def _channel(channel: lxml.etree._Element, url: str) -> ParsedFeed:
    if channel.tag != "channel":
        raise _Unsure
    title = link = None
    entries: list[ParsedEntry] = []
    seen: set[str] = set()
    for child in channel:
        tag = child.tag
        if tag == "item":
            entry = _item(child, url)
            if entry is not None:
                entries.append(entry)
        elif tag in ("title", "link"):
            if tag in seen:
                raise _Unsure
            seen.add(tag)
            if tag == "title":
                title = _text(child)
            else:
                link = _url(child)
        elif tag == _ATOM_LINK:
            if child.get("rel") != "self":
                raise _Unsure
        elif tag not in _CHANNEL_IGNORED:
            raise _Unsure
    if not entries and not title:
        raise _Unsure  # feedparser's empty-document verdicts stay with feedparser
    return ParsedFeed(
        format="rss",
        title=one_line(title) or None,
        link=absolute_url(url, link),
        entries=tuple(entries),
    )


def _item(item: lxml.etree._Element, url: str) -> ParsedEntry | None:
    fields: dict[str, str | None] = {}
    categories: list[str] = []
    guid_is_link = True
    for child in item:
        tag = child.tag
        if tag == "category":
            categories.append(_text(child))
        elif tag in _ITEM_FIELDS:
            if tag in fields:
                raise _Unsure
            if tag == "guid":
                guid_is_link = child.get("isPermaLink", "true") == "true"
            fields[tag] = _raw(child)
        elif tag not in _IGNORED_ITEM:
            raise _Unsure
    link = fields.get("link")
    if link is None or not _URL.fullmatch(link) or "/." in link:
        raise _Unsure
    guid = fields.get("guid")
    if guid is not None and not _plain_guid(guid, guid_is_link):
        raise _Unsure
    author = fields.get(_DC_CREATOR)
    if author is not None and not _NAME.fullmatch(author):
        raise _Unsure
    return build_entry(
        base_url=url,
        title=_plain(fields.get("title")),
        link=link,
        guid=guid,
        summary_html=_html(fields.get("description")),
        content_html=_html(fields.get(_CONTENT)),
        published=_date(fields.get("pubDate")),
        categories=categories,
        author=author,
    )


def _raw(element: lxml.etree._Element) -> str:
    """The element's text, stripped; a child element or comment inside is beyond us."""
    if len(element):
        raise _Unsure
    return (element.text or "").strip()


def _text(element: lxml.etree._Element) -> str:
    return _plain(_raw(element)) or ""


def _plain(value: str | None) -> str | None:
    if value is not None and not _PLAIN.fullmatch(value):
        raise _Unsure
    return value


def _url(element: lxml.etree._Element) -> str | None:
    value = _raw(element)
    if value and (not _URL.fullmatch(value) or "/." in value):
        raise _Unsure
    return value or None


def _plain_guid(guid: str, is_link: bool) -> bool:
    if is_link:
        return bool(_URL.fullmatch(guid)) and "/." not in guid
    return bool(guid) and bool(_PLAIN.fullmatch(guid))


def _html(value: str | None) -> str | None:
    if value is None:
        return None
    if not _HTML.fullmatch(value):
        raise _Unsure
    for name, attribute in _ATTRIBUTE.findall(value):
        if name == "href" and (not _URL.fullmatch(attribute) or "/." in attribute):
            raise _Unsure
    if not _sorted_attributes(value):
        raise _Unsure
    return value


def _sorted_attributes(value: str) -> bool:
    for tag in _ATTRIBUTES_OF_TAG.findall(value):
        names = _ATTRIBUTE_NAME.findall(tag)
        if names != sorted(set(names)):
            return False
    return True


def _date(value: str | None) -> datetime | None:
    if value is None:
        return None
    match = _RFC822.fullmatch(value)
    if match is None:
        raise _Unsure
    day, month, year, hour, minute, second, zone = match.groups()
    try:
        moment = datetime(
            int(year), _MONTHS[month], int(day), int(hour), int(minute), int(second), tzinfo=UTC
        )
    except ValueError as error:
        raise _Unsure from error
    if zone not in ("GMT", "UTC"):
        sign = 1 if zone[0] == "+" else -1
        moment -= sign * timedelta(hours=int(zone[1:3]), minutes=int(zone[3:5]))
    return moment
