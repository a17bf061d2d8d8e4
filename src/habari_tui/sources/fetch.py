"""Fetching feeds and pages over HTTP(S) or from disk, within size and time limits."""

from __future__ import annotations

import asyncio
import http
import mimetypes
import re
import socket
import ssl
import stat
import time
import zlib
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import SplitResult, urlsplit
from urllib.request import url2pathname

import httpx

from habari_tui import __version__
from habari_tui.errors import FetchError, RetryLater
from habari_tui.models import FetchResult
from habari_tui.text import one_line, utc_moment

USER_AGENT = f"habari-tui/{__version__} (+https://github.com/habari-tui/habari-tui)"
MAX_BYTES = 10 * 1024 * 1024
MAX_REDIRECTS = 5
ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, "
    "application/xml;q=0.9, text/xml;q=0.9, application/json;q=0.9, "
    "text/html;q=0.8, application/xhtml+xml;q=0.8, */*;q=0.5"
)
_INFLATE_STEP = 64 * 1024
# A server may ask us to wait (Retry-After), but not for longer than this.
MAX_RETRY_AFTER = 7 * 86400
_PERMANENT_REDIRECTS = frozenset({301, 308})


def make_client(*, timeout: float, concurrency: int) -> httpx.AsyncClient:
    """One client per refresh: redirects followed, a timeout per request, bounded connections.

    At most 8 idle connections are kept for reuse: httpcore checks every idle one each time
    a request starts or ends, which cost more than new connections saved.
    """
    return httpx.AsyncClient(
        follow_redirects=True,
        max_redirects=MAX_REDIRECTS,
        timeout=httpx.Timeout(timeout),
        limits=httpx.Limits(
            max_connections=concurrency, max_keepalive_connections=min(concurrency, 8)
        ),
        headers={"User-Agent": USER_AGENT, "Accept": ACCEPT},
    )


async def fetch(
    client: httpx.AsyncClient,
    url: str,
    *,
    etag: str | None = None,
    last_modified: str | None = None,
    deadline: float = 60.0,
    max_bytes: int = MAX_BYTES,
) -> FetchResult:
    """Fetch a URL or a local file; every failure is a FetchError with one readable line."""
    path = local_path(url)
    if path is not None:
        return await asyncio.to_thread(_read_file, url, path, max_bytes)
    _check_web_url(url)
    try:
        async with asyncio.timeout(deadline):
            return await _fetch_http(client, url, etag, last_modified, max_bytes)
    except TimeoutError as exc:
        raise FetchError(f"timed out after {deadline:g} s") from exc


def local_path(url: str) -> Path | None:
    """The file a `file://` URL or a plain absolute (or ~) path names; None for other URLs."""
    if url.startswith(("/", "~")):
        try:
            return Path(url).expanduser()
        except RuntimeError as exc:  # "~someone" for a user that does not exist
            raise FetchError(f"no such home directory: {_one_line(url)}") from exc
    parts = _split(url)
    if parts.scheme.lower() != "file":
        return None
    if parts.netloc not in ("", "localhost"):
        raise FetchError(f"file URL on another host is not supported: {parts.netloc}")
    return Path(url2pathname(parts.path))


def _check_web_url(url: str) -> None:
    parts = _split(url)
    scheme = parts.scheme.lower()
    if not scheme:
        raise FetchError(f"not a URL or an absolute path: {_one_line(url)}")
    if scheme not in ("http", "https"):
        raise FetchError(f"unsupported URL scheme: {_one_line(scheme)}")
    try:
        valid = bool(parts.hostname) and (parts.port is None or parts.port > 0)
    except ValueError:  # a port out of range
        valid = False
    if not valid:
        raise FetchError(f"invalid URL: {_one_line(url)}")


def _split(url: str) -> SplitResult:
    try:
        return urlsplit(url)
    except ValueError as exc:
        raise FetchError(f"invalid URL: {_one_line(url)}") from exc


