"""Fetching over HTTP (against a real local server) and from disk, with its limits and errors."""

from __future__ import annotations

import gzip
import re
import socket
import ssl
import threading
import time
import zlib
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from habari_tui import __version__
from habari_tui.errors import FetchError
from habari_tui.sources.fetch import (
    MAX_BYTES,
    USER_AGENT,
    describe_network_error,
    fetch,
    make_client,
)

FEED = b'<?xml version="1.0"?><rss version="2.0"><channel><title>Kabar</title></channel></rss>'


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    async with make_client(timeout=5, concurrency=4) as http_client:
        yield http_client


@pytest.fixture
def release() -> Iterator[threading.Event]:
    """Lets a deliberately stuck handler finish, so the single-threaded server is free again."""
    event = threading.Event()
    yield event
    event.set()


def _stalling_body(release: threading.Event, first: bytes = b"") -> Iterator[bytes]:
    if first:
        yield first
    release.wait(5)
    yield b""


def _trickling_body(release: threading.Event) -> Iterator[bytes]:
    while not release.wait(0.05):
        yield b"<"


async def test_ok_response_returns_body_and_headers(
    httpserver: HTTPServer, client: httpx.AsyncClient
) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data(
        FEED,
        content_type="application/rss+xml; charset=utf-8",
        headers={"ETag": '"v1"', "Last-Modified": "Wed, 01 May 2024 08:00:00 GMT"},
    )
    url = httpserver.url_for("/feed.xml")

    result = await fetch(client, url)

    assert result.status == 200
    assert result.content == FEED
    assert result.url == url
    assert result.final_url == url
    assert result.content_type == "application/rss+xml; charset=utf-8"
    assert result.etag == '"v1"'
    assert result.last_modified == "Wed, 01 May 2024 08:00:00 GMT"


async def test_requests_carry_user_agent_and_feed_accept_header(
    httpserver: HTTPServer, client: httpx.AsyncClient
) -> None:
    httpserver.expect_request("/feed.xml").respond_with_data(FEED)

    await fetch(client, httpserver.url_for("/feed.xml"))

    request, _ = httpserver.log[-1]
    assert request.headers["User-Agent"] == USER_AGENT
    assert USER_AGENT.startswith(f"habari-tui/{__version__} (+https://")
    assert "application/rss+xml" in request.headers["Accept"]
    assert "text/html" in request.headers["Accept"]


async def test_etag_is_sent_and_304_returns_no_content(
    httpserver: HTTPServer, client: httpx.AsyncClient
) -> None:
    httpserver.expect_request("/feed.xml", headers={"If-None-Match": '"v1"'}).respond_with_data(
        "", status=304
    )

    result = await fetch(client, httpserver.url_for("/feed.xml"), etag='"v1"')

    request, _ = httpserver.log[-1]
    assert request.headers["If-None-Match"] == '"v1"'
    assert result.status == 304
    assert result.content is None
    assert result.etag == '"v1"'


async def test_last_modified_round_trip_gives_304_the_second_time(
    httpserver: HTTPServer, client: httpx.AsyncClient
) -> None:
    stamp = "Wed, 01 May 2024 08:00:00 GMT"

    def handler(request: Request) -> Response:
        if request.headers.get("If-Modified-Since") == stamp:
            return Response(status=304)
        return Response(FEED, headers={"Last-Modified": stamp})

    httpserver.expect_request("/feed.xml").respond_with_handler(handler)
    url = httpserver.url_for("/feed.xml")

    first = await fetch(client, url)
    second = await fetch(client, url, last_modified=first.last_modified)

    assert (first.status, first.last_modified) == (200, stamp)
    assert (second.status, second.content, second.last_modified) == (304, None, stamp)


@pytest.mark.parametrize(
    ("status", "message"), [(404, "HTTP 404 Not Found"), (500, "HTTP 500 Internal Server Error")]
)
async def test_error_status_raises_fetch_error_with_status_line(
    httpserver: HTTPServer, client: httpx.AsyncClient, status: int, message: str
) -> None:
    httpserver.expect_request("/gone").respond_with_data("nope", status=status)

    with pytest.raises(FetchError, match=f"^{message}$"):
        await fetch(client, httpserver.url_for("/gone"))


def _redirect_chain(httpserver: HTTPServer, hops: int) -> str:
    for hop in range(hops):
        target = httpserver.url_for(f"/hop{hop + 1}" if hop + 1 < hops else "/final")
        httpserver.expect_request(f"/hop{hop}").respond_with_data(
            "", status=302, headers={"Location": target}
        )
    httpserver.expect_request("/final").respond_with_data(FEED)
    return httpserver.url_for("/hop0")


