"""WordPress REST API v2 posts arrays."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from habari_tui.models import ParsedFeed
from habari_tui.sources import parse

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
URL = "https://banuapost.example/wp-json/wp/v2/posts?_embed"


def parse_fixture() -> ParsedFeed:
    return parse((FEEDS / "wordpress_posts.json").read_bytes(), URL)


def test_posts_array_becomes_a_wordpress_feed_in_order() -> None:
    feed = parse_fixture()

    assert (feed.format, feed.title, feed.link) == ("wordpress", None, None)
    assert [e.title for e in feed.entries] == [
        "Pembangunan pasar Martapura – tahap kedua dimulai",
        "Lampu jalan A. Yani kembali menyala",
    ]


def test_rendered_fields_become_url_guid_summary_and_content() -> None:
    entry = parse_fixture().entries[0]

    assert entry.url == "https://banuapost.example/2024/05/06/pembangunan-pasar-martapura/"
    assert entry.guid == "https://banuapost.example/?p=8812"
    assert entry.summary == "Pekerjaan tahap kedua dimulai pekan ini. […]"
    assert entry.content_html is not None
    assert entry.content_html.startswith("<p>BANUAPOST.EXAMPLE, MARTAPURA &#8211;")


def test_date_gmt_is_read_as_utc() -> None:
    entries = parse_fixture().entries

    assert entries[0].published == datetime(2024, 5, 6, 1, 15, tzinfo=UTC)
    assert entries[1].published == datetime(2024, 5, 5, 12, 0, tzinfo=UTC)


def test_embedded_author_and_terms_are_used_when_present() -> None:
    entry = parse_fixture().entries[0]

    assert entry.author == "Muhammad Fadli"
    assert entry.categories == ("Banjar", "Ekonomi", "pasar")


def test_plain_posts_have_only_category_ids_so_no_categories() -> None:
    entry = parse_fixture().entries[1]

    assert (entry.categories, entry.author) == ((), None)


def test_empty_content_means_no_content_html() -> None:
    assert parse_fixture().entries[1].content_html is None


def test_local_date_without_zone_is_not_guessed() -> None:
    post = {
        "title": {"rendered": "Tanpa GMT"},
        "link": "/2024/05/07/tanpa-gmt/",
        "date": "2024-05-07T08:00:00",
        "excerpt": {"rendered": "<p>Ringkas.</p>"},
    }

    entry = parse(json.dumps([post]).encode(), URL).entries[0]

    assert entry.published is None
    assert entry.url == "https://banuapost.example/2024/05/07/tanpa-gmt/"
    assert entry.content_html is None


def test_empty_posts_array_is_an_empty_feed() -> None:
    assert parse(b"[]", URL).entries == ()