def _read_file(url: str, path: Path, max_bytes: int) -> FetchResult:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise FetchError(f"not a regular file: {path}")
        if info.st_size > max_bytes:
            raise FetchError(f"file larger than {describe_size(max_bytes)}: {path}")
        with path.open("rb") as stream:
            content = stream.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise FetchError(f"no such file: {path}") from exc
    except PermissionError as exc:
        raise FetchError(f"permission denied: {path}") from exc
    except (OSError, ValueError) as exc:  # ValueError: a NUL byte in the path
        raise FetchError(f"cannot read {_one_line(path)}: {_one_line(exc)}") from exc
    if len(content) > max_bytes:
        raise FetchError(f"file larger than {describe_size(max_bytes)}: {path}")
    content_type, _ = mimetypes.guess_type(path.name)
    final_url = path.absolute().as_uri()
    return FetchResult(url, final_url, 200, content, content_type=content_type)


def _conditional_headers(etag: str | None, last_modified: str | None) -> dict[str, str]:
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    return headers


async def _fetch_http(
    client: httpx.AsyncClient,
    url: str,
    etag: str | None,
    last_modified: str | None,
    max_bytes: int,
) -> FetchResult:
    conditions = _conditional_headers(etag, last_modified)
    try:
        async with client.stream("GET", url, headers=conditions) as response:
            if response.status_code == 304:
                # Reading the (empty) body to its end lets the connection go back to the pool;
                # left unread, it is closed and the next feed opens a new one.
                await response.aread()
                return _result(url, response, None, etag, last_modified)
            if response.status_code >= 400:
                raise _status_error(response)
            content = await _read_body(response, max_bytes)
            return _result(url, response, content, etag, last_modified)
    except httpx.TooManyRedirects as exc:
        raise FetchError(f"too many redirects (more than {client.max_redirects})") from exc
    except httpx.TimeoutException as exc:
        raise FetchError(_timeout_message(client, exc)) from exc
    # anyio reports a failed happy-eyeballs connect as an ExceptionGroup.
    except (httpx.HTTPError, httpx.InvalidURL, OSError, ExceptionGroup) as exc:
        raise FetchError(describe_network_error(exc)) from exc


def _result(
    url: str,
    response: httpx.Response,
    content: bytes | None,
    etag: str | None,
    last_modified: str | None,
) -> FetchResult:
    # On 304 a server may omit the validators; the ones we sent are still current.
    return FetchResult(
        url=url,
        final_url=str(response.url),
        status=response.status_code,
        content=content,
        content_type=response.headers.get("content-type"),
        etag=response.headers.get("etag") or (etag if content is None else None),
        last_modified=response.headers.get("last-modified")
        or (last_modified if content is None else None),
        moved_to=moved_to(response),
    )


def moved_to(response: httpx.Response) -> str | None:
    """Where permanent redirects (301/308) from the requested URL lead; None if none did.

    Only the unbroken run of permanent redirects from the start counts: a 302 after a 301
    means the feed's new home is the 302's source, not its target.
    """
    target = None
    for hop in response.history:
        if hop.status_code not in _PERMANENT_REDIRECTS:
            break
        location = hop.headers.get("location")
        if not location:
            break
        target = str(hop.url.join(location))
    original = str(response.history[0].url) if response.history else None
    return target if target and target != original else None


def _status_error(response: httpx.Response) -> FetchError:
    message = f"HTTP {response.status_code} {_reason(response)}".rstrip()
    if response.status_code not in (429, 503):
        return FetchError(message)
    retry_at = retry_after(response.headers.get("retry-after"), time.time())
    if retry_at is None:
        return RetryLater(message, None)
    moment = utc_moment(datetime.fromtimestamp(retry_at, UTC))
    return RetryLater(f"{message}; the server asked us to wait until {moment}", retry_at)


