"""A real HTTP proxy in front of a real feed server that can misbehave on cue: answer 500,
an HTML page, an endless answer, hang, or run a hook (stop the server) after N requests."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler

import httpx

from tests.servers.feedserver import QuietHTTPServer

_HOP = {"connection", "keep-alive", "transfer-encoding", "content-encoding", "content-length"}


class FaultyProxy:
    """Forwards to `upstream`; after `after` requests behaves as `mode`:
    None (forward), "500", "html", "huge" (a JSON answer of `huge_bytes`), "hang"."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream.rstrip("/")
        self.mode: str | None = None
        self.after = 0
        self.huge_bytes = 40 << 20
        # Called before answering with (request number, method, path, body).
        self.on_request: Callable[[int, str, str, bytes], None] | None = None
        # Decides the mode of each request from (method, path, body) when set.
        self.fault_for: Callable[[str, str, bytes], str | None] | None = None
        self.requests = 0
        self.released = threading.Event()
        self._lock = threading.Lock()
        self._client = httpx.Client(timeout=30)
        self._httpd = QuietHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self.base_url = f"http://127.0.0.1:{self._httpd.server_address[1]}"
        threading.Thread(target=self._httpd.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.released.set()
        self._httpd.shutdown()
        self._httpd.server_close()
        self._client.close()

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self) -> None:  # noqa: N802 - the stdlib's name
                proxy._serve(self)

            do_POST = do_PUT = do_DELETE = do_GET  # noqa: N815

            def log_message(self, format: str, *args: object) -> None:  # noqa: A002
                pass

        return Handler

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        with self._lock:
            self.requests += 1
            number = self.requests
        length = int(request.headers.get("Content-Length") or 0)
        body = request.rfile.read(length) if length else b""
        if self.on_request is not None:
            self.on_request(number, request.command, request.path, body)
        mode = self.mode if number > self.after else None
        if self.fault_for is not None:
            mode = self.fault_for(request.command, request.path, body)
        if mode == "hang":
            self.released.wait(60)
            mode = "500"
        if mode == "500":
            self._reply(request, 500, "text/plain", b"Internal Server Error")
        elif mode == "html":
            self._reply(request, 200, "text/html", b"<!doctype html><title>Login</title><p>Hi")
        elif mode == "huge":
            self._huge(request)
        else:
            self._forward(request, body)

    def _forward(self, request: BaseHTTPRequestHandler, body: bytes) -> None:
        headers = {k: v for k, v in request.headers.items() if k.lower() not in _HOP | {"host"}}
        try:
            answer = self._client.request(
                request.command, self.upstream + request.path, headers=headers, content=body or None
            )
        except httpx.HTTPError:
            request.close_connection = True
            request.send_error(502)
            return
        request.send_response(answer.status_code)
        for key, value in answer.headers.items():
            if key.lower() not in _HOP:
                request.send_header(key, value)
        request.send_header("Content-Length", str(len(answer.content)))
        request.end_headers()
        request.wfile.write(answer.content)

    def _reply(self, request: BaseHTTPRequestHandler, status: int, kind: str, body: bytes) -> None:
        request.send_response(status)
        request.send_header("Content-Type", kind)
        request.send_header("Content-Length", str(len(body)))
        request.end_headers()
        request.wfile.write(body)

    def _huge(self, request: BaseHTTPRequestHandler) -> None:
        """A JSON array without a length that goes on past any sane size."""
        request.close_connection = True
        request.send_response(200)
        request.send_header("Content-Type", "application/json")
        request.send_header("Connection", "close")
        request.end_headers()
        chunk = b"1," * 32768
        sent = 0
        try:
            request.wfile.write(b"[")
            while sent < self.huge_bytes:
                request.wfile.write(chunk)
                sent += len(chunk)
            request.wfile.write(b"1]")
        except OSError:
            pass  # the client stopped reading, as it should


def wait_for(check: Callable[[], bool], timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        if time.monotonic() > deadline:
            raise TimeoutError("condition not met in time")
        time.sleep(0.05)
