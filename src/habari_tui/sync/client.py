"""The one interface the sync engine speaks; each server protocol implements it."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Sequence
from typing import TYPE_CHECKING

from habari_tui.sync.models import EntryBatch, Field, ServerFeed, StateReport

if TYPE_CHECKING:
    from habari_tui.sync.transport import Transport

Cursor = dict[str, str]  # where the last pull stopped, in the protocol's own terms


class SyncClient(ABC):
    """A feed server account: log in, list subscriptions, pull stories and state, push state.

    Every method raises SyncError (or SyncAuthError) with a one-line message on failure.
    Pushing sets a state (never toggles), so sending the same change twice is harmless.
    """

    service: str = ""
    push_batch = 250  # ids per state-setting request
    lists_ids = False  # True: new stories are found by id lists, so it needs the known ids

    def __init__(self, transport: Transport) -> None:
        self.transport = transport

    @property
    def requests(self) -> int:
        return self.transport.requests

    async def close(self) -> None:
        await self.transport.close()

    @abstractmethod
    async def login(self) -> None:
        """Authenticate (or check the credentials); raises SyncAuthError when refused."""

    @abstractmethod
    async def subscriptions(self) -> list[ServerFeed]:
        """Every subscription of the account, with its category."""

    @abstractmethod
    async def states(self, cursor: Cursor) -> StateReport:
        """Read/starred state changed on the server since `cursor` (or complete id sets)."""

    @abstractmethod
    async def entries(self, cursor: Cursor, *, since: float, known: frozenset[str]) -> EntryBatch:
        """Stories new since `cursor`; on a first sync (empty cursor) the unread, the starred
        and those published after `since` (epoch seconds). `known`: the server ids the cache
        has (protocols that list ids skip those). The batch carries the next cursor."""

    @abstractmethod
    async def set_state(self, ids: Sequence[str], field: Field, value: bool) -> None:
        """Set `field` to `value` for these stories (at most `push_batch` of them)."""

    @abstractmethod
    async def subscribe(self, url: str, category: str | None) -> ServerFeed:
        """Subscribe the account to the feed at `url`, in `category` when given."""