def retry_after(value: str | None, now: float) -> float | None:
    """A Retry-After header (seconds or an HTTP date) as epoch seconds, capped; None if absent."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        delay = float(value)
    else:
        try:
            delay = parsedate_to_datetime(value).timestamp() - now
        except (TypeError, ValueError, IndexError, OverflowError):
            return None
    if delay <= 0:
        return None
    return now + min(delay, MAX_RETRY_AFTER)


def _reason(response: httpx.Response) -> str:
    try:
        return http.HTTPStatus(response.status_code).phrase
    except ValueError:
        return _one_line(response.reason_phrase)


async def _read_body(response: httpx.Response, max_bytes: int) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.strip().isdigit() and int(declared) > max_bytes:
        raise FetchError(f"response larger than {describe_size(max_bytes)}")
    body = bytearray()
    async for piece in _decoded_pieces(response):
        body += piece
        if len(body) > max_bytes:
            raise FetchError(f"response larger than {describe_size(max_bytes)}")
    return bytes(body)


async def _decoded_pieces(response: httpx.Response) -> AsyncIterator[bytes]:
    """The body decompressed in bounded steps, so a small gzip bomb never fills memory at once."""
    encoding = response.headers.get("content-encoding", "").strip().lower()
    if encoding in ("", "identity"):
        async for chunk in response.aiter_raw():
            yield chunk
    elif encoding in ("gzip", "x-gzip", "deflate"):
        inflater = _Inflater(encoding)
        async for chunk in response.aiter_raw():
            for piece in inflater.feed(chunk):
                yield piece
    else:
        async for chunk in response.aiter_bytes():
            yield chunk


class _Inflater:
    """gzip/deflate decoding that yields at most _INFLATE_STEP bytes at a time."""

    def __init__(self, encoding: str) -> None:
        self._raw_deflate_tried = encoding != "deflate"
        wbits = zlib.MAX_WBITS | 16 if encoding != "deflate" else zlib.MAX_WBITS
        self._decompressor = zlib.decompressobj(wbits)
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        while data and not self._decompressor.eof:
            try:
                piece = self._decompressor.decompress(data, _INFLATE_STEP)
            except zlib.error as exc:
                if self._started or self._raw_deflate_tried:
                    raise FetchError("response body is not valid compressed data") from exc
                # Some servers send raw deflate without the zlib wrapper the standard asks for.
                self._raw_deflate_tried = True
                self._decompressor = zlib.decompressobj(-zlib.MAX_WBITS)
                continue
            self._started = True
            data = self._decompressor.unconsumed_tail
            if piece:
                yield piece


def _timeout_message(client: httpx.AsyncClient, exc: httpx.TimeoutException) -> str:
    if isinstance(exc, httpx.ConnectTimeout):
        return f"connection timed out after {client.timeout.connect:g} s"
    if isinstance(exc, httpx.PoolTimeout):
        return "timed out waiting for a free connection"
    return f"timed out after {client.timeout.read:g} s"


def describe_network_error(exc: BaseException) -> str:
    """One short line for a failed connection, from the root cause buried in the chain."""
    for cause in _causes(exc):
        if isinstance(cause, ConnectionRefusedError):
            return "connection refused"
        if isinstance(cause, socket.gaierror):
            return "name not resolved"
        if isinstance(cause, ssl.SSLError):
            return f"TLS error: {_tls_reason(cause)}"
        if isinstance(cause, ConnectionResetError):
            return "connection reset by the server"
    if isinstance(exc, httpx.ConnectError):
        return f"could not connect: {_one_line(exc)}"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return f"unsupported URL: {_one_line(exc)}"
    if isinstance(exc, httpx.InvalidURL):
        return f"invalid URL: {_one_line(exc)}"
    if isinstance(exc, httpx.RemoteProtocolError):
        return f"bad response from the server: {_one_line(exc)}"
    if isinstance(exc, httpx.DecodingError):
        return "response body could not be decoded"
    return f"network error: {_one_line(exc) or type(exc).__name__}"


def _tls_reason(error: ssl.SSLError) -> str:
    if isinstance(error, ssl.SSLCertVerificationError) and error.verify_message:
        return f"certificate verify failed: {error.verify_message}"
    # "[SSL: WRONG_VERSION_NUMBER] wrong version number (_ssl.c:1006)" -> the words only.
    text = re.sub(
        r"^\[[^\]]*\]\s*|\s*\(_ssl\.c:\d+\)$", "", str(error.args[-1] if error.args else error)
    )
    return _one_line(text or error.reason or "handshake failed")


def _causes(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    pending = [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        if isinstance(current, BaseExceptionGroup):
            pending.extend(current.exceptions)
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)


def _one_line(value: object) -> str:
    # Messages quote URLs and server text, which are untrusted and end up on the terminal.
    text = one_line(str(value))
    return text if len(text) <= 160 else text[:159] + "…"


def describe_size(n: int) -> str:
    """A byte count as people say it: "10 MiB", "64 KiB", "1000 bytes"."""
    for unit, size in (("GiB", 1 << 30), ("MiB", 1 << 20), ("KiB", 1 << 10)):
        if n >= size and n % size == 0:
            return f"{n // size} {unit}"
    return f"{n} bytes"
