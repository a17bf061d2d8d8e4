"""Queries about articles: headlines by region, one story and its neighbours, read and starred."""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence

from habari_tui.errors import NotFoundError
from habari_tui.models import ALL, STARRED, Article, Region
from habari_tui.store.connection import Connection
from habari_tui.store.rows import _ARTICLE_COLUMNS, _article


class ArticleQueries(Connection):
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
        before: int | None = None,
        oldest: bool = False,
    ) -> list[Article]:
        """Headlines newest first; `region` None or "All" means every region.

        With `after` (an article's id), the page that follows that article in this order: a
        page by position would shift when a refresh adds stories meanwhile. With `before`, the
        page that comes just ahead of that article; with `oldest`, the list's last page. Every
        page is newest first.
        """
        where, params = self._where(region, unread_only)
        for article_id, cmp in ((after, "<"), (before, ">")):
            if article_id is not None:
                where += (
                    f" AND (a.sort_ts, a.id) {cmp} (SELECT sort_ts, id FROM articles WHERE id = ?)"
                )
                params.append(article_id)
        from_the_end = before is not None or oldest
        order = "ASC" if from_the_end else "DESC"
        rows = self._query(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id "
            f"WHERE {where} ORDER BY a.sort_ts {order}, a.id {order} LIMIT ?",
            [*params, limit],
        )
        articles = [_article(r) for r in rows]
        return articles[::-1] if from_the_end else articles

    def count(self, region: str | None = None, *, unread_only: bool = False) -> int:
        where, params = self._where(region, unread_only)
        rows = self._query(
            f"SELECT COUNT(*) FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE {where}",
            params,
        )
        return int(rows[0][0])

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

    def set_starred_many(self, article_ids: Sequence[int], starred: bool) -> None:
        with self._transaction() as db:
            for start in range(0, len(article_ids), 500):
                chunk = list(article_ids[start : start + 500])
                marks = ",".join("?" * len(chunk))
                db.execute(
                    f"UPDATE articles SET starred = ? WHERE id IN ({marks})", [int(starred), *chunk]
                )

    def article_by_url(self, url: str) -> Article | None:
        rows = self._query(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles a JOIN feeds f ON f.id = a.feed_id "
            "WHERE a.url = ? ORDER BY a.id LIMIT 1",
            (url,),
        )
        return _article(rows[0]) if rows else None
