"""JSON Feed 1.0 and 1.1 documents."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

from habari_tui.models import ParsedFeed
from habari_tui.sources import parse

FEEDS = Path(__file__).parent / "fixtures" / "feeds"


def parse_fixture(name: str, url: str) -> ParsedFeed:
    return parse((FEEDS / name).read_bytes(), url)


def test_json_feed_1_0_feed_fields_and_entry_order() -> None:
    feed = parse_fixture("jsonfeed_10.json", "https://pesisir.example/feed.json")

    assert (feed.format, feed.title, feed.link) == (
        "jsonfeed",
        "Catatan Pesisir",
        "https://pesisir.example/",
    )
    assert [e.title for e in feed.entries] == [
        "Nelayan Kotabaru panen ikan tongkol",
        "Lomba perahu hias meriahkan hari jadi kota",
    ]


def test_json_feed_1_0_numeric_id_relative_url_tags_and_feed_author() -> None:
    entry = parse_fixture("jsonfeed_10.json", "https://pesisir.example/feed.json").entries[0]

    assert entry.guid == "2041"
    assert entry.url == "https://pesisir.example/2024/05/nelayan-kotabaru"
    assert entry.categories == ("Ekonomi", "Kotabaru")
    assert entry.author == "Redaksi Pesisir"
    assert entry.published == datetime(2024, 5, 2, 22, 20, tzinfo=UTC)
    assert entry.content_html is not None and "BACA JUGA:" in entry.content_html
    assert entry.summary.startswith("KOTABARU – Hasil tangkapan naik")


def test_json_feed_summary_field_wins_over_content() -> None:
    entry = parse_fixture("jsonfeed_10.json", "https://pesisir.example/feed.json").entries[1]

    assert entry.summary == "Dua puluh perahu ikut serta."
    assert entry.published is None


def test_json_feed_1_1_with_byte_order_mark_and_authors_list() -> None:
    feed = parse_fixture("jsonfeed_11_bom.json", "https://brief.example/feed.json")
    entry = feed.entries[0]

    assert feed.title == "Morning Brief"
    assert entry.author == "Maya Chen"
    assert entry.categories == ("Weather",)
    assert entry.published == datetime(2024, 5, 5, 5, 0, tzinfo=UTC)


def test_json_feed_content_text_becomes_escaped_paragraphs() -> None:
    entry = parse_fixture("jsonfeed_11_bom.json", "https://brief.example/feed.json").entries[0]

    assert entry.content_html == (
        "<p>Forecasters expect 80 mm of rain by Friday.</p><p>Schools will open late.</p>"
    )
    assert entry.summary == "Forecasters expect 80 mm of rain by Friday. Schools will open late."


def test_json_feed_external_url_and_modified_date_are_fallbacks() -> None:
    entry = parse_fixture("jsonfeed_11_bom.json", "https://brief.example/feed.json").entries[1]

    assert entry.url == "https://elsewhere.example/story"
    assert entry.author == "Brief Desk"
    assert entry.published == datetime(2024, 5, 4, 21, 10, tzinfo=UTC)
    assert entry.content_html is None


def test_json_feed_item_without_title_or_url() -> None:
    entry = parse_fixture("jsonfeed_11_bom.json", "https://brief.example/feed.json").entries[2]

    assert (entry.title, entry.url) == ("(untitled)", None)
    assert entry.summary == "A short note without a title."


def test_json_feed_odd_field_types_are_skipped_and_empty_items_dropped() -> None:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": ["not", "a", "string"],
        "items": [
            "not an object",
            {"id": True, "title": 42, "tags": "Banjar", "date_published": "kemarin", "url": "/a"},
            {"id": None, "title": None},
            {"id": "ok", "title": "<b>Tebal</b> &amp; jelas", "tags": ["a", None, "b"]},
        ],
    }

    feed = parse(json.dumps(document).encode(), "https://x.example/feed.json")

    assert feed.title is None
    assert [(e.title, e.guid, e.published) for e in feed.entries] == [
        ("(untitled)", None, None),
        ("Tebal & jelas", "ok", None),
    ]
    assert feed.entries[0].url == "https://x.example/a"
    assert feed.entries[1].categories == ("a", "b")
