"""RSS 0.9x, 1.0 (RDF), 2.0 and Atom, read through feedparser."""

from __future__ import annotations

import html
import io
import xml.sax
from datetime import datetime
from typing import Any

from habari_tui.errors import ParseError
from habari_tui.models import ParsedEntry, ParsedFeed
from habari_tui.sources.entry import absolute_url, author_name, build_entry, one_line, title_line
from habari_tui.sources.fastxml import sniff_encoding, undeclared_legacy
from habari_tui.sources.xml_fields import title_html, utc_from_struct

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "html", "xhtml"})


def parse_xml(content: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse an RSS or Atom document; a feed that still yields entries despite errors is fine."""
    headers = {"content-location": url}
    if content_type and "charset" in content_type.lower():
        headers["content-type"] = content_type
    elif undeclared_legacy(content):
        headers["content-type"] = f"application/xml; charset={sniff_encoding(content)}"
    # A BytesIO, because feedparser treats bare bytes as a possible file name or URL.
    try:
        # Loaded on first use: the fast path reads most feeds without it. (It ships no types.)
        import feedparser  # type: ignore[import-untyped]

        document = feedparser.parse(io.BytesIO(content), response_headers=headers)
    except Exception as exc:  # feedparser's own bugs on hostile bytes (found by fuzzing)
        raise ParseError(f"unreadable XML: {type(exc).__name__}: {one_line(str(exc))}") from exc
    version = document.get("version") or ""
    feed = document.get("feed", {})
    if not document.entries and not feed.get("title"):
        _refuse_empty(document, content, version)
    atom = version.startswith("atom")
    entries = (_entry(raw, url, atom) for raw in document.entries)
    return ParsedFeed(
        format="atom" if atom else "rss",
        title=title_line(_title_html(feed, atom)) or None,
        link=absolute_url(url, feed.get("link")),
        entries=tuple(entry for entry in entries if entry is not None),
    )


def _refuse_empty(document: Any, content: bytes, version: str) -> None:
    """Raise for a document that gave nothing; a well-formed empty feed passes."""
    head = content[:2048].lower()
    if not version and (b"<html" in head or b"<!doctype html" in head):
        raise ParseError("not a feed: an HTML page, not RSS or Atom")
    error = document.get("bozo_exception")
    if isinstance(error, xml.sax.SAXParseException):
        line = error.getLineNumber()
        raise ParseError(f"malformed XML at line {line}: {error.getMessage()}")
    if not version:
        raise ParseError("not a feed: no RSS or Atom root element")


def _entry(raw: Any, url: str, atom: bool) -> ParsedEntry | None:
    return build_entry(
        base_url=url,
        title=_title_html(raw, atom),
        link=raw.get("link"),
        guid=raw.get("id"),
        summary_html=_summary_html(raw),
        content_html=_content_html(raw),
        published=_published(raw),
        categories=(tag.get("label") or tag.get("term") for tag in raw.get("tags", ())),
        author=_author(raw, atom),
    )


def _title_html(raw: Any, atom: bool) -> str | None:
    # An Atom type="text" title means what it says, so its "<" is kept as text; an RSS title
    # is markup only when it looks like markup, by the same rule as the lxml reader's.
    detail = raw.get("title_detail") or {}
    value: str | None = raw.get("title")
    if value and detail.get("type") == "text/plain":
        return html.escape(value, quote=False) if atom else title_html(value)
    return value


def _author(raw: Any, atom: bool) -> str | None:
    detail_name = (raw.get("author_detail") or {}).get("name")
    if atom and detail_name:  # feedparser writes an Atom author as "Name (email)"
        return str(detail_name)
    # feedparser's own split of "email (Name)" mangles long top-level domains.
    return author_name(raw.get("author")) or detail_name


def _summary_html(raw: Any) -> str | None:
    detail = raw.get("summary_detail")
    if not detail:
        return None
    return _as_html(detail.get("value") or "", detail.get("type") or "")


def _content_html(raw: Any) -> str | None:
    for content in raw.get("content", ()):
        value = content.get("value") or ""
        if value.strip():
            return _as_html(value, content.get("type") or "")
    return None


def _as_html(value: str, content_type: str) -> str:
    if content_type in _HTML_TYPES:
        return value
    paragraphs = (p.strip() for p in value.split("\n\n"))
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs if p)


def _published(raw: Any) -> datetime | None:
    # The entry's own updated date: feedparser's `get("updated_parsed")` falls back to the
    # published one (with a DeprecationWarning), which was just found missing or unreadable.
    return utc_from_struct(raw.get("published_parsed") or dict.get(raw, "updated_parsed"))
