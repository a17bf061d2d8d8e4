"""pytest fixtures for real feed servers on 127.0.0.1 (loaded for every test by tests/conftest.py).

Session-scoped servers, started once on first use, and function-scoped views that reset them:

- `feeds` (FeedServer, emptied before each test): RSS feeds the test builds and changes,
  `feeds.set_feed("a", make_items("a", 5))` -> URL; `feeds.url(name)` for Miniflux,
  `feeds.proxied_url(name)` for tt-rss (see feedserver.py).
- `miniflux` (Miniflux, reset before each test): `base_url`, `api_url`, `api_key`,
  `username`/`password`, `reader_url`/`client_login_url`/`reader_username`/`reader_password`,
  `subscribe(url, category=)`, `refresh(feed_id=None)`, `entries(**params)`, `api(...)`,
  `stop()`/`start()` (see miniflux.py).
- `ttrss` (TinyTinyRSS, reset before each test): `base_url`, `api_url`, `username`/`password`,
  `subscribe(url, category=)`, `refresh()`, `headlines(**params)`, `api(op, **params)`,
  `stop()`/`start()` (see ttrss.py).
- `miniflux_server`, `ttrss_server`, `feed_server`, `postgres`: the same objects without the reset.

For one test written for both servers: `server.feed_url(feeds, name)` is the URL that server
subscribes to, and `feeds.set_feed(name, items, proxied_links=server.proxied_links)` makes
story links it keeps intact (tt-rss drops ports: habari reaches its links with
`feeds.proxy_env()` in the environment).

A server that cannot be started here (not installed, not built) skips the test with the reason;
with `HABARI_REQUIRE_SERVERS=1` (set by .ci/run) the test fails instead.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.servers.feedserver import FeedServer
from tests.servers.miniflux import Miniflux, find_miniflux
from tests.servers.postgres import Postgres
from tests.servers.procs import Account, ServerUnavailable, reap_orphans
from tests.servers.ttrss import TinyTinyRSS, find_ttrss

RUN_DIR_PREFIX = "habari-servers-"
SERVER_FIXTURES = frozenset({"postgres", "miniflux", "miniflux_server", "ttrss", "ttrss_server"})


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark `servers` each test whose fixtures (with theirs) name a server, so that
    `pytest -m "not servers"` leaves them out. A fixture that asks for one by
    request.getfixturevalue is not seen here: mark such tests by hand."""
    for item in items:
        if SERVER_FIXTURES.intersection(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.servers)


def servers_required() -> bool:
    return os.environ.get("HABARI_REQUIRE_SERVERS", "") not in ("", "0")


def unavailable(reason: str) -> None:
    """Skip the test, or fail it when the servers are required (CI)."""
    if servers_required():
        pytest.fail(f"{reason} (HABARI_REQUIRE_SERVERS is set)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def servers_root() -> Iterator[tuple[Path, Account]]:
    """A temp dir for the session's servers, owned by the account they run as."""
    try:
        account = Account.for_servers()
    except ServerUnavailable as exc:
        unavailable(str(exc))
    parent = account.temp_parent()
    reap_orphans(parent, RUN_DIR_PREFIX)
    root = Path(tempfile.mkdtemp(prefix=RUN_DIR_PREFIX, dir=parent))
    root.chmod(0o755)
    (root / "owner.pid").write_text(f"{os.getpid()}\n")
    account.own(root)
    yield root, account
    shutil.rmtree(root, ignore_errors=True)


@pytest.fixture(scope="session")
def postgres(servers_root: tuple[Path, Account]) -> Iterator[Postgres]:
    root, account = servers_root
    try:
        pg = Postgres(root, account)
        pg.start()
    except ServerUnavailable as exc:
        unavailable(f"PostgreSQL: {exc}")
    yield pg
    pg.stop()


@pytest.fixture(scope="session")
def feed_server() -> Iterator[FeedServer]:
    server = FeedServer()
    yield server
    server.close()


@pytest.fixture
def feeds(feed_server: FeedServer) -> FeedServer:
    feed_server.reset()
    return feed_server


@pytest.fixture(scope="session")
def miniflux_server(servers_root: tuple[Path, Account], postgres: Postgres) -> Iterator[Miniflux]:
    root, _account = servers_root
    try:
        server = Miniflux(root, postgres, find_miniflux())
        server.setup()
    except ServerUnavailable as exc:
        unavailable(f"Miniflux: {exc}")
    yield server
    server.close()


@pytest.fixture
def miniflux(miniflux_server: Miniflux) -> Miniflux:
    miniflux_server.reset()
    return miniflux_server


@pytest.fixture(scope="session")
def ttrss_server(
    servers_root: tuple[Path, Account], postgres: Postgres, feed_server: FeedServer
) -> Iterator[TinyTinyRSS]:
    root, account = servers_root
    try:
        server = TinyTinyRSS(root, account, postgres, find_ttrss(), feed_server.proxy_address)
        server.setup()
    except ServerUnavailable as exc:
        unavailable(f"Tiny Tiny RSS: {exc}")
    yield server
    server.close()


@pytest.fixture
def ttrss(ttrss_server: TinyTinyRSS) -> TinyTinyRSS:
    ttrss_server.reset()
    return ttrss_server
