"""Reads go through connections of their own: a write in progress never holds them up."""

from __future__ import annotations

import threading

import pytest

from habari_tui.errors import StoreError
from habari_tui.store import Store

from .test_store import FEED, NOW, entry, feed_id, stored

# How long a test waits for what must happen at once before it calls it a hang.
PATIENCE = 10.0


@pytest.fixture
def store(tmp_path):
    db = Store(tmp_path / "cache.db", now=lambda: NOW.timestamp())
    db.sync_feeds([(FEED, None, "Kalimantan Selatan")])
    yield db
    db.close()


def test_a_read_does_not_wait_for_a_write_in_progress_and_sees_it_once_committed(store):
    store.save_feed(
        feed_id(store),
        title=None,
        etag=None,
        last_modified=None,
        entries=stored(entry(1, title="Jembatan dibuka")),
    )
    writing, read = threading.Event(), threading.Event()

    def write() -> None:
        with store._transaction() as db:
            db.execute("UPDATE articles SET title = 'Jembatan ditutup'")
            writing.set()
            read.wait(PATIENCE)  # the transaction stays open until the read is done

    writer = threading.Thread(target=write)
    writer.start()
    assert writing.wait(PATIENCE)
    seen: list[str] = []

    def headline() -> None:
        seen.append(store.headlines()[0].title)
        read.set()

    threading.Thread(target=headline).start()
    assert read.wait(PATIENCE), "the read waited for the writer's transaction"
    writer.join()
    assert seen == ["Jembatan dibuka"]  # not what the open transaction had written
    assert store.headlines()[0].title == "Jembatan ditutup"


def test_reads_from_many_threads_at_once_all_get_their_rows(store):
    store.save_feed(
        feed_id(store),
        title=None,
        etag=None,
        last_modified=None,
        entries=stored(*(entry(n) for n in range(20))),
    )
    start = threading.Barrier(8)
    counts: list[int] = []

    def read() -> None:
        start.wait(PATIENCE)
        counts.append(len(store.headlines(limit=100)))

    threads = [threading.Thread(target=read) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(PATIENCE)
    assert counts == [20] * 8


def test_a_closed_cache_refuses_reads_with_a_store_error(tmp_path):
    store = Store(tmp_path / "cache.db")
    store.headlines()
    store.close()
    with pytest.raises(StoreError, match="closed"):
        store.headlines()
