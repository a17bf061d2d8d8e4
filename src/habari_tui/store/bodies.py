"""Readable bodies: an article's text or a web page's, as extracted, kept for offline reading."""

from __future__ import annotations

import json
from collections.abc import Sequence

from habari_tui.models import Article, ArticleBody, RelatedLink
from habari_tui.store.connection import Connection
from habari_tui.store.rows import _ARTICLE_COLUMNS, _article, _dt, _ts


class BodyQueries(Connection):
    def save_body(
        self, article_id: int | None, body: ArticleBody, *, url: str | None = None
    ) -> None:
        """Keep the body of an article, of a page (by URL), or of both at once."""
        related = json.dumps([[r.title, r.url] for r in body.related], ensure_ascii=False)
        with self._transaction() as db:
            if article_id is not None:
                db.execute("DELETE FROM bodies WHERE article_id = ?", (article_id,))
                if body.source == "page":  # fetched after all: no reason to give any more
                    db.execute("UPDATE articles SET page_error = NULL WHERE id = ?", (article_id,))
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

    def record_page_error(self, article_id: int, reason: str | None) -> None:
        """Why the story's page could not be had, as the reader is told (None: it was)."""
        with self._transaction() as db:
            db.execute("UPDATE articles SET page_error = ? WHERE id = ?", (reason, article_id))

    def page_error(self, article_id: int) -> str | None:
        """Why the story's page could not be had the last time it was tried, or None."""
        rows = self._query("SELECT page_error FROM articles WHERE id = ?", (article_id,))
        return rows[0][0] if rows else None

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
