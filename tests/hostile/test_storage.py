"""The cache survives SIGKILL, a second process, a corrupt file, a read-only dir and a full disk."""

from __future__ import annotations

import asyncio
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest
from werkzeug import Request, Response

from habari_tui.cli import main
from habari_tui.config import FeedConfig
from habari_tui.errors import StoreError
from habari_tui.lock import RefreshLocked, refresh_lock
from habari_tui.models import ParsedEntry
from habari_tui.service import Service
from habari_tui.store import EntryToSave, Store

from ..conftest import make_config, write_config
from .conftest import rss_items

FEEDS = 40


def article_rows(db: Path) -> set[tuple[str, str]]:
    with sqlite3.connect(db) as conn:
        return set(conn.execute("SELECT guid, title FROM articles"))


def integrity(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return conn.execute("PRAGMA integrity_check").fetchone()[0]


def stderr_of(process: subprocess.Popen[str]) -> IO[str]:
    """The stderr pipe habari() opens for every process."""
    assert process.stderr is not None
    return process.stderr


def habari(*args: str, **kwargs) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "habari_tui", *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        **kwargs,
    )


@pytest.mark.slow
def test_sigkill_in_the_middle_of_a_refresh_loses_nothing(tmp_path, httpserver):
    rounds = {"n": 1}

    def feed(request: Request) -> Response:
        number = request.path.rsplit("/", 1)[1]
        if rounds["n"] > 1:
            time.sleep(0.15)  # slow enough that the kill lands mid-refresh
        body = rss_items(30 * rounds["n"], prefix=f"f{number}")
        return Response(body, content_type="application/rss+xml")

    httpserver.expect_request(re.compile(r"^/feed/\d+$")).respond_with_handler(feed)
    config = write_config(
        tmp_path / "config.toml",
        [(httpserver.url_for(f"/feed/{i}"), "World") for i in range(FEEDS)],
        extra="concurrency = 4\nprefetch_articles = false",
    )
    data = tmp_path / "data"
    first = habari("--config", str(config), "--data-dir", str(data), "refresh")
    assert first.wait(60) == 0, stderr_of(first).read()
    db = data / "cache.db"
    before = article_rows(db)
    assert len(before) == FEEDS * 30

    rounds["n"] = 2
    second = habari("--config", str(config), "--data-dir", str(data), "refresh")
    seen = ""
    while f"[{FEEDS // 4}/" not in seen:  # a quarter of the feeds written, the rest in flight
        line = stderr_of(second).readline()
        assert line, "the refresh ended before it could be killed"
        seen += line
    second.send_signal(signal.SIGKILL)
    second.wait(10)
    assert second.returncode == -signal.SIGKILL

    assert integrity(db) == "ok"
    after = article_rows(db)
    assert before <= after
    assert len(after) < FEEDS * 60  # it really was killed half-way
    # The next refresh runs (the lock died with the process) and completes the set.
    third = habari("--config", str(config), "--data-dir", str(data), "refresh")
    assert third.wait(60) == 0, stderr_of(third).read()
    assert len(article_rows(db)) == FEEDS * 60


async def test_a_second_refresh_of_the_same_cache_waits_then_refuses(tmp_path):
    async with refresh_lock(tmp_path):
        started = time.monotonic()
        with pytest.raises(RefreshLocked, match="another habari-tui .* is refreshing"):
            async with refresh_lock(tmp_path, wait=0.3):
                pass
        assert time.monotonic() - started >= 0.3
    async with refresh_lock(tmp_path, wait=0):  # free again once the first is done
        pass


def test_two_processes_refreshing_one_cache_one_refuses_and_the_db_stays_intact(
    tmp_path, httpserver
):
    def slow(request: Request) -> Response:
        time.sleep(0.3)
        number = request.path.rsplit("/", 1)[1]
        return Response(rss_items(5, prefix=f"p{number}"), content_type="application/rss+xml")

    httpserver.expect_request(re.compile(r"^/slow/\d+$")).respond_with_handler(slow)
    config = write_config(
        tmp_path / "config.toml",
        [(httpserver.url_for(f"/slow/{i}"), "World") for i in range(8)],
        extra="concurrency = 1\nprefetch_articles = false",
    )
    data = tmp_path / "data"
    args = ("--config", str(config), "--data-dir", str(data), "refresh")
    first = habari(*args)
    # The second waits up to the lock's patience (10 s) and the first takes ~2.4 s: both finish,
    # one after the other. A third started with the lock held by a test process is refused.
    second = habari(*args)
    assert first.wait(60) == 0, stderr_of(first).read()
    assert second.wait(60) == 0, stderr_of(second).read()
    assert integrity(data / "cache.db") == "ok"
    assert len(article_rows(data / "cache.db")) == 40

    async def hold_and_try() -> tuple[int, str]:
        async with refresh_lock(data):
            third = await asyncio.create_subprocess_exec(
                sys.executable,
                "-c",
                "import habari_tui.lock as l; l.DEFAULT_WAIT = 0.2\n"
                "from habari_tui.cli import main; raise SystemExit(main())",
                *args,
                stderr=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.DEVNULL,
            )
            _, err = await third.communicate()
            assert third.returncode is not None  # communicate() waits for the exit
            return third.returncode, err.decode()

    code, err = asyncio.run(hold_and_try())
    assert code == 1
    assert "another habari-tui" in err and "Traceback" not in err
    assert integrity(data / "cache.db") == "ok"


