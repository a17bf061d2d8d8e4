"""When the server fails — down mid-sync, the process killed mid-sync, a wrong password or
URL, a 500, an HTML page or an endless answer — the sync says so in one line and nothing is
lost: the queue keeps every change the server did not confirm, and the next sync completes."""

from __future__ import annotations

import signal
import threading

import pytest

from tests.sync.accounts import Account, MinifluxAccount
from tests.sync.faults import FaultyProxy, wait_for


def one_line(text: str) -> bool:
    return text.count("\n") == 1 and "Traceback" not in text


def marked_then_failing(account: Account, machine, proxy: FaultyProxy, count: int = 3):
    """A machine synced through the proxy, with `count` stories marked read (queued)."""
    account.seed("kalsel", count)
    laptop = machine("laptop", account, url=proxy.base_url)
    laptop.sync()
    titles = [f"kalsel story {n}" for n in range(count)]
    laptop.mark(titles, "--read")
    return laptop, titles


@pytest.mark.parametrize("mode", ["500", "html", "huge"])
def test_a_bad_answer_is_one_line_and_loses_nothing(account, machine, proxy, mode):
    laptop, titles = marked_then_failing(account, machine, proxy)
    proxy.mode, proxy.after = mode, proxy.requests
    failed = laptop.run("sync", "--json")
    assert failed.code == 1 and one_line(failed.err), failed.err
    assert failed.out == ""
    expected = {"500": "HTTP 500", "html": "is the url the", "huge": "larger than 32 MiB"}
    assert expected[mode] in failed.err  # html: "… answered text/html instead of JSON; is the url
    # the miniflux API?", or for Google Reader's text login "… gave no Auth token; is the url…"
    assert laptop.queued() == 3
    assert all(laptop.state()[t] == (True, False) for t in titles)
    proxy.mode = None
    assert laptop.sync()["pushed"] == 3
    assert laptop.queued() == 0
    assert all(account.state()[t] == (True, False) for t in titles)


def test_a_miniflux_page_too_large_is_asked_for_again_in_smaller_pages(miniflux, feeds, machine):
    """Miniflux's REST API sends stories with their whole text, 1,000 a page; a page larger
    than an answer may be is asked for again, a quarter as long."""
    account = MinifluxAccount(miniflux, feeds)
    account.seed("kalsel", 30)
    proxy = FaultyProxy(account.base_url)
    asked: list[str] = []

    def too_large_unless_small(method: str, path: str, body: bytes) -> str | None:
        if "/v1/entries" not in path:
            return None
        asked.append(path)
        return "huge" if "limit=1000" in path else None

    proxy.fault_for = too_large_unless_small
    try:
        laptop = machine("laptop", account, url=proxy.base_url)
        summary = laptop.sync()
    finally:
        proxy.close()
    assert summary["new_articles"] == 30 and summary["errors"] == []
    assert any("limit=1000" in p for p in asked) and any("limit=250" in p for p in asked)


def test_a_wrong_password_is_one_line_without_the_secret(account, machine):
    account.seed("kalsel", 2)
    laptop = machine("laptop", account)
    laptop.sync()
    laptop.mark(["kalsel story 0"], "--star")
    laptop.write_config(account.table(password="not-the-Kalsel-secret"))
    failed = laptop.run("sync")
    assert failed.code == 1 and one_line(failed.err), failed.err
    assert "refused" in failed.err
    assert "not-the-Kalsel-secret" not in failed.err + failed.out
    assert laptop.queued() == 1
    laptop.write_config(account.table())
    assert laptop.sync()["pushed"] == 1
    assert account.state()["kalsel story 0"] == (False, True)


def test_a_wrong_url_is_one_line(account, machine):
    """The feed server's own address: it answers, but not as a feed server's API."""
    laptop = machine("laptop", account, url=account.feeds.base_url + "/")
    failed = laptop.run("sync")
    assert failed.code == 1 and one_line(failed.err), failed.err
    assert "server" in failed.err


def test_the_server_stopped_mid_sync_keeps_the_rest_of_the_queue(account, machine, proxy):
    """300 stories marked read: the first batch of 250 is confirmed, then the server goes
    down; the other 50 stay queued and the next sync sends them."""
    laptop, titles = marked_then_failing(account, machine, proxy, count=300)
    pushes = 0

    def stop_at_second_push(number: int, method: str, path: str, body: bytes) -> None:
        nonlocal pushes
        if account.is_push(method, path, body):
            pushes += 1
            if pushes == 2:
                account.stop()

    proxy.on_request = stop_at_second_push
    try:
        failed = laptop.run("sync")
        assert failed.code == 1 and one_line(failed.err), failed.err
        assert laptop.queued() == 50
    finally:
        proxy.on_request = None
        account.start()
    assert laptop.sync()["pushed"] == 50
    assert laptop.queued() == 0
    on_server = account.state()
    assert all(on_server[t] == (True, False) for t in titles)


def test_a_sync_killed_mid_push_is_completed_by_the_next(account, machine, proxy):
    """SIGKILL while the server is taking the second batch: that batch reaches the server
    without the client hearing of it and stays queued; the next sync finds the server has
    those states already, so nothing is sent twice and nothing is lost."""
    laptop, titles = marked_then_failing(account, machine, proxy, count=300)
    second_push = threading.Event()
    pushes = 0

    def hold_second_push(number: int, method: str, path: str, body: bytes) -> None:
        nonlocal pushes
        if account.is_push(method, path, body):
            pushes += 1
            if pushes == 2:
                second_push.set()
                proxy.released.wait(60)

    proxy.on_request = hold_second_push
    process = laptop.spawn("sync")
    try:
        wait_for(second_push.is_set, timeout=60)
        process.send_signal(signal.SIGKILL)
        assert process.wait(timeout=20) == -signal.SIGKILL
    finally:
        proxy.on_request = None
        proxy.released.set()
        if process.poll() is None:
            process.kill()
    assert laptop.queued() == 50  # the first batch was confirmed before the kill
    summary = laptop.sync()
    assert summary["pushed"] == 0 and summary["errors"] == []
    assert laptop.queued() == 0
    assert all(account.state()[t] == (True, False) for t in titles)
    assert all(laptop.state()[t] == (True, False) for t in titles)
