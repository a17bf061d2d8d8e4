"""Subscriptions in and out: OPML files and newsboat `urls` files, told apart by content."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from habari_tui.config import FeedConfig, add_feeds, feed_url, region_problem
from habari_tui.subscriptions.newsboat import parse_newsboat_urls
from habari_tui.subscriptions.opml import opml_document, parse_opml
from habari_tui.subscriptions.reading import SubscriptionFileError, Subscriptions

__all__ = [
    "ImportResult",
    "SubscriptionFileError",
    "Subscriptions",
    "import_subscriptions",
    "opml_document",
    "parse_newsboat_urls",
    "parse_opml",
    "parse_subscriptions",
    "read_subscriptions",
]

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")


@dataclass(frozen=True, slots=True)
class ImportResult:
    """What an import did: the feeds added to the config, and why the others were not."""

    added: tuple[FeedConfig, ...]
    skipped: tuple[tuple[str, str], ...]  # (url or line, reason), in file order


def read_subscriptions(path: Path) -> Subscriptions:
    """Read an OPML or newsboat urls file; a file that is neither is a SubscriptionFileError."""
    try:
        content = path.read_bytes()
    except OSError as exc:
        raise SubscriptionFileError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    return parse_subscriptions(content, str(path))


def parse_subscriptions(content: bytes, name: str) -> Subscriptions:
    """Tell OPML (XML) from a newsboat urls file by the content, then read it."""
    if content.startswith(_BOMS[1:]) or content.removeprefix(_BOMS[0]).lstrip()[:1] == b"<":
        return parse_opml(content, name)
    return parse_newsboat_urls(content, name)


def import_subscriptions(
    config_path: Path, subscriptions: Subscriptions, *, region: str | None = None
) -> ImportResult:
    """Add the file's feeds that the config does not have yet; `region` overrides theirs."""
    wanted: list[FeedConfig] = []
    skipped = list(subscriptions.skipped)
    seen: set[str] = set()
    for feed in subscriptions.feeds:
        url = feed_url(feed.url)
        if url is None:
            skipped.append((feed.url, "not an http(s) or file URL"))
        elif url in seen:
            skipped.append((url, "listed twice in the file"))
        elif region is None and (problem := region_problem(feed.region)):
            skipped.append((url, f"{problem} (or import with --region)"))
        else:
            seen.add(url)
            wanted.append(FeedConfig(url=url, title=feed.title, region=region or feed.region))
    added = add_feeds(config_path, wanted)
    new = {f.url for f in added}
    skipped += [(f.url, "already subscribed") for f in wanted if f.url not in new]
    return ImportResult(added=tuple(added), skipped=tuple(skipped))
