"""Network faults against real servers on 127.0.0.1: each bad feed fails alone, in one line."""

from __future__ import annotations

import socket
import time
import tracemalloc
import zlib
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Response

from habari_tui.cli import main
from habari_tui.config import FeedConfig
from habari_tui.errors import FetchError
from habari_tui.service import Service
from habari_tui.sources.fetch import MAX_BYTES, fetch, make_client

from ..conftest import make_config, write_config
from .conftest import RSS_ONE_ITEM, RawServer, read_request


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def refresh_with_good_feed(service_for, httpserver: HTTPServer, bad_url: str, **settings):
    """Refresh a good feed and a bad one; return (good outcome, bad outcome, service)."""
    httpserver.expect_request("/good").respond_with_data(
        RSS_ONE_ITEM, content_type="application/rss+xml"
    )
    good_url = httpserver.url_for("/good")
    config = make_config(FeedConfig(good_url), FeedConfig(bad_url), timeout=1.0, **settings)
    service: Service = service_for(config)
    started = time.monotonic()
    summary = await service.refresh()
    assert time.monotonic() - started < 10
    by_url = {o.url: o for o in summary.outcomes}
    return by_url[good_url], by_url[bad_url], service


def assert_one_line_failure(outcome, *words: str) -> None:
    assert not outcome.ok
    assert outcome.error and "\n" not in outcome.error and len(outcome.error) < 300
    for word in words:
        assert word in outcome.error.lower()


def stall_after_headers(conn: socket.socket) -> None:
    read_request(conn)
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: 5000\r\n\r\n<rss"
    )
    time.sleep(4)


def trickle(conn: socket.socket) -> None:
    read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n")
    for _ in range(40):  # a byte every 0.2 s: never idle long enough for the read timeout
        conn.sendall(b" ")
        time.sleep(0.2)


def gzip_bomb(conn: socket.socket) -> None:
    """Zeros compressed on the fly: ~1 KB on the wire per MiB inflated, up to 1 GiB."""
    read_request(conn)
    conn.sendall(
        b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Encoding: gzip\r\n\r\n"
    )
    packer = zlib.compressobj(9, zlib.DEFLATED, zlib.MAX_WBITS | 16)
    zeros = bytes(1 << 20)
    for _ in range(1024):
        conn.sendall(packer.compress(zeros))
    conn.sendall(packer.flush())


def endless_body(conn: socket.socket) -> None:
    read_request(conn)
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\n\r\n<rss>")
    chunk = b"x" * 65536
    for _ in range(400):  # 25 MiB if nobody stops reading
        conn.sendall(chunk)


def tls_garbage(conn: socket.socket) -> None:
    conn.recv(4096)
    conn.sendall(b"\x15\x03\x01\x00\x02\x02\x28garbage, not a TLS server hello" * 4)


def plain_http_answer(conn: socket.socket) -> None:
    conn.recv(4096)
    conn.sendall(b"HTTP/1.1 400 Bad Request\r\n\r\n")


def close_at_once(conn: socket.socket) -> None:
    read_request(conn)


@pytest.mark.parametrize(
    ("behaviour", "scheme", "words"),
    [
        (stall_after_headers, "http", ("timed out",)),
        (trickle, "http", ("timed out",)),
        (gzip_bomb, "http", ("larger than",)),
        (endless_body, "http", ("larger than",)),
        (tls_garbage, "https", ("tls",)),
        (plain_http_answer, "https", ("tls",)),
        (close_at_once, "http", ()),
    ],
    ids=["stall", "trickle", "gzip-bomb", "over-cap", "tls-garbage", "http-on-tls", "hang-up"],
)
async def test_a_misbehaving_server_fails_its_feed_alone(
    service_for, httpserver, raw_server, behaviour, scheme, words
):
    server: RawServer = raw_server(behaviour)
    bad = f"{scheme}://127.0.0.1:{server.port}/feed"
    good, outcome, service = await refresh_with_good_feed(service_for, httpserver, bad)
    assert good.ok and good.new_articles == 1
    assert_one_line_failure(outcome, *words)
    assert service.store.feed(bad).last_error == outcome.error


async def test_connection_refused_and_dns_failure_fail_alone(service_for, httpserver):
    refused = f"http://127.0.0.1:{free_port()}/feed"
    good, outcome, _ = await refresh_with_good_feed(service_for, httpserver, refused)
    assert good.ok
    assert_one_line_failure(outcome, "refused")


async def test_a_name_that_does_not_resolve_fails_alone(service_for, httpserver):
    good, outcome, _ = await refresh_with_good_feed(
        service_for, httpserver, "http://no-such-host.invalid/feed"
    )
    assert good.ok
    assert_one_line_failure(outcome)


async def test_a_redirect_loop_fails_alone(service_for, httpserver):
    httpserver.expect_request("/loop").respond_with_response(
        Response(status=302, headers={"Location": "/loop"})
    )
    good, outcome, _ = await refresh_with_good_feed(
        service_for, httpserver, httpserver.url_for("/loop")
    )
    assert good.ok
    assert_one_line_failure(outcome, "redirects")


