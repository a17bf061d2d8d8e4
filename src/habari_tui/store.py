"""SQLite cache: schema, migrations and every query. The single source of truth for the UI."""

from __future__ import annotations

import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from habari_tui.errors import NotFoundError, StoreError
from habari_tui.models import Article, ArticleBody, Feed, ParsedEntry, Region, RelatedLink

ALL = "All"

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

# Index i upgrades a database from user_version i to i + 1.
MIGRATIONS: tuple[str, ...] = (_V1, _V2)
SCHEMA_VERSION = len(MIGRATIONS)

_ARTICLE_COLUMNS = """
    a.id, a.feed_id, f.title, a.region, a.title, a.url, a.guid, a.summary, a.published,
    a.read, a.starred, a.categories, a.author, a.sort_ts
"""


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
    )


class Store:
    """One SQLite database in WAL mode, safe to share between the event loop and worker threads."""

    def __init__(self, path: Path | str, *, now: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self._now = now
        self._lock = threading.RLock()
        try:
            if str(path) != ":memory:":
                self.path.parent.mkdir(parents=True, exist_ok=True)
            self._db = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            self._db.execute("PRAGMA busy_timeout=5000")
            self._migrate()
        except (sqlite3.Error, OSError) as error:
            raise StoreError(f"{path}: cannot open the cache: {error}") from error

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
                    self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
            except sqlite3.Error as error:
                raise StoreError(f"cache write failed: {error}") from error

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
            with self._transaction() as db:
                for statement in MIGRATIONS[target].split(";"):
                    if statement.strip():
                        db.execute(statement)
                db.execute(f"PRAGMA user_version = {target + 1}")

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

    def record_failure(self, feed_id: int, error: str) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE feeds SET last_error = ?, last_fetched = ? WHERE id = ?",
                (error, int(self._now()), feed_id),
            )

    def record_not_modified(self, feed_id: int) -> None:
        with self._transaction() as db:
            db.execute(
                "UPDATE feeds SET last_error = NULL, last_fetched = ? WHERE id = ?",
                (int(self._now()), feed_id),
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
    ) -> list[int]:
        """Write a fetched feed in one transaction; returns the ids of the new articles.

        Entries are matched to stored articles by guid, then by link, so read and starred
        state survive. Entries older than `keep_days` (pruned already, or due) are skipped.
        """
        now = int(self._now())
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
                " title = CASE WHEN title = '' AND ? IS NOT NULL THEN ? ELSE title END"
                " WHERE id = ?",
                (etag, last_modified, now, title, title, feed_id),
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
            "SELECT a.region, COUNT(*), SUM(a.read = 0) FROM articles a "
            "JOIN feeds f ON f.id = a.feed_id WHERE f.active = 1 GROUP BY a.region"
        )
        return [Region(name=r[0], total=r[1], unread=r[2] or 0) for r in rows]

    def _where(self, region: str | None, unread_only: bool) -> tuple[str, list[object]]:
        clauses = ["f.active = 1"]
        params: list[object] = []
        if region and region != ALL:
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
        offset: int = 0,
    ) -> list[Article]:
        """Headlines newest first; `region` None or "All" means every region."""
        where, params = self._where(region, unread_only)
        rows = self._query(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id "
            f"WHERE {where} ORDER BY a.sort_ts DESC, a.id DESC LIMIT ? OFFSET ?",
            [*params, limit, offset],
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

    def set_starred(self, article_id: int, starred: bool) -> None:
        with self._transaction() as db:
            db.execute("UPDATE articles SET starred = ? WHERE id = ?", (int(starred), article_id))

    def prune(self, keep_days: int) -> int:
        """Delete unstarred articles older than `keep_days`; returns how many went."""
        cutoff = int(self._now()) - keep_days * 86400
        with self._transaction() as db:
            cursor = db.execute("DELETE FROM articles WHERE starred = 0 AND sort_ts < ?", (cutoff,))
        return cursor.rowcount

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
