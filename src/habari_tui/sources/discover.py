"""Finding a site's feed: the URL itself, the page's <link rel="alternate">, or WordPress REST.

Every candidate is fetched and parsed before it is offered, so what the reader is shown is a
feed that works, with its title and how many stories it holds now.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin

from lxml.html import HtmlElement

from habari_tui.errors import HabariError, ParseError
from habari_tui.extract.encoding import decode_html
from habari_tui.extract.html_tree import parse_page
from habari_tui.models import DiscoveredFeed, FetchResult
from habari_tui.sources.detect import parse
from habari_tui.sources.fetch import fetch, make_client
from habari_tui.text import is_web_url, one_line, site_url

if TYPE_CHECKING:
    import httpx

# <link type="…"> values that announce a feed
FEED_TYPES = frozenset(
    {
        "application/rss+xml",
        "application/atom+xml",
        "application/rdf+xml",
        "application/feed+json",
        "application/json",
        "application/xml",
        "text/xml",
    }
)
MAX_CANDIDATES = 8
_COMMENTS = re.compile(r"\b(?:comments?|komentar)\b", re.IGNORECASE)
_WORDPRESS_API = "https://api.w.org/"

__all__ = ["DiscoveredFeed", "FeedLink", "discover", "discover_feeds", "site_url"]


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A feed a page names, not yet checked."""

    url: str
    title: str | None


async def discover(url: str, *, timeout: float = 20.0) -> list[DiscoveredFeed]:
    """The feeds `url` is or announces, best first; [] when none; FetchError if unreachable."""
    async with make_client(timeout=timeout, concurrency=4) as client:
        return await discover_feeds(client, site_url(url), deadline=timeout * 2)


async def discover_feeds(
    client: httpx.AsyncClient, url: str, *, deadline: float = 60.0
) -> list[DiscoveredFeed]:
    """Like discover(), with the caller's client and a URL taken as it is."""
    page = await fetch(client, url, deadline=deadline)
    itself = _as_feed(page, page.final_url)
    if itself is not None:
        return [itself]
    candidates = announced_feeds(page.content or b"", page.final_url, page.content_type)
    checked = await asyncio.gather(*(_check(client, c, deadline) for c in candidates))
    return [found for found in checked if found is not None]


def announced_feeds(
    content: bytes, base_url: str, content_type: str | None = None
) -> list[FeedLink]:
    """The feed URLs a page names (absolute, http(s) only), comment feeds last."""
    try:
        root = parse_page(decode_html(content, content_type), base_url)
    except ParseError:
        return []
    site = _site_name(root)
    found: list[FeedLink] = []
    api_root: str | None = None
    for link in root.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        kind = (link.get("type") or "").split(";")[0].strip().lower()
        href = (link.get("href") or "").strip()
        if not is_web_url(href):
            continue
        if "alternate" in rels and kind in FEED_TYPES:
            found.append(FeedLink(href, _line_or_none(link.get("title")) or site))
        elif _WORDPRESS_API in rels:
            api_root = href
    if api_root is None and _looks_like_wordpress(root, content):
        api_root = urljoin(base_url, "/wp-json/")
    if api_root is not None:
        found.append(FeedLink(wordpress_posts_url(api_root), site))
    unique: list[FeedLink] = []
    for candidate in found:
        if all(candidate.url != u.url for u in unique):  # the first mention wins
            unique.append(candidate)
    unique.sort(key=_is_comments_feed)  # stable: otherwise in the page's order
    return unique[:MAX_CANDIDATES]


def wordpress_posts_url(api_root: str) -> str:
    """The posts endpoint under a WordPress REST root (`/wp-json/` or `/?rest_route=/`)."""
    if "rest_route=" in api_root:
        return re.sub(r"rest_route=[^&]*", "rest_route=/wp/v2/posts", api_root, count=1)
    return api_root.rstrip("/") + "/wp/v2/posts"


async def _check(
    client: httpx.AsyncClient, candidate: FeedLink, deadline: float
) -> DiscoveredFeed | None:
    try:
        result = await fetch(client, candidate.url, deadline=deadline)
    except HabariError:
        return None
    found = _as_feed(result, candidate.url)
    if found is None:
        return None
    return DiscoveredFeed(found.url, found.format, found.title or candidate.title, found.entries)


def _as_feed(result: FetchResult, url: str) -> DiscoveredFeed | None:
    try:
        parsed = parse(result.content or b"", result.final_url)
    except HabariError:
        return None
    return DiscoveredFeed(url, parsed.format, _line_or_none(parsed.title), len(parsed.entries))


def _site_name(root: HtmlElement) -> str | None:
    for meta in root.iter("meta"):
        if (meta.get("property") or meta.get("name") or "").lower() == "og:site_name":
            return _line_or_none(meta.get("content"))
    title = root.find(".//title")
    return _line_or_none(title.text_content()) if title is not None else None


def _looks_like_wordpress(root: HtmlElement, content: bytes) -> bool:
    generators = (
        (m.get("content") or "").lower()
        for m in root.iter("meta")
        if (m.get("name") or "").lower() == "generator"
    )
    return any(g.startswith("wordpress") for g in generators) or b"/wp-content/" in content


def _is_comments_feed(candidate: FeedLink) -> bool:
    return bool(_COMMENTS.search(candidate.title or "")) or "/comments/" in candidate.url


def _line_or_none(text: str | None) -> str | None:
    return one_line(text) or None
