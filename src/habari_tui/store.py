"""SQLite cache: schema, migrations and every query. The single source of truth for the UI."""

from __future__ import annotations

import errno
import json
import os
import re
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from habari_tui.errors import NotFoundError, StoreError
from habari_tui.models import Article, ArticleBody, Feed, ParsedEntry, Region, RelatedLink

ALL = "All"
STARRED = "Starred"  # not a region: every starred story, whatever its region

_V1 = """
CREATE TABLE feeds (
    id INTEGER PRIMARY KEY,
    url TEXT NOT NULL UNIQUE,
    title TEXT NOT NULL DEFAULT '',
    region TEXT NOT NULL DEFAULT 'Other',
    active INTEGER NOT NULL DEFAULT 1,
    etag TEXT,
    last_modified TEXT,
    last_fetched INTEGER,
    last_error TEXT
);
CREATE TABLE articles (
    id INTEGER PRIMARY KEY,
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    guid TEXT,
    url TEXT,
    title TEXT NOT NULL,
    summary TEXT NOT NULL DEFAULT '',
    content_html TEXT,
    published INTEGER,
    first_seen INTEGER NOT NULL,
    sort_ts INTEGER NOT NULL,
    region TEXT NOT NULL,
    categories TEXT NOT NULL DEFAULT '[]',
    author TEXT,
    read INTEGER NOT NULL DEFAULT 0,
    starred INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX articles_feed_guid ON articles(feed_id, guid);
CREATE INDEX articles_feed_url ON articles(feed_id, url);
CREATE INDEX articles_sort ON articles(sort_ts DESC, id DESC);
CREATE INDEX articles_region_sort ON articles(region, sort_ts DESC, id DESC);
-- A readable body: of an article (article_id), of a web page (url), or both.
CREATE TABLE bodies (
    id INTEGER PRIMARY KEY,
    article_id INTEGER UNIQUE REFERENCES articles(id) ON DELETE CASCADE,
    url TEXT UNIQUE,
    markdown TEXT NOT NULL,
    place TEXT,
    caption TEXT,
    related TEXT NOT NULL DEFAULT '[]',
    source TEXT NOT NULL,
    fetched_at INTEGER,
    extractor_version INTEGER NOT NULL DEFAULT 0
);
"""

# Per feed: a hash of the last body parsed (to skip unchanged feeds), the time before which
# the server asked us not to come back (Retry-After), and where a 301 said the feed moved.
_V2 = """
ALTER TABLE feeds ADD COLUMN content_hash TEXT;
ALTER TABLE feeds ADD COLUMN retry_after INTEGER;
ALTER TABLE feeds ADD COLUMN moved_to TEXT;
"""

# Full-text search (FTS5) over titles, summaries and the stored body of each article. The
# index reads its text from a view (external content), so nothing is stored twice; triggers
# keep it in step with articles and bodies (an FTS5 'delete' must be given the old text).
_SEARCH_TABLES = """
CREATE VIEW article_text AS
    SELECT a.id AS id, a.title AS title, a.summary AS summary, COALESCE(b.markdown, '') AS body
    FROM articles a LEFT JOIN bodies b ON b.article_id = a.id;
CREATE VIRTUAL TABLE article_search USING fts5(
    title, summary, body, content='article_text', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2', prefix='2 3'
);
INSERT INTO article_search(article_search, rank) VALUES ('rank', 'bm25(10.0, 4.0, 1.0)');
"""
# Version 3 indexed each new article as it was written.
_SEARCH_TRIGGERS_V3 = """
CREATE TRIGGER article_search_insert AFTER INSERT ON articles BEGIN
    INSERT INTO article_search(rowid, title, summary, body)
    VALUES (new.id, new.title, new.summary, '');
END;
CREATE TRIGGER article_search_update AFTER UPDATE OF title, summary ON articles
WHEN old.title IS NOT new.title OR old.summary IS NOT new.summary BEGIN
    INSERT INTO article_search(article_search, rowid, title, summary, body)
    VALUES ('delete', old.id, old.title, old.summary,
            COALESCE((SELECT markdown FROM bodies WHERE article_id = old.id), ''));
    INSERT INTO article_search(rowid, title, summary, body)
    VALUES (new.id, new.title, new.summary,
            COALESCE((SELECT markdown FROM bodies WHERE article_id = new.id), ''));
END;
CREATE TRIGGER article_search_delete BEFORE DELETE ON articles BEGIN
    INSERT INTO article_search(article_search, rowid, title, summary, body)
    VALUES ('delete', old.id, old.title, old.summary,
            COALESCE((SELECT markdown FROM bodies WHERE article_id = old.id), ''));
END;
CREATE TRIGGER article_search_body_insert AFTER INSERT ON bodies
WHEN new.article_id IS NOT NULL BEGIN
    INSERT INTO article_search(article_search, rowid, title, summary, body)
    SELECT 'delete', a.id, a.title, a.summary, '' FROM articles a WHERE a.id = new.article_id;
    INSERT INTO article_search(rowid, title, summary, body)
    SELECT a.id, a.title, a.summary, new.markdown FROM articles a WHERE a.id = new.article_id;
END;
CREATE TRIGGER article_search_body_delete AFTER DELETE ON bodies
WHEN old.article_id IS NOT NULL BEGIN
    INSERT INTO article_search(article_search, rowid, title, summary, body)
    SELECT 'delete', a.id, a.title, a.summary, old.markdown FROM articles a
    WHERE a.id = old.article_id;
    INSERT INTO article_search(rowid, title, summary, body)
    SELECT a.id, a.title, a.summary, '' FROM articles a WHERE a.id = old.article_id;
END;
"""
_REBUILD_SEARCH = "INSERT INTO article_search(article_search) VALUES ('rebuild');"
_SEARCH_INDEX_V3 = _SEARCH_TABLES + _SEARCH_TRIGGERS_V3 + _REBUILD_SEARCH

