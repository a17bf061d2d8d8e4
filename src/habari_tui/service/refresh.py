"""Refreshing: every feed fetched concurrently, parsed and stored (in worker processes when
many changed), pages prefetched for offline reading."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
import time
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import CancelledError, Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractAsyncContextManager, nullcontext, suppress
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, TypeVar

from habari_tui.config import FeedConfig
from habari_tui.errors import HabariError, RetryLater
from habari_tui.extract import EXTRACTOR_VERSION
from habari_tui.ingest import FetchedFeed, parse_and_save, parse_and_save_in_worker, start_worker
from habari_tui.lock import refresh_lock
from habari_tui.models import Article, Feed, FeedOutcome, FetchResult, RefreshSummary
from habari_tui.service import lazy
from habari_tui.service.page_choice import pages_worth_saving
from habari_tui.service.politeness import HostTurns, host_of, interleaved
from habari_tui.service.reading import Reading, is_full_text, page_failure
from habari_tui.text import utc_moment

if TYPE_CHECKING:
    import httpx

# Once this many feeds of a refresh have come back changed, the rest are parsed and stored
# in worker processes, on every core; fewer are done in a thread, where starting the
# workers would cost more than it saves.
PARSE_POOL_MIN_FEEDS = 32


@dataclass(frozen=True, slots=True)
class RefreshProgress:
    """Reported after each feed (or page, when prefetching): how far the work is."""

    done: int
    total: int
    outcome: FeedOutcome


ProgressCallback = Callable[[RefreshProgress], None]
T = TypeVar("T")


def _still_waiting(feed: Feed) -> str | None:
    """Why a feed is skipped this time: the server's Retry-After is still in the future."""
    if feed.retry_after is None or feed.retry_after.timestamp() <= time.time():
        return None
    until = utc_moment(feed.retry_after)
    return f"not fetched: the server asked us to wait until {until} (Retry-After)"


def _parse_pool(workers: int) -> tuple[Executor, object] | None:
    """Worker processes that parse and store feeds, forked from a server that imported the
    parsers once, and the lock they take to write.

    Fork-from-server rather than plain fork: this process may run threads (the TUI's, the
    store's), which a fork must not copy mid-lock.
    """
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["habari_tui.ingest"])
    try:
        write_lock = context.Lock()  # starts multiprocessing's resource tracker process
        pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=context,
            initializer=start_worker,
            initargs=(write_lock,),
        )
    except (OSError, ValueError):
        # Under the TUI stderr is captured (no file descriptor to hand on): work in threads.
        return None
    return pool, write_lock


class _Workers:
    """A refresh's worker processes: started at once when many feeds were never read before
    (a first refresh), else once enough changed feeds have come back.

    Starting a worker waits for the fork server to import the parsers, so it is done on a
    thread of its own; changed feeds are parsed in threads until the workers are ready.
    """

    def __init__(self, *, allowed: bool, start_now: bool) -> None:
        self._wanted = allowed
        self._changed_feeds = 0
        self._count = os.cpu_count() or 2
        self._ready = threading.Event()
        self.pool: Executor | None = None
        if allowed and start_now:
            self._start()

    def for_next_changed_feed(self) -> Executor | None:
        """The pool to parse and store the next changed feed in; None: do it in a thread."""
        self._changed_feeds += 1
        if self._wanted and self._changed_feeds >= PARSE_POOL_MIN_FEEDS:
            self._start()
        return self.pool if self._ready.is_set() else None

    def _start(self) -> None:
        self._wanted = False
        made = _parse_pool(self._count)
        if made is not None:
            # The lock is kept until the pool is shut down: a worker still starting needs it.
            self.pool, self._lock = made
            threading.Thread(target=self._warm_up, args=(self.pool,), daemon=True).start()

    def _warm_up(self, pool: Executor) -> None:
        try:
            started = [pool.submit(os.getpid) for _ in range(self._count)]
            for future in started:
                future.result()
        except (OSError, ValueError, RuntimeError, BrokenProcessPool, CancelledError):
            return  # not ready, ever: this refresh stays in threads
        self._ready.set()

    def give_up(self) -> None:
        """The pool failed: the rest of this refresh is done in threads."""
        self._ready.clear()

    def close(self) -> None:
        """Stop the workers, waiting for them to end (they are idle by now, or starting)."""
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


