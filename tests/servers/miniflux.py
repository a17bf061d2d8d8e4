"""Miniflux on 127.0.0.1, over the session's PostgreSQL, with an admin, an API key and its
Google Reader API enabled; reset between tests by copying a clean database back."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path
from typing import Any

import httpx

from tests.servers.feedserver import FeedServer
from tests.servers.postgres import Postgres
from tests.servers.procs import (
    ServerUnavailable,
    find_program,
    free_port,
    stop_process,
    wait_http,
    write_pid,
)

MINIFLUX_VERSION = "2.3.5"


def cache_dir() -> Path:
    """Where `tests/servers/install.sh` keeps what it builds (outside the work tree)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "habari-tui-test"


def find_miniflux() -> str:
    """`HABARI_MINIFLUX_BIN`, the binary install.sh built, or `miniflux` on PATH."""
    given = os.environ.get("HABARI_MINIFLUX_BIN")
    if given:
        if not os.access(given, os.X_OK):
            raise ServerUnavailable(f"HABARI_MINIFLUX_BIN={given} is not an executable")
        return given
    found = find_program(f"miniflux-{MINIFLUX_VERSION}", cache_dir() / "bin") or find_program(
        "miniflux"
    )
    if found is None:
        raise ServerUnavailable(
            "Miniflux is not built: run tests/servers/install.sh (go install miniflux.app/v2)"
        )
    return found


