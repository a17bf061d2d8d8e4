"""Shared fixtures: feed files, configs pointing at a local server, a service over a temp cache."""

from __future__ import annotations

import time
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

import pytest

from habari_tui.config import Config, FeedConfig, Settings
from habari_tui.service import Service
from habari_tui.store import Store

# Real feed servers (PostgreSQL, Miniflux, tt-rss, a feed server) for the sync tests.
pytest_plugins = ["tests.servers.fixtures"]

FIXTURES = Path(__file__).parent / "fixtures"

# The tests' "now": fixture stories are dated in the days before it.
NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)

KALSEL_RULES = (("Kalimantan Selatan", ("Banjarmasin", "Banjarbaru", "Balangan", "Kalsel")),)


def fixture_bytes(*parts: str) -> bytes:
    return FIXTURES.joinpath(*parts).read_bytes()


def serve_reading_feed(
    httpserver, pages: Mapping[str, bytes] | None = None, *, content_type: str = "text/html"
) -> str:
    """Serve the reading sample feed at /feed.xml, its links pointing at `httpserver`, and
    `pages` (a story's name in its address, such as "irigasi-hst") at its stories'
    addresses; the server's base URL."""
    base = httpserver.url_for("").rstrip("/")
    feed = fixture_bytes("reading", "feed.xml").replace(b"{base}", base.encode())
    httpserver.expect_request("/feed.xml").respond_with_data(
        feed, content_type="application/rss+xml"
    )
    for name, page in (pages or {}).items():
        httpserver.expect_request(f"/2026/11/{name}.html").respond_with_data(
            page, content_type=content_type
        )
    return base


def make_config(*feeds: FeedConfig, timeout: float = 5.0, **settings) -> Config:
    return Config(
        path=None,
        settings=Settings(refresh_on_start=False, timeout=timeout, **settings),
        feeds=feeds,
        region_rules=KALSEL_RULES,
    )


def write_config(path: Path, feeds: list[tuple[str, str]], *, extra: str = "") -> Path:
    """A config file with `[[feed]]` blocks of (url, region)."""
    lines = ["[settings]", "refresh_on_start = false", "timeout = 5", extra, ""]
    for url, region in feeds:
        lines += ["[[feed]]", f'url = "{url}"', f'region = "{region}"', ""]
    lines += ["[regions]", '"Kalimantan Selatan" = ["Banjarmasin", "Banjarbaru", "Balangan"]']
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


@pytest.fixture
def service_for(tmp_path):
    """Build a Service over a fresh cache in tmp_path for the given config."""
    stores: list[Store] = []

    def build(config: Config, *, offline: bool = False) -> Service:
        store = Store(tmp_path / "cache.db", now=NOW.timestamp)
        stores.append(store)
        return Service(config, store, offline=offline)

    yield build
    for store in stores:
        store.close()


async def until(pilot, condition, what: str, *, seconds: float = 10.0) -> None:
    """Let the app run until `condition()` holds (past debounces and workers), or fail saying
    `what` never happened."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"{what} did not happen in {seconds} s"
        await pilot.pause(0.02)
