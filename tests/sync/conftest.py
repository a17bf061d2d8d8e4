"""Fixtures for the sync tests: an account on each real server, and machines that use it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.servers.feedserver import FeedServer
from tests.sync.accounts import (
    Account,
    GoogleReaderAccount,
    MinifluxAccount,
    TinyTinyRSSAccount,
)
from tests.sync.faults import FaultyProxy
from tests.sync.machine import Machine

ACCOUNTS = {
    "miniflux": (MinifluxAccount, "miniflux"),
    "greader": (GoogleReaderAccount, "miniflux"),
    "ttrss": (TinyTinyRSSAccount, "ttrss"),
}


@pytest.fixture(params=list(ACCOUNTS))
def account(request: pytest.FixtureRequest, feeds: FeedServer) -> Account:
    """The same scenario against Miniflux (REST), Miniflux (Google Reader API) and tt-rss."""
    kind, server_fixture = ACCOUNTS[request.param]
    return kind(request.getfixturevalue(server_fixture), feeds)


@pytest.fixture
def machine(tmp_path: Path) -> Callable[..., Machine]:
    """machine(name, account) -> a habari-tui installation synced with that account."""

    def make(name: str, account: Account, **table: str) -> Machine:
        return Machine(tmp_path / name, account.table(**table))

    return make


@pytest.fixture
def proxy(account: Account) -> Iterator[FaultyProxy]:
    """A proxy in front of the account's server that misbehaves when told to."""
    faulty = FaultyProxy(account.base_url)
    yield faulty
    faulty.close()
