"""The refresh pipeline's shortcuts: unchanged bodies are not parsed again; worker processes."""

from __future__ import annotations

from pytest_httpserver import HTTPServer

from habari_tui.config import FeedConfig
from habari_tui.models import ParsedFeed
from habari_tui.service import Service
from habari_tui.service import refresh as service_module
from habari_tui.sources import detect as detect_module
from habari_tui.store import Store

from .conftest import NOW, fixture_bytes, make_config

RSS = "application/rss+xml"


async def test_a_feed_whose_body_is_unchanged_is_not_parsed_again(
    httpserver: HTTPServer, service_for, monkeypatch
):
    # No validators: the server sends the same bytes again, so only the content hash can tell.
    httpserver.expect_request("/kalsel.xml").respond_with_data(
        fixture_bytes("refresh", "kalsel.xml"), content_type=RSS
    )
    service = service_for(make_config(FeedConfig(httpserver.url_for("/kalsel.xml"))))
    first = await service.refresh()
    assert first.new_articles > 0
    parsed: list[str] = []
    real_parse = detect_module.parse

    def counting_parse(content: bytes, url: str) -> ParsedFeed:
        parsed.append(url)
        return real_parse(content, url)

    monkeypatch.setattr(detect_module, "parse", counting_parse)
    second = await service.refresh()
    assert second.ok == 1 and second.new_articles == 0 and parsed == []


async def test_feeds_parsed_in_worker_processes_are_stored_the_same(
    httpserver: HTTPServer, tmp_path, monkeypatch
):
    httpserver.expect_request("/kalsel.xml").respond_with_data(
        fixture_bytes("refresh", "kalsel.xml"), content_type=RSS
    )
    config = make_config(FeedConfig(httpserver.url_for("/kalsel.xml")))
    titles = []
    for name, pool_from in (("thread", 1000), ("pool", 1)):
        monkeypatch.setattr(service_module, "PARSE_POOL_MIN_FEEDS", pool_from)
        store = Store(tmp_path / name / "cache.db", now=NOW.timestamp)
        try:
            summary = await Service(config, store).refresh()
            assert summary.ok == 1
            titles.append([(a.title, a.url, a.published) for a in store.headlines()])
        finally:
            store.close()
    assert titles[0] and titles[0] == titles[1]


async def test_new_stories_wait_for_the_search_index_until_it_is_next_used(
    httpserver: HTTPServer, service_for
):
    httpserver.expect_request("/kalsel.xml").respond_with_data(
        fixture_bytes("refresh", "kalsel.xml"), content_type=RSS
    )
    service = service_for(make_config(FeedConfig(httpserver.url_for("/kalsel.xml"))))
    summary = await service.refresh()
    waiting = "SELECT COUNT(*) FROM search_pending"
    assert service.store._query(waiting)[0][0] == summary.new_articles > 0
    assert service.index_for_search(stop=lambda: True) == 0  # quitting: not a batch more
    assert service.index_for_search() == summary.new_articles
    assert service.store._query(waiting)[0][0] == 0
    assert [a.title for a in service.search("dermaga")] == [
        "Dermaga baru di Sungai Martapura mulai dipakai perahu wisata"
    ]
