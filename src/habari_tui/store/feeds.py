"""Queries about feeds: the subscribed list, fetch bookkeeping, and writing a fetched feed."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from habari_tui.errors import NotFoundError
from habari_tui.models import Feed, ParsedEntry
from habari_tui.store.connection import Connection
from habari_tui.store.rows import _feed, _ts


@dataclass(frozen=True, slots=True)
class EntryToSave:
    """An entry ready to be written: what the parser read plus the region it belongs to."""

    entry: ParsedEntry
    region: str


class FeedQueries(Connection):
    def sync_feeds(self, feeds: Iterable[tuple[str, str | None, str]]) -> None:
        """Make the configured (url, title, region) feeds active; others stay, inactive."""
        with self._transaction() as db:
            db.execute("UPDATE feeds SET active = 0")
            for url, title, region in feeds:
                db.execute(
                    "INSERT INTO feeds (url, title, region) VALUES (?, ?, ?) "
                    "ON CONFLICT(url) DO UPDATE SET active = 1, region = excluded.region, "
                    "title = CASE WHEN ? IS NULL THEN feeds.title ELSE excluded.title END",
                    (url, title or "", region, title),
                )

    def feeds(self) -> list[Feed]:
        rows = self._query("SELECT * FROM feeds WHERE active = 1 ORDER BY id")
        return [_feed(r) for r in rows]

    def feed(self, url: str) -> Feed:
        rows = self._query("SELECT * FROM feeds WHERE url = ?", (url,))
        if not rows:
            raise NotFoundError(f"no feed {url} in the cache")
        return _feed(rows[0])

    def record_failure(self, feed_id: int, error: str, *, retry_at: float | None = None) -> None:
        """Note a failed fetch; `retry_at` is when the server said we may come back."""
        retry = None if retry_at is None else int(retry_at)
        with self._transaction() as db:
            db.execute(
                "UPDATE feeds SET last_error = ?, last_fetched = ?, retry_after = ? WHERE id = ?",
                (error, int(self.now()), retry, feed_id),
            )

    def record_moved(self, feed_id: int, moved_to: str | None) -> None:
        """Remember (or forget, with None) where a permanent redirect said the feed lives."""
        with self._transaction() as db:
            db.execute("UPDATE feeds SET moved_to = ? WHERE id = ?", (moved_to, feed_id))

    def move_feed(self, old_url: str, new_url: str) -> None:
        """Give a feed its new URL, keeping its articles; once the user accepted the move."""
        with self._transaction() as db:
            taken = db.execute("SELECT id FROM feeds WHERE url = ?", (new_url,)).fetchone()
            if taken is not None:  # the new URL is subscribed already: keep that one
                return
            db.execute(
                "UPDATE feeds SET url = ?, moved_to = NULL WHERE url = ?", (new_url, old_url)
            )

    def record_not_modified(self, feed_ids: Iterable[int]) -> None:
        """These feeds answered 304 Not Modified: fetched now, nothing new, no error."""
        now = int(self.now())
        rows = [(now, feed_id) for feed_id in feed_ids]
        if not rows:
            return
        with self._transaction() as db:
            db.executemany(
                "UPDATE feeds SET last_error = NULL, last_fetched = ? WHERE id = ?",
                rows,
            )

    def never_parsed(self) -> int:
        """How many active feeds have never had a fetch parsed and saved (new subscriptions)."""
        rows = self._query("SELECT COUNT(*) FROM feeds WHERE active = 1 AND content_hash IS NULL")
        return int(rows[0][0])

    def content_hash(self, feed_id: int) -> str | None:
        """The hash of the fetched feed last parsed and saved, to skip an unchanged one."""
        rows = self._query("SELECT content_hash FROM feeds WHERE id = ?", (feed_id,))
        return rows[0][0] if rows else None

    def record_unchanged(
        self,
        feed_id: int,
        *,
        etag: str | None,
        last_modified: str | None,
        now: float | None = None,
    ) -> None:
        """A fetch returned the very bytes saved last time: only its validators are new."""
        fetched = int(self.now() if now is None else now)
        with self._transaction() as db:
            db.execute(
                "UPDATE feeds SET etag = ?, last_modified = ?, last_error = NULL, last_fetched = ?"
                " WHERE id = ?",
                (etag, last_modified, fetched, feed_id),
            )

    def save_feed(
        self,
        feed_id: int,
        *,
        title: str | None,
        etag: str | None,
        last_modified: str | None,
        entries: Sequence[EntryToSave],
        content_hash: str | None = None,
        now: float | None = None,
    ) -> list[int]:
        """Write a fetched feed in one transaction; returns the ids of the new articles.

        Entries are matched to stored articles by guid, then by link, so read and starred
        state survive; an entry whose story retention removed stays removed. Every entry is
        kept, however old its date: retention (`prune`) goes by what the reader has had.
        `now` is the time of the refresh, when it is not this moment.
        """
        now = int(self.now() if now is None else now)
        with self._transaction() as db:
            known = _Keys.of(db, "articles", feed_id)
            removed = _Keys.of(db, "removed_articles", feed_id)
            new: list[int] = []
            for position, stored in enumerate(entries):
                entry = stored.entry
                existing = known.find(entry.guid, entry.url)
                if existing is not None:
                    self._update_article(db, existing, stored)
                    known.carried.add(existing)
                    continue
                gone = removed.find(entry.guid, entry.url)
                if gone is not None:
                    removed.carried.add(gone)
                    continue
                article_id = self._insert_article(db, feed_id, stored, now=now, position=position)
                known.add(article_id, entry.guid, entry.url)
                known.carried.add(article_id)
                known.was_carried.add(article_id)  # written with in_feed = 1 already
                new.append(article_id)
            if entries:  # an empty document says nothing about which stories the feed carries
                known.record_carried(db)
                removed.record_carried(db, seen=now)
            db.execute(
                "UPDATE feeds SET etag = ?, last_modified = ?, last_fetched = ?, last_error = NULL,"
                " title = CASE WHEN title = '' AND ? IS NOT NULL THEN ? ELSE title END,"
                " content_hash = ? WHERE id = ?",
                (etag, last_modified, now, title, title, content_hash, feed_id),
            )
        return new

    @staticmethod
    def _insert_article(
        db: sqlite3.Connection, feed_id: int, stored: EntryToSave, *, now: int, position: int
    ) -> int:
        entry = stored.entry
        published = _ts(entry.published)
        # A date in the future sorts as now, when the story was first seen; undated entries
        # sort as first seen too, keeping the feed's order (earlier in it sorts newer).
        sort_ts = min(published, now) if published is not None else now - position
        cursor = db.execute(
            "INSERT INTO articles (feed_id, guid, url, title, summary, content_html, "
            "published, first_seen, sort_ts, region, categories, author) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                feed_id,
                entry.guid,
                entry.url,
                entry.title,
                entry.summary,
                entry.content_html,
                published,
                now,
                sort_ts,
                stored.region,
                json.dumps(list(entry.categories), ensure_ascii=False),
                entry.author,
            ),
        )
        assert cursor.lastrowid is not None
        return cursor.lastrowid

    @staticmethod
    def _update_article(db: sqlite3.Connection, article_id: int, stored: EntryToSave) -> None:
        entry = stored.entry
        db.execute(
            "UPDATE articles SET title = ?, summary = ?, "
            "content_html = COALESCE(?, content_html), categories = ?, region = ? WHERE id = ?",
            (
                entry.title,
                entry.summary,
                entry.content_html,
                json.dumps(list(entry.categories), ensure_ascii=False),
                stored.region,
                article_id,
            ),
        )


class _Keys:
    """A feed's rows in `table` (its articles, or its removed ones) by guid and by link, and
    which of them the document being saved carries."""

    def __init__(self, table: str) -> None:
        self.table = table
        self.by_guid: dict[str, int] = {}
        self.by_url: dict[str, int] = {}
        self.was_carried: set[int] = set()
        self.carried: set[int] = set()

    @classmethod
    def of(cls, db: sqlite3.Connection, table: str, feed_id: int) -> _Keys:
        keys = cls(table)
        rows = db.execute(
            f"SELECT id, guid, url, in_feed FROM {table} WHERE feed_id = ?", (feed_id,)
        )
        for row_id, guid, url, in_feed in rows:
            keys.add(row_id, guid, url)
            if in_feed:
                keys.was_carried.add(row_id)
        return keys

    def add(self, row_id: int, guid: str | None, url: str | None) -> None:
        if guid:
            self.by_guid[guid] = row_id
        if url:
            self.by_url[url] = row_id

    def find(self, guid: str | None, url: str | None) -> int | None:
        found = self.by_guid.get(guid) if guid else None
        if found is None and url:
            found = self.by_url.get(url)
        return found

    def record_carried(self, db: sqlite3.Connection, *, seen: int | None = None) -> None:
        """Write in_feed where the answer changed (and, with `seen`, when carried rows were)."""
        self._set(db, "in_feed", 1, self.carried - self.was_carried)
        self._set(db, "in_feed", 0, self.was_carried - self.carried)
        if seen is not None:
            self._set(db, "last_seen", seen, self.carried)

    def _set(self, db: sqlite3.Connection, column: str, value: int, row_ids: set[int]) -> None:
        ids = sorted(row_ids)
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ",".join("?" * len(chunk))
            db.execute(
                f"UPDATE {self.table} SET {column} = ? WHERE id IN ({marks})", [value, *chunk]
            )
