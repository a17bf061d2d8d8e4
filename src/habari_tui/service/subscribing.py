"""Subscribing: finding a site's feeds, adding them, feeds that moved, OPML in and out.

Every change is written to the config file first (keeping the user's comments), then followed
by this service at once; the feeds' stories arrive with the next refresh.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from habari_tui.config import OTHER_REGION, FeedConfig, add_feeds, rewrite_feed_urls
from habari_tui.errors import ConfigError, HabariError
from habari_tui.models import DiscoveredFeed, Feed
from habari_tui.service import lazy
from habari_tui.service.base import ServiceBase

if TYPE_CHECKING:
    from habari_tui.service.lazy import ImportResult


class Subscribing(ServiceBase):
    def feeds(self) -> list[Feed]:
        """The subscribed feeds as the cache knows them (fetch times, errors), oldest first."""
        return self.store.feeds()

    def is_subscribed(self, url: str) -> bool:
        return any(f.url == url for f in self.config.feeds)

    async def discover(self, url: str) -> list[DiscoveredFeed]:
        """The feeds `url` is or announces, each fetched and checked, best first; [] when none.

        FetchError when the site cannot be reached.
        """
        if self.offline:
            raise HabariError("offline: finding a feed needs the network")
        return await lazy.discover(url, timeout=self.config.settings.timeout)

    def subscribe(self, found: DiscoveredFeed, region: str | None = None) -> FeedConfig | None:
        """Add a discovered feed to the config file and follow it; None if it was there already.

        A WordPress posts array has no title of its own: the site's name is kept for it.
        """
        title = found.title if found.format == "wordpress" else None
        feed = FeedConfig(url=found.url, title=title, region=region or OTHER_REGION)
        added = add_feeds(self._config_file(), [feed])
        self._follow(added)
        return added[0] if added else None

    def import_subscriptions(self, file: Path, *, region: str | None = None) -> ImportResult:
        """Subscribe to the feeds of an OPML or newsboat urls file; `region` overrides theirs."""
        subscriptions = lazy.read_subscriptions(file)
        result = lazy.import_subscriptions(self._config_file(), subscriptions, region=region)
        self._follow(result.added)
        return result

    def export_opml(self) -> bytes:
        """The subscriptions as an OPML 2.0 document."""
        titles = {f.url: f.title for f in self.store.feeds() if f.title}
        return lazy.opml_document(self.config, titles=titles)

    def accept_moves(self, moves: dict[str, str]) -> list[str]:
        """Give feeds that moved permanently (old URL -> new) their new URL, in the config file
        and in the cache (keeping their stories); returns the old URLs that were changed."""
        moved = rewrite_feed_urls(self._config_file(), moves)
        for old in moved:
            self.store.move_feed(old, moves[old])
        renamed = {old: moves[old] for old in moved}
        feeds = tuple(replace(f, url=renamed.get(f.url, f.url)) for f in self.config.feeds)
        self.config = replace(self.config, feeds=feeds)
        return moved

    def add_feed(self, feed: FeedConfig) -> bool:
        """Follow `feed` for this session only (the config file is not written).

        Returns False when it is already subscribed. Its stories arrive with the next refresh.
        """
        if self.is_subscribed(feed.url):
            return False
        self._follow([feed])
        return True

    def _follow(self, feeds: Iterable[FeedConfig]) -> None:
        new = [f for f in feeds if not self.is_subscribed(f.url)]
        if not new:
            return
        self.config = replace(self.config, feeds=(*self.config.feeds, *new))
        self.store.sync_feeds((f.url, f.title, f.region) for f in self.config.feeds)

    def _config_file(self) -> Path:
        if self.config.path is None:
            raise ConfigError("there is no config file to change (the demo has none)")
        return self.config.path
