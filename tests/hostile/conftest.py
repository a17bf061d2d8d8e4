"""Helpers for hostile tests: raw socket servers that misbehave on purpose, on 127.0.0.1."""

from __future__ import annotations

import socket
import threading
from collections.abc import Callable, Iterator

import pytest

Behaviour = Callable[[socket.socket], None]


class RawServer:
    """A TCP server on 127.0.0.1 that runs `behaviour` on each accepted connection."""

    def __init__(self, behaviour: Behaviour) -> None:
        self._listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._listener.bind(("127.0.0.1", 0))
        self._listener.listen(16)
        self._listener.settimeout(0.2)
        self.port = self._listener.getsockname()[1]
        self._behaviour = behaviour
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/feed"

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self._listener.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._handle, args=(conn,), daemon=True).start()

    def _handle(self, conn: socket.socket) -> None:
        try:
            conn.settimeout(5)
            self._behaviour(conn)
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._listener.close()
        self._thread.join(timeout=2)


def read_request(conn: socket.socket) -> bytes:
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = conn.recv(4096)
        if not chunk:
            break
        data += chunk
    return data


@pytest.fixture
def raw_server() -> Iterator[Callable[[Behaviour], RawServer]]:
    servers: list[RawServer] = []

    def start(behaviour: Behaviour) -> RawServer:
        server = RawServer(behaviour)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.close()


RSS_ONE_ITEM = b"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel><title>Good feed</title><link>http://127.0.0.1/</link>
<item><title>A good story</title><link>http://127.0.0.1/good/1</link><guid>good-1</guid>
<pubDate>Thu, 26 Nov 2026 12:00:00 +0000</pubDate></item>
</channel></rss>"""


def rss_items(n: int, *, prefix: str = "story") -> bytes:
    items = "".join(
        f"<item><title>{prefix} {i}</title><link>http://127.0.0.1/{prefix}/{i}</link>"
        f"<guid>{prefix}-{i}</guid><pubDate>Thu, 26 Nov 2026 12:00:00 +0000</pubDate></item>"
        for i in range(n)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>{prefix} feed</title>{items}</channel></rss>"
    ).encode()