# From version 4 a new article waits in search_pending and the index takes every waiting one
# in a single statement (Store.index_pending: before a search, and in the background in the
# TUI): indexing row by row, commit by commit, cost nearly three times as much as writing
# the articles.
# Until it is indexed, an article's changes need no index work at all.
_SEARCH_PENDING = """
CREATE TABLE search_pending (id INTEGER PRIMARY KEY);
"""
_SEARCH_TRIGGERS = """
CREATE TRIGGER article_search_insert AFTER INSERT ON articles BEGIN
    INSERT INTO search_pending(id) VALUES (new.id);
END;
CREATE TRIGGER article_search_update AFTER UPDATE OF title, summary ON articles
WHEN (old.title IS NOT new.title OR old.summary IS NOT new.summary)
     AND NOT EXISTS (SELECT 1 FROM search_pending WHERE id = old.id) BEGIN
    INSERT INTO article_search(article_search, rowid, title, summary, body)
    VALUES ('delete', old.id, old.title, old.summary,
            COALESCE((SELECT markdown FROM bodies WHERE article_id = old.id), ''));
    INSERT INTO article_search(rowid, title, summary, body)
    VALUES (new.id, new.title, new.summary,
            COALESCE((SELECT markdown FROM bodies WHERE article_id = new.id), ''));
END;
CREATE TRIGGER article_search_delete BEFORE DELETE ON articles BEGIN
    INSERT INTO article_search(article_search, rowid, title, summary, body)
    SELECT 'delete', old.id, old.title, old.summary,
           COALESCE((SELECT markdown FROM bodies WHERE article_id = old.id), '')
    WHERE NOT EXISTS (SELECT 1 FROM search_pending WHERE id = old.id);
    DELETE FROM search_pending WHERE id = old.id;
END;
CREATE TRIGGER article_search_body_insert AFTER INSERT ON bodies
WHEN new.article_id IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM search_pending WHERE id = new.article_id) BEGIN
    INSERT INTO article_search(article_search, rowid, title, summary, body)
    SELECT 'delete', a.id, a.title, a.summary, '' FROM articles a WHERE a.id = new.article_id;
    INSERT INTO article_search(rowid, title, summary, body)
    SELECT a.id, a.title, a.summary, new.markdown FROM articles a WHERE a.id = new.article_id;
END;
CREATE TRIGGER article_search_body_delete AFTER DELETE ON bodies
WHEN old.article_id IS NOT NULL
     AND NOT EXISTS (SELECT 1 FROM search_pending WHERE id = old.article_id) BEGIN
    INSERT INTO article_search(article_search, rowid, title, summary, body)
    SELECT 'delete', a.id, a.title, a.summary, old.markdown FROM articles a
    WHERE a.id = old.article_id;
    INSERT INTO article_search(rowid, title, summary, body)
    SELECT a.id, a.title, a.summary, '' FROM articles a WHERE a.id = old.article_id;
END;
"""
_DROP_SEARCH_TRIGGERS = """
DROP TRIGGER IF EXISTS article_search_insert;
DROP TRIGGER IF EXISTS article_search_update;
DROP TRIGGER IF EXISTS article_search_delete;
DROP TRIGGER IF EXISTS article_search_body_insert;
DROP TRIGGER IF EXISTS article_search_body_delete;
"""
# A cache made by a Python without FTS5 gets the whole index once one with it opens it.
_SEARCH_INDEX = (
    _DROP_SEARCH_TRIGGERS
    + _SEARCH_TABLES
    + _SEARCH_TRIGGERS
    + _REBUILD_SEARCH
    + "DELETE FROM search_pending;"
)
_INDEX_PENDING = """
INSERT INTO article_search(rowid, title, summary, body)
    SELECT t.id, t.title, t.summary, t.body
    FROM (SELECT id FROM search_pending ORDER BY id LIMIT ?) p JOIN article_text t ON t.id = p.id
"""
_UNPEND = (
    "DELETE FROM search_pending WHERE id IN (SELECT id FROM search_pending ORDER BY id LIMIT ?)"
)