async def test_redirect_chain_of_three_is_followed_to_the_final_url(
    httpserver: HTTPServer, client: httpx.AsyncClient
) -> None:
    start = _redirect_chain(httpserver, 3)

    result = await fetch(client, start)

    assert result.content == FEED
    assert result.url == start
    assert result.final_url == httpserver.url_for("/final")


async def test_redirect_chain_of_seven_is_too_many(
    httpserver: HTTPServer, client: httpx.AsyncClient
) -> None:
    start = _redirect_chain(httpserver, 7)

    with pytest.raises(FetchError, match=r"^too many redirects \(more than 5\)$"):
        await fetch(client, start)


async def test_server_that_never_answers_hits_the_deadline(
    httpserver: HTTPServer, client: httpx.AsyncClient, release: threading.Event
) -> None:
    httpserver.expect_request("/silent").respond_with_handler(
        lambda request: Response(_stalling_body(release))
    )
    started = time.monotonic()

    with pytest.raises(FetchError, match=r"^timed out after 0\.5 s$"):
        await fetch(client, httpserver.url_for("/silent"), deadline=0.5)

    assert time.monotonic() - started < 2


async def test_server_trickling_bytes_forever_hits_the_deadline(
    httpserver: HTTPServer, client: httpx.AsyncClient, release: threading.Event
) -> None:
    httpserver.expect_request("/trickle").respond_with_handler(
        lambda request: Response(_trickling_body(release))
    )

    with pytest.raises(FetchError, match=r"^timed out after 0\.5 s$"):
        await fetch(client, httpserver.url_for("/trickle"), deadline=0.5)


async def test_per_request_timeout_of_the_client_is_reported(
    httpserver: HTTPServer, release: threading.Event
) -> None:
    httpserver.expect_request("/silent").respond_with_handler(
        lambda request: Response(_stalling_body(release))
    )

    async with make_client(timeout=0.3, concurrency=1) as quick_client:
        with pytest.raises(FetchError, match=r"^timed out after 0\.3 s$"):
            await fetch(quick_client, httpserver.url_for("/silent"), deadline=5)


async def test_body_over_max_bytes_is_rejected(
    httpserver: HTTPServer, client: httpx.AsyncClient
) -> None:
    httpserver.expect_request("/big").respond_with_handler(
        lambda request: Response(iter([b"x" * 1500] * 4))  # streamed: no Content-Length
    )

    with pytest.raises(FetchError, match="^response larger than 4 KiB$"):
        await fetch(client, httpserver.url_for("/big"), max_bytes=4096)


async def test_gzip_body_inflating_past_max_bytes_is_rejected(
    httpserver: HTTPServer, client: httpx.AsyncClient
) -> None:
    bomb = gzip.compress(b"\0" * 5_000_000)
    assert len(bomb) < 10_000
    httpserver.expect_request("/bomb").respond_with_data(bomb, headers={"Content-Encoding": "gzip"})

    with pytest.raises(FetchError, match="^response larger than 100000 bytes$"):
        await fetch(client, httpserver.url_for("/bomb"), max_bytes=100_000)


@pytest.mark.parametrize(
    ("encoding", "compress"),
    [
        ("gzip", gzip.compress),
        ("deflate", zlib.compress),
        ("deflate", lambda data: zlib.compress(data, wbits=-zlib.MAX_WBITS)),
    ],
    ids=["gzip", "zlib-deflate", "raw-deflate"],
)
async def test_compressed_body_is_returned_decoded(
    httpserver: HTTPServer,
    client: httpx.AsyncClient,
    encoding: str,
    compress: Callable[[bytes], bytes],
) -> None:
    body = FEED * 500
    httpserver.expect_request("/z").respond_with_data(
        compress(body), headers={"Content-Encoding": encoding}
    )

    result = await fetch(client, httpserver.url_for("/z"))

    assert result.content == body


async def test_corrupt_gzip_body_is_a_fetch_error(
    httpserver: HTTPServer, client: httpx.AsyncClient
) -> None:
    httpserver.expect_request("/bad").respond_with_data(
        b"definitely not gzip", headers={"Content-Encoding": "gzip"}
    )

    with pytest.raises(FetchError, match="not valid compressed data"):
        await fetch(client, httpserver.url_for("/bad"))


