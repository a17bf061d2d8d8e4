"""OPML 1.0/2.0 in (nested outlines become regions) and OPML 2.0 out (one outline per region)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
from email.utils import format_datetime

from lxml import etree

from habari_tui.config import OTHER_REGION, Config, FeedConfig
from habari_tui.subscriptions.reading import SubscriptionFileError, Subscriptions
from habari_tui.text import clean_text

_UTF8_BOM = b"\xef\xbb\xbf"
_DECLARED_ENCODING = re.compile(rb"""\s*<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)""")


def parse_opml(content: bytes, name: str) -> Subscriptions:
    """The feed outlines of an OPML document; each one's region is its parent outline's title."""
    root = _parse_xml(content, name)
    if etree.QName(root).localname != "opml":
        raise SubscriptionFileError(f"{name}: not OPML: the document is <{root.tag!s}>, not <opml>")
    body = next(iter(root.iterchildren("{*}body")), None)
    if body is None:
        raise SubscriptionFileError(f"{name}: not OPML: it has no <body>")
    feeds: list[FeedConfig] = []
    skipped: list[tuple[str, str]] = []
    for outline in body.iter("{*}outline"):
        attributes = _attributes(outline)
        if "xmlurl" not in attributes:
            continue  # a folder (or a plain link): its title names the region of its feeds
        url = attributes["xmlurl"].strip()
        if not url:
            skipped.append((_title(attributes, "") or "(untitled outline)", "no feed URL"))
            continue
        feeds.append(FeedConfig(url=url, title=_title(attributes, url), region=_region(outline)))
    return Subscriptions(format="opml", feeds=tuple(feeds), skipped=tuple(skipped))


def opml_document(
    config: Config, *, titles: Mapping[str, str] | None = None, now: datetime | None = None
) -> bytes:
    """The config's feeds as OPML 2.0 (UTF-8): one outline per region, holding its feeds.

    A feed the config gives no title is named by its own title from `titles` (by URL), when
    known, and by its URL only when not.
    """
    known = titles or {}
    root = etree.Element("opml", version="2.0")
    head = etree.SubElement(root, "head")
    etree.SubElement(head, "title").text = "habari-tui subscriptions"
    etree.SubElement(head, "dateCreated").text = format_datetime(now or datetime.now(UTC))
    body = etree.SubElement(root, "body")
    for region in config.region_names:
        feeds = [f for f in config.feeds if f.region == region]
        if not feeds:
            continue
        group = etree.SubElement(body, "outline", {"text": _xml(region), "title": _xml(region)})
        for feed in feeds:
            title = feed.title or known.get(feed.url)
            attributes = {"type": "rss", "text": _xml(title or feed.url)}
            if title:
                attributes["title"] = _xml(title)
            attributes["xmlUrl"] = _xml(feed.url)
            etree.SubElement(group, "outline", attributes)
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)


def _parse_xml(content: bytes, name: str) -> etree._Element:
    parser = etree.XMLParser(
        resolve_entities=False, no_network=True, remove_comments=True, remove_pis=True
    )
    try:
        return etree.fromstring(content, parser)
    except etree.XMLSyntaxError as exc:
        fallback = _as_utf8(content)
        if fallback is not None:
            try:
                return etree.fromstring(fallback, parser)
            except etree.XMLSyntaxError:
                pass
        where = f"{name}:{exc.lineno}" if exc.lineno else name
        raise SubscriptionFileError(f"{where}: not valid OPML: {exc.msg}") from exc


def _as_utf8(content: bytes) -> bytes | None:
    """Windows-1252 bytes in a file that claims (or defaults to) UTF-8, re-encoded; else None."""
    body = content.removeprefix(_UTF8_BOM)
    declared = _DECLARED_ENCODING.match(body)
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        return None  # it names its encoding; the error is not about that
    try:
        body.decode("utf-8")
        return None  # it is UTF-8: the error is elsewhere
    except UnicodeDecodeError:
        pass
    try:
        return body.decode("cp1252").encode("utf-8")
    except UnicodeDecodeError:
        return None


def _attributes(outline: etree._Element) -> dict[str, str]:
    # Exporters disagree on case: xmlUrl, xmlurl, XMLURL.
    return {str(k).lower(): str(v) for k, v in outline.attrib.items()}


def _title(attributes: dict[str, str], url: str) -> str | None:
    for key in ("title", "text"):
        title = " ".join(clean_text(attributes.get(key, "")).split())
        if title and title != url:
            return title
    return None


def _region(outline: etree._Element) -> str:
    for parent in outline.iterancestors("{*}outline"):
        title = _title(_attributes(parent), "")
        if title:
            return title
    return OTHER_REGION


def _xml(text: str) -> str:
    """Text XML can carry: control characters (which it forbids) removed."""
    return "".join(c for c in text if c in "\t\n\r" or ord(c) >= 0x20)
