"""The cache's schema: the SQL of each version and the migrations that upgrade an older cache."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from typing import TYPE_CHECKING

from habari_tui.errors import StoreError

if TYPE_CHECKING:
    from habari_tui.store.connection import Connection

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

# Per feed: a hash of the bytes last parsed (to skip unchanged feeds), the time before which
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
_REBUILD_SEARCH = "INSERT INTO article_search(article_search) VALUES ('rebuild');"
# Version 3 also indexed each new article by triggers of its own; version 4 drops them (when a
# cache has them) for its own, so a new cache is not given them only to lose them at once.
_SEARCH_INDEX_V3 = _SEARCH_TABLES + _REBUILD_SEARCH

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
_SEARCH_INDEX = _SEARCH_TABLES + _SEARCH_TRIGGERS + _REBUILD_SEARCH + "DELETE FROM search_pending;"
# A small key-value table for what the UI remembers between runs (the theme, for one).
_UI_STATE = """
CREATE TABLE ui_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""

_V3 = _UI_STATE + _SEARCH_INDEX_V3
_V4 = _SEARCH_PENDING + _DROP_SEARCH_TRIGGERS + _SEARCH_TRIGGERS

# Indexes for what a large cache made slow: the side list's counts per region (read from a
# covering index instead of every article's row), the Starred entry, and finding a story by
# its link (related reading). A feed's stories are found by the first column of the counts'
# index; the (feed_id, guid) and (feed_id, url) indexes served nothing else (version 1 made
# them; a new cache no longer is given them only to lose them at once).
_V5 = """
DROP INDEX IF EXISTS articles_feed_guid;
DROP INDEX IF EXISTS articles_feed_url;
CREATE INDEX articles_feed ON articles(feed_id, region, read);
CREATE INDEX articles_url ON articles(url);
CREATE INDEX articles_starred ON articles(sort_ts DESC, id DESC) WHERE starred = 1;
"""

# Retention by what the reader has had, not by the publisher's dates: whether the feed's
# latest document still carries a story (in_feed), the keys of stories removed from the cache
# (so the feed does not bring them back as new), and why a story's page could not be fetched.
# A date in the future sorts as the moment the story was first seen.
_V6 = """
ALTER TABLE articles ADD COLUMN in_feed INTEGER NOT NULL DEFAULT 1;
ALTER TABLE articles ADD COLUMN page_error TEXT;
CREATE TABLE removed_articles (
    id INTEGER PRIMARY KEY,
    feed_id INTEGER NOT NULL REFERENCES feeds(id) ON DELETE CASCADE,
    guid TEXT,
    url TEXT,
    in_feed INTEGER NOT NULL DEFAULT 0,
    last_seen INTEGER NOT NULL
);
CREATE INDEX removed_articles_feed ON removed_articles(feed_id);
UPDATE articles SET sort_ts = first_seen WHERE sort_ts > first_seen;
"""


def _queue_trigger(field: str) -> str:
    column = f"server_{field}"
    return f"""
CREATE TRIGGER sync_queue_{field} AFTER UPDATE OF {field} ON articles
WHEN old.{field} IS NOT new.{field} BEGIN
    DELETE FROM sync_queue WHERE field = '{field}'
        AND server_id = (SELECT server_id FROM sync_articles WHERE article_id = new.id);
    INSERT INTO sync_queue (server_id, field, value, changed_at)
        SELECT server_id, '{field}', new.{field}, (julianday('now') - 2440587.5) * 86400.0
        FROM sync_articles WHERE article_id = new.id AND {column} IS NOT new.{field};
END;
"""


# Syncing with a feed server (store/sync.py): which feeds and stories are the server's (with
# the state the server had at the last sync), the queue of changes made here that wait to be
# sent, and where the last pull stopped. Triggers queue each read/starred change of a server
# story in the statement that makes it; a change back to the server's state unqueues it.
_V7 = (
    """
CREATE TABLE sync_feeds (
    server_id TEXT PRIMARY KEY,
    feed_id INTEGER NOT NULL UNIQUE REFERENCES feeds(id) ON DELETE CASCADE
);
CREATE TABLE sync_articles (
    article_id INTEGER PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    server_id TEXT NOT NULL UNIQUE,
    server_read INTEGER NOT NULL,
    server_starred INTEGER NOT NULL
);
CREATE TABLE sync_queue (
    server_id TEXT NOT NULL,
    field TEXT NOT NULL CHECK (field IN ('read', 'starred')),
    value INTEGER NOT NULL,
    changed_at REAL NOT NULL,
    PRIMARY KEY (server_id, field)
);
CREATE TABLE sync_state (key TEXT PRIMARY KEY, value TEXT NOT NULL);
"""
    + _queue_trigger("read")
    + _queue_trigger("starred")
)


# Index i upgrades a database from user_version i to i + 1.
MIGRATIONS: tuple[str, ...] = (_V1, _V2, _V3, _V4, _V5, _V6, _V7)
# What a migration leaves out on a Python whose SQLite has no FTS5.
_NEEDS_FTS5 = (_SEARCH_INDEX_V3, _DROP_SEARCH_TRIGGERS + _SEARCH_TRIGGERS)
SCHEMA_VERSION = len(MIGRATIONS)


def _has_fts5() -> bool:
    try:
        with sqlite3.connect(":memory:") as db:
            db.execute("CREATE VIRTUAL TABLE probe USING fts5(text)")
    except sqlite3.Error:
        return False
    return True


HAS_FTS5 = _has_fts5()


def _statements(script: str) -> Iterator[str]:
    """The statements of an SQL script; a trigger's body keeps its inner semicolons."""
    pending = ""
    for piece in script.split(";"):
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                yield pending.strip()
            pending = ""


def migrate(store: Connection) -> None:
    """Bring the cache's schema up to SCHEMA_VERSION, building the search index if it can."""
    version = store._db.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(f"{store.path}: the cache is from a newer habari-tui (schema {version})")
    for target in range(version, SCHEMA_VERSION):
        script = MIGRATIONS[target]
        if not HAS_FTS5:  # the index is made later, by a Python whose SQLite has FTS5
            for part in _NEEDS_FTS5:
                script = script.replace(part, "")
        with store._transaction() as db:
            # Another process opening the same new cache may have migrated it meanwhile.
            if db.execute("PRAGMA user_version").fetchone()[0] != target:
                continue
            for statement in _statements(script):
                db.execute(statement)
            db.execute(f"PRAGMA user_version = {target + 1}")
    index = "SELECT 1 FROM sqlite_master WHERE name = 'article_search'"
    if HAS_FTS5 and not store._db.execute(index).fetchone():
        with store._transaction() as db:
            for statement in _statements(_SEARCH_INDEX):
                db.execute(statement)
    store.full_text = HAS_FTS5  # False: search() falls back to LIKE
