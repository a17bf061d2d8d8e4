"""The sync engine: one sync is subscriptions, state from other devices, our queued changes,
then new stories. Every step is saved as it completes, so a sync cut short anywhere (server
gone, process killed) loses nothing and the next one takes up where it stopped."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from habari_tui.regions import RegionRules
from habari_tui.store.sync import KnownState, SyncTables
from habari_tui.sync.client import SyncClient
from habari_tui.sync.models import Change, Field, ServerState, StateReport, SyncSummary

DAY = 86400


@dataclass(frozen=True, slots=True)
class Resolution:
    """What to do with the queue after seeing the server's state: send or drop each change."""

    to_push: tuple[Change, ...]
    overruled: tuple[Change, ...]  # the server changed the story later: its state wins
    already: tuple[Change, ...]  # the server has this state already: nothing to send


def resolve(
    pending: Sequence[Change],
    server: dict[str, ServerState],
    known: dict[str, KnownState],
    *,
    ours_until: float | None = None,
) -> Resolution:
    """The newer change wins when both sides changed one story.

    Read and starred are yes/no: a story changed on both sides since the last sync either
    agrees (nothing to send) or was changed there and back, which only the server's change
    time can show. So a queued change gives way only when the server reports a change time
    later than ours that its other state does not account for; without a time (Google
    Reader, tt-rss) the change made here, since the last sync, is sent. Server times up to
    `ours_until` (the server's clock when our last push ended) are our own changes.
    """
    to_push: list[Change] = []
    overruled: list[Change] = []
    already: list[Change] = []
    for change in pending:
        state = server.get(change.server_id)
        if state is None:
            to_push.append(change)
        elif _value(state, change.field) == change.value:
            already.append(change)
        elif _changed_later(state, change, known.get(change.server_id), ours_until):
            overruled.append(change)
        else:
            to_push.append(change)
    return Resolution(tuple(to_push), tuple(overruled), tuple(already))


def _value(state: ServerState, field: Field) -> bool:
    return state.read if field == "read" else state.starred


def _changed_later(
    state: ServerState, change: Change, base: KnownState | None, ours_until: float | None
) -> bool:
    """The server changed this field of the story after our change (as far as it can tell)."""
    if state.changed_at is None or state.changed_at <= change.changed_at:
        return False
    if ours_until is not None and state.changed_at <= ours_until:
        return False
    other: Field = "starred" if change.field == "read" else "read"
    # A change of the other state explains the later time: this field was not touched there.
    return base is None or _value(state, other) == base.base(other)


def server_states(report: StateReport, known: dict[str, KnownState]) -> dict[str, ServerState]:
    """The server's state of each story it reported: the changed ones, or, from complete id
    sets, every story in the cache whose state there differs from the last sync's."""
    if not report.complete:
        return {s.id: s for s in report.changed}
    unread = report.unread or frozenset()
    starred = report.starred or frozenset()
    found: dict[str, ServerState] = {}
    for server_id, base in known.items():
        read, star = server_id not in unread, server_id in starred
        if (read, star) != (base.server_read, base.server_starred):
            found[server_id] = ServerState(server_id, read, star)
    return found


class SyncEngine:
    """Pushes the queue and pulls from one server account into one cache."""

    def __init__(
        self,
        client: SyncClient,
        tables: SyncTables,
        *,
        rules: RegionRules,
        first_days: int,
        account: str,
    ) -> None:
        self.client = client
        self.tables = tables
        self.rules = rules
        self.first_days = first_days
        self.account = account

    async def sync(self) -> SyncSummary:
        """One whole sync; raises SyncError (one line) when the server fails, keeping what
        was saved up to then."""
        self.tables.use_account(self.account)
        await self.client.login()
        feeds = self.tables.save_feeds(await self.client.subscriptions())
        cursor = self.tables.cursor()
        pushed, pulled = await self._exchange_state(cursor)
        since = self.tables.store.now() - self.first_days * DAY
        known = frozenset(self.tables.known()) if self.client.lists_ids else frozenset()
        batch = await self.client.entries(cursor, since=since, known=known)
        new_ids, updated = self.tables.save_entries(
            batch.entries, feeds, self.rules, batch.cursor, keep_read_after=since
        )
        return SyncSummary(
            pushed=pushed,
            pulled=pulled + updated + len(new_ids),
            new_ids=tuple(new_ids),
            feeds=len(feeds),
            requests=self.client.requests,
        )

    async def _exchange_state(self, cursor: dict[str, str]) -> tuple[int, int]:
        """Take the state changed elsewhere and send ours, the newer winning a conflict."""
        report = await self.client.states(cursor)
        pending = self.tables.pending()
        known = (
            self.tables.known()
            if report.complete
            else self.tables.known([s.id for s in report.changed] + [c.server_id for c in pending])
        )
        server = server_states(report, known)
        if report.complete:  # a pruned story still has its queued change judged
            for change in pending:
                if change.server_id not in server and change.server_id not in known:
                    server[change.server_id] = ServerState(
                        change.server_id,
                        change.server_id not in (report.unread or ()),
                        change.server_id in (report.starred or ()),
                    )
        ours = cursor.get("pushed_at")
        plan = resolve(pending, server, known, ours_until=float(ours) if ours else None)
        pulled = self.tables.apply_states(list(server.values()), plan.overruled, report.cursor)
        pushed = await self._push(plan.to_push)
        when = self.client.transport.last_server_time
        if pushed and when is not None:
            self.tables.save_cursor({"pushed_at": str(when + 1)})  # Date has whole seconds
        return pushed, pulled

    async def _push(self, changes: Sequence[Change]) -> int:
        """Send changes in batches of one kind; each confirmed batch leaves the queue at once."""
        groups: dict[tuple[Field, bool], list[Change]] = defaultdict(list)
        for change in changes:
            groups[(change.field, change.value)].append(change)
        pushed = 0
        size = self.client.push_batch
        for (field, value), group in groups.items():
            for start in range(0, len(group), size):
                batch = group[start : start + size]
                await self.client.set_state([c.server_id for c in batch], field, value)
                self.tables.confirm(batch)
                pushed += len(batch)
        return pushed
