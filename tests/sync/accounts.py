"""One account on each real feed server of the fixtures, as habari-tui sees it: the [sync]
table that reaches it, stories seeded on it, and its state read back through its own API."""

from __future__ import annotations

from typing import Any

from tests.servers.feedserver import FeedServer, make_items
from tests.servers.miniflux import Miniflux
from tests.servers.ttrss import TinyTinyRSS


class Account:
    service = ""
    knows_change_times = False  # the protocol reports when a story's state changed

    def __init__(self, server: Any, feeds: FeedServer) -> None:
        self.server = server
        self.feeds = feeds

    @property
    def base_url(self) -> str:
        return str(self.server.base_url)

    def table(self, *, url: str | None = None, password: str | None = None) -> str:
        raise NotImplementedError

    def seed(self, name: str, count: int, *, category: str | None = "Kalsel") -> None:
        """A feed `name` with `count` stories ("NAME story N"), subscribed and fetched."""
        raise NotImplementedError

    def add_stories(self, name: str, count: int, *, start: int) -> None:
        raise NotImplementedError

    def state(self) -> dict[str, tuple[bool, bool]]:
        """(read, starred) of every story on the server, by title."""
        raise NotImplementedError

    def is_push(self, method: str, path: str, body: bytes) -> bool:
        """This request sets read/starred state (one batch of a push)."""
        raise NotImplementedError

    def feed_url(self, name: str) -> str:
        """The URL the server can fetch feed `name` of the feed server at."""
        return self.feeds.url(name)

    def fetch(self) -> None:
        """Have the server fetch every feed now."""
        self.server.refresh()

    def stop(self) -> None:
        self.server.stop()

    def start(self) -> None:
        self.server.start()


class MinifluxAccount(Account):
    service = "miniflux"
    knows_change_times = True

    def table(self, *, url: str | None = None, password: str | None = None) -> str:
        m: Miniflux = self.server
        return (
            f'[sync]\nservice = "miniflux"\nurl = "{url or m.base_url}"\n'
            f'user = "{m.username}"\npassword = "{password or m.password}"\n'
        )

    def seed(self, name: str, count: int, *, category: str | None = "Kalsel") -> None:
        self.server.subscribe(self.feeds.set_feed(name, make_items(name, count)), category=category)

    def add_stories(self, name: str, count: int, *, start: int) -> None:
        self.feeds.add_items(name, *make_items(name, count, start=start))
        self.server.refresh()

    def is_push(self, method: str, path: str, body: bytes) -> bool:
        return method == "PUT" and path.startswith("/v1/entries")

    def state(self) -> dict[str, tuple[bool, bool]]:
        return {
            e["title"]: (e["status"] == "read", bool(e["starred"])) for e in self.server.entries()
        }


class GoogleReaderAccount(MinifluxAccount):
    """Miniflux again, through its Google Reader API."""

    service = "greader"
    knows_change_times = False

    def is_push(self, method: str, path: str, body: bytes) -> bool:
        return path.endswith("/edit-tag")

    def table(self, *, url: str | None = None, password: str | None = None) -> str:
        m: Miniflux = self.server
        return (
            f'[sync]\nservice = "greader"\nurl = "{url or m.base_url}"\n'
            f'user = "{m.reader_username}"\npassword = "{password or m.reader_password}"\n'
        )


class TinyTinyRSSAccount(Account):
    service = "ttrss"

    def table(self, *, url: str | None = None, password: str | None = None) -> str:
        t: TinyTinyRSS = self.server
        return (
            f'[sync]\nservice = "ttrss"\nurl = "{url or t.base_url}"\n'
            f'user = "{t.username}"\npassword = "{password or t.password}"\n'
        )

    def seed(self, name: str, count: int, *, category: str | None = "Kalsel") -> None:
        self.feeds.set_feed(name, make_items(name, count))
        feed_id = self.server.subscribe(self.server.feed_url(self.feeds, name), category=category)
        self.server.refresh(feed_id)

    def add_stories(self, name: str, count: int, *, start: int) -> None:
        self.feeds.add_items(name, *make_items(name, count, start=start))
        self.server.refresh()

    def is_push(self, method: str, path: str, body: bytes) -> bool:
        return b'"updateArticle"' in body

    def feed_url(self, name: str) -> str:
        return self.feeds.proxied_url(name)  # tt-rss refuses loopback: through its proxy

    def state(self) -> dict[str, tuple[bool, bool]]:
        return {h["title"]: (not h["unread"], bool(h["marked"])) for h in self.server.headlines()}
