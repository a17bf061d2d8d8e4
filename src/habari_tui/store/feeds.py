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
        keep_days: int | None = None,
        content_hash: str | None = None,
        now: float | None = None,
    ) -> list[int]:
        """Write a fetched feed in one transaction; returns the ids of the new articles.

        Entries are matched to stored articles by guid, then by link, so read and starred
        state survive. Entries older than `keep_days` (pruned already, or due) are skipped.
        `now` is the time of the refresh, when it is not this moment.
        """
        now = int(self.now() if now is None else now)
        not_before = None if keep_days is None else now - keep_days * 86400
        with self._transaction() as db:
            by_guid, by_url = self._known_keys(db, feed_id)
            new: list[int] = []
            for position, stored in enumerate(entries):
                entry = stored.entry
                published = _ts(entry.published)
                if not_before is not None and published is not None and published < not_before:
                    continue
                existing = by_guid.get(entry.guid) if entry.guid else None
                if existing is None and entry.url:
                    existing = by_url.get(entry.url)
                if existing is not None:
                    self._update_article(db, existing, stored)
                    continue
                # Undated entries keep the feed's order: earlier in the document sorts newer.
                sort_ts = published if published is not None else now - position
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
                article_id = cursor.lastrowid
                assert article_id is not None  # every INSERT sets it
                if entry.guid:
                    by_guid[entry.guid] = article_id
                if entry.url:
                    by_url[entry.url] = article_id
                new.append(article_id)
            db.execute(
                "UPDATE feeds SET etag = ?, last_modified = ?, last_fetched = ?, last_error = NULL,"
                " title = CASE WHEN title = '' AND ? IS NOT NULL THEN ? ELSE title END,"
                " content_hash = ? WHERE id = ?",
                (etag, last_modified, now, title, title, content_hash, feed_id),
            )
        return new

    @staticmethod
    def _known_keys(db: sqlite3.Connection, feed_id: int) -> tuple[dict[str, int], dict[str, int]]:
        rows = db.execute("SELECT id, guid, url FROM articles WHERE feed_id = ?", (feed_id,))
        by_guid: dict[str, int] = {}
        by_url: dict[str, int] = {}
        for article_id, guid, url in rows:
            if guid:
                by_guid[guid] = article_id
            if url:
                by_url[url] = article_id
        return by_guid, by_url

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
