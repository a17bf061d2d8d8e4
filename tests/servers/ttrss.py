"""Tiny Tiny RSS (Debian's package) served by PHP's built-in server on 127.0.0.1, over a
database of its own in the session's PostgreSQL; reset between tests from a clean copy."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
from pathlib import Path
from typing import Any

import httpx

from tests.servers.feedserver import FeedServer
from tests.servers.postgres import Postgres
from tests.servers.procs import (
    Account,
    ServerUnavailable,
    find_program,
    free_port,
    stop_process,
    wait_http,
    write_pid,
)

# The 2021 code warns a lot under PHP 8.2: keep errors in the log, warnings out, and nothing of
# it in the JSON answers.
PHP_OPTIONS = (
    "-d",
    "display_errors=0",
    "-d",
    "log_errors=1",
    "-d",
    "error_reporting=E_ALL & ~E_WARNING & ~E_NOTICE & ~E_DEPRECATED",
)

TTRSS_WWW = Path("/usr/share/tt-rss/www")
# Debian ships the schema for dbconfig-common; loading it ourselves needs neither root nor debconf.
TTRSS_SCHEMA = Path("/usr/share/dbconfig-common/data/tt-rss/install/pgsql")


def find_ttrss() -> tuple[str, Path, Path]:
    """(php, www dir, schema file), or ServerUnavailable saying what is missing."""
    www = Path(os.environ.get("HABARI_TTRSS_WWW", TTRSS_WWW))
    schema = Path(os.environ.get("HABARI_TTRSS_SCHEMA", TTRSS_SCHEMA))
    php = find_program("php")
    if php is None or not (www / "api" / "index.php").is_file() or not schema.is_file():
        raise ServerUnavailable("tt-rss is not installed: run tests/servers/install.sh")
    modules = subprocess.run([php, "-m"], capture_output=True, text=True, check=False).stdout
    missing = [m for m in ("pdo_pgsql", "curl", "intl", "mbstring") if m not in modules.split()]
    if missing:
        raise ServerUnavailable(f"PHP lacks {', '.join(missing)} for tt-rss")
    return php, www, schema


CONFIG = """<?php
// Written by the habari-tui test fixtures for one test session.
define('DB_TYPE', 'pgsql');
define('DB_HOST', '127.0.0.1');
define('DB_PORT', '{db_port}');
define('DB_USER', '{db_user}');
define('DB_NAME', '{db_name}');
define('DB_PASS', '');
define('MYSQL_CHARSET', 'UTF8');
define('SELF_URL_PATH', '{self_url}');
define('SINGLE_USER_MODE', false);
define('SIMPLE_UPDATE_MODE', false);
define('PHP_EXECUTABLE', '{php}');
define('LOCK_DIRECTORY', '{lock_dir}');
define('CACHE_DIR', '{cache_dir}');
define('ICONS_DIR', 'feed-icons');
define('ICONS_URL', 'feed-icons');
define('AUTH_AUTO_CREATE', true);
define('AUTH_AUTO_LOGIN', true);
define('FORCE_ARTICLE_PURGE', 0);
define('ENABLE_REGISTRATION', false);
define('REG_NOTIFY_ADDRESS', 'nobody@example.invalid');
define('REG_MAX_USERS', 10);
define('SESSION_COOKIE_LIFETIME', 86400);
define('SMTP_FROM_NAME', 'Tiny Tiny RSS');
define('SMTP_FROM_ADDRESS', 'nobody@example.invalid');
define('DIGEST_SUBJECT', '[tt-rss] New headlines for last 24 hours');
define('CHECK_FOR_UPDATES', false);
define('ENABLE_GZIP_OUTPUT', false);
define('PLUGINS', 'auth_internal');
define('LOG_DESTINATION', '');
define('CONFIG_VERSION', 26);
// Feeds are updated for every user, not only those who logged in lately.
define('DAEMON_UPDATE_LOGIN_LIMIT', 0);
// tt-rss refuses feed URLs on loopback or on ports other than 80/443: the tests subscribe it to
// names under .invalid, which its curl sends to the feed server as to a proxy.
define('_HTTP_PROXY', '{proxy}');
"""


class TinyTinyRSS:
    """A running tt-rss. What a sync test uses:

    - `base_url` (`http://127.0.0.1:PORT/`), `api_url` (`…/api/`), `username` `admin`,
      `password` `password`; API access is enabled for admin;
    - `api(op, **params)` calls the JSON API as admin (logging in as needed) and returns
      `content`; an error status raises RuntimeError;
    - `feed_url(feeds, name)`: the URL to subscribe to for feed `name` of the feed server,
      `feeds.proxied_url(name)`, since tt-rss refuses loopback (the feed server is its proxy);
    - `subscribe(feed_url, category=)` -> feed id;
    - `refresh(feed_id=None)` runs `update.php` (one feed, or every feed forced) and returns once
      the articles are stored (a new feed of 1,000 stories took 5 s here, of 10,000 76 s);
    - `headlines(**params)` -> every headline of all feeds (paged by 200), oldest id first;
    - `stop()` / `start()` take the web server down and up on the same port (data kept);
    - `reset()` puts back the database as after set-up (no feeds, no sessions); ~0.3 s.

    tt-rss facts the tests meet: article links lose a non-default port, so its feeds are made
    with `feeds.set_feed(..., proxied_links=self.proxied_links)` and habari reaches the pages
    with `feeds.proxy_env()` in its environment; guids come back hashed, so stories are
    matched by the server's article id.
    """

    username = "admin"
    password = "password"
    proxied_links = True
    database = "ttrss"
    clean_database = "ttrss_clean"

    def __init__(
        self,
        root: Path,
        account: Account,
        pg: Postgres,
        found: tuple[str, Path, Path],
        proxy_address: str,
    ) -> None:
        self.php, self.source, self.schema = found
        self.root = root / "ttrss"
        self.account = account
        self.pg = pg
        self.proxy_address = proxy_address
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}/"
        self.api_url = f"{self.base_url}api/"
        self.www = self.root / "www"
        self.cache = self.root / "cache"
        self.log = self.root / "php-server.log"
        self._proc: subprocess.Popen[bytes] | None = None
        self._http = httpx.Client(timeout=300)
        self._sid: str | None = None

    # -- life cycle

    def setup(self) -> None:
        """A private copy of the web root with our config, the schema loaded, API access on."""
        self.root.mkdir()
        # A copy, not symlinks: PHP resolves __DIR__ through links and would find the system's
        # config.php again. The web root is 8 MB.
        shutil.copytree(self.source, self.www, symlinks=True)
        for link in [p for p in self.www.rglob("*") if p.is_symlink()]:
            target = os.readlink(link)
            if not os.path.isabs(target):  # Debian links lib/ into /usr/share by relative paths
                original = self.source / link.relative_to(self.www)
                link.unlink()
                link.symlink_to(os.path.normpath(os.path.join(original.parent, target)))
        (self.www / "config.php").unlink(missing_ok=True)
        icons = self.www / "feed-icons"
        if icons.is_symlink():
            icons.unlink()
        icons.mkdir(exist_ok=True)
        for sub in ("images", "upload", "export", "feeds", "js"):
            (self.cache / sub).mkdir(parents=True, exist_ok=True)
        (self.root / "lock").mkdir()
        (self.www / "config.php").write_text(
            CONFIG.format(
                db_port=self.pg.port,
                db_user=self.pg.superuser,
                db_name=self.database,
                self_url=self.base_url,
                php=self.php,
                lock_dir=self.root / "lock",
                cache_dir=self.cache,
                proxy=self.proxy_address,
            )
        )
        self.account.own(self.root)
        self.pg.create(self.database)
        self.pg.sql(self.schema.read_text(), db=self.database)
        self.pg.sql(
            "INSERT INTO ttrss_user_prefs (owner_uid, pref_name, profile, value) "
            "SELECT id, 'ENABLE_API_ACCESS', NULL, 'true' FROM ttrss_users WHERE login = 'admin'",
            db=self.database,
        )
        self.pg.create(self.clean_database, template=self.database)
        self.start()

    def start(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            return
        env = self.account.env(PHP_CLI_SERVER_WORKERS="4")
        with self.log.open("ab") as log:
            self._proc = subprocess.Popen(
                [self.php, *PHP_OPTIONS, "-S", f"127.0.0.1:{self.port}", "-t", str(self.www)],
                cwd=self.www,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                **self.account.popen_kwargs(),
            )
        write_pid(self.root / "php.pid", self._proc)
        wait_http(f"{self.api_url}", self._proc, timeout=60, log=self.log)

    def stop(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            # The workers are children of the first php: end the whole group.
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self._proc.pid, signal.SIGTERM)
        stop_process(self._proc, timeout=5)
        self._proc = None

    def close(self) -> None:
        self.stop()
        self._http.close()

    def reset(self) -> None:
        """Back to the state right after setup(): admin with API access, no feeds, no sessions."""
        self.pg.clone(self.clean_database, self.database)
        for cached in (self.cache / "feeds").iterdir():
            cached.unlink()
        self._sid = None

    # -- helpers for tests

    def login(self) -> str:
        answer = self._post({"op": "login", "user": self.username, "password": self.password})
        if answer.get("status") != 0:
            raise RuntimeError(f"tt-rss login: {answer}")
        self._sid = answer["content"]["session_id"]
        return self._sid

    def api(self, op: str, **params: Any) -> Any:
        """`op` with `params` as admin; returns `content`. Logs in again if the session ended."""
        for _attempt in range(2):
            sid = self._sid or self.login()
            answer = self._post({"op": op, "sid": sid, **params})
            if answer.get("status") == 0:
                return answer["content"]
            if answer.get("content", {}).get("error") == "NOT_LOGGED_IN":
                self._sid = None
                continue
            raise RuntimeError(f"tt-rss {op}: {answer}")
        raise RuntimeError(f"tt-rss {op}: not logged in after logging in")

    def _post(self, body: dict[str, Any]) -> dict[str, Any]:
        response = self._http.post(self.api_url, json=body)
        response.raise_for_status()
        answer: dict[str, Any] = response.json()
        return answer

    def category_id(self, title: str) -> int:
        """The id of category `title` of admin, made if missing (the API cannot make one)."""
        quoted = title.replace("'", "''")
        found = self.pg.sql(
            f"SELECT id FROM ttrss_feed_categories WHERE owner_uid = 1 AND title = '{quoted}'",
            db=self.database,
        )
        if not found:
            found = self.pg.sql(
                "INSERT INTO ttrss_feed_categories (owner_uid, title) "
                f"VALUES (1, '{quoted}') RETURNING id",
                db=self.database,
            )
        return int(found.splitlines()[0])

    def feed_url(self, feeds: FeedServer, name: str) -> str:
        """The URL tt-rss is subscribed to for feed `name` of `feeds` (through its proxy)."""
        return feeds.proxied_url(name)

    def subscribe(self, feed_url: str, *, category: str | None = None) -> int:
        """Subscribe admin to `feed_url`; tt-rss fetches articles only at refresh()."""
        category_id = self.category_id(category) if category is not None else 0
        answer = self.api("subscribeToFeed", feed_url=feed_url, category_id=category_id)
        status = answer["status"]
        if status.get("code") not in (0, 1):
            raise RuntimeError(f"tt-rss could not subscribe to {feed_url}: {status}")
        return int(status["feed_id"])

    def refresh(self, feed_id: int | None = None, *, timeout: float = 600) -> None:
        """Fetch `feed_id`, or every feed, now; returns once the articles are stored."""
        for cached in (self.cache / "feeds").iterdir():
            cached.unlink()  # tt-rss reuses a fetch younger than 30 s
        if feed_id is not None:
            args = ["--update-feed", str(feed_id)]
        else:
            args = ["--force-update", "--feeds"]
        done = subprocess.run(
            [self.php, *PHP_OPTIONS, str(self.www / "update.php"), "--quiet", *args],
            env=self.account.env(),
            cwd=self.www,
            capture_output=True,
            text=True,
            timeout=timeout,
            check=False,
            **self.account.popen_kwargs(),
        )
        if done.returncode != 0:
            output = (done.stdout + done.stderr).strip()[-300:]
            raise RuntimeError(
                f"tt-rss update.php {' '.join(args)} exited {done.returncode}: {output}"
            )

    def headlines(self, **params: Any) -> list[dict[str, Any]]:
        """Every headline of all feeds (`feed_id` -4), 200 a page, ordered by article id."""
        found: list[dict[str, Any]] = []
        while True:
            page = self.api(
                "getHeadlines",
                feed_id=-4,
                limit=200,
                skip=len(found),
                order_by="date_reverse",
                **params,
            )
            found.extend(page)
            if len(page) < 200:
                return sorted(found, key=lambda h: h["id"])