async def test_content_length_over_the_cap_is_rejected_before_reading(
    httpserver: HTTPServer, client: httpx.AsyncClient, release: threading.Event
) -> None:
    httpserver.expect_request("/huge").respond_with_handler(
        lambda request: Response(
            _stalling_body(release, first=b"x" * 100),
            headers={"Content-Length": str(50 * 1024 * 1024)},
        )
    )
    started = time.monotonic()

    with pytest.raises(FetchError, match="^response larger than 10 MiB$"):
        await fetch(client, httpserver.url_for("/huge"), deadline=5)

    assert time.monotonic() - started < 2
    assert MAX_BYTES == 10 * 1024 * 1024


async def test_closed_port_is_connection_refused(client: httpx.AsyncClient) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]

    with pytest.raises(FetchError, match="^connection refused$"):
        await fetch(client, f"http://127.0.0.1:{port}/feed.xml", deadline=5)


async def test_file_url_is_read_from_disk(tmp_path: Path, client: httpx.AsyncClient) -> None:
    feed = tmp_path / "kabar banua.xml"
    feed.write_bytes(FEED)

    result = await fetch(client, feed.as_uri())

    assert (result.status, result.content) == (200, FEED)
    assert result.final_url == feed.as_uri()
    assert result.content_type == "application/xml"


async def test_plain_absolute_path_is_read_from_disk(
    tmp_path: Path, client: httpx.AsyncClient
) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(FEED)

    result = await fetch(client, str(feed))

    assert result.content == FEED
    assert result.final_url == feed.as_uri()


async def test_home_relative_path_is_expanded(
    tmp_path: Path, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    (tmp_path / "feed.xml").write_bytes(FEED)

    result = await fetch(client, "~/feed.xml")

    assert result.content == FEED


async def test_missing_file_is_reported_by_path(tmp_path: Path, client: httpx.AsyncClient) -> None:
    missing = tmp_path / "x" / "y.xml"

    with pytest.raises(FetchError, match=f"^no such file: {missing}$"):
        await fetch(client, missing.as_uri())


async def test_file_over_max_bytes_is_rejected(tmp_path: Path, client: httpx.AsyncClient) -> None:
    feed = tmp_path / "feed.xml"
    feed.write_bytes(FEED)

    with pytest.raises(FetchError, match="larger than 10 bytes"):
        await fetch(client, str(feed), max_bytes=10)


async def test_directory_is_not_a_feed_file(tmp_path: Path, client: httpx.AsyncClient) -> None:
    with pytest.raises(FetchError, match="^not a regular file: "):
        await fetch(client, str(tmp_path))


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://example.com/feed.xml", "unsupported URL scheme: ftp"),
        ("javascript:alert(1)", "unsupported URL scheme: javascript"),
        ("feeds/kabar.xml", "not a URL or an absolute path: feeds/kabar.xml"),
        ("http://[::1/feed", "invalid URL: http://[::1/feed"),
        ("http://127.0.0.1:99999/feed", "invalid URL: http://127.0.0.1:99999/feed"),
        ("https:///feed", "invalid URL: https:///feed"),
        ("file://elsewhere/feed.xml", "file URL on another host is not supported: elsewhere"),
    ],
)
async def test_unusable_urls_are_refused_without_a_request(
    client: httpx.AsyncClient, url: str, message: str
) -> None:
    with pytest.raises(FetchError, match=f"^{re.escape(message)}$"):
        await fetch(client, url)


def _connect_error_caused_by(cause: BaseException) -> httpx.ConnectError:
    error = httpx.ConnectError("connect failed")
    error.__cause__ = cause
    return error


def _real_tls_failure() -> ssl.SSLCertVerificationError:
    error = ssl.SSLCertVerificationError(
        1, "[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: self-signed (_ssl.c:1006)"
    )
    error.verify_message = "self-signed certificate"
    return error


@pytest.mark.parametrize(
    ("cause", "message"),
    [
        (socket.gaierror(-2, "Name or service not known"), "name not resolved"),
        (_real_tls_failure(), "TLS error: certificate verify failed: self-signed certificate"),
        (
            ssl.SSLError(1, "[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)"),
            "TLS error: wrong version number",
        ),
        (ConnectionRefusedError(111, "Connection refused"), "connection refused"),
        (OSError("All connection attempts failed"), "could not connect: connect failed"),
    ],
    ids=["dns", "certificate", "tls-version", "refused", "other"],
)
def test_network_errors_are_described_from_their_root_cause(
    cause: BaseException, message: str
) -> None:
    assert describe_network_error(_connect_error_caused_by(cause)) == message
