"""newsboat's `urls` file: one feed per line, then quoted tags; `~Name` is the feed's title."""

from __future__ import annotations

import shlex

from habari_tui.config import OTHER_REGION, FeedConfig
from habari_tui.subscriptions.reading import SubscriptionFileError, Subscriptions

# newsboat's own kinds of "feed" that are not a URL we can fetch
_NOT_FEEDS = ("query:", "exec:", "filter:")


def parse_newsboat_urls(content: bytes, name: str) -> Subscriptions:
    """Feeds of a urls file; the first plain tag is the region. Comments and blanks are ignored."""
    try:
        text = content.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as exc:
        at = content[: exc.start].count(b"\n") + 1
        raise SubscriptionFileError(
            f"{name}:{at}: neither OPML nor a newsboat urls file (not UTF-8 text)"
        ) from exc
    feeds: list[FeedConfig] = []
    skipped: list[tuple[str, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        words = _words(line, name, number)
        url, tags = words[0], words[1:]
        if url.startswith(_NOT_FEEDS):
            skipped.append((url, f"a newsboat {url.split(':', 1)[0]} feed"))
            continue
        if "://" not in url:
            raise SubscriptionFileError(
                f"{name}:{number}: neither OPML nor a newsboat urls file"
                f" (line does not start with a URL)"
            )
        titles = [t[1:].strip() for t in tags if t.startswith("~") and t[1:].strip()]
        regions = [t.lstrip("!").strip() for t in tags if not t.startswith("~")]
        regions = [r for r in regions if r]
        feeds.append(
            FeedConfig(
                url=url,
                title=titles[0] if titles else None,
                region=regions[0] if regions else OTHER_REGION,
            )
        )
    return Subscriptions(format="newsboat", feeds=tuple(feeds), skipped=tuple(skipped))


def _words(line: str, name: str, number: int) -> list[str]:
    try:
        return shlex.split(line)
    except ValueError as exc:  # an unclosed quote
        raise SubscriptionFileError(f"{name}:{number}: {exc} in a newsboat urls line") from exc
