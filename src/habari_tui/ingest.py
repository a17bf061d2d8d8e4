"""A fetched feed made into stored articles: parse, place in regions, save.

The refresh does this in a thread for a few feeds, and in worker processes (one cache
connection each) for many, so that parsing and writing use every core while the event loop
keeps fetching. Nothing here touches the network.
"""

from __future__ import annotations

import hashlib
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

from habari_tui.models import FetchResult
from habari_tui.regions import RegionRules, assign_region
from habari_tui.sources import detect
from habari_tui.store import EntryToSave, Store


@dataclass(frozen=True, slots=True)
class FetchedFeed:
    """One feed as fetched, and what is needed to store its entries."""

    feed_id: int
    region: str  # the feed's own region; rules may move single entries elsewhere
    title: str | None  # the title the config gives the feed, which wins over the feed's own
    result: FetchResult
    rules: RegionRules
    now: float  # the time by the cache's clock (a worker's own connection has none set)


def content_hash(content: bytes) -> str:
    return hashlib.blake2b(content, digest_size=16).hexdigest()


def parse_and_save(
    store: Store, fetched: FetchedFeed, writing: AbstractContextManager[object] | None = None
) -> list[int]:
    """Store the entries of a fetched feed; the ids of the new articles.

    Bytes identical to the ones saved last time are not parsed again. Writes are made
    holding `writing`, when given; parsing needs no lock.
    """
    writing = writing or nullcontext()
    result = fetched.result
    content = result.content or b""
    digest = content_hash(content)
    if store.content_hash(fetched.feed_id) == digest:
        with writing:
            store.record_unchanged(
                fetched.feed_id,
                etag=result.etag,
                last_modified=result.last_modified,
                now=fetched.now,
            )
        return []
    parsed = detect.parse(content, result.final_url, result.content_type)
    entries = [
        EntryToSave(e, assign_region(fetched.region, e.title, e.categories, fetched.rules))
        for e in parsed.entries
    ]
    with writing:
        return store.save_feed(
            fetched.feed_id,
            title=fetched.title or parsed.title,
            etag=result.etag,
            last_modified=result.last_modified,
            entries=entries,
            content_hash=digest,
            now=fetched.now,
        )


# A worker process keeps one connection per cache for all the feeds it is given, and takes
# the pool's lock to write: SQLite's own wait for a busy cache sleeps for milliseconds at a
# time, longer than most writes take.
_worker_stores: dict[str, Store] = {}
_worker_lock: AbstractContextManager[object] | None = None


def start_worker(write_lock: AbstractContextManager[object]) -> None:
    """The pool's initializer: remember the lock the workers share for writing."""
    global _worker_lock
    _worker_lock = write_lock


def parse_and_save_in_worker(cache_path: str, fetched: FetchedFeed) -> list[int]:
    """parse_and_save, in a worker process of the refresh's pool."""
    store = _worker_stores.get(cache_path)
    if store is None:
        store = _worker_stores[cache_path] = Store(cache_path)
    return parse_and_save(store, fetched, _worker_lock)
