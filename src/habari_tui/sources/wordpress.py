"""WordPress REST API v2 posts (`/wp-json/wp/v2/posts`): a JSON array of post objects."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from habari_tui.models import ParsedEntry, ParsedFeed
from habari_tui.sources.entry import build_entry, parse_iso_datetime, str_or_none


def is_wordpress_posts(document: object) -> bool:
    """A JSON array whose every item looks like a post: rendered title, link, content or excerpt.

    An empty array counts: it is what a WordPress site with no matching posts returns.
    """
    return isinstance(document, list) and all(_looks_like_post(item) for item in document)


def parse_wordpress_posts(posts: list[dict[str, Any]], url: str) -> ParsedFeed:
    """Turn a decoded posts array into a ParsedFeed; the array itself has no title or link."""
    entries = (_entry(post, url) for post in posts)
    return ParsedFeed(
        format="wordpress",
        entries=tuple(entry for entry in entries if entry is not None),
    )


def _looks_like_post(item: object) -> bool:
    return (
        isinstance(item, dict)
        and isinstance(item.get("title"), dict)
        and "rendered" in item["title"]
        and "link" in item
        and ("content" in item or "excerpt" in item)
    )


def _entry(post: dict[str, Any], url: str) -> ParsedEntry | None:
    embedded = post.get("_embedded")
    if not isinstance(embedded, dict):
        embedded = {}
    return build_entry(
        base_url=url,
        title=_rendered(post.get("title")),
        link=str_or_none(post.get("link")),
        guid=_rendered(post.get("guid")),
        summary_html=_rendered(post.get("excerpt")),
        content_html=_rendered(post.get("content")),
        published=_published(post),
        categories=_term_names(embedded),
        author=_author_name(embedded),
    )


def _published(post: dict[str, Any]) -> datetime | None:
    # date_gmt is UTC written without a zone; "date" is the site's local time, zone unknown.
    gmt = parse_iso_datetime(post.get("date_gmt"))
    if gmt is not None:
        return gmt
    local = post.get("date")
    return parse_iso_datetime(local) if isinstance(local, str) and _has_offset(local) else None


def _has_offset(value: str) -> bool:
    try:
        return datetime.fromisoformat(value.strip()).tzinfo is not None
    except ValueError:
        return False


def _term_names(embedded: dict[str, Any]) -> list[str]:
    # Only `?_embed` responses name their terms; plain ones carry category ids alone.
    groups = embedded.get("wp:term")
    if not isinstance(groups, list):
        return []
    terms = (term for group in groups if isinstance(group, list) for term in group)
    return [
        term["name"] for term in terms if isinstance(term, dict) and str_or_none(term.get("name"))
    ]


def _author_name(embedded: dict[str, Any]) -> str | None:
    authors = embedded.get("author")
    if isinstance(authors, list) and authors and isinstance(authors[0], dict):
        return str_or_none(authors[0].get("name"))
    return None


def _rendered(value: object) -> str | None:
    return str_or_none(value.get("rendered")) if isinstance(value, dict) else None
