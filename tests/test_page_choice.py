"""A refresh saves the pages a reader will read, not every story's page."""

from __future__ import annotations

from datetime import timedelta
from email.utils import format_datetime

from pytest_httpserver import HTTPServer

from habari_tui.config import FeedConfig
from habari_tui.models import Article
from habari_tui.service.page_choice import pages_worth_saving

from .conftest import NOW, make_config

HOUR = timedelta(hours=1)


def _story(n: int, feed: int, age: timedelta | None, *, read: bool = False) -> Article:
    return Article(
        id=n,
        feed_id=feed,
        feed_title="f",
        region="r",
        title=f"story {n}",
        url=f"https://x.example/{n}",
        guid=None,
        summary="",
        published=None if age is None else NOW - age,
        read=read,
    )


def test_recent_means_the_newest_unread_stories_of_two_days_at_most_twenty_a_feed():
    busy = [_story(n, 1, n * HOUR) for n in range(30)]  # 30 stories, one an hour
    quiet = [_story(100, 2, 47 * HOUR), _story(101, 2, 49 * HOUR), _story(102, 2, HOUR, read=True)]
    undated = [_story(200, 3, None), _story(201, 3, -100 * HOUR)]  # undated, and from the future

    chosen = pages_worth_saving(busy + quiet + undated, "recent", NOW)

    assert [a.id for a in chosen if a.feed_id == 1] == list(range(20))
    assert [a.id for a in chosen if a.feed_id == 2] == [100]
    assert {a.id for a in chosen if a.feed_id == 3} == {200, 201}


def test_all_and_none_mean_what_they_say():
    stories = [_story(n, 1, n * 24 * HOUR) for n in range(30)]

    assert [a.id for a in pages_worth_saving(stories, "all", NOW)] == list(range(30))
    assert pages_worth_saving(stories, "none", NOW) == []


def _feed(base: str, ages_in_hours: list[int]) -> str:
    items = "".join(
        f"<item><title>Berita {n}</title><link>{base}/page/{n}</link><guid>g{n}</guid>"
        f"<pubDate>{format_datetime(NOW - age * HOUR)}</pubDate></item>"
        for n, age in enumerate(ages_in_hours)
    )
    return f'<rss version="2.0"><channel><title>Kabar</title>{items}</channel></rss>'


async def test_a_first_refresh_saves_only_the_recent_pages(httpserver: HTTPServer, service_for):
    base = httpserver.url_for("").rstrip("/")
    ages = list(range(25)) + [24 * 10, 24 * 30]  # 25 stories of today, two old ones
    httpserver.expect_request("/feed.xml").respond_with_data(
        _feed(base, ages), content_type="application/rss+xml"
    )
    page = "<html><body><article><p>" + "Kata demi kata. " * 60 + "</p></article></body></html>"
    for n in range(len(ages)):
        httpserver.expect_request(f"/page/{n}").respond_with_data(page, content_type="text/html")
    service = service_for(make_config(FeedConfig(httpserver.url_for("/feed.xml"))))

    summary = await service.refresh()
    pages = await service.prefetch(summary.new_ids)

    asked = sorted(int(r.path.rsplit("/", 1)[1]) for r, _ in httpserver.log if "/page/" in r.path)
    assert asked == list(range(20))
    assert (pages.feeds, pages.ok) == (20, 20)
    assert summary.new_articles == len(ages)


def test_true_and_false_in_an_older_config_mean_recent_and_none(tmp_path):
    from habari_tui.config import load_config

    for written, meant in (("true", "recent"), ("false", "none"), ('"all"', "all")):
        path = tmp_path / "c.toml"
        path.write_text(f"[settings]\nprefetch_articles = {written}\n", encoding="utf-8")
        assert load_config(path).settings.prefetch_articles == meant
