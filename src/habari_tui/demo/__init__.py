"""The bundled demo set: sample feeds and article pages that `habari-tui --demo` reads offline.

Every story in it is invented. Item links point at DEMO_HOST, an `.invalid` host that can never
resolve; `demo_page_path()` maps such a link to the bundled copy of its web page.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from habari_tui.config import Config, FeedConfig, Settings, default_config

DEMO_HOST = "demo.habari-tui.invalid"

# (file under feeds/, title, region), in the order the side list should show regions
DEMO_FEEDS: tuple[tuple[str, str, str], ...] = (
    ("habari-banua.rss.xml", "Habari Banua", "Kalimantan Selatan"),
    ("kabar-idaman.wp.json", "Kabar Idaman", "Kalimantan Selatan"),
    ("suara-hulu-sungai.rss.xml", "Suara Hulu Sungai", "Kalimantan Selatan"),
    ("warta-nusantara.rss.xml", "Warta Nusantara", "Indonesia"),
    ("asia-ledger.atom.xml", "The Asia Ledger", "Asia"),
    ("world-desk.feed.json", "World Desk", "World"),
    ("market-wire.rss.xml", "Market Wire", "World"),
)


def _package_dir() -> Path:
    # package data is installed as plain files (wheel or editable), so this is a real path
    return Path(str(resources.files(__name__)))


def demo_feeds_dir() -> Path:
    """The directory holding the demo feed files."""
    return _package_dir() / "feeds"


def demo_pages_dir() -> Path:
    """The directory holding the demo article pages (`<url path, / as __>.html`)."""
    return _package_dir() / "pages"


def demo_config() -> Config:
    """A Config over the bundled feeds (file:// URLs): no refresh on start, pages prefetched."""
    feeds_dir = demo_feeds_dir()
    feeds = tuple(
        FeedConfig(url=(feeds_dir / name).as_uri(), title=title, region=region)
        for name, title, region in DEMO_FEEDS
    )
    return Config(
        path=None,
        # One feed at a time so article ids are the same on every run.
        settings=Settings(refresh_on_start=False, prefetch_articles="all", concurrency=1),
        feeds=feeds,
        region_rules=default_config().region_rules,
    )


def demo_page_path(url: str) -> Path | None:
    """The bundled page for a demo article URL, or None (other host, or no page bundled)."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme not in ("http", "https") or (parts.hostname or "") != DEMO_HOST:
        return None
    path = parts.path.strip("/")
    if not path or ".." in path.split("/"):
        return None
    candidate = demo_pages_dir() / (path.replace("/", "__") + ".html")
    return candidate if candidate.is_file() else None
