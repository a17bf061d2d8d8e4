"""Retention through a refresh against a real HTTP server on 127.0.0.1: stories leave the cache
by what the reader has had, never by the publisher's dates."""

from __future__ import annotations

from datetime import timedelta

import pytest
from werkzeug import Request, Response

from habari_tui.config import FeedConfig
from habari_tui.service import Service
from habari_tui.store import Store

from .conftest import NOW, make_config

DAY = 86400


def rss(*items: tuple[str, str]) -> bytes:
    """An RSS document of (guid, RFC 822 date) items, titled by their guid."""
    body = "".join(
        f"<item><title>Cerita {guid}</title><link>https://blog.example/{guid}</link>"
        f"<guid>{guid}</guid><pubDate>{date}</pubDate></item>"
        for guid, date in items
    )
    return f'<rss version="2.0"><channel><title>Blog sepi</title>{body}</channel></rss>'.encode()


class Feed:
    """A feed server whose document the test changes between refreshes."""

    def __init__(self, httpserver, document: bytes) -> None:
        self.document = document
        httpserver.expect_request("/feed.xml").respond_with_handler(self.answer)
        self.url = httpserver.url_for("/feed.xml")

    def answer(self, request: Request) -> Response:
        return Response(self.document, content_type="application/rss+xml")


@pytest.fixture
def clock():
    return {"now": NOW.timestamp()}


@pytest.fixture
def open_service(tmp_path, clock):
    stores: list[Store] = []

    def build(url: str, **settings) -> Service:
        store = Store(tmp_path / "cache.db", now=lambda: clock["now"])
        stores.append(store)
        return Service(make_config(FeedConfig(url, region="Blog"), **settings), store)

    yield build
    for store in stores:
        store.close()


def titles(service: Service) -> list[str]:
    return [a.title for a in service.headlines(limit=-1)]


OLD = (("juli", "Wed, 01 Jul 2026 08:00:00 +0000"), ("2024", "Mon, 01 Jan 2024 08:00:00 +0000"))


async def test_a_quiet_blogs_old_posts_arrive_and_stay_listed(httpserver, open_service):
    feed = Feed(httpserver, rss(*OLD))  # the newest post is five months old
    service = open_service(feed.url, keep_days=30)
    summary = await service.refresh()
    assert (summary.ok, summary.new_articles) == (1, 2)
    service.mark_all_read()
    await service.refresh()  # still in the feed: kept, however old and read
    assert titles(service) == ["Cerita juli", "Cerita 2024"]


async def test_a_removed_story_does_not_come_back_as_new(httpserver, open_service, clock):
    feed = Feed(httpserver, rss(*OLD))
    service = open_service(feed.url, keep_days=30)
    await service.refresh()
    service.set_read(service.headlines()[0].id)  # "juli" read; "2024" unread
    feed.document = rss(("baru", "Thu, 26 Nov 2026 08:00:00 +0000"))
    clock["now"] += 31 * DAY
    await service.refresh()
    assert titles(service) == ["Cerita baru", "Cerita 2024"]  # read and gone: removed
    feed.document = rss(("baru", "Thu, 26 Nov 2026 08:00:00 +0000"), *OLD)
    clock["now"] += DAY
    summary = await service.refresh()
    assert summary.new_articles == 0
    assert titles(service) == ["Cerita baru", "Cerita 2024"]


async def test_a_story_dated_in_the_future_does_not_stay_on_top(httpserver, open_service, clock):
    feed = Feed(httpserver, rss(("2999", "Tue, 01 Jan 2999 00:00:00 +0000")))
    service = open_service(feed.url)
    await service.refresh()
    tomorrow = NOW + timedelta(days=1)
    feed.document = rss(
        ("besok", tomorrow.strftime("%a, %d %b %Y %H:%M:%S +0000")),
        ("2999", "Tue, 01 Jan 2999 00:00:00 +0000"),
    )
    clock["now"] = tomorrow.timestamp() + 60
    await service.refresh()
    assert titles(service) == ["Cerita besok", "Cerita 2999"]
    assert service.headlines()[1].published.year == 2999  # shown as the publisher gave it
