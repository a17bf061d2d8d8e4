"""Syncing with a feed server, and marking stories: what the faces call.

With [sync] configured the server is the source of feeds and stories: a refresh is a sync,
subscribing happens on the server, and every read/star change waits in the cache's queue
until a sync has sent it.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from habari_tui.config import OTHER_REGION, FeedConfig
from habari_tui.errors import ConfigError, HabariError, SyncError
from habari_tui.lock import refresh_lock
from habari_tui.models import DiscoveredFeed, FeedOutcome, RefreshSummary
from habari_tui.service.background import BackgroundRefreshing
from habari_tui.service.refresh import ProgressCallback, RefreshProgress
from habari_tui.service.subscribing import Subscribing
from habari_tui.store.sync import SyncTables

if TYPE_CHECKING:
    from habari_tui.config.sync import SyncConfig
    from habari_tui.subscriptions import ImportResult
    from habari_tui.sync.client import SyncClient
    from habari_tui.sync.models import SyncSummary

T = TypeVar("T")
NO_SYNC = "no [sync] table in the config: sync is not set up (see the README's Sync section)"


@dataclass(frozen=True, slots=True)
class SyncStatus:
    """For a status line: is sync on, how many changes wait, how the last sync ended."""

    enabled: bool
    queued: int = 0
    last_error: str | None = None
    last_sync: float | None = None  # epoch seconds of the last sync that completed


class Syncing(BackgroundRefreshing, Subscribing):
    """The service's sync part; with [sync], a refresh is a sync and subscribing happens on
    the server."""

    async def refresh(self, progress: ProgressCallback | None = None) -> RefreshSummary:
        if self.sync_enabled and not self.offline:  # the feed server fetches the feeds
            summary = await self.sync_as_refresh()
            if progress is not None:
                for done, outcome in enumerate(summary.outcomes, start=1):
                    progress(RefreshProgress(done=done, total=summary.feeds, outcome=outcome))
            return summary
        return await super().refresh(progress)

    @property
    def sync_enabled(self) -> bool:
        return self.config.sync is not None

    def _sync_config(self) -> SyncConfig:
        if self.config.sync is None:
            raise ConfigError(NO_SYNC)
        return self.config.sync

    def _tables(self) -> SyncTables:
        return SyncTables(self.store)

    def use_synced_feeds(self) -> None:
        """List the server's subscriptions, not the config's [[feed]] blocks."""
        self._tables().activate_synced_feeds()

    def sync_status(self) -> SyncStatus:
        if not self.sync_enabled:
            return SyncStatus(enabled=False)
        tables = self._tables()
        last = tables.value("last_sync")
        return SyncStatus(
            enabled=True,
            queued=tables.queued(),
            last_error=tables.value("last_error") or None,
            last_sync=float(last) if last else None,
        )

    # -- marking ----------------------------------------------------------------------------

    def mark(
        self, article_ids: Sequence[int], *, read: bool | None = None, starred: bool | None = None
    ) -> int:
        """Set read and/or starred on these stories (queued for the server when synced);
        every id is checked first, so an unknown one changes nothing. How many changed."""
        stories = [self.store.article(i) for i in article_ids]  # NotFoundError before any write
        reading = [s.id for s in stories if read is not None and s.read != read]
        starring = [s.id for s in stories if starred is not None and s.starred != starred]
        if read is not None and reading:
            self.store.set_read_many(reading, read)
        if starred is not None and starring:
            self.store.set_starred_many(starring, starred)
        return len(set(reading) | set(starring))

    # -- syncing ----------------------------------------------------------------------------

    async def sync(self) -> SyncSummary:
        """Send the queued changes, then pull subscriptions, state and new stories.

        Raises ConfigError without [sync], SyncError (one line) when the server fails; what
        was done up to then is kept, and the queue keeps whatever was not confirmed.
        """
        sync = self._sync_config()
        if self.offline:
            raise ConfigError("sync needs the network; drop --offline")
        tables = self._tables()
        async with self._sync_lock():
            try:
                summary = await self._sync_unlocked(sync, tables)
            except HabariError as error:
                tables.note_result(error=str(error))
                raise
        tables.note_result(error=None, synced_at=time.time())
        return summary

    async def _sync_unlocked(self, sync: SyncConfig, tables: SyncTables) -> SyncSummary:
        from habari_tui.sync.engine import SyncEngine

        client = self._sync_client(sync)
        try:
            engine = SyncEngine(
                client,
                tables,
                rules=self.config.region_rules,
                first_days=sync.first_sync_days,
                account=sync.account,
            )
            summary = await engine.sync()
        finally:
            await client.close()
        return summary

    def _sync_client(self, sync: SyncConfig) -> SyncClient:
        from habari_tui.sync import open_client
        from habari_tui.sync.secret import password

        where = f"{self.config.path}: [sync]" if self.config.path else "[sync]"
        secret = password(
            command=sync.password_command, env=sync.password_env, plain=sync.password, where=where
        )
        return open_client(sync, secret, timeout=self.config.settings.timeout)

    def _sync_lock(self) -> AbstractAsyncContextManager[None]:
        """One sync or refresh at a time per cache, across processes."""
        if self.store.in_memory:
            return nullcontext()
        return refresh_lock(self.store.path.parent)

    async def sync_as_refresh(self) -> RefreshSummary:
        """A refresh when sync is on: a sync, told as a refresh of the server's feeds; when
        the server cannot be reached, one failed outcome saying so and what waits to be sent."""
        try:
            summary = await self.sync()
        except SyncError as error:
            queued = self._tables().queued()
            waiting = f"; {queued} change{'s' if queued != 1 else ''} queued" if queued else ""
            url = self._sync_config().url
            return RefreshSummary(
                outcomes=(FeedOutcome(url=url, ok=False, error=f"{error}{waiting}"),)
            )
        by_feed = self._tables().feeds_of(summary.new_ids)
        outcomes = [
            FeedOutcome(url=feed.url, ok=True, new_ids=tuple(by_feed.get(feed.id, ())))
            for feed in self.store.feeds()
        ]
        return RefreshSummary(outcomes=tuple(outcomes))

    # -- subscribing on the server ------------------------------------------------------------

    def is_subscribed(self, url: str) -> bool:
        if not self.sync_enabled:
            return super().is_subscribed(url)
        return any(f.url == url for f in self.store.feeds())

    def subscribe(self, found: DiscoveredFeed, region: str | None = None) -> FeedConfig | None:
        if not self.sync_enabled:
            return super().subscribe(found, region)
        feed = FeedConfig(url=found.url, title=None, region=region or OTHER_REGION)
        [(_, reason)] = _run_apart(self.subscribe_on_server([feed]))
        if reason == "already subscribed":
            return None
        if reason is not None:
            raise SyncError(reason)
        return feed

    def import_subscriptions(self, file: Path, *, region: str | None = None) -> ImportResult:
        if not self.sync_enabled:
            return super().import_subscriptions(file, region=region)
        from habari_tui.subscriptions import ImportResult, read_subscriptions

        listed = read_subscriptions(file)
        wanted = [
            FeedConfig(url=f.url, title=f.title, region=region or f.region)
            for f in listed.feeds
            if f.url.lower().startswith(("http://", "https://"))
        ]
        skipped = list(listed.skipped)
        skipped += [(f.url, "not an http(s) URL") for f in listed.feeds if f not in wanted]
        results = _run_apart(self.subscribe_on_server(wanted))
        skipped += [(feed.url, reason) for feed, reason in results if reason is not None]
        added = tuple(feed for feed, reason in results if reason is None)
        return ImportResult(added=added, skipped=tuple(skipped))

    async def subscribe_on_server(
        self, feeds: Sequence[FeedConfig]
    ) -> list[tuple[FeedConfig, str | None]]:
        """Subscribe the server account to these feeds (region = category); each with None
        when it was added, else the reason it was not."""
        sync = self._sync_config()
        if self.offline:
            raise ConfigError("subscribing on the server needs the network; drop --offline")
        tables = self._tables()
        tables.use_account(sync.account)
        results: list[tuple[FeedConfig, str | None]] = []
        async with self._sync_lock():
            client = self._sync_client(sync)
            try:
                await client.login()
                known = {f.url for f in await client.subscriptions()}
                for feed in feeds:
                    if feed.url in known:
                        results.append((feed, "already subscribed"))
                        continue
                    try:
                        await client.subscribe(feed.url, _category(feed.region))
                    except SyncError as error:
                        results.append((feed, str(error)))
                        continue
                    known.add(feed.url)
                    results.append((feed, None))
                tables.save_feeds(await client.subscriptions())
            finally:
                await client.close()
        return results


def _category(region: str) -> str | None:
    return None if region in ("", "Other") else region


def _run_apart(work: Coroutine[Any, Any, T]) -> T:
    """Run a coroutine to its end from synchronous code, even on a thread whose event loop
    is running (the TUI's): in a loop of its own, on a thread of its own."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, work).result()
