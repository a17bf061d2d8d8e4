"""Finding a site's feed from the URL a reader types, against pages served on 127.0.0.1."""

from __future__ import annotations

import pytest

from habari_tui.errors import FetchError
from habari_tui.sources.discover import (
    DiscoveredFeed,
    announced_feeds,
    discover,
    site_url,
    wordpress_posts_url,
)

from .conftest import FIXTURES, fixture_bytes

RSS = "application/rss+xml"
HTML = "text/html; charset=utf-8"


def page(name: str) -> bytes:
    return fixture_bytes("discover", name)


def feed(name: str) -> bytes:
    return fixture_bytes("feeds", name)


def serve(httpserver, path: str, body: bytes, content_type: str) -> str:
    httpserver.expect_request(path).respond_with_data(body, content_type=content_type)
    return httpserver.url_for(path)


async def test_a_url_that_is_itself_a_feed_is_taken_as_it_is(httpserver):
    url = serve(httpserver, "/rss", feed("rss20_kalsel.xml"), RSS)
    found = await discover(url, timeout=5)
    assert [(f.url, f.format, f.title, f.entries) for f in found] == [
        (url, "rss", "Kabar Banua", 5)
    ]


async def test_a_wordpress_home_page_offers_its_feed_then_rest_posts_then_comments(httpserver):
    home = serve(httpserver, "/", page("wordpress-home.html"), HTML)
    serve(httpserver, "/feed/", feed("rss20_kalsel.xml"), RSS)
    serve(httpserver, "/comments/feed/", feed("rss10_rdf.xml"), RSS)
    serve(httpserver, "/wp-json/wp/v2/posts", feed("wordpress_posts.json"), "application/json")
    found = await discover(home, timeout=5)
    assert [(f.url, f.format, f.title) for f in found] == [
        (httpserver.url_for("/feed/"), "rss", "Kabar Banua"),
        (httpserver.url_for("/wp-json/wp/v2/posts"), "wordpress", "Habari Banua"),
        (httpserver.url_for("/comments/feed/"), "rss", "River Desk"),
    ]


async def test_relative_links_resolve_against_base_href_and_only_working_feeds_are_offered(
    httpserver,
):
    article = serve(httpserver, "/2026/11/tuas.html", page("article-with-base.html"), HTML)
    serve(httpserver, "/news/atom.xml", feed("atom_xml_base.xml"), "application/atom+xml")
    serve(httpserver, "/news/feed.json", feed("jsonfeed_11_bom.json"), "application/feed+json")
    found = await discover(article, timeout=5)
    # missing.xml answers 404, file: and javascript: links are never fetched, the
    # second mention of atom.xml is the same feed.
    assert [(f.url, f.format) for f in found] == [
        (httpserver.url_for("/news/atom.xml"), "atom"),
        (httpserver.url_for("/news/feed.json"), "jsonfeed"),
    ]
    assert found[0].describe() == (
        f"Berita Daerah (Atom, 2 stories) {httpserver.url_for('/news/atom.xml')}"
    )


async def test_a_wordpress_site_without_feed_links_is_read_through_its_rest_api(httpserver):
    home = serve(httpserver, "/", page("wordpress-generator-only.html"), HTML)
    serve(httpserver, "/wp-json/wp/v2/posts", feed("wordpress_posts.json"), "application/json")
    found = await discover(home, timeout=5)
    assert [(f.url, f.format, f.title, f.entries) for f in found] == [
        (httpserver.url_for("/wp-json/wp/v2/posts"), "wordpress", "Kabar Idaman", 2)
    ]


async def test_a_page_without_feeds_finds_nothing(httpserver):
    url = serve(httpserver, "/plain", page("no-feed.html"), HTML)
    assert await discover(url, timeout=5) == []


async def test_an_unreachable_site_is_a_fetch_error(httpserver):
    httpserver.expect_request("/gone").respond_with_data("", status=404)
    with pytest.raises(FetchError, match="HTTP 404"):
        await discover(httpserver.url_for("/gone"), timeout=5)


def test_announced_feeds_are_absolute_and_web_only():
    links = announced_feeds(page("article-with-base.html"), "https://asia.example/2026/x.html")
    assert [link.url for link in links] == [
        "https://asia.example/news/missing.xml",
        "https://asia.example/news/atom.xml",
        "https://asia.example/news/feed.json",
    ]


def test_the_wordpress_rest_root_may_be_a_query_string():
    assert wordpress_posts_url("https://a.example/wp-json/") == (
        "https://a.example/wp-json/wp/v2/posts"
    )
    assert wordpress_posts_url("https://a.example/?rest_route=/") == (
        "https://a.example/?rest_route=/wp/v2/posts"
    )


def test_a_bare_host_is_read_as_https():
    assert site_url("  habarikalsel.com/feed/ ") == "https://habarikalsel.com/feed/"
    assert site_url("http://a.example/") == "http://a.example/"
    assert site_url(str(FIXTURES)) == str(FIXTURES)


def test_a_feed_of_one_story_says_story():
    found = DiscoveredFeed(url="https://x.example/feed", format="rss", title="X", entries=1)
    assert found.describe() == "X (RSS, 1 story) https://x.example/feed"
