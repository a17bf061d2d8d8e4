"""Subscribing to feeds."""

from __future__ import annotations

from dataclasses import replace

from habari_tui.config import FeedConfig
from habari_tui.service.base import ServiceBase


class Subscribing(ServiceBase):
    def add_feed(self, feed: FeedConfig) -> bool:
        """Subscribe to `feed` for this session (the config file is written by config.add_feeds).

        Returns False when it is already subscribed. Its stories arrive with the next refresh.
        """
        if any(f.url == feed.url for f in self.config.feeds):
            return False
        self.config = replace(self.config, feeds=(*self.config.feeds, feed))
        self.store.sync_feeds((f.url, f.title, f.region) for f in self.config.feeds)
        return True