def test_a_corrupt_cache_is_moved_aside_not_deleted_and_a_new_one_started(tmp_path, capsys):
    data = tmp_path / "data"
    data.mkdir()
    garbage = b"this is not a database, just junk " * 200
    (data / "cache.db").write_bytes(garbage)
    config = write_config(tmp_path / "config.toml", [])
    assert main(["--config", str(config), "--data-dir", str(data), "list"]) == 0
    err = capsys.readouterr().err
    assert "damaged" in err and "moved it to" in err
    kept = [p for p in data.iterdir() if p.name.startswith("cache.db.corrupt-")]
    assert len(kept) == 1 and kept[0].read_bytes() == garbage
    assert str(kept[0]) in err
    assert integrity(data / "cache.db") == "ok"


def test_a_cache_damaged_inside_is_moved_aside_too(tmp_path):
    path = tmp_path / "cache.db"
    Store(path).close()
    raw = bytearray(path.read_bytes())
    raw[100:4096] = os.urandom(4096 - 100)  # the first page: schema and header fields
    path.write_bytes(bytes(raw))
    store = Store(path)
    try:
        assert store.moved_aside is not None and store.moved_aside.exists()
        assert "moved it to" in (store.notice or "")
        assert store.feeds() == []
    finally:
        store.close()


@pytest.fixture
def read_only_dir(tmp_path) -> Iterator[Path]:
    """A directory no one may write in: chmod for a user, the immutable flag for root."""
    folder = tmp_path / "ro"
    folder.mkdir()
    if os.geteuid() != 0:
        folder.chmod(0o555)
        yield folder
        folder.chmod(0o755)
        return
    if shutil.which("chattr") is None:
        pytest.skip("root ignores permissions and chattr is not available")
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True).returncode != 0:
        pytest.skip("root ignores permissions and this file system has no immutable flag")
    try:
        yield folder
    finally:
        subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_a_read_only_data_dir_is_a_clear_error(read_only_dir):
    with pytest.raises(StoreError, match="not writable") as caught:
        Store(read_only_dir / "cache.db")
    assert str(read_only_dir) in str(caught.value)


def test_the_cli_says_so_in_one_line_for_a_read_only_data_dir(tmp_path, read_only_dir, capsys):
    config = write_config(tmp_path / "config.toml", [])
    assert main(["--config", str(config), "--data-dir", str(read_only_dir), "list"]) == 1
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "not writable" in err


def test_a_full_disk_is_a_store_error_and_keeps_what_was_there(tmp_path):
    path = tmp_path / "cache.db"
    store = Store(path)
    try:
        store.sync_feeds([("http://127.0.0.1/feed", None, "World")])
        feed = store.feeds()[0]
        entry = ParsedEntry(title="kept", guid="kept")
        store.save_feed(
            feed.id, title="t", etag=None, last_modified=None, entries=[EntryToSave(entry, "World")]
        )
        # SQLITE_FULL is what SQLite says when the disk has no room; a page cap provokes it.
        pages = store._db.execute("PRAGMA page_count").fetchone()[0]
        store._db.execute(f"PRAGMA max_page_count = {pages + 1}")
        big = [
            EntryToSave(ParsedEntry(title="x" * 2000, guid=f"g{i}", summary="y" * 2000), "World")
            for i in range(200)
        ]
        with pytest.raises(StoreError, match="full"):
            store.save_feed(feed.id, title="t", etag=None, last_modified=None, entries=big)
        assert [a.title for a in store.headlines()] == ["kept"]
    finally:
        store.close()
    assert integrity(path) == "ok"


async def test_a_full_disk_during_refresh_fails_the_feed_not_the_app(service_for, httpserver):
    httpserver.expect_request("/big").respond_with_data(
        rss_items(300, prefix="big" + "x" * 500), content_type="application/rss+xml"
    )
    service: Service = service_for(make_config(FeedConfig(httpserver.url_for("/big"))))
    pages = service.store._db.execute("PRAGMA page_count").fetchone()[0]
    service.store._db.execute(f"PRAGMA max_page_count = {pages + 2}")
    summary = await service.refresh()
    (outcome,) = summary.outcomes
    assert not outcome.ok and outcome.error is not None and "full" in outcome.error