class Refreshing(Reading):
    _workers: _Workers  # the worker processes of the refresh under way, if any

    @property
    def refreshes_on_start(self) -> bool:
        """Whether the TUI refreshes as it starts: the config asks for it and we are online."""
        return self.config.settings.refresh_on_start and not self.offline

    @property
    def prefetches_pages(self) -> bool:
        """Whether new stories' pages are saved for offline reading: asked for, and online."""
        return self.config.settings.prefetch_articles != "none" and not self.offline

    async def refresh(self, progress: ProgressCallback | None = None) -> RefreshSummary:
        """Fetch every configured feed concurrently (bounded), store new articles, prune."""
        if self.offline:
            raise HabariError("offline: refresh needs the network")
        async with self._refresh_lock():
            return await self._refresh_unlocked(progress)

    def _refresh_lock(self) -> AbstractAsyncContextManager[None]:
        """One refresh at a time per cache, across processes (an in-memory cache needs none)."""
        if self.store.in_memory:
            return nullcontext()
        return refresh_lock(self.store.path.parent)

    async def _refresh_unlocked(self, progress: ProgressCallback | None) -> RefreshSummary:
        feeds = self.store.feeds()
        configured = {f.url: f for f in self.config.feeds}
        self._workers = _Workers(  # workers open the same cache file: there must be one
            allowed=not self.store.in_memory and len(feeds) >= PARSE_POOL_MIN_FEEDS,
            start_now=self.store.never_parsed() >= PARSE_POOL_MIN_FEEDS,
        )
        try:
            async with self._client() as client:
                outcomes = await self._bounded(
                    feeds,
                    lambda feed: self._refresh_feed(client, feed, configured.get(feed.url)),
                    progress,
                )
        finally:
            await asyncio.to_thread(self._workers.close)
        not_modified = [
            feed.id for feed, outcome in zip(feeds, outcomes, strict=True) if outcome.not_modified
        ]
        await asyncio.to_thread(self.store.record_not_modified, not_modified)
        await asyncio.to_thread(self.store.prune, self.config.settings.keep_days)
        # New stories wait for the search index until it is next used (Store.search), or
        # until the TUI has a moment (index_for_search): a refresh only fetches and stores.
        return RefreshSummary(outcomes=tuple(outcomes))

    async def prefetch(
        self, article_ids: tuple[int, ...], progress: ProgressCallback | None = None
    ) -> RefreshSummary:
        """Fetch and extract the pages of these articles for offline reading (bounded), as
        many as the `prefetch_articles` rule asks for (see page_choice)."""
        if not self.prefetches_pages:
            return RefreshSummary()
        stories = self.store.without_page_body(article_ids, EXTRACTOR_VERSION)
        now = datetime.fromtimestamp(self.store.now(), UTC)
        chosen = pages_worth_saving(stories, self.config.settings.prefetch_articles, now)
        wanted = interleaved([a for a in chosen if not is_full_text(self.store.content_html(a.id))])
        turns = HostTurns()
        async with self._client() as client:
            outcomes = await self._bounded(
                wanted, lambda article: self._prefetch_politely(client, article, turns), progress
            )
        return RefreshSummary(outcomes=tuple(outcomes))

    async def _prefetch_politely(
        self, client: httpx.AsyncClient, article: Article, turns: HostTurns
    ) -> FeedOutcome:
        """A page fetched in its site's turn, unless the site asked us to wait."""
        host = host_of(article.url)
        async with turns.turn(host):
            waiting = turns.waiting(host)
            if waiting is not None:
                return FeedOutcome(url=article.url or "", ok=False, error=waiting)
            return await self._prefetch_one(client, article, turns)

    async def _bounded(
        self,
        items: Sequence[T],
        work: Callable[[T], Awaitable[FeedOutcome]],
        progress: ProgressCallback | None,
    ) -> list[FeedOutcome]:
        """Run `work` over `items` with at most `concurrency` at once; results in item order."""
        limit = asyncio.Semaphore(self.config.settings.concurrency)
        done = 0

        async def one(item: T) -> FeedOutcome:
            nonlocal done
            async with limit:
                outcome = await work(item)
            done += 1
            if progress is not None:
                progress(RefreshProgress(done=done, total=len(items), outcome=outcome))
            return outcome

        return list(await asyncio.gather(*(one(i) for i in items)))

    async def _prefetch_one(
        self, client: httpx.AsyncClient, article: Article, turns: HostTurns | None = None
    ) -> FeedOutcome:
        url = article.url or ""
        try:
            body = await self._fetch_page(url, client)
            await asyncio.to_thread(self.store.save_body, article.id, body)
        except HabariError as error:
            if turns is not None and isinstance(error, RetryLater):
                turns.asked_to_wait(host_of(url), error.retry_at)
            # Kept, so that reading it offline later can say why the page is missing.
            with suppress(HabariError):
                failure = page_failure(error)
                await asyncio.to_thread(self.store.record_page_error, article.id, failure)
            return FeedOutcome(url=url, ok=False, error=str(error))
        return FeedOutcome(url=url, ok=True, new_ids=(article.id,))

    async def _refresh_feed(
        self, client: httpx.AsyncClient, feed: Feed, configured: FeedConfig | None
    ) -> FeedOutcome:
        waiting = _still_waiting(feed)
        if waiting is not None:  # the server's Retry-After has not passed: do not ask again
            return FeedOutcome(url=feed.url, ok=False, error=waiting)
        try:
            result = await lazy.fetch(
                client,
                feed.url,
                etag=feed.etag,
                last_modified=feed.last_modified,
                deadline=self.config.settings.timeout * 2,
            )
            if result.moved_to != feed.moved_to:
                await asyncio.to_thread(self.store.record_moved, feed.id, result.moved_to)
            if result.content is None:  # noted for all such feeds at once, at the end
                return FeedOutcome(
                    url=feed.url, ok=True, not_modified=True, moved_to=result.moved_to
                )
            new = await self._parse_and_save(feed, configured, result)
        except HabariError as error:
            reason = str(error) or type(error).__name__
            retry_at = error.retry_at if isinstance(error, RetryLater) else None
            await asyncio.to_thread(self.store.record_failure, feed.id, reason, retry_at=retry_at)
            return FeedOutcome(url=feed.url, ok=False, error=reason)
        return FeedOutcome(url=feed.url, ok=True, new_ids=tuple(new), moved_to=result.moved_to)

    async def _parse_and_save(
        self, feed: Feed, configured: FeedConfig | None, result: FetchResult
    ) -> list[int]:
        """Parse and store a fetched feed: in a worker process when the pool runs, else in a
        thread (and in a thread from then on if the pool cannot be used)."""
        fetched = FetchedFeed(
            feed_id=feed.id,
            region=feed.region,
            title=configured.title if configured else None,
            result=result,
            rules=self.config.region_rules,
            now=self.store.now(),
        )
        pool = self._workers.for_next_changed_feed()
        if pool is not None:
            try:
                future = pool.submit(parse_and_save_in_worker, str(self.store.path), fetched)
                return await asyncio.wrap_future(future)
            except (OSError, ValueError, BrokenProcessPool):
                # e.g. the TUI's captured stdout cannot be handed to a worker: stay in-process
                self._workers.give_up()
        return await asyncio.to_thread(parse_and_save, self.store, fetched)
