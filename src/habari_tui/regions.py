"""Re-home an article to the region its categories or title name, by the [regions] rules."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

RegionRules = tuple[tuple[str, tuple[str, ...]], ...]


def assign_region(
    feed_region: str,
    title: str,
    categories: tuple[str, ...],
    rules: RegionRules,
) -> str:
    """The region an article is listed under.

    An article whose categories (checked first) or title name a keyword of another
    region's rule moves there; if its feed's own region's keywords also match, or no
    rule matches, it stays in the feed's region.
    """
    texts = (*categories, title)
    own = [keywords for region, keywords in rules if region == feed_region]
    if any(_matches(keywords, text) for keywords in own for text in texts):
        return feed_region
    for text in texts:
        for region, keywords in rules:
            if region != feed_region and _matches(keywords, text):
                return region
    return feed_region


def _matches(keywords: tuple[str, ...], text: str) -> bool:
    return bool(text) and _pattern(keywords).search(_normalize(text)) is not None


@lru_cache(maxsize=256)
def _pattern(keywords: tuple[str, ...]) -> re.Pattern[str]:
    """One case-insensitive, whole-word alternation; spaces in a keyword match any spacing."""
    parts = [
        r"\s+".join(re.escape(word) for word in _normalize(keyword).split())
        for keyword in keywords
        if keyword.strip()
    ]
    if not parts:
        return re.compile(r"(?!)")  # matches nothing
    parts.sort(key=len, reverse=True)
    return re.compile(rf"(?<!\w)(?:{'|'.join(parts)})(?!\w)")


def _normalize(text: str) -> str:
    """Composed and case-folded, so "BANJARMASIN", "Banjarmasin" and decomposed accents agree."""
    return unicodedata.normalize("NFC", text).casefold()
