"""The SQLite cache: de-duplication, state across refreshes, pruning, migrations."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from habari_tui.errors import NotFoundError, StoreError
from habari_tui.models import ArticleBody, ParsedEntry, RelatedLink
from habari_tui.store import MIGRATIONS, SCHEMA_VERSION, EntryToSave, Store

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
FEED = "https://kalsel.example/feed/"


def entry(n: int, *, guid: str | None = "", url: str | None = "", hours_ago: int = 0, **kw):
    return ParsedEntry(
        title=kw.pop("title", f"Berita {n}"),
        guid=f"guid-{n}" if guid == "" else guid,
        url=f"https://kalsel.example/{n}" if url == "" else url,
        published=NOW - timedelta(hours=hours_ago + n),
        **kw,
    )


def stored(*entries: ParsedEntry, region: str = "Kalimantan Selatan") -> list[EntryToSave]:
    return [EntryToSave(e, region) for e in entries]


@pytest.fixture
def store(tmp_path):
    db = Store(tmp_path / "cache.db", now=lambda: NOW.timestamp())
    db.sync_feeds([(FEED, None, "Kalimantan Selatan")])
    yield db
    db.close()


def feed_id(store: Store) -> int:
    return store.feed(FEED).id


def test_new_database_is_at_the_current_schema_in_wal_mode(store):
    assert store.schema_version == SCHEMA_VERSION
    assert store._query("PRAGMA journal_mode")[0][0] == "wal"


def test_a_version_0_database_is_migrated_and_keeps_unrelated_tables(tmp_path):
    path = tmp_path / "old.db"
    raw = sqlite3.connect(path)
    raw.execute("CREATE TABLE notes (text TEXT)")
    raw.execute("INSERT INTO notes VALUES ('kept')")
    raw.commit()
    raw.close()
    db = Store(path)
    assert db.schema_version == SCHEMA_VERSION
    assert db._query("SELECT text FROM notes")[0][0] == "kept"
    db.close()


def test_a_database_from_a_newer_version_is_refused_with_a_clear_error(tmp_path):
    path = tmp_path / "new.db"
    raw = sqlite3.connect(path)
    raw.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 5}")
    raw.close()
    with pytest.raises(StoreError, match="newer habari-tui"):
        Store(path)


def test_articles_are_deduplicated_by_guid_then_link(store):
    fid = feed_id(store)
    first = store.save_feed(
        fid,
        title="Kalsel",
        etag=None,
        last_modified=None,
        entries=stored(entry(1), entry(2, guid=None)),
    )
    assert len(first) == 2
    again = store.save_feed(
        fid,
        title="Kalsel",
        etag=None,
        last_modified=None,
        entries=stored(entry(1, title="Berita 1 (diperbarui)"), entry(2, guid=None), entry(3)),
    )
    assert len(again) == 1
    titles = [a.title for a in store.headlines()]
    assert titles == ["Berita 1 (diperbarui)", "Berita 2", "Berita 3"]


def test_the_same_guid_in_two_feeds_makes_two_articles(store):
    store.sync_feeds([(FEED, None, "Kalimantan Selatan"), ("https://other.example/", None, "Asia")])
    for url in (FEED, "https://other.example/"):
        store.save_feed(
            store.feed(url).id, title=None, etag=None, last_modified=None, entries=stored(entry(1))
        )
    assert store.count() == 2


def test_read_and_starred_state_survive_a_refresh(store):
    fid = feed_id(store)
    store.save_feed(fid, title=None, etag=None, last_modified=None, entries=stored(entry(1)))
    article = store.headlines()[0]
    store.set_read(article.id, True)
    store.set_starred(article.id, True)
    store.save_feed(fid, title=None, etag=None, last_modified=None, entries=stored(entry(1)))
    again = store.article(article.id)
    assert again.read and again.starred


def save(store: Store, *entries: ParsedEntry) -> list[int]:
    return store.save_feed(
        feed_id(store), title=None, etag=None, last_modified=None, entries=stored(*entries)
    )


def later(tmp_path, days: float) -> Store:
    """The same cache opened `days` after NOW."""
    moment = (NOW + timedelta(days=days)).timestamp()
    return Store(tmp_path / "cache.db", now=lambda: moment)


def titles(store: Store) -> list[str]:
    return [a.title for a in store.headlines()]


def test_a_feeds_current_items_are_kept_however_old_their_dates(store):
    # A quiet blog: its newest post is four months old, the oldest two years.
    assert len(save(store, entry(1, hours_ago=24 * 120), entry(2, hours_ago=24 * 730))) == 2
    for article in store.headlines():
        store.set_read(article.id, True)
    assert store.prune(keep_days=90) == 0
    assert titles(store) == ["Berita 1", "Berita 2"]


def test_retention_removes_read_unstarred_stories_gone_from_their_feed_only(store, tmp_path):
    save(store, entry(1), entry(2), entry(3), entry(4))
    read, starred, unread, kept = store.headlines()
    for article in (read, starred, kept):
        store.set_read(article.id, True)
    store.set_starred(starred.id, True)
    store.close()
    cache = later(tmp_path, 100)
    cache.save_feed(
        feed_id(cache),
        title=None,
        etag=None,
        last_modified=None,
        entries=stored(entry(4), entry(5)),
    )
    assert cache.prune(keep_days=90) == 1  # Berita 1: read, not starred, no longer in the feed
    assert titles(cache) == ["Berita 2", "Berita 3", "Berita 4", "Berita 5"]
    cache.close()


def test_retention_counts_from_when_a_story_was_first_seen(store, tmp_path):
    save(store, entry(1, hours_ago=24 * 365))  # a year old when first seen
    store.set_read(store.headlines()[0].id, True)
    store.close()
    cache = later(tmp_path, 30)
    cache.save_feed(
        feed_id(cache), title=None, etag=None, last_modified=None, entries=stored(entry(2))
    )
    assert cache.prune(keep_days=90) == 0
    assert "Berita 1" in titles(cache)
    cache.close()


def test_a_removed_story_is_not_stored_again_while_its_feed_carries_it(store, tmp_path):
    save(store, entry(1))
    store.set_read(store.headlines()[0].id, True)
    store.close()
    cache = later(tmp_path, 100)
    cache.save_feed(
        feed_id(cache), title=None, etag=None, last_modified=None, entries=stored(entry(2))
    )
    assert cache.prune(keep_days=90) == 1
    again = cache.save_feed(
        feed_id(cache),
        title=None,
        etag=None,
        last_modified=None,
        entries=stored(entry(1), entry(2)),
    )
    assert again == []
    assert titles(cache) == ["Berita 2"]
    cache.close()


def test_keep_days_0_keeps_every_story(store, tmp_path):
    save(store, entry(1))
    store.set_read(store.headlines()[0].id, True)
    store.close()
    cache = later(tmp_path, 3650)
    cache.save_feed(
        feed_id(cache), title=None, etag=None, last_modified=None, entries=stored(entry(2))
    )
    assert cache.prune(keep_days=0) == 0
    assert titles(cache) == ["Berita 1", "Berita 2"]
    cache.close()


def test_an_empty_document_does_not_take_stories_out_of_their_feed(store, tmp_path):
    save(store, entry(1))
    store.set_read(store.headlines()[0].id, True)
    store.close()
    cache = later(tmp_path, 100)
    cache.save_feed(feed_id(cache), title=None, etag=None, last_modified=None, entries=[])
    assert cache.prune(keep_days=90) == 0
    cache.close()


def test_a_date_in_the_future_sorts_as_first_seen_and_is_shown_as_given(store, tmp_path):
    future = ParsedEntry(
        title="Dari masa depan", guid="f", published=datetime(2999, 1, 1, tzinfo=UTC)
    )
    save(store, future)
    store.close()
    cache = later(tmp_path, 1)
    save(cache, ParsedEntry(title="Besok", guid="b", published=NOW + timedelta(hours=20)))
    assert titles(cache) == ["Besok", "Dari masa depan"]
    assert cache.headlines()[1].published == datetime(2999, 1, 1, tzinfo=UTC)
    cache.close()


def test_a_story_dated_in_the_future_is_removed_like_any_other(store, tmp_path):
    save(
        store, ParsedEntry(title="Tahun 2999", guid="f", published=datetime(2999, 1, 1, tzinfo=UTC))
    )
    store.set_read(store.headlines()[0].id, True)
    store.close()
    cache = later(tmp_path, 100)
    save(cache, entry(1))
    assert cache.prune(keep_days=90) == 1
    assert titles(cache) == ["Berita 1"]
    cache.close()


def test_undated_stories_sort_by_when_they_were_first_seen(store, tmp_path):
    save(store, ParsedEntry(title="Tanpa tanggal", guid="u"))
    store.close()
    cache = later(tmp_path, 2)
    save(cache, entry(1, hours_ago=-24))  # dated a day after the undated one was seen
    assert titles(cache) == ["Berita 1", "Tanpa tanggal"]
    cache.close()


def test_headlines_are_newest_first_and_filter_by_region_and_unread(store):
    fid = feed_id(store)
    store.save_feed(
        fid,
        title=None,
        etag=None,
        last_modified=None,
        entries=stored(entry(3), entry(1)) + stored(entry(2), region="Indonesia"),
    )
    assert [a.title for a in store.headlines()] == ["Berita 1", "Berita 2", "Berita 3"]
    assert [a.title for a in store.headlines("Indonesia")] == ["Berita 2"]
    store.set_read(store.headlines()[0].id, True)
    assert [a.title for a in store.headlines(unread_only=True)] == ["Berita 2", "Berita 3"]
    counts = {r.name: (r.unread, r.total) for r in store.regions()}
    assert counts == {"Kalimantan Selatan": (1, 2), "Indonesia": (1, 1)}


def test_headline_pages_before_a_story_and_the_last_page_are_newest_first(store):
    fid = feed_id(store)
    entries = stored(*(entry(n) for n in range(10)))  # Berita 0 is the newest
    store.save_feed(fid, title=None, etag=None, last_modified=None, entries=entries)
    everything = [a.title for a in store.headlines()]
    assert [a.title for a in store.headlines(limit=3, oldest=True)] == everything[-3:]
    seventh = store.headlines()[6]
    assert [a.title for a in store.headlines(limit=3, before=seventh.id)] == everything[3:6]
    assert [a.title for a in store.headlines(limit=3, after=seventh.id)] == everything[7:10]
    assert store.headlines(limit=3, before=store.headlines()[0].id) == []


def test_adjacent_walks_the_list_in_both_directions(store):
    fid = feed_id(store)
    store.save_feed(
        fid, title=None, etag=None, last_modified=None, entries=stored(entry(1), entry(2), entry(3))
    )
    first, second, third = store.headlines()
    assert store.adjacent(first.id, 1).id == second.id
    assert store.adjacent(second.id, 1).id == third.id
    assert store.adjacent(third.id, 1) is None
    assert store.adjacent(third.id, -1).id == second.id
    assert store.adjacent(first.id, -1) is None


def test_undated_entries_keep_the_feed_order(store):
    fid = feed_id(store)
    undated = [ParsedEntry(title=f"Tanpa tanggal {n}", guid=f"u{n}") for n in range(3)]
    store.save_feed(fid, title=None, etag=None, last_modified=None, entries=stored(*undated))
    assert [a.title for a in store.headlines()] == [e.title for e in undated]


def test_a_body_with_related_links_round_trips(store):
    fid = feed_id(store)
    store.save_feed(fid, title=None, etag=None, last_modified=None, entries=stored(entry(1)))
    article = store.headlines()[0]
    body = ArticleBody(
        markdown="Teks.",
        place="Banjarmasin",
        caption="Foto",
        related=(RelatedLink("Pasar terapung", "https://kalsel.example/pasar"),),
        source="page",
        fetched_at=NOW,
        extractor_version=1,
    )
    store.save_body(article.id, body)
    again = store.body(article.id)
    assert again.related == body.related
    assert (again.place, again.caption, again.fetched_at, again.offline) == (
        "Banjarmasin",
        "Foto",
        NOW,
        True,
    )


def test_an_unknown_article_raises_not_found(store):
    with pytest.raises(NotFoundError):
        store.article(12345)


def test_feeds_removed_from_the_config_are_hidden_but_kept(store):
    fid = feed_id(store)
    store.save_feed(fid, title=None, etag=None, last_modified=None, entries=stored(entry(1)))
    store.sync_feeds([])
    assert store.count() == 0
    store.sync_feeds([(FEED, None, "Kalimantan Selatan")])
    assert store.count() == 1


def test_conditional_get_validators_and_errors_are_recorded(store):
    fid = feed_id(store)
    store.save_feed(
        fid, title="Kalsel Hari Ini", etag='"v1"', last_modified="Fri, 27 Nov 2026", entries=[]
    )
    feed = store.feed(FEED)
    assert (feed.title, feed.etag, feed.last_modified, feed.last_error) == (
        "Kalsel Hari Ini",
        '"v1"',
        "Fri, 27 Nov 2026",
        None,
    )
    store.record_failure(fid, "HTTP 500 Internal Server Error")
    assert store.feed(FEED).last_error == "HTTP 500 Internal Server Error"


def test_a_version_5_cache_sorts_future_dates_as_first_seen_and_keeps_its_stories(tmp_path):
    path = tmp_path / "v5.db"
    raw = sqlite3.connect(path)
    for script in MIGRATIONS[:5]:
        raw.executescript(script)
    raw.execute("PRAGMA user_version = 5")
    raw.execute("INSERT INTO feeds (id, url, region) VALUES (1, ?, 'Kalimantan Selatan')", (FEED,))
    future, seen = int(datetime(2999, 1, 1, tzinfo=UTC).timestamp()), int(NOW.timestamp())
    raw.execute(
        "INSERT INTO articles (feed_id, guid, title, published, first_seen, sort_ts, region, read)"
        " VALUES (1, 'f', 'Dari masa depan', ?, ?, ?, 'Kalimantan Selatan', 1)",
        (future, seen, future),
    )
    raw.commit()
    raw.close()
    db = Store(path, now=lambda: NOW.timestamp() + 365 * 86400)
    assert db.schema_version == SCHEMA_VERSION
    assert tuple(db._query("SELECT sort_ts, published, in_feed FROM articles")[0]) == (
        seen,
        future,
        1,
    )
    assert db.prune(keep_days=90) == 0  # its feed is taken to carry it until it is next read
    db.close()
