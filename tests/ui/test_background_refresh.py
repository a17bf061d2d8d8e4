"""A refresh started in the TUI runs in a process of its own, against real feeds served on
127.0.0.1, while the reader keeps pressing keys; nothing the reader does waits for it."""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from textual.widgets import Static

from habari_tui.config import FeedConfig
from habari_tui.ui.app import HabariApp
from habari_tui.ui.screens.article import ArticleScreen
from habari_tui.ui.widgets.headline_list import HeadlineList

from ..conftest import FIXTURES, NOW, make_config
from .conftest import fixture_feeds

# The longest any step here may take before the test gives up (a loaded machine is slow).
PATIENCE = 30.0


def rss(prefix: str, count: int, base: str = "http://127.0.0.1") -> bytes:
    items = "".join(
        f"<item><title>{prefix} story {n}</title><link>{base}/{prefix}/{n}.html</link>"
        f"<guid>{prefix}-{n}</guid><pubDate>Thu, 26 Nov 2026 {10 + n}:00:00 +0000</pubDate>"
        f"<description>What happened in {prefix}, part {n}.</description></item>"
        for n in range(count)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{prefix}</title>{items}</channel></rss>"
    ).encode()


class NewsSite:
    """Feeds and pages on 127.0.0.1; `/slow/...` answers only once `release` is set."""

    def __init__(self) -> None:
        self.release = threading.Event()
        self.routes: dict[str, tuple[bytes, str]] = {}
        site = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                if self.path.startswith("/slow/"):
                    site.release.wait(PATIENCE * 2)
                found = site.routes.get(self.path)
                if found is None:
                    self.send_error(404)
                    return
                body, kind = found
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.base = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()

    def url(self, path: str) -> str:
        return self.base + path

    def close(self) -> None:
        self.release.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def site() -> Iterator[NewsSite]:
    served = NewsSite()
    yield served
    served.close()


@pytest.fixture
def nothing_parsed_here(monkeypatch):
    """Parsing, storing or extracting in the test's own process (the app's) fails the test."""

    def here(*args: object, **kwargs: object) -> None:
        raise AssertionError("the app's process parsed, stored or extracted")

    for name in ("parse_and_save", "parse_and_save_in_worker"):
        monkeypatch.setattr(f"habari_tui.service.refresh.{name}", here)
    monkeypatch.setattr("habari_tui.service.reading.extract_article", here)


def rows(app: HabariApp) -> list[str]:
    return [str(o.prompt) for o in app.screen.query_one(HeadlineList).options]


async def until(pilot, holds: Callable[[], bool]) -> None:
    """Let the app run until `holds()`; fail if that takes longer than PATIENCE."""
    started = time.monotonic()
    while not holds():
        assert time.monotonic() - started < PATIENCE, "the app never got there"
        await pilot.pause(0.05)


def refresh_processes() -> list[int]:
    """This process's children that are refreshing the cache (Linux's /proc)."""
    found = []
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            status = Path(f"/proc/{pid}/status").read_text()
            command = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        parent = next(line.split()[1] for line in status.splitlines() if line.startswith("PPid"))
        if int(parent) == os.getpid() and b"habari_tui.service.background" in command:
            found.append(int(pid))
    return found


def quick_and_late(service_for, site: NewsSite) -> HabariApp:
    """An app over two feeds: one that answers at once with 3 stories, one (2 stories) that
    answers only once `site.release` is set."""
    site.routes["/quick.xml"] = (rss("quick", 3), "application/rss+xml")
    site.routes["/slow/late.xml"] = (rss("late", 2), "application/rss+xml")
    feeds = (FeedConfig(site.url("/quick.xml")), FeedConfig(site.url("/slow/late.xml")))
    service = service_for(make_config(*feeds, prefetch_articles=False))
    return HabariApp(service, now=lambda: NOW)


async def test_the_reader_moves_through_stories_while_another_process_refreshes(
    service_for, site, nothing_parsed_here
):
    app = quick_and_late(service_for, site)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await until(pilot, lambda: len(rows(app)) == 3)  # the quick feed's stories are listed
        assert app.refreshing  # the late feed has not answered
        await pilot.press("j", "j")
        assert app.screen.query_one(HeadlineList).highlighted == 2
        assert refresh_processes()
        site.release.set()
        await until(pilot, lambda: not app.refreshing)
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.status_text == "Refreshed 2/2 feeds, 5 new stories."
        assert len(rows(app)) == 5
        current = app.screen.query_one(HeadlineList).current
        assert current is not None and current.title == "quick story 0"  # the reader's place


async def test_the_refresh_process_saves_the_new_stories_pages(
    service_for, site, nothing_parsed_here
):
    feed = (FIXTURES / "reading" / "feed.xml").read_bytes().replace(b"{base}", site.base.encode())
    site.routes["/feed.xml"] = (feed, "application/rss+xml")
    page = (FIXTURES / "reading" / "irigasi-hst.html").read_bytes()
    site.routes["/2026/11/irigasi-hst.html"] = (page, "text/html; charset=utf-8")
    service = service_for(make_config(FeedConfig(site.url("/feed.xml"), region="Kalimantan")))
    app = HabariApp(service, now=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await until(pilot, lambda: not app.refreshing and not app.saving_pages)
        await app.workers.wait_for_complete()
        assert app.status_text == (
            "Refreshed 1/1 feeds, 2 new stories. Saved 1 of 2 pages for offline reading."
        )
    irigasi = service.headlines()[0]
    saved = service.store.body(irigasi.id)
    assert saved is not None and saved.source == "page" and saved.place == "Barabai"


async def test_quitting_during_a_refresh_leaves_no_refresh_running(service_for, site):
    site.routes["/slow/never.xml"] = (rss("never", 1), "application/rss+xml")
    service = service_for(make_config(FeedConfig(site.url("/slow/never.xml"))))
    app = HabariApp(service, now=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await until(pilot, lambda: bool(refresh_processes()))
        await pilot.press("q")
    assert refresh_processes() == []
    assert app.return_code == 0


async def test_a_refresh_that_cannot_run_says_why_on_the_status_line(service_for, tmp_path):
    service = service_for(make_config(*fixture_feeds()))
    service.store.path.with_name("refresh.lock").mkdir()  # the lock file cannot be made
    app = HabariApp(service, now=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await until(pilot, lambda: not app.refreshing)
        await app.workers.wait_for_complete()
        assert "cannot create the refresh lock" in app.status_text


async def test_a_story_opens_while_another_process_holds_the_cache_for_writing(reader_app):
    app = await reader_app()
    cache = app.service.store.path
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        story = app.screen.query_one(HeadlineList).current
        assert not story.read
        writer = sqlite3.connect(cache, isolation_level=None)
        try:
            writer.execute("BEGIN IMMEDIATE")  # as a refresh's transaction holds it
            writer.execute("UPDATE feeds SET last_error = NULL")
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, ArticleScreen))
            assert str(app.screen.query_one("#title", Static).content) == story.title
        finally:
            writer.execute("COMMIT")
            writer.close()
        await app.workers.wait_for_complete()
        assert app.service.article(story.id).read
