"""Subscribing through the service, as both faces do: the config file is written first, keeping
the user's lines, and the service follows the change at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from habari_tui.config import load_config
from habari_tui.errors import ConfigError, HabariError
from habari_tui.models import DiscoveredFeed
from habari_tui.service import Service

from .conftest import FIXTURES, NOW, fixture_bytes, make_config, write_config

KALSEL = (FIXTURES / "refresh" / "kalsel.xml").as_uri()


@pytest.fixture
def opened(tmp_path):
    """A service over a config file in tmp_path, closed after the test."""
    services: list[Service] = []

    def build(feeds: list[tuple[str, str]]) -> Service:
        path = write_config(tmp_path / "config.toml", feeds)
        service = Service.open(load_config(path), tmp_path / "data", now=NOW.timestamp)
        services.append(service)
        return service

    yield build
    for service in services:
        service.close()


def test_a_wordpress_feed_keeps_the_site_name_other_feeds_their_own_title(opened):
    service = opened([(KALSEL, "Kalimantan Selatan")])
    posts = DiscoveredFeed("https://idaman.example/wp-json/wp/v2/posts", "wordpress", "Idaman", 2)
    rss = DiscoveredFeed("https://banua.example/feed/", "rss", "Habari Banua", 9)

    assert service.subscribe(posts, "Banua").title == "Idaman"
    assert service.subscribe(rss).title is None
    written = load_config(service.config.path).feeds
    assert [(f.url, f.title, f.region) for f in written[1:]] == [
        (posts.url, "Idaman", "Banua"),
        (rss.url, None, "Other"),
    ]
    assert [f.url for f in service.feeds()] == [KALSEL, posts.url, rss.url]


def test_subscribing_twice_adds_nothing(opened):
    service = opened([(KALSEL, "Kalimantan Selatan")])
    found = DiscoveredFeed("https://banua.example/feed/", "rss", "Habari Banua", 9)
    service.subscribe(found)
    text = service.config.path.read_text(encoding="utf-8")
    assert service.subscribe(found) is None
    assert service.config.path.read_text(encoding="utf-8") == text
    assert service.is_subscribed(found.url)


def test_without_a_config_file_nothing_can_be_subscribed(service_for):
    service = service_for(make_config())
    found = DiscoveredFeed("https://banua.example/feed/", "rss", "Habari Banua", 9)
    with pytest.raises(ConfigError):
        service.subscribe(found)
    assert service.feeds() == []


async def test_finding_a_feed_offline_is_refused_without_a_request(service_for):
    service = service_for(make_config(), offline=True)
    with pytest.raises(HabariError, match="offline"):
        await service.discover("https://banua.example/")


def test_imported_feeds_are_followed_at_once(opened):
    service = opened([(KALSEL, "Kalimantan Selatan")])
    result = service.import_subscriptions(FIXTURES / "opml" / "flat.opml", region="Dunia")
    assert len(result.added) == 3
    assert {f.region for f in service.config.feeds[1:]} == {"Dunia"}
    assert len(service.feeds()) == 4
    assert b"thediplomat.com/feed/" in service.export_opml()


async def test_accepting_a_move_rewrites_the_config_and_keeps_the_feeds_stories(
    opened, httpserver: HTTPServer
):
    new = f"http://localhost:{httpserver.port}/new"
    httpserver.expect_request("/old").respond_with_response(
        Response(status=301, headers={"Location": new})
    )
    httpserver.expect_request("/new").respond_with_data(
        fixture_bytes("refresh", "kalsel.xml"), content_type="application/rss+xml"
    )
    old = httpserver.url_for("/old")
    service = opened([(old, "Kalimantan Selatan"), (KALSEL, "Indonesia")])
    summary = await service.refresh()
    moves = {o.url: o.moved_to for o in summary.outcomes if o.moved_to}
    stories = len(service.headlines("Kalimantan Selatan"))

    assert service.accept_moves(moves) == [old]
    text = Path(service.config.path).read_text(encoding="utf-8")
    assert f'url = "{new}"' in text and old not in text
    assert [f.url for f in service.config.feeds] == [new, KALSEL]
    assert [f.url for f in service.feeds()] == [new, KALSEL]
    assert len(service.headlines("Kalimantan Selatan")) == stories > 0
