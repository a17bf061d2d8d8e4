"""Full-text search (FTS5, or LIKE where SQLite has none) over titles, summaries and bodies."""

from __future__ import annotations

import re
from collections.abc import Sequence
from contextlib import suppress

from habari_tui.errors import StoreError
from habari_tui.models import Article
from habari_tui.store.connection import Connection
from habari_tui.store.rows import _ARTICLE_COLUMNS, _article

_INDEX_PENDING = """
INSERT INTO article_search(rowid, title, summary, body)
    SELECT t.id, t.title, t.summary, t.body
    FROM (SELECT id FROM search_pending ORDER BY id LIMIT ?) p JOIN article_text t ON t.id = p.id
"""
_UNPEND = (
    "DELETE FROM search_pending WHERE id IN (SELECT id FROM search_pending ORDER BY id LIMIT ?)"
)

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


class SearchQueries(Connection):
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
