"""Which new stories' pages a refresh saves for offline reading: the ones a reader will read.

"recent": the newest unread stories of the last two days, at most 20 a feed; "all": every new
story; "none": no page. Any other story's page is fetched when the story is opened.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

from habari_tui.models import Article

RECENT_DAYS = 2
RECENT_PER_FEED = 20


def pages_worth_saving(articles: Sequence[Article], rule: str, now: datetime) -> list[Article]:
    """The stories whose pages to save, by the `prefetch_articles` rule, newest first."""
    if rule == "none":
        return []
    # An undated story, or one dated in the future, is as new as the moment it was seen.
    newest_first = sorted(articles, key=lambda a: min(a.published or now, now), reverse=True)
    if rule == "all":
        return newest_first
    since = now - timedelta(days=RECENT_DAYS)
    chosen: list[Article] = []
    per_feed: dict[int, int] = {}
    for article in newest_first:
        if article.read or min(article.published or now, now) < since:
            continue
        taken = per_feed.get(article.feed_id, 0)
        if taken < RECENT_PER_FEED:
            per_feed[article.feed_id] = taken + 1
            chosen.append(article)
    return chosen
