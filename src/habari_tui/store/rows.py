"""Rows of the cache turned into the models the other layers use, and times as stored."""

from __future__ import annotations

import json
import sqlite3
from datetime import UTC, datetime

from habari_tui.models import Article, Feed

_ARTICLE_COLUMNS = """
    a.id, a.feed_id, f.title, a.region, a.title, a.url, a.guid, a.summary, a.published,
    a.read, a.starred, a.categories, a.author, a.sort_ts
"""


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
