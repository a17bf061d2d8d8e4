"""A feed server on 127.0.0.1 serving RSS feeds and article pages that the tests build and change.

It answers ordinary requests (`GET /feeds/NAME.xml`) and proxy-style ones, whose request line
carries an absolute URL (`GET http://feeds.habari.invalid/feeds/NAME.xml`): tt-rss refuses
feed URLs on loopback, so it is subscribed to a name under `.invalid` and sent here as to a proxy.
"""

from __future__ import annotations

import sys
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

PROXIED_HOST = "feeds.habari.invalid"


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One story of a feed. `link` None: an article page on this server, `/articles/FEED/GUID`."""

    guid: str
    title: str
    published: datetime
    summary: str = ""
    link: str | None = None


@dataclass(slots=True)
class _Feed:
    title: str
    items: list[FeedItem] = field(default_factory=list)
    status: int = 200
    body: bytes | None = None  # served as is instead of the generated RSS, when set
    proxied_links: bool = False


def make_items(
    feed: str, count: int, *, start: int = 0, newest: datetime | None = None
) -> list[FeedItem]:
    """`count` stories `FEED-START` .. numbered upwards, an hour apart, the highest the newest."""
    newest = newest or datetime.now(UTC).replace(microsecond=0)
    items = []
    for n in range(start, start + count):
        age = timedelta(hours=start + count - 1 - n)
        items.append(
            FeedItem(
                guid=f"{feed}-{n}",
                title=f"{feed} story {n}",
                published=newest - age,
                summary=f"Summary of {feed} story {n}.",
            )
        )
    return items


class QuietHTTPServer(ThreadingHTTPServer):
    """A client that gives up on an answer hangs up; socketserver would print that reset to the
    process's stderr, which a CLI run in the test's process shares (checked to be one line)."""

    def handle_error(self, request: Any, client_address: Any) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):
            super().handle_error(request, client_address)


class FeedServer:
    """Feeds by name, served at `url(name)` (direct) and `proxied_url(name)` (through the proxy).

    - `set_feed(name, items, title=)` makes or replaces a feed; `add_items(name, *items)` adds
      stories; `remove_items(name, *guids)`; `set_status(name, 500)` makes the feed fail;
      `set_body(name, bytes)` serves raw bytes instead of the generated RSS.
    - `article_url(feed, guid)` is the page a story links to; pages are generated HTML;
      `set_feed(..., proxied_links=True)` links to `proxied_article_url(feed, guid)` instead,
      reached with `proxy_env()` in the environment (tt-rss drops a link's port).
    - `hits(path)` counts requests to a path; `reset()` forgets every feed and count.
    """

    def __init__(self) -> None:
        self._feeds: dict[str, _Feed] = {}
        self._hits: dict[str, int] = {}
        self._lock = threading.Lock()
        self._httpd = QuietHTTPServer(("127.0.0.1", 0), self._handler_class())
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.proxy_address = f"127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._httpd.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    # -- what tests call

    def url(self, name: str) -> str:
        return f"{self.base_url}/feeds/{name}.xml"

    def proxied_url(self, name: str) -> str:
        return f"http://{PROXIED_HOST}/feeds/{name}.xml"

    def article_url(self, feed: str, guid: str) -> str:
        return f"{self.base_url}/articles/{feed}/{guid}.html"

    def proxied_article_url(self, feed: str, guid: str) -> str:
        return f"http://{PROXIED_HOST}/articles/{feed}/{guid}.html"

    def proxy_env(self) -> dict[str, str]:
        """Environment under which httpx (so habari) reaches `.invalid` URLs through this server
        and 127.0.0.1 directly: for article links of a tt-rss feed (`proxied_links=True`)."""
        proxy = f"http://{self.proxy_address}"
        return {
            "HTTP_PROXY": proxy,
            "http_proxy": proxy,
            "NO_PROXY": "127.0.0.1,localhost",
            "no_proxy": "127.0.0.1,localhost",
        }

    def set_feed(
        self,
        name: str,
        items: list[FeedItem] | None = None,
        *,
        title: str | None = None,
        proxied_links: bool = False,
    ) -> str:
        """Make or replace feed `name`; returns its direct URL.

        `proxied_links`: stories link to `proxied_article_url` instead of `article_url`. tt-rss
        drops a link's non-default port, so its feeds need them (see `proxy_env`).
        """
        with self._lock:
            self._feeds[name] = _Feed(
                title=title or f"Feed {name}",
                items=list(items or []),
                proxied_links=proxied_links,
            )
        return self.url(name)

    def add_items(self, name: str, *items: FeedItem) -> None:
        with self._lock:
            self._feeds[name].items.extend(items)

    def remove_items(self, name: str, *guids: str) -> None:
        with self._lock:
            feed = self._feeds[name]
            feed.items = [item for item in feed.items if item.guid not in guids]

    def items(self, name: str) -> list[FeedItem]:
        with self._lock:
            return list(self._feeds[name].items)

    def set_status(self, name: str, status: int) -> None:
        with self._lock:
            self._feeds[name].status = status

    def set_body(self, name: str, body: bytes | None) -> None:
        with self._lock:
            self._feeds[name].body = body

    def hits(self, path: str) -> int:
        with self._lock:
            return self._hits.get(path, 0)

    def reset(self) -> None:
        with self._lock:
            self._feeds.clear()
            self._hits.clear()

    # -- serving

    def _render(self, name: str, feed: _Feed) -> bytes:
        parts = [
            '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>',
            f"<title>{escape(feed.title)}</title>",
            f"<link>{self.base_url}/</link>",
            f"<description>{escape(feed.title)}, served for tests</description>",
        ]
        for item in sorted(feed.items, key=lambda i: i.published, reverse=True):
            article = self.proxied_article_url if feed.proxied_links else self.article_url
            link = item.link or article(name, item.guid)
            parts.append(
                "<item>"
                f"<title>{escape(item.title)}</title>"
                f"<link>{escape(link)}</link>"
                f'<guid isPermaLink="false">{escape(item.guid)}</guid>'
                f"<pubDate>{format_datetime(item.published.astimezone(UTC), usegmt=True)}</pubDate>"
                f"<description>{escape(item.summary)}</description>"
                "</item>"
            )
        parts.append("</channel></rss>\n")
        return "".join(parts).encode()

    def _answer(self, path: str) -> tuple[int, str, bytes]:
        with self._lock:
            self._hits[path] = self._hits.get(path, 0) + 1
            if path.startswith("/feeds/") and path.endswith(".xml"):
                feed = self._feeds.get(path[len("/feeds/") : -len(".xml")])
                if feed is None:
                    return 404, "text/plain", b"no such feed\n"
                if feed.status != 200:
                    return feed.status, "text/plain", b"feed failing on purpose\n"
                body = (
                    feed.body
                    if feed.body is not None
                    else self._render(path[len("/feeds/") : -len(".xml")], feed)
                )
                return 200, "application/rss+xml; charset=utf-8", body
            if path.startswith("/articles/") and path.endswith(".html"):
                feed_name, _, guid = path[len("/articles/") : -len(".html")].partition("/")
                feed = self._feeds.get(feed_name)
                item = next((i for i in (feed.items if feed else []) if i.guid == guid), None)
                if item is None:
                    return 404, "text/plain", b"no such article\n"
                paragraphs = "".join(
                    f"<p>{escape(item.summary)} Paragraph {n} of the story told in full, with "
                    "enough words in it to read as the body of an article.</p>"
                    for n in range(1, 6)
                )
                html = (
                    f"<!doctype html><html><head><title>{escape(item.title)}</title></head>"
                    f"<body><article><h1>{escape(item.title)}</h1>{paragraphs}</article>"
                    "</body></html>"
                )
                return 200, "text/html; charset=utf-8", html.encode()
        return 404, "text/plain", b"not found\n"

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                self._reply(send_body=True)

            def do_HEAD(self) -> None:  # noqa: N802 - the stdlib's name
                self._reply(send_body=False)

            def _reply(self, *, send_body: bool) -> None:
                path = urlsplit(self.path).path or "/"  # absolute URL when asked as a proxy
                status, content_type, body = server._answer(path)
                self.send_response(status)
                self.send_header("Content-Type", content_type)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if send_body:
                    self.wfile.write(body)

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                return

        return Handler
