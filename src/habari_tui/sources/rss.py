"""RSS 0.9x, 1.0 (RDF), 2.0 and Atom, read through feedparser."""

from __future__ import annotations

import html
import io
import xml.sax
from datetime import UTC, datetime
from typing import Any

from habari_tui.errors import ParseError
from habari_tui.models import ParsedEntry, ParsedFeed
from habari_tui.sources.entry import absolute_url, author_name, build_entry, one_line

_HTML_TYPES = frozenset({"text/html", "application/xhtml+xml", "html", "xhtml"})


def parse_xml(content: bytes, url: str) -> ParsedFeed:
    """Parse an RSS or Atom document; a feed that still yields entries despite errors is fine."""
    # A BytesIO, because feedparser treats bare bytes as a possible file name or URL.
    try:
        import feedparser  # loaded on first use: the fast path reads most feeds without it

        document = feedparser.parse(io.BytesIO(content), response_headers={"content-location": url})
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
        title=one_line(feed.get("title")) or None,
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
        # feedparser's own split of "email (Name)" mangles long top-level domains.
        author=author_name(raw.get("author")) or (raw.get("author_detail") or {}).get("name"),
    )


def _title_html(raw: Any, atom: bool) -> str | None:
    # RSS titles are ambiguous and often carry escaped markup; an Atom type="text" title
    # means what it says, so its "<" is kept as text.
    detail = raw.get("title_detail") or {}
    value = raw.get("title")
    if value and atom and detail.get("type") == "text/plain":
        return html.escape(value)
    return value


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
    moment = raw.get("published_parsed") or raw.get("updated_parsed")
    if not moment:
        return None
    try:
        return datetime(*moment[:6], tzinfo=UTC)
    except (TypeError, ValueError, OverflowError):
        return None