# A small key-value table for what the UI remembers between runs (the theme, for one).
_UI_STATE = """
CREATE TABLE ui_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

_V3 = _UI_STATE + _SEARCH_INDEX_V3
_V4 = _SEARCH_PENDING + _DROP_SEARCH_TRIGGERS + _SEARCH_TRIGGERS

# Indexes for what a large cache made slow: the side list's counts per region (read from a
# covering index instead of every article's row), the Starred entry, and finding a story by
# its link (related reading). A feed's stories are found by the first column of the counts'
# index; the (feed_id, guid) and (feed_id, url) indexes served nothing else.
_V5 = """
DROP INDEX articles_feed_guid;
DROP INDEX articles_feed_url;
CREATE INDEX articles_feed ON articles(feed_id, region, read);
CREATE INDEX articles_url ON articles(url);
CREATE INDEX articles_starred ON articles(sort_ts DESC, id DESC) WHERE starred = 1;
"""

# Index i upgrades a database from user_version i to i + 1.
MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4, _V5)
# What a migration leaves out on a Python whose SQLite has no FTS5.
_NEEDS_FTS5 = (_SEARCH_INDEX_V3, _DROP_SEARCH_TRIGGERS + _SEARCH_TRIGGERS)
SCHEMA_VERSION = len(MIGRATIONS)

_ARTICLE_COLUMNS = """
    a.id, a.feed_id, f.title, a.region, a.title, a.url, a.guid, a.summary, a.published,
    a.read, a.starred, a.categories, a.author, a.sort_ts
"""


def _has_fts5() -> bool:
    try:
        with sqlite3.connect(":memory:") as db:
            db.execute("CREATE VIRTUAL TABLE probe USING fts5(text)")
    except sqlite3.Error:
        return False
    return True


HAS_FTS5 = _has_fts5()
SEARCH_FALLBACK_NOTE = (
    "This Python's SQLite has no FTS5: searching with LIKE (slower, not ranked by relevance)."
)


_SEARCH_WORD = re.compile(r"\w+")
_MAX_SEARCH_TERMS = 16


def search_terms(query: str) -> list[str]:
    """The words of a search box's text; FTS5 syntax in it is read as plain words."""
    return _SEARCH_WORD.findall(query)[:_MAX_SEARCH_TERMS]


def fts_query(terms: Sequence[str]) -> str:
    """An FTS5 query matching every term, the last one also as a prefix (it may be half-typed)."""
    quoted = [f'"{term}"' for term in terms]
    quoted[-1] += "*"
    return " ".join(quoted)


def _statements(script: str) -> Iterator[str]:
    """The statements of an SQL script; a trigger's body keeps its inner semicolons."""
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                yield pending.strip()
            pending = ""


@dataclass(frozen=True, slots=True)
class StoredEntry:
    """An entry ready to be written: what the parser read plus the region it belongs to."""

    entry: ParsedEntry
    region: str


def _ts(value: datetime | None) -> int | None:
    return None if value is None else int(value.timestamp())


def _dt(value: int | None) -> datetime | None:
    return None if value is None else datetime.fromtimestamp(value, UTC)


