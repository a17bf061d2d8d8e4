"""Refresh through the service against a real HTTP server on 127.0.0.1."""

from __future__ import annotations

import socket
import time
from dataclasses import replace

from pytest_httpserver import HTTPServer

from habari_tui.config import FeedConfig, Settings
from habari_tui.service import RefreshProgress

from .conftest import fixture_bytes, make_config

RSS = "application/rss+xml"


def serve_fixtures(httpserver: HTTPServer) -> tuple[str, str]:
    httpserver.expect_request("/kalsel.xml").respond_with_data(
        fixture_bytes("refresh", "kalsel.xml"), content_type=RSS, headers={"ETag": '"k1"'}
    )
    httpserver.expect_request("/nasional.json").respond_with_data(
        fixture_bytes("refresh", "nasional.json"), content_type="application/feed+json"
    )
    httpserver.expect_request("/hilang.xml").respond_with_data("Tidak ada", status=404)
    return httpserver.url_for("/kalsel.xml"), httpserver.url_for("/nasional.json")


async def test_refresh_stores_articles_and_reports_each_feed(httpserver, service_for):
    kalsel, nasional = serve_fixtures(httpserver)
    missing = httpserver.url_for("/hilang.xml")
    service = service_for(
        make_config(
            FeedConfig(kalsel, region="Kalimantan Selatan"),
            FeedConfig(nasional, region="Indonesia"),
            FeedConfig(missing, region="Indonesia"),
        )
    )
    seen: list[RefreshProgress] = []
    summary = await service.refresh(seen.append)
    assert summary.as_json() == {
        "feeds": 3,
        "ok": 2,
        "failed": 1,
        "new_articles": 4,
        "errors": [{"url": missing, "error": "HTTP 404 Not Found"}],
    }
    assert [p.done for p in seen] == [1, 2, 3] and {p.total for p in seen} == {3}
    assert service.store.feed(missing).last_error == "HTTP 404 Not Found"


async def test_articles_naming_a_place_are_rehomed_by_the_region_rules(httpserver, service_for):
    kalsel, nasional = serve_fixtures(httpserver)
    service = service_for(
        make_config(
            FeedConfig(kalsel, region="Kalimantan Selatan"),
            FeedConfig(nasional, region="Indonesia"),
        )
    )
    await service.refresh()
    kalsel_titles = [a.title for a in service.headlines("Kalimantan Selatan")]
    assert "Bandara di Banjarbaru tambah rute ke Indonesia timur" in kalsel_titles
    assert [a.title for a in service.headlines("Indonesia")] == [
        "BMKG: puncak musim hujan di Jawa diperkirakan Januari"
    ]
    regions = service.regions()
    assert [r.name for r in regions] == ["All", "Kalimantan Selatan", "Indonesia"]
    assert (regions[0].unread, regions[1].unread, regions[2].unread) == (4, 3, 1)


async def test_a_second_refresh_sends_the_etag_and_keeps_read_state(httpserver, service_for):
    kalsel, _ = serve_fixtures(httpserver)
    service = service_for(make_config(FeedConfig(kalsel, region="Kalimantan Selatan")))
    await service.refresh()
    first = service.headlines()[0]
    service.set_read(first.id)
    httpserver.clear()
    httpserver.expect_request("/kalsel.xml", headers={"If-None-Match": '"k1"'}).respond_with_data(
        "", status=304
    )
    summary = await service.refresh()
    assert summary.outcomes[0].not_modified and summary.new_articles == 0
    assert service.article(first.id).read
    assert len(httpserver.log) == 1


async def test_a_server_that_never_answers_is_bounded_by_the_deadline(httpserver, service_for):
    kalsel, _ = serve_fixtures(httpserver)
    with socket.socket() as silent:  # accepts connections (backlog) but never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        slow = f"http://127.0.0.1:{silent.getsockname()[1]}/feed.xml"
        service = service_for(
            make_config(
                FeedConfig(slow, region="World"),
                FeedConfig(kalsel, region="Kalimantan Selatan"),
                timeout=0.5,
            )
        )
        started = time.monotonic()
        summary = await service.refresh()
    assert time.monotonic() - started < 2.5
    assert (summary.ok, summary.failed) == (1, 1)
    assert "timed out" in summary.outcomes[0].error


async def test_a_feed_that_is_not_a_feed_fails_alone(httpserver, service_for):
    kalsel, _ = serve_fixtures(httpserver)
    httpserver.expect_request("/page.html").respond_with_data(
        "<html><body><p>Bukan feed</p></body></html>", content_type="text/html"
    )
    service = service_for(
        make_config(
            FeedConfig(httpserver.url_for("/page.html"), region="World"),
            FeedConfig(kalsel, region="Kalimantan Selatan"),
        )
    )
    summary = await service.refresh()
    assert (summary.ok, summary.failed, summary.new_articles) == (1, 1, 2)
    assert summary.outcomes[0].error.startswith("not a feed")


async def test_next_unread_skips_read_stories_and_wraps(httpserver, service_for):
    kalsel, nasional = serve_fixtures(httpserver)
    service = service_for(
        make_config(
            FeedConfig(kalsel, region="Kalimantan Selatan"),
            FeedConfig(nasional, region="Indonesia"),
        )
    )
    await service.refresh()
    ids = [a.id for a in service.headlines()]
    service.set_read(ids[1])
    assert service.next_unread(ids[0]).id == ids[2]
    assert service.next_unread(ids[3]).id == ids[0]


async def test_the_feed_full_text_becomes_the_article_body(httpserver, service_for):
    kalsel, _ = serve_fixtures(httpserver)
    service = service_for(make_config(FeedConfig(kalsel, region="Kalimantan Selatan")))
    await service.refresh()
    dermaga = service.headlines()[0]
    body = service.feed_body(dermaga)
    assert body.place == "Banjarmasin"
    assert "Dermaga baru di tepi Sungai Martapura" in body.markdown
    assert [r.title for r in body.related] == ["Pasar terapung Lok Baintan ramai pengunjung"]
    karet = service.headlines()[1]
    summary_only = service.feed_body(karet)
    assert summary_only.markdown.startswith("Petani karet di Balangan")
    assert summary_only.source == "summary"


def test_offline_nothing_is_refreshed_on_start_or_prefetched_whatever_the_config(service_for):
    config = replace(
        make_config(), settings=Settings(refresh_on_start=True, prefetch_articles="recent")
    )
    online, offline = service_for(config), service_for(config, offline=True)
    assert online.refreshes_on_start and online.prefetches_pages
    assert not offline.refreshes_on_start and not offline.prefetches_pages
    quiet = service_for(make_config(prefetch_articles=False))  # make_config: no refresh on start
    assert not quiet.refreshes_on_start and not quiet.prefetches_pages


async def test_why_a_list_is_empty_is_told_from_what_the_cache_knows(service_for, tmp_path):
    kalsel = FeedConfig(str(tmp_path / "missing.xml"), region="Indonesia")
    service = service_for(make_config(kalsel))
    assert service.why_empty("Indonesia").reason == "not fetched"
    keywords_only = service.why_empty("Kalimantan Selatan")  # a region of [regions] rules
    assert keywords_only.reason == "no feeds"
    assert keywords_only.keywords == ("Banjarmasin", "Banjarbaru", "Balangan", "Kalsel")
    assert service.why_empty("Starred").reason == "nothing starred"
    await service.refresh()
    why = service.why_empty("Indonesia")
    assert why.reason == "feeds failed" and why.error