async def test_wrong_content_type_is_ignored_the_content_decides(service_for, httpserver):
    httpserver.expect_request("/png").respond_with_data(RSS_ONE_ITEM, content_type="image/png")
    good, outcome, _ = await refresh_with_good_feed(
        service_for, httpserver, httpserver.url_for("/png")
    )
    assert good.ok and outcome.ok


async def test_a_wrong_declared_charset_gives_text_not_a_crash(service_for, httpserver):
    latin1 = (
        b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>K\xe9dai</title>'
        b"<item><title>Caf\xe9 \xe0 Banjarmasin</title><guid>c1</guid></item></channel></rss>"
    )
    httpserver.expect_request("/latin").respond_with_data(
        latin1, content_type="application/rss+xml; charset=utf-8"
    )
    _, outcome, service = await refresh_with_good_feed(
        service_for, httpserver, httpserver.url_for("/latin")
    )
    if outcome.ok:  # read as some charset: the title is text, with no controls
        titles = [a.title for a in service.headlines() if "Banjarmasin" in a.title]
        assert titles and all(t.isprintable() for t in titles)
    else:
        assert_one_line_failure(outcome)


async def test_a_gzip_body_that_is_not_gzip_fails_alone(service_for, httpserver):
    httpserver.expect_request("/fake-gzip").respond_with_data(
        b"not gzip at all", headers={"Content-Encoding": "gzip"}
    )
    good, outcome, _ = await refresh_with_good_feed(
        service_for, httpserver, httpserver.url_for("/fake-gzip")
    )
    assert good.ok
    assert_one_line_failure(outcome)


@pytest.mark.parametrize("status", [429, 503])
@pytest.mark.parametrize("retry_after", ["120", "date"])
async def test_retry_after_is_honoured_on_the_next_refresh(
    service_for, httpserver, status, retry_after
):
    if retry_after == "date":
        retry_after = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 600))
    httpserver.expect_request("/busy").respond_with_data(
        "slow down", status=status, headers={"Retry-After": retry_after}
    )
    busy = httpserver.url_for("/busy")
    good, outcome, service = await refresh_with_good_feed(service_for, httpserver, busy)
    assert good.ok
    assert_one_line_failure(outcome, str(status), "wait until")
    asked = sum(1 for request, _ in httpserver.log if request.path == "/busy")
    assert asked == 1

    again = {o.url: o for o in (await service.refresh()).outcomes}
    assert again[busy].error and "retry-after" in again[busy].error.lower()
    assert sum(1 for request, _ in httpserver.log if request.path == "/busy") == asked
    assert again[httpserver.url_for("/good")].ok


async def test_a_503_without_retry_after_is_asked_again_next_time(service_for, httpserver):
    httpserver.expect_request("/down").respond_with_data("down", status=503)
    down = httpserver.url_for("/down")
    _, outcome, service = await refresh_with_good_feed(service_for, httpserver, down)
    assert_one_line_failure(outcome, "503")
    await service.refresh()
    assert sum(1 for request, _ in httpserver.log if request.path == "/down") == 2


def moved_server(httpserver: HTTPServer) -> tuple[str, str]:
    """/old answers 301 to the same feed on another host name (localhost)."""
    new = f"http://localhost:{httpserver.port}/new"
    httpserver.expect_request("/old").respond_with_response(
        Response(status=301, headers={"Location": new})
    )
    httpserver.expect_request("/new").respond_with_data(
        RSS_ONE_ITEM, content_type="application/rss+xml"
    )
    return httpserver.url_for("/old"), new


async def test_a_301_to_another_host_is_reported_and_the_feed_still_read(service_for, httpserver):
    old, new = moved_server(httpserver)
    config = make_config(FeedConfig(old))
    service = service_for(config)
    summary = await service.refresh()
    (outcome,) = summary.outcomes
    assert outcome.ok and outcome.new_articles == 1
    assert outcome.moved_to == new
    assert summary.as_json()["moved"] == [{"url": old, "to": new}]
    assert service.store.feed(old).moved_to == new
    assert service.config.feeds[0].url == old  # nothing changed behind the user's back


def test_the_cli_reports_a_move_and_changes_the_config_only_when_asked(
    tmp_path: Path, httpserver, capsys
):
    old, new = moved_server(httpserver)
    config = write_config(tmp_path / "config.toml", [(old, "World")])
    data = ["--config", str(config), "--data-dir", str(tmp_path / "data")]

    assert main([*data, "refresh"]) == 0
    err = capsys.readouterr().err
    assert f"moved permanently to {new}" in err and "--accept-moves" in err
    assert old in config.read_text()

    assert main([*data, "refresh", "--accept-moves"]) == 0
    assert "config updated" in capsys.readouterr().err
    text = config.read_text()
    assert f'url = "{new}"' in text and old not in text
    assert main([*data, "list", "--json"]) == 0  # the stories stay with the moved feed
    assert "A good story" in capsys.readouterr().out


async def test_a_gzip_bomb_is_refused_without_being_inflated_in_memory(raw_server) -> None:
    server: RawServer = raw_server(gzip_bomb)  # 1 GiB once inflated
    tracemalloc.start()
    try:
        async with make_client(timeout=5, concurrency=1) as client:
            with pytest.raises(FetchError, match="larger than"):
                await fetch(client, f"http://127.0.0.1:{server.port}/feed")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 4 * MAX_BYTES  # the cap, read and inflated once, and no more