def _article(row: sqlite3.Row) -> Article:
    return Article(
        id=row[0],
        feed_id=row[1],
        feed_title=row[2],
        region=row[3],
        title=row[4],
        url=row[5],
        guid=row[6],
        summary=row[7],
        published=_dt(row[8]),
        read=bool(row[9]),
        starred=bool(row[10]),
        categories=tuple(json.loads(row[11])),
        author=row[12],
    )


def _feed(row: sqlite3.Row) -> Feed:
    return Feed(
        id=row["id"],
        url=row["url"],
        title=row["title"],
        region=row["region"],
        etag=row["etag"],
        last_modified=row["last_modified"],
        last_fetched=_dt(row["last_fetched"]),
        last_error=row["last_error"],
        retry_after=_dt(row["retry_after"]),
        moved_to=row["moved_to"],
    )


_CORRUPT_CODES = frozenset({11, 26})  # SQLITE_CORRUPT, SQLITE_NOTADB
_FULL_CODES = frozenset({13})  # SQLITE_FULL


def _is_corrupt(error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _CORRUPT_CODES
    text = str(error)
    return "not a database" in text or "malformed" in text


def _move_aside(path: Path) -> Path:
    """Rename a damaged cache (and its WAL files) out of the way; it is kept, never deleted."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    try:
        path.rename(target)
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.rename(target.with_name(target.name + suffix))
    except OSError as error:
        raise StoreError(
            f"{path}: the cache is damaged and could not be moved aside: {error.strerror}"
        ) from error
    return target


def _write_failure(error: sqlite3.Error) -> str:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _FULL_CODES:
        return "the disk is full"
    return str(error)


def _open_failure(path: Path, error: BaseException) -> str:
    """One line saying why the cache cannot be opened, in the user's terms."""
    folder = path.parent
    code = getattr(error, "sqlite_errorcode", None)
    if (
        isinstance(error, OSError)
        and error.errno == errno.ENOSPC
        or (code is not None and code & 0xFF in _FULL_CODES)
    ):
        return f"{path}: cannot open the cache: the disk is full"
    if folder.is_dir() and not os.access(folder, os.W_OK):
        return f"{path}: cannot open the cache: the data directory {folder} is not writable"
    if path.exists() and not os.access(path, os.W_OK):
        return f"{path}: cannot open the cache: the file is read-only"
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return f"{path}: cannot open the cache: {reason}"


_WAL_ATTEMPTS = 100  # 0.05 s apart: five seconds, as long as busy_timeout


class Store:
    """One SQLite database in WAL mode, safe to share between the event loop and worker threads."""

    def __init__(self, path: Path | str, *, now: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self.now = now  # the clock: time.time, or a fixed one in tests
        self._lock = threading.RLock()
        self.moved_aside: Path | None = None  # where a corrupt cache was put, when one was
        try:
            self._open()
        except sqlite3.DatabaseError as error:
            if not _is_corrupt(error) or self.in_memory:
                raise StoreError(_open_failure(self.path, error)) from error
            self.moved_aside = _move_aside(self.path)
            try:
                self._open()
            except (sqlite3.Error, OSError) as again:
                raise StoreError(_open_failure(self.path, again)) from again
        except OSError as error:
            raise StoreError(_open_failure(self.path, error)) from error

    @property
    def in_memory(self) -> bool:
        """An in-memory cache (tests): no file, so nothing another connection could open."""
        return str(self.path) == ":memory:"

    @property
    def notice(self) -> str | None:
        """A line for the user when opening the cache needed a repair, else None."""
        if self.moved_aside is None:
            return None
        return f"the cache was damaged: moved it to {self.moved_aside} and started a new one"

    def _open(self) -> None:
        if not self.in_memory:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        # The wait for a lock is set before anything else: switching to WAL needs one too, and
        # another habari-tui starting at the same moment may hold it.
        self._db = sqlite3.connect(
            str(self.path), check_same_thread=False, isolation_level=None, timeout=5.0
        )
        try:
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA busy_timeout=5000")
            self._use_wal()
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._migrate()
        except BaseException:
            self._db.close()
            raise

    def _use_wal(self) -> None:
        """Switch to WAL, waiting out another process doing the same on a new cache.

        Two processes switching at once is a lock upgrade deadlock that SQLite answers with
        "database is locked" at once, without waiting for busy_timeout: so retry, bounded.
        """
        for attempt in range(_WAL_ATTEMPTS):
            try:
                if self._db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    self._db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or attempt == _WAL_ATTEMPTS - 1:
                    raise
                time.sleep(0.05)

    # -- plumbing ---------------------------------------------------------------------------

    def close(self) -> None:
        with self._lock:
            self._db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                except BaseException:
                    # SQLite rolls back by itself on some errors (a full disk); a second
                    # ROLLBACK would then fail and hide the real reason.
                    if self._db.in_transaction:
                        self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
            except sqlite3.Error as error:
                if self._db.in_transaction:  # a failed COMMIT leaves it open
                    self._db.execute("ROLLBACK")
                raise StoreError(f"cache write failed: {_write_failure(error)}") from error

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        with self._lock:
            try:
                return self._db.execute(sql, params).fetchall()
            except sqlite3.Error as error:
                raise StoreError(f"cache read failed: {error}") from error

    def _migrate(self) -> None:
        version = self._db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: the cache is from a newer habari-tui (schema {version})"
            )
        for target in range(version, SCHEMA_VERSION):
            script = MIGRATIONS[target]
            if not HAS_FTS5:  # the index is made later, by a Python whose SQLite has FTS5
                for part in _NEEDS_FTS5:
                    script = script.replace(part, "")
            with self._transaction() as db:
                # Another process opening the same new cache may have migrated it meanwhile.
                if db.execute("PRAGMA user_version").fetchone()[0] != target:
                    continue
                for statement in _statements(script):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {target + 1}")
        index = "SELECT 1 FROM sqlite_master WHERE name = 'article_search'"
        if HAS_FTS5 and not self._db.execute(index).fetchone():
            with self._transaction() as db:
                for statement in _statements(_SEARCH_INDEX):
                    db.execute(statement)
        self.full_text = HAS_FTS5  # False: search() falls back to LIKE

    @property
    def schema_version(self) -> int:
        return self._query("PRAGMA user_version")[0][0]

    # -- feeds ------------------------------------------------------------------------------

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
        """How many active feeds have never had a body parsed and saved (new subscriptions)."""
        rows = self._query("SELECT COUNT(*) FROM feeds WHERE active = 1 AND content_hash IS NULL")
        return rows[0][0]

    def content_hash(self, feed_id: int) -> str | None:
        """The hash of the feed body last parsed and saved, to skip an unchanged one."""
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
        entries: Sequence[StoredEntry],
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
                if entry.guid:
                    by_guid[entry.guid] = cursor.lastrowid
                if entry.url:
                    by_url[entry.url] = cursor.lastrowid
                new.append(cursor.lastrowid)
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
    def _update_article(db: sqlite3.Connection, article_id: int, stored: StoredEntry) -> None:
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

    # -- headlines --------------------------------------------------------------------------

    def regions(self) -> list[Region]:
        """Counts per region over the active feeds, in no particular order."""
        rows = self._query(
            "SELECT c.region, SUM(c.total), SUM(c.unread) FROM ("
            " SELECT feed_id, region, COUNT(*) AS total, SUM(read = 0) AS unread"
            " FROM articles GROUP BY feed_id, region"
            ") c JOIN feeds f ON f.id = c.feed_id WHERE f.active = 1 GROUP BY c.region"
        )
        return [Region(name=r[0], total=r[1], unread=r[2] or 0) for r in rows]

    def _where(self, region: str | None, unread_only: bool) -> tuple[str, list[object]]:
        clauses = ["f.active = 1"]
        params: list[object] = []
        if region == STARRED:
            clauses.append("a.starred = 1")
        elif region and region != ALL:
            clauses.append("a.region = ?")
            params.append(region)
        if unread_only:
            clauses.append("a.read = 0")
        return " AND ".join(clauses), params

    def headlines(
        self,
        region: str | None = None,
        *,
        unread_only: bool = False,
        limit: int = 500,
        after: int | None = None,
    ) -> list[Article]:
        """Headlines newest first; `region` None or "All" means every region.

        With `after` (an article's id), the page that follows that article in this order: a
        page by position would shift when a refresh adds stories meanwhile.
        """
        where, params = self._where(region, unread_only)
        if after is not None:
            where += " AND (a.sort_ts, a.id) < (SELECT sort_ts, id FROM articles WHERE id = ?)"
            params.append(after)
        rows = self._query(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id "
            f"WHERE {where} ORDER BY a.sort_ts DESC, a.id DESC LIMIT ?",
            [*params, limit],
        )
        return [_article(r) for r in rows]

    def count(self, region: str | None = None, *, unread_only: bool = False) -> int:
        where, params = self._where(region, unread_only)
        rows = self._query(
            f"SELECT COUNT(*) FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE {where}",
            params,
        )
        return rows[0][0]

    def adjacent(
        self, article_id: int, step: int, *, region: str | None = None, unread_only: bool = False
    ) -> Article | None:
        """The story after (step=1) or before (step=-1) `article_id` in the newest-first list."""
        rows = self._query("SELECT sort_ts, id FROM articles WHERE id = ?", (article_id,))
        if not rows:
            raise NotFoundError(f"no article {article_id} in the cache")
        sort_ts, current = rows[0]
        where, params = self._where(region, unread_only)
        if step > 0:
            order, cmp = "DESC", "<"
        else:
            order, cmp = "ASC", ">"
        found = self._query(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id "
            f"WHERE {where} AND (a.sort_ts, a.id) {cmp} (?, ?) "
            f"ORDER BY a.sort_ts {order}, a.id {order} LIMIT 1",
            [*params, sort_ts, current],
        )
        return _article(found[0]) if found else None

    def article(self, article_id: int) -> Article:
        rows = self._query(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id "
            "WHERE a.id = ?",
            (article_id,),
        )
        if not rows:
            raise NotFoundError(f"no article with id {article_id} in the cache")
        return _article(rows[0])

    def content_html(self, article_id: int) -> str | None:
        rows = self._query("SELECT content_html FROM articles WHERE id = ?", (article_id,))
        return rows[0][0] if rows else None

    # -- state ------------------------------------------------------------------------------

    def set_read(self, article_id: int, read: bool) -> None:
        with self._transaction() as db:
            db.execute("UPDATE articles SET read = ? WHERE id = ?", (int(read), article_id))

    def mark_all_read(self, region: str | None = None) -> list[int]:
        """Mark every unread story of `region` (None/"All": all) read; returns the ids changed."""
        where, params = self._where(region, True)
        with self._transaction() as db:
            ids = [
                row[0]
                for row in db.execute(
                    f"SELECT a.id FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE {where}",
                    params,
                )
            ]
            self._set_read_many(db, ids, True)
        return ids

    def set_read_many(self, article_ids: Sequence[int], read: bool) -> None:
        with self._transaction() as db:
            self._set_read_many(db, article_ids, read)

    @staticmethod
    def _set_read_many(db: sqlite3.Connection, article_ids: Sequence[int], read: bool) -> None:
        for start in range(0, len(article_ids), 500):
            chunk = list(article_ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            db.execute(f"UPDATE articles SET read = ? WHERE id IN ({marks})", [int(read), *chunk])

    def set_starred(self, article_id: int, starred: bool) -> None:
        with self._transaction() as db:
            db.execute("UPDATE articles SET starred = ? WHERE id = ?", (int(starred), article_id))

    def prune(self, keep_days: int) -> int:
        """Delete unstarred articles older than `keep_days`; returns how many went."""
        cutoff = int(self.now()) - keep_days * 86400
        with self._transaction() as db:
            cursor = db.execute("DELETE FROM articles WHERE starred = 0 AND sort_ts < ?", (cutoff,))
        return cursor.rowcount

    # -- search -----------------------------------------------------------------------------

    def search(self, query: str, limit: int = 50, offset: int = 0) -> list[Article]:
        """Stories whose title, summary or stored body has every word of `query`, best first.

        Ranked by bm25 (a title match weighs most, then the summary, then the body); the last
        word matches as a prefix, so results refine while it is being typed.
        """
        terms = search_terms(query)
        if not terms:
            return []
        if not self.full_text:
            return self._search_like(terms, limit, offset)
        with suppress(StoreError):  # a read-only cache or a full disk: search what is indexed
            self.index_pending()
        rows = self._query(
            f"SELECT {_ARTICLE_COLUMNS} FROM article_search s "
            "JOIN articles a ON a.id = s.rowid JOIN feeds f ON f.id = a.feed_id "
            "WHERE article_search MATCH ? AND f.active = 1 "
            "ORDER BY s.rank, a.sort_ts DESC, a.id DESC LIMIT ? OFFSET ?",
            (fts_query(terms), limit, offset),
        )
        return [_article(r) for r in rows]

    def index_pending(self, limit: int = -1) -> int:
        """Add articles written since they were last taken in to the search index, at most
        `limit` of them (the oldest first; -1: all); how many it added."""
        if not self.full_text or not self._query("SELECT 1 FROM search_pending LIMIT 1"):
            return 0
        with self._transaction() as db:
            db.execute(_INDEX_PENDING, (limit,))
            return db.execute(_UNPEND, (limit,)).rowcount

    def _search_like(self, terms: list[str], limit: int, offset: int) -> list[Article]:
        """Without FTS5: every word somewhere (any case), title matches first, then newest."""
        patterns = ["%" + t.replace("_", "\\_") + "%" for t in terms]  # terms are \w+ words
        like = "LIKE ? ESCAPE '\\'"
        where = " AND ".join(
            f"(a.title {like} OR a.summary {like} OR COALESCE(b.markdown, '') {like})"
            for _ in terms
        )
        in_title = " + ".join(f"(a.title {like})" for _ in terms)
        params = [p for p in patterns for _ in range(3)]
        rows = self._query(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id "
            f"LEFT JOIN bodies b ON b.article_id = a.id WHERE f.active = 1 AND {where} "
            f"ORDER BY {in_title} DESC, a.sort_ts DESC, a.id DESC LIMIT ? OFFSET ?",
            [*params, *patterns, limit, offset],
        )
        return [_article(r) for r in rows]

    # -- what the UI remembers ---------------------------------------------------------------

    def ui_state(self, key: str) -> str | None:
        rows = self._query("SELECT value FROM ui_state WHERE key = ?", (key,))
        return rows[0][0] if rows else None

    def set_ui_state(self, key: str, value: str) -> None:
        with self._transaction() as db:
            db.execute(
                "INSERT INTO ui_state (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    # -- bodies -----------------------------------------------------------------------------

    def save_body(
        self, article_id: int | None, body: ArticleBody, *, url: str | None = None
    ) -> None:
        """Keep the body of an article, of a page (by URL), or of both at once."""
        related = json.dumps([[r.title, r.url] for r in body.related], ensure_ascii=False)
        with self._transaction() as db:
            if article_id is not None:
                db.execute("DELETE FROM bodies WHERE article_id = ?", (article_id,))
            if url is not None:
                db.execute("DELETE FROM bodies WHERE url = ?", (url,))
            db.execute(
                "INSERT INTO bodies (article_id, url, markdown, place, caption, related, "
                "source, fetched_at, extractor_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    article_id,
                    url,
                    body.markdown,
                    body.place,
                    body.caption,
                    related,
                    body.source,
                    _ts(body.fetched_at),
                    body.extractor_version,
                ),
            )

    def body(self, article_id: int) -> ArticleBody | None:
        return self._body("article_id", article_id)

    def page_body(self, url: str) -> ArticleBody | None:
        return self._body("url", url)

    def _body(self, column: str, key: object) -> ArticleBody | None:
        rows = self._query(f"SELECT * FROM bodies WHERE {column} = ?", (key,))
        if not rows:
            return None
        row = rows[0]
        return ArticleBody(
            markdown=row["markdown"],
            place=row["place"],
            caption=row["caption"],
            related=tuple(RelatedLink(t, u) for t, u in json.loads(row["related"])),
            source=row["source"],
            fetched_at=_dt(row["fetched_at"]),
            extractor_version=row["extractor_version"],
            offline=True,
        )

    def article_by_url(self, url: str) -> Article | None:
        rows = self._query(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id "
            "WHERE a.url = ? ORDER BY a.id LIMIT 1",
            (url,),
        )
        return _article(rows[0]) if rows else None

    def without_page_body(self, article_ids: Sequence[int], version: int) -> list[Article]:
        """Of these articles, the ones with a URL and no page body from this extractor."""
        found: list[Article] = []
        for start in range(0, len(article_ids), 500):
            chunk = list(article_ids[start : start + 500])
            marks = ",".join("?" * len(chunk))
            rows = self._query(
                f"SELECT {_ARTICLE_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id "
                f"LEFT JOIN bodies b ON b.article_id = a.id "
                f"WHERE a.id IN ({marks}) AND a.url IS NOT NULL AND (b.id IS NULL OR "
                f"b.source != 'page' OR b.extractor_version < ?) ORDER BY a.sort_ts DESC",
                [*chunk, version],
            )
            found += [_article(r) for r in rows]
        return found