class Miniflux:
    """A running Miniflux. What a sync test uses:

    - `base_url` (`http://127.0.0.1:PORT`), `api_url` (`…/v1`), `username`/`password` (basic
      auth, also the web UI), `api_key` (header `X-Auth-Token`);
    - Google Reader API: `reader_url` (`…/reader/api/0`), `client_login_url`
      (`…/accounts/ClientLogin`), `reader_username`/`reader_password`;
    - `api(method, path, json=)` calls the REST API as admin and returns the decoded JSON;
    - `feed_url(feeds, name)`: the URL to subscribe to for feed `name` of the feed server;
      `proxied_links` False: its stories keep their links to `feeds.article_url(...)`;
    - `subscribe(feed_url, category=)` -> feed id (Miniflux fetches the feed at once: a feed
      of 1,000 stories took 1 s here, of 10,000 stories 12 s);
    - `refresh(feed_id=None)` fetches one feed, or every feed, now, before returning;
    - `stop()` / `start()` take the server down and up again on the same port (data kept);
    - `reset()` puts back the database as it was after set-up (no feeds, same key); ~0.3 s.
      Read the URLs after the reset: if another program took the port meanwhile, Miniflux
      comes back on another one.
    """

    username = "admin"
    password = "habari-admin-pw"
    proxied_links = False
    reader_username = "habari-reader"
    reader_password = "habari-reader-pw"
    database = "miniflux"
    clean_database = "miniflux_clean"

    def __init__(self, root: Path, pg: Postgres, binary: str) -> None:
        self.root = root
        self.pg = pg
        self.binary = binary
        self._use_port(free_port())
        self.api_key = ""
        self.log = root / "miniflux.log"
        self._proc: subprocess.Popen[bytes] | None = None
        # Generous: subscribing to a feed of 10,000 stories takes Miniflux seconds, more when
        # the machine is busy.
        self._http = httpx.Client(timeout=300)

    def _use_port(self, port: int) -> None:
        self.port = port
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.api_url = f"{self.base_url}/v1"
        self.reader_url = f"{self.base_url}/reader/api/0"
        self.client_login_url = f"{self.base_url}/accounts/ClientLogin"

    # -- life cycle

    def setup(self) -> None:
        """Migrate, create the admin, make the API key, enable Google Reader, keep a template."""
        self.pg.create(self.database)
        self._start_on_some_port(first=True)
        created = self._http.post(
            f"{self.api_url}/api-keys",
            auth=(self.username, self.password),
            json={"description": "habari-tui tests"},
        )
        if created.status_code != 201:
            raise ServerUnavailable(f"Miniflux API key: {created.status_code} {created.text}")
        self.api_key = created.json()["token"]
        # Miniflux stores the Google Reader password as a bcrypt hash (its crypto.HashPassword);
        # pgcrypto's crypt() with a 'bf' salt makes one that Go's bcrypt accepts.
        self.pg.sql("CREATE EXTENSION IF NOT EXISTS pgcrypto")
        password_hash = self.pg.sql(f"SELECT crypt('{self.reader_password}', gen_salt('bf', 10))")
        self.pg.sql(
            "UPDATE integrations SET googlereader_enabled = 't', "
            f"googlereader_username = '{self.reader_username}', "
            f"googlereader_password = '{password_hash}' "
            f"WHERE user_id = (SELECT id FROM users WHERE username = '{self.username}')",
            db=self.database,
        )
        self.stop()
        self.pg.create(self.clean_database, template=self.database)
        self._start_on_some_port()

    def _start_on_some_port(self, *, first: bool = False) -> None:
        """start(), on another port if something else took this one while Miniflux was down
        (other test runs on the machine pick free ports too). Only between tests: a test that
        stops and starts the server keeps its port."""
        for _attempt in range(3):
            try:
                self.start(first=first)
                return
            except ServerUnavailable:
                if "address already in use" not in self.log.read_text(errors="replace")[-2000:]:
                    raise
                self._use_port(free_port())
        self.start(first=first)

    def start(self, *, first: bool = False) -> None:
        if self._proc is not None and self._proc.poll() is None:
            return
        env = {
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "HOME": str(self.root),
            "DATABASE_URL": self.pg.url(self.database),
            "LISTEN_ADDR": f"127.0.0.1:{self.port}",
            "BASE_URL": self.base_url,
            "RUN_MIGRATIONS": "1" if first else "0",
            "CREATE_ADMIN": "1" if first else "0",
            "ADMIN_USERNAME": self.username,
            "ADMIN_PASSWORD": self.password,
            # Tests say when to fetch (refresh()); no polling behind their back.
            "DISABLE_SCHEDULER_SERVICE": "1",
            # Since 2.3 Miniflux refuses private addresses; the test feeds are on 127.0.0.1.
            "FETCHER_ALLOW_PRIVATE_NETWORKS": "1",
            "WORKER_POOL_SIZE": "2",
            "LOG_LEVEL": "info",
        }
        with self.log.open("ab") as log:
            self._proc = subprocess.Popen(
                [self.binary],
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
            )
        write_pid(self.root / "miniflux.pid", self._proc)
        wait_http(f"{self.base_url}/healthcheck", self._proc, timeout=60, log=self.log)

    def stop(self) -> None:
        stop_process(self._proc, timeout=5)
        self._proc = None

    def close(self) -> None:
        self.stop()
        self._http.close()

    def reset(self) -> None:
        """Back to the state right after setup(): the admin, the key, no feeds, no entries."""
        self.stop()
        self.pg.clone(self.clean_database, self.database)
        self._start_on_some_port()

    # -- helpers for tests

    def api(
        self, method: str, path: str, *, json: Any = None, params: dict[str, Any] | None = None
    ) -> Any:
        """Call `/v1{path}` with the API key; an error status raises httpx.HTTPStatusError."""
        response = self._http.request(
            method,
            f"{self.api_url}{path}",
            json=json,
            params=params,
            headers={"X-Auth-Token": self.api_key},
        )
        response.raise_for_status()
        return response.json() if response.content else None

    def category_id(self, title: str) -> int:
        """The id of category `title`, made if missing."""
        for category in self.api("GET", "/categories"):
            if category["title"] == title:
                return int(category["id"])
        return int(self.api("POST", "/categories", json={"title": title})["id"])

    def feed_url(self, feeds: FeedServer, name: str) -> str:
        """The URL Miniflux is subscribed to for feed `name` of `feeds` (the direct one)."""
        return feeds.url(name)

    def subscribe(self, feed_url: str, *, category: str | None = None) -> int:
        body: dict[str, Any] = {"feed_url": feed_url}
        if category is not None:
            body["category_id"] = self.category_id(category)
        return int(self.api("POST", "/feeds", json=body)["feed_id"])

    def refresh(self, feed_id: int | None = None) -> None:
        """Fetch `feed_id` (or every feed) now; returns once the new entries are stored."""
        ids = [feed_id] if feed_id is not None else [f["id"] for f in self.api("GET", "/feeds")]
        for one in ids:
            self.api("PUT", f"/feeds/{one}/refresh", params={"force": "true"})

    def entries(self, **params: Any) -> list[dict[str, Any]]:
        """All entries matching `params` (`status=`, `starred=`, …), oldest id first."""
        found: list[dict[str, Any]] = []
        after = 0
        while True:
            page = self.api(
                "GET",
                "/entries",
                params={
                    "order": "id",
                    "direction": "asc",
                    "limit": 250,
                    "after_entry_id": after,
                    **params,
                },
            )
            found.extend(page["entries"])
            if len(page["entries"]) < 250:
                return found
            after = page["entries"][-1]["id"]

    def wait_until(self, check: Any, timeout: float = 10.0) -> None:
        """Poll `check()` until true (for Miniflux's asynchronous jobs)."""
        deadline = time.monotonic() + timeout
        while not check():
            if time.monotonic() > deadline:
                raise TimeoutError("Miniflux did not get there in time")
            time.sleep(0.05)
