"""Saving pages is polite: two requests at a time to a site, a pause, Retry-After honoured."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from habari_tui.config import FeedConfig
from habari_tui.service.politeness import PAUSE

from .conftest import NOW, make_config

PAGE = f"<html><body><article><p>{'Kata demi kata. ' * 60}</p></article></body></html>".encode()


class Site:
    """A threaded server on 127.0.0.1 that counts the requests each host name has under way."""

    def __init__(self, *, busy_path: str | None = None) -> None:
        self.lock = threading.Lock()
        self.in_flight: dict[str, int] = {}
        self.most: dict[str, int] = {}
        self.started: dict[str, list[float]] = {}
        self.agents: set[str] = set()
        self.paths: list[str] = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                host = (self.headers.get("Host") or "").split(":")[0]
                with site.lock:
                    site.paths.append(f"{host}{self.path}")
                    site.agents.add(self.headers.get("User-Agent") or "")
                    site.in_flight[host] = site.in_flight.get(host, 0) + 1
                    site.most[host] = max(site.most.get(host, 0), site.in_flight[host])
                    site.started.setdefault(host, []).append(time.monotonic())
                try:
                    self._answer(host)
                finally:
                    with site.lock:
                        site.in_flight[host] -= 1

            def _answer(self, host: str) -> None:
                if self.path == "/feed.xml":
                    body = site.feed().encode()
                    self.send_response(200)
                    self.send_header("Content-Type", "application/rss+xml")
                elif busy_path and self.path.startswith(busy_path):
                    body = b"slow down"
                    self.send_response(429)
                    self.send_header("Retry-After", "120")
                else:
                    time.sleep(0.1)
                    body = PAGE
                    self.send_response(200)
                    self.send_header("Content-Type", "text/html")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]

    def feed(self) -> str:
        items = []
        for n in range(16):
            host = "127.0.0.1" if n % 2 else "localhost"  # two sites, one server
            items.append(
                f"<item><title>Berita {n}</title><guid>g{n}</guid>"
                f"<link>http://{host}:{self.port}/page/{n}</link>"
                f"<pubDate>{format_datetime(NOW)}</pubDate></item>"
            )
        return f'<rss version="2.0"><channel><title>Kabar</title>{"".join(items)}</channel></rss>'


@pytest.fixture
def serve() -> Iterator[type[Site]]:
    sites: list[Site] = []

    def start(**options: str) -> Site:
        site = Site(**options)
        threading.Thread(target=site.server.serve_forever, daemon=True).start()
        sites.append(site)
        return site

    yield start  # type: ignore[misc]
    for site in sites:
        site.server.shutdown()
        site.server.server_close()


async def test_pages_are_asked_two_at_a_time_per_site_with_a_pause(serve, service_for):
    site = serve()
    feed = f"http://127.0.0.1:{site.port}/feed.xml"
    service = service_for(make_config(FeedConfig(feed), prefetch_articles="all", concurrency=16))

    summary = await service.refresh()
    pages = await service.prefetch(summary.new_ids)

    assert (pages.feeds, pages.ok) == (16, 16)
    assert site.most == {"127.0.0.1": 2, "localhost": 2}
    # Each of a site's two turns waits the pause between its requests: 8 pages, 4 a turn.
    for starts in site.started.values():
        assert len(starts) >= 8 and starts[-1] - starts[0] >= 3 * PAUSE
    assert all(agent.startswith("habari-tui/") for agent in site.agents)


async def test_a_site_that_asks_us_to_wait_is_not_asked_again(serve, service_for):
    site = serve(busy_path="/page/")
    feed = f"http://127.0.0.1:{site.port}/feed.xml"
    service = service_for(make_config(FeedConfig(feed), prefetch_articles="all", concurrency=16))

    summary = await service.refresh()
    pages = await service.prefetch(summary.new_ids)

    asked = [p for p in site.paths if "/page/" in p]
    assert pages.failed == 16
    assert len(asked) <= 4  # at most each site's first two turns, before the answer came
    waiting = [o.error for o in pages.outcomes if "asked us to wait" in (o.error or "")]
    assert len(waiting) >= 12
