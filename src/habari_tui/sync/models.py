"""What the sync engine and the protocol clients hand each other: frozen data classes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

Field = Literal["read", "starred"]  # the two states a story has on a server


@dataclass(frozen=True, slots=True)
class ServerFeed:
    """A subscription on the server; its category (label, tt-rss category) is its region."""

    id: str
    url: str
    title: str
    category: str | None = None


@dataclass(frozen=True, slots=True)
class ServerEntry:
    """A story as the server has it, with its state there."""

    id: str
    feed_id: str
    title: str
    url: str | None
    content_html: str | None
    published: datetime | None
    read: bool
    starred: bool
    author: str | None = None
    categories: tuple[str, ...] = ()
    changed_at: float | None = None  # when its state last changed there, if the server says


@dataclass(frozen=True, slots=True)
class ServerState:
    """The read and starred state of one story on the server."""

    id: str
    read: bool
    starred: bool
    changed_at: float | None = None  # server time of the last change, when the protocol has it


@dataclass(frozen=True, slots=True)
class StateReport:
    """State changes from other devices, as a protocol can report them.

    Either `changed` lists the stories changed since the last sync (with their whole state),
    or `unread` and `starred` are the complete id sets (Google Reader and tt-rss: a story
    not in `unread` is read there).
    """

    changed: tuple[ServerState, ...] = ()
    unread: frozenset[str] | None = None
    starred: frozenset[str] | None = None
    cursor: dict[str, str] = field(default_factory=dict)  # saved once the states are applied

    @property
    def complete(self) -> bool:
        return self.unread is not None and self.starred is not None


@dataclass(frozen=True, slots=True)
class EntryBatch:
    """New (or changed) stories pulled from the server, and the cursor to continue from."""

    entries: tuple[ServerEntry, ...]
    cursor: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Change:
    """A read/unread/star/unstar made here, waiting in the queue until the server has it."""

    server_id: str
    field: Field
    value: bool
    changed_at: float  # this machine's clock, seconds since the epoch


@dataclass(frozen=True, slots=True)
class SyncSummary:
    """How a sync went, as `sync --json` prints it."""

    pushed: int = 0
    pulled: int = 0  # stories whose state or text came from the server
    new_ids: tuple[int, ...] = ()  # local ids of the stories this sync added
    errors: tuple[str, ...] = ()
    feeds: int = 0
    requests: int = 0  # HTTP requests the sync made

    @property
    def new_articles(self) -> int:
        return len(self.new_ids)

    @property
    def ok(self) -> bool:
        return not self.errors

    def as_json(self) -> dict[str, object]:
        return {
            "pushed": self.pushed,
            "pulled": self.pulled,
            "new_articles": self.new_articles,
            "errors": list(self.errors),
            "requests": self.requests,
        }
