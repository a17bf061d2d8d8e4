"""The local change queue: written with the change, kept across restarts, left only once the
server confirmed it; the server's own state never queues anything."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime

import pytest

from habari_tui.store import Store
from habari_tui.store.sync import SyncTables
from habari_tui.sync.models import Change, ServerEntry, ServerFeed, ServerState

NOW = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)


def server_entry(n: int, *, read: bool = False, starred: bool = False) -> ServerEntry:
    return ServerEntry(
        id=str(n),
        feed_id="f1",
        title=f"Berita {n}",
        url=f"https://kalsel.example/{n}",
        content_html=f"<p>Isi berita {n}.</p>",
        published=NOW,
        read=read,
        starred=starred,
    )


def pulled(store: Store, *entries: ServerEntry) -> dict[str, int]:
    """Stories pulled from a server into the cache: server id -> article id."""
    tables = SyncTables(store)
    feeds = tables.save_feeds([ServerFeed("f1", "https://kalsel.example/feed", "Kalsel", "Kalsel")])
    tables.save_entries(entries, feeds, (), {"entry_id": "9"}, keep_read_after=0)
    return {k: v.article_id for k, v in tables.known().items()}


@pytest.fixture
def store(tmp_path):
    db = Store(tmp_path / "cache.db", now=NOW.timestamp)
    yield db
    db.close()


def test_marking_a_server_story_queues_the_change_in_the_same_write(store):
    ids = pulled(store, server_entry(1), server_entry(2))
    store.set_read(ids["1"], True)
    store.set_starred(ids["2"], True)
    queued = {(c.server_id, c.field, c.value) for c in SyncTables(store).pending()}
    assert queued == {("1", "read", True), ("2", "starred", True)}


def test_changing_a_story_back_empties_its_queue(store):
    ids = pulled(store, server_entry(1))
    store.set_read(ids["1"], True)
    store.set_read(ids["1"], False)
    assert SyncTables(store).pending() == []


def test_stories_not_from_a_server_queue_nothing(store):
    store.sync_feeds([("https://local.example/feed", None, "Other")])
    from habari_tui.models import ParsedEntry
    from habari_tui.store import EntryToSave

    feed = store.feed("https://local.example/feed")
    [article_id] = store.save_feed(
        feed.id,
        title=None,
        etag=None,
        last_modified=None,
        entries=[EntryToSave(ParsedEntry(title="Lokal", guid="l1"), "Other")],
    )
    store.set_read(article_id, True)
    assert SyncTables(store).pending() == []


def test_mark_all_read_queues_exactly_the_stories_it_changed(store):
    ids = pulled(store, server_entry(1), server_entry(2, read=True), server_entry(3))
    changed = store.mark_all_read(None)
    assert sorted(changed) == sorted([ids["1"], ids["3"]])
    assert {c.server_id for c in SyncTables(store).pending()} == {"1", "3"}


def test_the_queue_survives_a_restart(tmp_path):
    first = Store(tmp_path / "cache.db")
    ids = pulled(first, server_entry(1))
    first.set_starred(ids["1"], True)
    first.close()
    again = Store(tmp_path / "cache.db")
    try:
        assert [(c.server_id, c.field, c.value) for c in SyncTables(again).pending()] == [
            ("1", "starred", True)
        ]
    finally:
        again.close()


def test_a_change_made_by_a_killed_process_is_queued(tmp_path):
    """The change and its queue entry are one transaction: once the mark returned, a SIGKILL
    cannot leave the story changed without its queued change."""
    setup = Store(tmp_path / "cache.db")
    ids = pulled(setup, server_entry(1))
    setup.close()
    script = (
        "import os, signal, sys\n"
        "from habari_tui.store import Store\n"
        f"s = Store({str(tmp_path / 'cache.db')!r})\n"
        f"s.set_read({ids['1']}, True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], check=False)
    assert done.returncode == -9
    after = Store(tmp_path / "cache.db")
    try:
        assert after.article(ids["1"]).read
        assert [(c.server_id, c.field) for c in SyncTables(after).pending()] == [("1", "read")]
    finally:
        after.close()


def test_confirmed_changes_leave_the_queue(store):
    ids = pulled(store, server_entry(1), server_entry(2))
    store.set_read(ids["1"], True)
    store.set_read(ids["2"], True)
    tables = SyncTables(store)
    first, second = sorted(tables.pending(), key=lambda c: c.server_id)
    tables.confirm([first])
    assert tables.pending() == [second]
    assert tables.known()["1"].server_read is True


def test_a_change_made_while_the_server_was_told_stays_queued(store):
    """Marked read, sent; marked unread again before the server answered: that is a change."""
    ids = pulled(store, server_entry(1))
    store.set_read(ids["1"], True)
    tables = SyncTables(store)
    [sent] = tables.pending()
    store.set_read(ids["1"], False)  # meanwhile, back to unread
    tables.confirm([sent])
    assert [(c.server_id, c.field, c.value) for c in tables.pending()] == [("1", "read", False)]


def test_server_state_is_taken_without_queueing_anything(store):
    ids = pulled(store, server_entry(1), server_entry(2))
    tables = SyncTables(store)
    changed = tables.apply_states(
        [ServerState("1", read=True, starred=True), ServerState("2", read=False, starred=False)],
        [],
        {},
    )
    assert changed == 1
    story = store.article(ids["1"])
    assert (story.read, story.starred) == (True, True)
    assert tables.pending() == []


def test_server_state_leaves_a_story_with_a_waiting_change_alone(store):
    ids = pulled(store, server_entry(1))
    store.set_starred(ids["1"], True)
    SyncTables(store).apply_states([ServerState("1", read=True, starred=False)], [], {})
    story = store.article(ids["1"])
    assert story.read and story.starred  # read came from the server; the star waits to be sent
    assert [(c.field, c.value) for c in SyncTables(store).pending()] == [("starred", True)]


def test_an_overruled_change_gives_way_to_the_server(store):
    ids = pulled(store, server_entry(1))
    store.set_read(ids["1"], True)
    tables = SyncTables(store)
    [change] = tables.pending()
    tables.apply_states([ServerState("1", read=False, starred=True)], [change], {})
    story = store.article(ids["1"])
    assert (story.read, story.starred) == (False, True)
    assert tables.pending() == []


def test_the_cursor_is_saved_with_the_stories(store):
    pulled(store, server_entry(1))
    assert SyncTables(store).cursor() == {"entry_id": "9"}


def test_a_read_story_older_than_the_first_days_is_not_added(store):
    tables = SyncTables(store)
    feeds = tables.save_feeds([ServerFeed("f1", "https://kalsel.example/feed", "Kalsel")])
    old = NOW.timestamp() + 1  # everything published at NOW is "before" this
    new, _ = tables.save_entries(
        [server_entry(1, read=True), server_entry(2), server_entry(3, read=True, starred=True)],
        feeds,
        (),
        {},
        keep_read_after=old,
    )
    assert sorted(tables.known()) == ["2", "3"]
    assert len(new) == 2


def test_another_account_forgets_the_old_ids_and_queue(store):
    tables = SyncTables(store)
    tables.use_account("miniflux https://a.example/ me")
    ids = pulled(store, server_entry(1))
    store.set_read(ids["1"], True)
    assert tables.use_account("miniflux https://b.example/ me") is True
    assert tables.pending() == [] and tables.known() == {} and tables.cursor() == {}


def test_changes_carry_this_machines_clock(store):
    ids = pulled(store, server_entry(1))
    before = datetime.now(UTC).timestamp()
    store.set_read(ids["1"], True)
    [change] = SyncTables(store).pending()
    assert isinstance(change, Change)
    assert before - 1 <= change.changed_at <= datetime.now(UTC).timestamp() + 1


def test_a_new_cache_has_the_queue_triggers(store):
    rows = store._query(
        "SELECT name FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'sync%'"
    )
    assert {row[0] for row in rows} == {"sync_queue_read", "sync_queue_starred"}
