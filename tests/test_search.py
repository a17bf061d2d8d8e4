"""Full-text search: ranking, the index kept in step with the cache, and the LIKE fallback."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from habari_tui.models import ArticleBody, ParsedEntry
from habari_tui.store import STARRED, EntryToSave, Store, fts_query, search_terms
from habari_tui.store import schema as store_schema

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
FEED = "https://kalsel.example/feed/"
OTHER_FEED = "https://world.example/feed/"

# Our own fixture stories: (guid, title, summary, hours ago).
STORIES = [
    ("banjir", "Banjir rob rendam tiga kelurahan", "Air pasang naik di Banjarmasin.", 1),
    ("jembatan", "Jembatan Alalak dibuka", "Warga menyeberang tanpa antre; banjir tak lagi.", 2),
    ("pasar", "Pasar terapung Lok Baintan", "Pedagang jukung menunggu air pasang.", 3),
    ("festival", "Festival budaya Banjar", "Tari dan musik di siring sungai.", 4),
    ("rsud", "Gubernur resmikan gedung RSUD", "Gedung baru untuk pasien rawat inap.", 5),
]


def make_store(path) -> Store:
    db = Store(path, now=lambda: NOW.timestamp())
    db.sync_feeds([(FEED, "Warta Banua", "Kalimantan Selatan"), (OTHER_FEED, "World", "World")])
    entries = [
        EntryToSave(
            ParsedEntry(
                title=title,
                guid=guid,
                url=f"https://kalsel.example/{guid}",
                summary=summary,
                published=NOW - timedelta(hours=hours),
            ),
            "Kalimantan Selatan",
        )
        for guid, title, summary, hours in STORIES
    ]
    db.save_feed(db.feed(FEED).id, title=None, etag=None, last_modified=None, entries=entries)
    return db


@pytest.fixture
def store(tmp_path):
    db = make_store(tmp_path / "cache.db")
    yield db
    db.close()


def guids(articles) -> list[str]:
    return [a.guid or "" for a in articles]


def article_id(db: Store, guid: str) -> int:
    return db._query("SELECT id FROM articles WHERE guid = ?", (guid,))[0][0]


def body(markdown: str) -> ArticleBody:
    return ArticleBody(markdown=markdown, source="page")


def test_a_title_match_ranks_above_a_summary_match(store):
    assert guids(store.search("banjir")) == ["banjir", "jembatan"]


def test_every_word_must_match_anywhere(store):
    assert sorted(guids(store.search("air pasang"))) == ["banjir", "pasar"]
    assert guids(store.search("pasang jukung")) == ["pasar"]
    assert store.search("pasang gubernur") == []


def test_the_last_word_matches_as_a_prefix_while_it_is_typed(store):
    assert guids(store.search("jemb")) == ["jembatan"]
    assert guids(store.search("banjarm")) == ["banjir"]


def test_search_ignores_case_and_diacritics(store):
    assert guids(store.search("FESTIVAL")) == ["festival"]
    assert guids(store.search("festivál")) == ["festival"]


def test_fts_syntax_in_the_query_is_read_as_plain_words(store):
    assert search_terms('title: "banjir" OR NEAR(*') == ["title", "banjir", "OR", "NEAR"]
    assert fts_query(["banjir", "rob"]) == '"banjir" "rob"*'
    assert store.search('"banjir') == store.search("banjir")
    assert store.search("*** ()") == []
    assert store.search("") == []


def test_limit_and_offset_page_through_the_results(store):
    everything = store.search("air")  # in two summaries
    assert len(everything) == 2
    assert store.search("air", limit=1) == everything[:1]
    assert store.search("air", limit=1, offset=1) == everything[1:]


def test_a_saved_body_is_searchable_and_replacing_it_updates_the_index(store):
    rsud = article_id(store, "rsud")
    assert store.search("perawat") == []
    store.save_body(rsud, body("Seratus perawat baru bekerja di gedung itu."))
    assert guids(store.search("perawat")) == ["rsud"]
    store.save_body(rsud, body("Dokter spesialis jantung bergabung."))
    assert store.search("perawat") == []
    assert guids(store.search("jantung")) == ["rsud"]
    assert guids(store.search("gubernur")) == ["rsud"]  # the title is still indexed


def test_a_page_body_of_no_article_is_not_a_search_result(store):
    store.save_body(None, body("Perawat di halaman lain."), url="https://elsewhere.example/x")
    assert store.search("perawat") == []


def test_a_changed_title_is_found_by_its_new_words_only(store):
    feed = store.feed(FEED).id
    changed = ParsedEntry(title="Banjir surut pagi ini", guid="banjir", summary="Air surut.")
    store.save_feed(
        feed,
        title=None,
        etag=None,
        last_modified=None,
        entries=[EntryToSave(changed, "Kalimantan Selatan")],
    )
    assert guids(store.search("surut")) == ["banjir"]
    assert guids(store.search("kelurahan")) == []


def test_pruned_stories_leave_the_index_but_starred_ones_stay(tmp_path):
    path = tmp_path / "cache.db"
    make_store(path).close()
    later = Store(path, now=lambda: (NOW + timedelta(days=30)).timestamp())
    later.save_body(article_id(later, "rsud"), body("Perawat baru."))
    later.set_starred(article_id(later, "festival"), True)
    later.mark_all_read()
    gone = ParsedEntry(title="Berita lain", guid="lain")  # the feed no longer carries the five
    later.save_feed(
        later.feed(FEED).id,
        title=None,
        etag=None,
        last_modified=None,
        entries=[EntryToSave(gone, "Kalimantan Selatan")],
    )
    assert later.prune(keep_days=7) == 4
    assert guids(later.search("perawat")) == []
    assert guids(later.search("festival")) == ["festival"]
    later._query("INSERT INTO article_search(article_search, rank) VALUES ('integrity-check', 1)")
    later.close()


@pytest.mark.parametrize("indexed_first", [False, True], ids=["still-waiting", "indexed"])
def test_the_index_stays_consistent_through_every_change(store, indexed_first):
    if indexed_first:
        assert store.index_pending() == 5
    rsud = article_id(store, "rsud")
    store.save_body(rsud, body("Perawat baru."))
    store.save_body(rsud, body("Dokter baru."))
    store.set_read(rsud, True)
    with store._transaction() as db:
        db.execute("DELETE FROM articles WHERE id = ?", (rsud,))
    store.index_pending()
    store._query("INSERT INTO article_search(article_search, rank) VALUES ('integrity-check', 1)")
    assert store.search("dokter") == []


def test_new_stories_wait_for_the_index_and_a_search_takes_them_in(store):
    waiting = "SELECT COUNT(*) FROM search_pending"
    assert store._query(waiting)[0][0] == 5
    assert guids(store.search("banjir")) == ["banjir", "jembatan"]
    assert store._query(waiting)[0][0] == 0
    assert store.index_pending() == 0


OLD_SCHEMA = Path(__file__).parent / "fixtures" / "schema"


def _old_cache(path, version: int) -> None:
    """A cache as habari-tui left it at schema `version`, with one story in it."""
    raw = sqlite3.connect(path)
    for script in store_schema.MIGRATIONS[:version]:
        raw.executescript(script)
    # What older versions made and a later one dropped: the migrations no longer make it.
    if version < 5:
        raw.executescript((OLD_SCHEMA / "v1_indexes.sql").read_text(encoding="utf-8"))
    if version == 3:
        raw.executescript((OLD_SCHEMA / "v3_search_triggers.sql").read_text(encoding="utf-8"))
    raw.execute(f"PRAGMA user_version = {version}")
    raw.execute("INSERT INTO feeds (id, url, region) VALUES (1, ?, 'Kalimantan Selatan')", (FEED,))
    raw.execute(
        "INSERT INTO articles (feed_id, guid, title, summary, first_seen, sort_ts, region) "
        "VALUES (1, 'lama', 'Banjir lama di Martapura', '', 0, 0, 'Kalimantan Selatan')"
    )
    raw.commit()
    raw.close()


def test_a_version_2_cache_is_indexed_when_it_is_migrated(tmp_path):
    path = tmp_path / "cache.db"
    _old_cache(path, 2)
    db = make_store(path)
    assert db.schema_version == store_schema.SCHEMA_VERSION
    assert sorted(guids(db.search("banjir"))) == ["banjir", "jembatan", "lama"]
    db._query("INSERT INTO article_search(article_search, rank) VALUES ('integrity-check', 1)")
    db.close()


def test_a_version_3_cache_keeps_its_index_and_indexes_new_stories_in_bulk(tmp_path):
    path = tmp_path / "cache.db"
    _old_cache(path, 3)  # its story indexed at once by the version 3 trigger
    db = make_store(path)
    assert db.schema_version == store_schema.SCHEMA_VERSION
    assert sorted(guids(db.search("banjir"))) == ["banjir", "jembatan", "lama"]
    db._query("INSERT INTO article_search(article_search, rank) VALUES ('integrity-check', 1)")
    db.close()


def test_a_version_4_cache_loses_the_indexes_version_5_replaced(tmp_path):
    path = tmp_path / "cache.db"
    _old_cache(path, 4)
    db = make_store(path)
    assert db.schema_version == store_schema.SCHEMA_VERSION
    indexes = {row[0] for row in db._query("SELECT name FROM sqlite_master WHERE type = 'index'")}
    assert "articles_feed" in indexes
    assert not indexes & {"articles_feed_guid", "articles_feed_url"}
    assert sorted(guids(db.search("banjir"))) == ["banjir", "jembatan", "lama"]
    db.close()


def test_a_new_cache_has_only_the_search_triggers_of_this_version(tmp_path):
    db = make_store(tmp_path / "cache.db")
    rows = db._query(
        "SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'article_search%'"
    )
    assert {row[0] for row in rows} == {
        "article_search_insert",
        "article_search_update",
        "article_search_delete",
        "article_search_body_insert",
        "article_search_body_delete",
    }
    assert all("search_pending" in row[1] for row in rows)
    db.close()


def test_without_fts5_search_falls_back_to_like(tmp_path, monkeypatch):
    monkeypatch.setattr(store_schema, "HAS_FTS5", False)
    db = make_store(tmp_path / "cache.db")
    assert not db.full_text
    assert not db._query("SELECT 1 FROM sqlite_master WHERE name = 'article_search'")
    assert guids(db.search("banjir")) == ["banjir", "jembatan"]  # title matches first
    assert guids(db.search("PASANG jukung")) == ["pasar"]
    db.save_body(article_id(db, "rsud"), body("Seratus perawat baru."))
    assert guids(db.search("perawat")) == ["rsud"]
    db.close()


def test_a_cache_made_without_fts5_gets_its_index_later(tmp_path, monkeypatch):
    path = tmp_path / "cache.db"
    monkeypatch.setattr(store_schema, "HAS_FTS5", False)
    make_store(path).close()
    monkeypatch.setattr(store_schema, "HAS_FTS5", True)
    db = Store(path)
    assert db.full_text
    assert guids(db.search("banjir")) == ["banjir", "jembatan"]
    db.close()


def test_starred_is_a_list_of_its_own_across_regions(store):
    store.set_starred(article_id(store, "pasar"), True)
    store.set_starred(article_id(store, "banjir"), True)
    assert guids(store.headlines(STARRED)) == ["banjir", "pasar"]
    assert store.count(STARRED) == 2


def test_marking_a_region_read_returns_the_ids_changed_for_undo(store):
    store.set_read(article_id(store, "pasar"), True)
    changed = store.mark_all_read("Kalimantan Selatan")
    assert len(changed) == 4 and article_id(store, "pasar") not in changed
    assert store.count("Kalimantan Selatan", unread_only=True) == 0
    store.set_read_many(changed, False)
    assert store.count("Kalimantan Selatan", unread_only=True) == 4
    assert store.article(article_id(store, "pasar")).read


def test_ui_state_is_remembered(store):
    assert store.ui_state("theme") is None
    store.set_ui_state("theme", "nord")
    store.set_ui_state("theme", "gruvbox")
    assert store.ui_state("theme") == "gruvbox"


def test_cli_search_json_has_the_list_keys_best_match_first(tmp_path, capsys):
    from habari_tui.cli import main

    config = tmp_path / "config.toml"
    feed = Path(__file__).parent / "fixtures" / "refresh" / "kalsel.xml"
    config.write_text(
        f'[settings]\nrefresh_on_start = false\n\n[[feed]]\nurl = "{feed}"\nregion = "Kalsel"\n'
    )
    data = ["--config", str(config), "--data-dir", str(tmp_path / "data")]
    assert main(["refresh", *data]) == 0
    capsys.readouterr()
    assert main(["search", "dermaga", "--json", *data]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [item["title"][:7] for item in found] == ["Dermaga"]
    assert {"id", "title", "url", "feed", "region", "published", "read", "starred"} <= set(found[0])
    assert main(["search", "zzzqqq", *data]) == 0
    assert "nothing matches" in capsys.readouterr().err


def test_the_index_can_take_waiting_stories_in_batches_oldest_first(store):
    assert store.index_pending(2) == 2
    assert store.index_pending(2) == 2
    assert store.index_pending(2) == 1
    assert store.index_pending(2) == 0
    store._query("INSERT INTO article_search(article_search, rank) VALUES ('integrity-check', 1)")


def test_a_page_of_headlines_can_follow_a_given_story(store):
    everything = store.headlines()
    first = store.headlines(limit=2)
    second = store.headlines(limit=2, after=first[-1].id)
    assert [a.id for a in first + second] == [a.id for a in everything[:4]]
    assert store.headlines(after=everything[-1].id) == []
