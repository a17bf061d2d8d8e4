"""The cache's side of syncing: which stories and feeds are the server's, the change queue,
and where the last pull stopped.

The change queue is kept by triggers (made in `schema`): whenever a story known to the
server is marked read, unread, starred or unstarred here, in the same statement (so the same
transaction) the queue gets the change, stamped with this machine's clock; changing it back
to the state the server has removes it. A queued change leaves only once the server confirmed
it (`confirm`).
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from habari_tui.regions import RegionRules, assign_region
from habari_tui.sync.models import Change, Field, ServerEntry, ServerFeed, ServerState

if TYPE_CHECKING:
    from habari_tui.store.connection import Connection

OTHER_REGION = "Other"
SUMMARY_CHARS = 400

_NOW = "((julianday('now') - 2440587.5) * 86400.0)"  # epoch seconds with fractions, any SQLite


@dataclass(frozen=True, slots=True)
class KnownState:
    """What the cache holds for a story of the server: its id here, and the state the server
    had at the last sync (the base a conflict is judged against)."""

    article_id: int
    server_read: bool
    server_starred: bool

    def base(self, field: Field) -> bool:
        return self.server_read if field == "read" else self.server_starred


class SyncTables:
    """Queries of the sync tables, over one Store's connection and lock."""

    def __init__(self, store: Connection) -> None:
        self.store = store

    # -- the account and the cursor ------------------------------------------------------------

    def value(self, key: str) -> str | None:
        rows = self.store._query("SELECT value FROM sync_state WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def cursor(self) -> dict[str, str]:
        raw = self.value("cursor")
        return dict(json.loads(raw)) if raw else {}

    def save_cursor(self, cursor: dict[str, str]) -> None:
        with self.store._transaction() as db:
            _put_cursor(db, cursor)

    def use_account(self, account: str) -> bool:
        """Tie the cache to this server account; True when it was tied to another one, whose
        ids, cursor and queue then no longer mean anything and are forgotten."""
        current = self.value("account")
        if current == account:
            return False
        with self.store._transaction() as db:
            if current is not None:
                for table in ("sync_queue", "sync_articles", "sync_feeds", "sync_state"):
                    db.execute(f"DELETE FROM {table}")
            _put(db, "account", account)
        return current is not None

    def note_result(self, *, error: str | None, synced_at: float | None = None) -> None:
        """Remember how the last sync ended (for the status line)."""
        with self.store._transaction() as db:
            _put(db, "last_error", error or "")
            if synced_at is not None:
                _put(db, "last_sync", repr(synced_at))

    # -- subscriptions -------------------------------------------------------------------------

    def save_feeds(self, feeds: Sequence[ServerFeed]) -> dict[str, tuple[int, str]]:
        """Make the server's subscriptions the active feeds; server id -> (feed id, region)."""
        mapping: dict[str, tuple[int, str]] = {}
        with self.store._transaction() as db:
            db.execute("UPDATE feeds SET active = 0")
            for feed in feeds:
                region = (feed.category or "").strip() or OTHER_REGION
                row = db.execute(
                    "SELECT feed_id FROM sync_feeds WHERE server_id = ?", (feed.id,)
                ).fetchone()
                if row is not None:
                    feed_id = row[0]
                    db.execute(
                        "UPDATE feeds SET url = CASE WHEN EXISTS (SELECT 1 FROM feeds "
                        "WHERE url = ? AND id != ?) THEN url ELSE ? END, title = ?, region = ?,"
                        " active = 1 WHERE id = ?",
                        (feed.url, feed_id, feed.url, feed.title, region, feed_id),
                    )
                else:
                    feed_id = db.execute(
                        "INSERT INTO feeds (url, title, region) VALUES (?, ?, ?) "
                        "ON CONFLICT(url) DO UPDATE SET title = excluded.title, "
                        "region = excluded.region, active = 1 RETURNING id",
                        (feed.url or f"sync:{feed.id}", feed.title, region),
                    ).fetchone()[0]
                    db.execute(
                        "INSERT OR REPLACE INTO sync_feeds (server_id, feed_id) VALUES (?, ?)",
                        (feed.id, feed_id),
                    )
                mapping[feed.id] = (feed_id, region)
        return mapping

    def activate_synced_feeds(self) -> None:
        """Only the server's subscriptions are listed (the config's [[feed]] blocks are not)."""
        with self.store._transaction() as db:
            db.execute("UPDATE feeds SET active = (id IN (SELECT feed_id FROM sync_feeds))")

    def feeds_of(self, article_ids: Sequence[int]) -> dict[int, list[int]]:
        """These stories by their feed's id."""
        found: dict[int, list[int]] = {}
        for start in range(0, len(article_ids), 500):
            chunk = list(article_ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            rows = self.store._query(
                f"SELECT feed_id, id FROM articles WHERE id IN ({marks})", chunk
            )
            for feed_id, article_id in rows:
                found.setdefault(feed_id, []).append(article_id)
        return found

    # -- the queue -----------------------------------------------------------------------------

    def pending(self) -> list[Change]:
        rows = self.store._query(
            "SELECT server_id, field, value, changed_at FROM sync_queue ORDER BY changed_at"
        )
        return [Change(r[0], r[1], bool(r[2]), r[3]) for r in rows]

    def queued(self) -> int:
        count: int = self.store._query("SELECT COUNT(*) FROM sync_queue")[0][0]
        return count

    def known(self, server_ids: Iterable[str] | None = None) -> dict[str, KnownState]:
        """The stories of the server in the cache (all, or these), by server id."""
        sql = "SELECT server_id, article_id, server_read, server_starred FROM sync_articles"
        if server_ids is None:
            rows = self.store._query(sql)
        else:
            wanted = list(server_ids)
            rows = []
            for start in range(0, len(wanted), 500):
                chunk = wanted[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows += self.store._query(f"{sql} WHERE server_id IN ({marks})", chunk)
        return {r[0]: KnownState(r[1], bool(r[2]), bool(r[3])) for r in rows}

    def confirm(self, changes: Sequence[Change]) -> None:
        """The server has these changes: they leave the queue (unless changed again since)."""
        with self.store._transaction() as db:
            for change in changes:
                column = f"server_{change.field}"
                db.execute(
                    f"UPDATE sync_articles SET {column} = ? WHERE server_id = ?",
                    (int(change.value), change.server_id),
                )
                db.execute(
                    "DELETE FROM sync_queue WHERE server_id = ? AND field = ? AND value = ?"
                    " AND changed_at = ?",
                    (change.server_id, change.field, int(change.value), change.changed_at),
                )
                # Changed back here while the server was being told: that is a change again.
                db.execute(
                    f"INSERT OR IGNORE INTO sync_queue (server_id, field, value, changed_at) "
                    f"SELECT s.server_id, ?, a.{change.field}, {_NOW} FROM sync_articles s "
                    f"JOIN articles a ON a.id = s.article_id "
                    f"WHERE s.server_id = ? AND a.{change.field} IS NOT s.{column}",
                    (change.field, change.server_id),
                )

    # -- state from the server -----------------------------------------------------------------

    def apply_states(
        self, states: Sequence[ServerState], overruled: Sequence[Change], cursor: dict[str, str]
    ) -> int:
        """Take the server's state of these stories, except where a change waits to be sent;
        `overruled` queued changes lost to a newer one on the server and are dropped. The
        cursor is saved in the same transaction. Returns how many stories changed here."""
        changed = 0
        with self.store._transaction() as db:
            for change in overruled:
                db.execute(
                    "DELETE FROM sync_queue WHERE server_id = ? AND field = ?",
                    (change.server_id, change.field),
                )
            for state in states:
                changed += _take_state(db, state)
            _put_cursor(db, cursor)
        return changed

    # -- stories from the server ---------------------------------------------------------------

    def save_entries(
        self,
        entries: Sequence[ServerEntry],
        feeds: dict[str, tuple[int, str]],
        rules: RegionRules,
        cursor: dict[str, str],
        *,
        keep_read_after: float,
    ) -> tuple[list[int], int]:
        """Store pulled stories and the cursor in one transaction: (new ids, stories updated).

        A read, unstarred story published before `keep_read_after` is not added (a first sync
        takes only the last days of what was read); one already here is updated.
        """
        now = int(self.store.now())
        new: list[int] = []
        updated = 0
        with self.store._transaction() as db:
            known = (
                {r[0]: r[1] for r in db.execute("SELECT server_id, article_id FROM sync_articles")}
                if entries
                else {}
            )
            for entry in entries:
                article_id = known.get(entry.id)
                if article_id is not None:
                    updated += _update_entry(db, article_id, entry)
                    continue
                place = feeds.get(entry.feed_id)
                if place is None:
                    continue  # a feed the account no longer has
                published = entry.published.timestamp() if entry.published else None
                if entry.read and not entry.starred and (published or now) < keep_read_after:
                    continue
                new.append(_insert_entry(db, entry, place, rules, now))
            _put_cursor(db, cursor)
        return new, updated


def _put(db: sqlite3.Connection, key: str, value: str) -> None:
    db.execute(
        "INSERT INTO sync_state (key, value) VALUES (?, ?) "
        "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
        (key, value),
    )


def _put_cursor(db: sqlite3.Connection, cursor: dict[str, str]) -> None:
    if not cursor:
        return
    row = db.execute("SELECT value FROM sync_state WHERE key = 'cursor'").fetchone()
    merged = {**(json.loads(row[0]) if row else {}), **cursor}
    _put(db, "cursor", json.dumps(merged, sort_keys=True))


def _take_state(db: sqlite3.Connection, state: ServerState) -> int:
    """The server's state of one story, where no change of ours waits; 1 if it changed here."""
    row = db.execute(
        "SELECT article_id FROM sync_articles WHERE server_id = ?", (state.id,)
    ).fetchone()
    if row is None:
        return 0
    db.execute(
        "UPDATE sync_articles SET server_read = ?, server_starred = ? WHERE server_id = ?",
        (int(state.read), int(state.starred), state.id),
    )
    changed = 0
    for field, value in (("read", state.read), ("starred", state.starred)):
        # A queued change the server already agrees with has nothing left to send.
        db.execute(
            "DELETE FROM sync_queue WHERE server_id = ? AND field = ? AND value = ?",
            (state.id, field, int(value)),
        )
        cursor = db.execute(
            f"UPDATE articles SET {field} = ? WHERE id = ? AND {field} != ? AND NOT EXISTS "
            f"(SELECT 1 FROM sync_queue WHERE server_id = ? AND field = ?)",
            (int(value), row[0], int(value), state.id, field),
        )
        changed |= cursor.rowcount
    return changed


def _update_entry(db: sqlite3.Connection, article_id: int, entry: ServerEntry) -> int:
    cursor = db.execute(
        "UPDATE articles SET title = ?, url = ?, content_html = COALESCE(?, content_html) "
        "WHERE id = ? AND (title IS NOT ? OR url IS NOT ? OR content_html IS NOT ?)",
        (
            entry.title,
            entry.url,
            entry.content_html,
            article_id,
            entry.title,
            entry.url,
            entry.content_html,
        ),
    )
    state = _take_state(db, ServerState(entry.id, entry.read, entry.starred, entry.changed_at))
    return 1 if cursor.rowcount or state else 0


def _insert_entry(
    db: sqlite3.Connection,
    entry: ServerEntry,
    place: tuple[int, str],
    rules: RegionRules,
    now: int,
) -> int:
    from habari_tui.text import plain_text  # lxml: loaded only when stories are pulled

    feed_id, feed_region = place
    published = int(entry.published.timestamp()) if entry.published else None
    summary = plain_text(entry.content_html or "")
    if len(summary) > SUMMARY_CHARS:
        summary = summary[: SUMMARY_CHARS - 1].rstrip() + "…"
    region = assign_region(feed_region, entry.title, entry.categories, rules)
    article_id: int = db.execute(
        "INSERT INTO articles (feed_id, guid, url, title, summary, content_html, published, "
        "first_seen, sort_ts, region, categories, author, read, starred) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        (
            feed_id,
            f"sync:{entry.id}",
            entry.url,
            entry.title,
            summary,
            entry.content_html,
            published,
            now,
            published if published is not None and published <= now else now,
            region,
            json.dumps(list(entry.categories), ensure_ascii=False),
            entry.author,
            int(entry.read),
            int(entry.starred),
        ),
    ).fetchone()[0]
    db.execute(
        "INSERT INTO sync_articles (article_id, server_id, server_read, server_starred) "
        "VALUES (?, ?, ?, ?)",
        (article_id, entry.id, int(entry.read), int(entry.starred)),
    )
    return article_id
