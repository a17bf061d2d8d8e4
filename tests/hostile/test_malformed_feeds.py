"""Malformed feeds: parse returns what it can or raises ParseError, never anything else."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from habari_tui.errors import ParseError
from habari_tui.sources import parse
from habari_tui.store import EntryToSave, Store

from .conftest import RSS_ONE_ITEM, rss_items

URL = "http://127.0.0.1/feed"


def parse_or_error(content: bytes):
    try:
        return parse(content, URL)
    except ParseError as error:
        assert "\n" not in str(error)
        return None


@pytest.mark.parametrize("cut", [10, 60, 150, 250, len(RSS_ONE_ITEM) - 5])
def test_truncated_xml_is_partial_or_a_parse_error(cut):
    parse_or_error(RSS_ONE_ITEM[:cut])


def test_invalid_utf8_is_read_around():
    bad = RSS_ONE_ITEM.replace(b"A good story", b"A \xff\xfe good \xc3 story")
    (entry,) = parse(bad, URL).entries
    assert entry.title.isprintable()
    assert entry.title.startswith("A ") and entry.title.endswith(" good \u00c3 story")


def test_items_without_guid_link_title_or_date_are_kept_or_dropped_quietly():
    doc = (
        b'<rss version="2.0"><channel><title>t</title>'
        b"<item></item><item><title>only a title</title></item>"
        b"<item><link>http://127.0.0.1/only-link</link></item>"
        b"<item><description>only text</description></item></channel></rss>"
    )
    feed = parse(doc, URL)
    assert [e.title for e in feed.entries][0] == "only a title"
    assert all(e.title for e in feed.entries)


@pytest.mark.parametrize(
    ("date", "published", "sorted_first"),
    [
        ("Thu, 01 Jan 1970 00:00:00 +0000", datetime(1970, 1, 1, tzinfo=UTC), False),
        ("Sat, 01 Jan 2999 00:00:00 +0000", datetime(2999, 1, 1, tzinfo=UTC), True),
        ("yesterday", None, True),
    ],
    ids=["1970", "2999", "nonsense"],
)
def test_dates_in_1970_the_future_or_nonsense_are_stored_shown_as_given_and_sorted_sanely(
    tmp_path, date, published, sorted_first
):
    odd = parse(RSS_ONE_ITEM.replace(b"Thu, 26 Nov 2026 12:00:00 +0000", date.encode()), URL)
    usual = parse(rss_items(1), URL)  # dated the day before the cache's clock
    store = Store(tmp_path / "c.db", now=lambda: datetime(2026, 11, 27, tzinfo=UTC).timestamp())
    try:
        store.sync_feeds([(URL, None, "World")])
        fid = store.feeds()[0].id
        entries = [EntryToSave(e, "World") for e in (*usual.entries, *odd.entries)]
        store.save_feed(fid, title=None, etag=None, last_modified=None, entries=entries)
        # A future or missing date sorts as first seen (now), newest; 1970 sorts oldest.
        first, second = store.headlines()
        stored = first if sorted_first else second
        assert stored.title == "A good story" and stored.published == published
    finally:
        store.close()


def test_duplicate_guids_make_one_article(tmp_path):
    doc = rss_items(3).replace(b"story-1", b"story-0").replace(b"story-2", b"story-0")
    feed = parse(doc, URL)
    store = Store(tmp_path / "c.db")
    try:
        store.sync_feeds([(URL, None, "World")])
        fid = store.feeds()[0].id
        entries = [EntryToSave(e, "World") for e in feed.entries]
        store.save_feed(fid, title=None, etag=None, last_modified=None, entries=entries)
        assert len(store.headlines()) == 1
    finally:
        store.close()


def test_html_where_text_is_expected_becomes_plain_text():
    doc = RSS_ONE_ITEM.replace(
        b"A good story", b"&lt;script&gt;alert(1)&lt;/script&gt;&lt;b&gt;Bold&lt;/b&gt; news"
    )
    (entry,) = parse(doc, URL).entries
    assert "<" not in entry.title and "alert" not in entry.title and "Bold news" in entry.title


@pytest.mark.parametrize(
    "document",
    [
        {"version": "https://jsonfeed.org/version/1.1", "items": "not a list"},
        {"version": "https://jsonfeed.org/version/1.1", "items": [1, None, "x", []]},
        {"version": "https://jsonfeed.org/version/1.1", "title": 5, "items": [{"id": {}}]},
        {"version": "https://jsonfeed.org/version/1", "items": [{"title": ["a"], "url": 3}]},
        {"hello": "world"},
        [1, 2, 3],
        "just a string",
        None,
    ],
)
def test_json_of_the_wrong_shape_is_a_parse_error_or_an_empty_feed(document):
    parse_or_error(json.dumps(document).encode())


@pytest.mark.slow
def test_a_feed_of_100000_items_parses_in_bounded_time():
    doc = rss_items(100_000)
    started = time.monotonic()
    feed = parse(doc, URL)
    assert len(feed.entries) == 100_000
    assert time.monotonic() - started < 120  # feedparser's pace; the fast path is quicker


xml_text = st.text(st.characters(exclude_categories=["Cs"]), max_size=60)


@st.composite
def feed_documents(draw) -> bytes:
    """RSS, Atom and JSON Feed documents with hostile text, then cut or corrupted at random."""
    kind = draw(st.sampled_from(["rss", "atom", "json"]))
    titles = draw(st.lists(xml_text, max_size=4))
    if kind == "json":
        items = [{"id": t, "title": t, "content_html": t, "url": t} for t in titles]
        doc = json.dumps({"version": "https://jsonfeed.org/version/1.1", "items": items})
        raw = doc.encode("utf-8", "surrogatepass")
    else:
        esc = [t.replace("&", "&amp;").replace("<", "&lt;") for t in titles]
        if kind == "rss":
            body = "".join(f"<item><title>{t}</title><guid>{t}</guid></item>" for t in esc)
            doc = f'<rss version="2.0"><channel><title>x</title>{body}</channel></rss>'
        else:
            body = "".join(f"<entry><title>{t}</title><id>{t}</id></entry>" for t in esc)
            doc = f'<feed xmlns="http://www.w3.org/2005/Atom"><title>x</title>{body}</feed>'
        raw = doc.encode("utf-8", "surrogatepass")
    mangle = draw(st.sampled_from(["none", "cut", "flip", "insert"]))
    if mangle == "cut" and raw:
        raw = raw[: draw(st.integers(0, len(raw)))]
    elif mangle == "flip" and raw:
        at = draw(st.integers(0, len(raw) - 1))
        raw = raw[:at] + bytes([draw(st.integers(0, 255))]) + raw[at + 1 :]
    elif mangle == "insert":
        at = draw(st.integers(0, len(raw)))
        raw = raw[:at] + draw(st.binary(max_size=20)) + raw[at:]
    return raw


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(feed_documents())
def test_parse_of_generated_feeds_raises_only_parse_error(document):
    feed = parse_or_error(document)
    if feed is not None:
        for entry in feed.entries:
            assert entry.title and "\x1b" not in entry.title and "\n" not in entry.title


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_parse_of_random_bytes_raises_only_parse_error(document):
    parse_or_error(document)
