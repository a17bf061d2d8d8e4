"""The [sync] table: which feed server is the source of feeds and state, and how to log in."""

from __future__ import annotations

import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from habari_tui.errors import ConfigError

SERVICES = ("miniflux", "greader", "ttrss")
FIRST_SYNC_DAYS = 14
_SYNC_KEYS = (
    "service",
    "url",
    "user",
    "password_command",
    "password_env",
    "password",
    "first_sync_days",
)
_SECRET_SOURCES = ("password_command", "password_env", "password")
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


@dataclass(frozen=True, slots=True)
class SyncConfig:
    """A feed server account. The secret itself is looked up only when a sync needs it."""

    service: str  # one of SERVICES
    url: str  # the API base (Google Reader: e.g. FreshRSS's …/api/greader.php)
    user: str = ""  # Miniflux: empty when the secret is an API key
    password_command: str | None = None
    password_env: str | None = None
    password: str | None = field(default=None, repr=False)  # never shown, even in a repr
    first_sync_days: int = FIRST_SYNC_DAYS  # a first sync takes read stories this many days back

    @property
    def account(self) -> str:
        """What ties the cache to this account: another account means other story ids."""
        return f"{self.service} {self.url.rstrip('/')} {self.user}"


class _Failing(Protocol):
    path: Path

    def fail(
        self, reason: str, table: str, key: str | None = None, index: int = 0
    ) -> ConfigError: ...


def read_sync(reader: _Failing, raw: object) -> SyncConfig:
    """The [sync] table, strictly: a wrong key or value is `file:line: reason` (no secret)."""
    if not isinstance(raw, dict):
        raise reader.fail("'sync' must be a table: [sync]", "", "sync")
    for key in raw:
        if key not in _SYNC_KEYS:
            expected = ", ".join(_SYNC_KEYS)
            raise reader.fail(
                f"unknown key {key!r} in [sync]; expected one of {expected}", "sync", key
            )
    service = raw.get("service")
    if service not in SERVICES:
        names = ", ".join(f'"{s}"' for s in SERVICES)
        shown = f", not {service!r}" if isinstance(service, str) else ""
        raise reader.fail(f"service in [sync] must be one of {names}{shown}", "sync", "service")
    url = raw.get("url")
    if not isinstance(url, str) or not url.strip().lower().startswith(("http://", "https://")):
        raise reader.fail("url in [sync] must be the server's http(s):// address", "sync", "url")
    user = raw.get("user", "")
    if not isinstance(user, str):
        raise reader.fail("user in [sync] must be a string", "sync", "user")
    if not user.strip() and service != "miniflux":
        raise reader.fail(f'{service} needs user = "…" in [sync]', "sync", "user")
    values = {k: raw[k] for k in _SECRET_SOURCES if k in raw}
    for key, value in values.items():
        if not isinstance(value, str) or not value:
            raise reader.fail(f"{key} in [sync] must be a non-empty string", "sync", key)
    if len(values) != 1:
        raise reader.fail(
            "[sync] needs exactly one of password_command, password_env or password",
            "sync",
            next(iter(values), None) if len(values) > 1 else None,
        )
    env = values.get("password_env")
    if env is not None and not _ENV_NAME.match(env):
        raise reader.fail(
            "password_env in [sync] must name an environment variable", "sync", "password_env"
        )
    if "password" in values:
        _check_private(reader)
    days = raw.get("first_sync_days", FIRST_SYNC_DAYS)
    if isinstance(days, bool) or not isinstance(days, int) or not 0 <= days <= 3650:
        raise reader.fail(
            "first_sync_days in [sync] must be a whole number of days from 0 to 3650",
            "sync",
            "first_sync_days",
        )
    return SyncConfig(
        service=service,
        url=url.strip(),
        user=user.strip(),
        password_command=values.get("password_command"),
        password_env=env,
        password=values.get("password"),
        first_sync_days=days,
    )


def _check_private(reader: _Failing) -> None:
    """A password written in the file only counts when nobody else may read the file."""
    try:
        mode = reader.path.stat().st_mode
    except OSError:
        return  # not a file on disk (parsed from text): nothing to check
    if stat.S_IMODE(mode) & 0o077:
        raise reader.fail(
            f"password in [sync] is accepted only in a file private to you: chmod 600 "
            f"{reader.path}, or use password_command or password_env",
            "sync",
            "password",
        )
