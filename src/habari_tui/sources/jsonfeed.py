"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1)."""

from __future__ import annotations

import html
from typing import Any, TypeGuard

from habari_tui.models import ParsedEntry, ParsedFeed
from habari_tui.sources.entry import (
    absolute_url,
    build_entry,
    one_line,
    parse_iso_datetime,
    str_or_none,
)

VERSION_PREFIX = "https://jsonfeed.org/version/"


def is_json_feed(document: object) -> bool:
    """A JSON object that names a JSON Feed version and has a list of items."""
    return (
        isinstance(document, dict)
        and str(document.get("version", "")).startswith(VERSION_PREFIX)
        and isinstance(document.get("items"), list)
    )


def parse_json_feed(document: dict[str, Any], url: str) -> ParsedFeed:
    """Turn a decoded JSON Feed into a ParsedFeed; odd fields are skipped, never fatal."""
    feed_author = _author_name(document)
    entries = (_entry(item, url, feed_author) for item in document["items"] if _is_object(item))
    return ParsedFeed(
        format="jsonfeed",
        title=one_line(str_or_none(document.get("title"))) or None,
        link=absolute_url(url, str_or_none(document.get("home_page_url"))),
        entries=tuple(entry for entry in entries if entry is not None),
    )


def _entry(item: dict[str, Any], url: str, feed_author: str | None) -> ParsedEntry | None:
    content_html = str_or_none(item.get("content_html"))
    content_text = str_or_none(item.get("content_text"))
    summary = str_or_none(item.get("summary"))
    summary_html = html.escape(summary or content_text or "") or None
    tags = item.get("tags")
    if not isinstance(tags, list):
        tags = []
    return build_entry(
        base_url=url,
        title=str_or_none(item.get("title")),
        link=str_or_none(item.get("url")) or str_or_none(item.get("external_url")),
        guid=_guid(item.get("id")),
        summary_html=summary_html,
        content_html=content_html or _paragraphs(content_text),
        published=parse_iso_datetime(item.get("date_published"))
        or parse_iso_datetime(item.get("date_modified")),
        categories=(tag for tag in tags if isinstance(tag, str)),
        author=_author_name(item) or feed_author,
    )


def _author_name(holder: dict[str, Any]) -> str | None:
    # 1.1 has an "authors" list; 1.0 had a single "author" object.
    authors = holder.get("authors")
    candidates = authors if isinstance(authors, list) else [holder.get("author")]
    for author in candidates:
        if _is_object(author) and str_or_none(author.get("name")):
            return str_or_none(author.get("name"))
    return None


def _guid(value: object) -> str | None:
    # The spec says string, but 1.0 feeds in the wild often use numbers.
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        return None
    return str(value)


def _paragraphs(text: str | None) -> str | None:
    if not text:
        return None
    paragraphs = (p.strip() for p in text.split("\n\n"))
    return "".join(f"<p>{html.escape(p)}</p>" for p in paragraphs if p) or None


def _is_object(value: object) -> TypeGuard[dict[str, Any]]:
    return isinstance(value, dict)
