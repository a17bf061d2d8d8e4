"""Telling the feed format from the content alone, and refusing what is not a feed."""

from __future__ import annotations

from pathlib import Path

import pytest

from habari_tui.errors import ParseError
from habari_tui.sources import parse

FEEDS = Path(__file__).parent / "fixtures" / "feeds"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("rss20_kalsel.xml", "rss"),
        ("rss10_rdf.xml", "rss"),
        ("rss091.xml", "rss"),
        ("atom_xml_base.xml", "atom"),
        ("jsonfeed_10.json", "jsonfeed"),
        ("jsonfeed_11_bom.json", "jsonfeed"),
        ("wordpress_posts.json", "wordpress"),
    ],
)
def test_format_is_detected_from_content_not_url(name: str, expected: str) -> None:
    misleading_url = "https://x.example/feed.json" if expected in ("rss", "atom") else "/rss.xml"

    assert parse((FEEDS / name).read_bytes(), f"https://x.example{misleading_url}").format == (
        expected
    )


def test_leading_whitespace_and_bom_before_xml_are_fine() -> None:
    content = b"\xef\xbb\xbf\n  " + (FEEDS / "rss091.xml").read_bytes()

    assert len(parse(content, "https://x.example/").entries) == 2


def test_utf16_xml_with_bom_is_parsed() -> None:
    text = '<?xml version="1.0" encoding="utf-16"?><rss version="2.0"><channel><title>Bénua</title>'
    text += "<item><title>Kabar</title></item></channel></rss>"

    feed = parse(text.encode("utf-16"), "https://x.example/")

    assert (feed.title, feed.entries[0].title) == ("Bénua", "Kabar")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "^not a feed: empty document$"),
        (b" \n\t ", "^not a feed: empty document$"),
        (bytes(range(1, 256)) * 3, "^not a feed: neither XML nor JSON$"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "^not a feed: neither XML nor JSON$"),
        (b'{"version": ', "^malformed JSON at line 1: "),
        (b"[1, 2, 3]", "^not a feed: JSON document is neither JSON Feed nor WordPress posts$"),
        (b'{"items": []}', "^not a feed: JSON document is neither JSON Feed"),
        (b'"just a string"', "^not a feed: neither XML nor JSON$"),
        (b'{"title": "\xff\xfe"}', "^JSON is not valid UTF-8"),
        (b"<\x00\xff\xfe garbage", r"^malformed XML at line \d+: "),
    ],
    ids=[
        "empty",
        "blank",
        "garbage",
        "png",
        "truncated-json",
        "json-array-of-numbers",
        "json-without-version",
        "json-string",
        "json-not-utf8",
        "xml-garbage",
    ],
)
def test_what_is_not_a_feed_raises_one_line_parse_error(content: bytes, message: str) -> None:
    with pytest.raises(ParseError, match=message) as caught:
        parse(content, "https://x.example/feed")

    assert "\n" not in str(caught.value)


def test_json_that_is_not_a_feed_fixture_is_refused() -> None:
    with pytest.raises(ParseError, match="neither JSON Feed nor WordPress posts"):
        parse((FEEDS / "json_not_a_feed.json").read_bytes(), "https://x.example/api")


def test_deeply_nested_json_is_refused_without_crashing() -> None:
    with pytest.raises(ParseError):
        parse(b"[" * 100_000 + b"]" * 100_000, "https://x.example/api")


def test_file_name_as_content_is_never_opened() -> None:
    with pytest.raises(ParseError):
        parse(str(FEEDS / "rss091.xml").encode(), "https://x.example/")
