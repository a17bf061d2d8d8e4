"""Refresh, reading and state: what the TUI and the CLI call. No UI imports here."""

from __future__ import annotations

import asyncio
import multiprocessing
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import CancelledError, Executor, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import AbstractAsyncContextManager, nullcontext
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from habari_tui.config import Config, FeedConfig
from habari_tui.errors import HabariError, RetryLater, StoreError
from habari_tui.extract import EXTRACTOR_VERSION, body_from_feed_html, extract_article
from habari_tui.ingest import FeedBody, parse_and_save, parse_and_save_in_worker, start_worker
from habari_tui.lock import refresh_lock
from habari_tui.models import (
    Article,
    ArticleBody,
    Feed,
    FeedOutcome,
    FetchResult,
    RefreshSummary,
    Region,
)
from habari_tui.store import ALL, SEARCH_FALLBACK_NOTE, STARRED, Store
from habari_tui.text import plain_text

if TYPE_CHECKING:
    import httpx

OTHER = "Other"
# Once this many feeds of a refresh have come back changed, the rest are parsed and stored
# in worker processes, on every core; fewer are done in a thread, where starting the
# workers would cost more than it saves.
PARSE_POOL_MIN_FEEDS = 32
# Stories taken into the search index per transaction when it catches up in the background.
INDEX_BATCH = 2000
# A feed text at least this long is taken as the whole article: its page is not fetched.
FULL_TEXT_WORDS = 150


@dataclass(frozen=True, slots=True)
class RefreshProgress:
    """Reported after each feed (or page, when prefetching): how far the work is."""

    done: int
    total: int
    outcome: FeedOutcome


ProgressCallback = Callable[[RefreshProgress], None]
LocalPages = Callable[[str], Path | None]


def _fetching() -> ModuleType:
    """The fetching module, imported on first use: httpx is not needed to read the cache."""
    from habari_tui.sources import fetch

    return fetch


def is_full_text(html: str | None) -> bool:
    return bool(html) and len(plain_text(html).split()) >= FULL_TEXT_WORDS


def _still_waiting(feed: Feed) -> str | None:
    """Why a feed is skipped this time: the server's Retry-After is still in the future."""
    if feed.retry_after is None or feed.retry_after.timestamp() <= time.time():
        return None
    until = feed.retry_after.strftime("%d %b %Y %H:%M UTC")
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
        self._bodies = 0
        self._count = os.cpu_count() or 2
        self._ready = threading.Event()
        self.pool: Executor | None = None
        if allowed and start_now:
            self._start()

    def for_next_body(self) -> Executor | None:
        """The pool to parse and store the next changed feed in; None: do it in a thread."""
        self._bodies += 1
        if self._wanted and self._bodies >= PARSE_POOL_MIN_FEEDS:
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


def _day(moment: datetime | None) -> str:
    return moment.strftime("%d %b %Y %H:%M UTC") if moment else "an earlier visit"


class Service:
    """The one way in to the cache and the network for both faces of the app."""

    def __init__(
        self,
        config: Config,
        store: Store,
        *,
        offline: bool = False,
        local_pages: LocalPages | None = None,
    ) -> None:
        self.config = config
        self.store = store
        self.offline = offline
        self._local_pages = local_pages  # bundled pages served instead of the network (demo)
        self._workers = _Workers(allowed=False, start_now=False)  # during a large refresh
        self.store.sync_feeds((f.url, f.title, f.region) for f in config.feeds)

    # -- lists ------------------------------------------------------------------------------

    def regions(self) -> list[Region]:
        """ "All" first, then the config's regions in its order, then any others, "Other" last."""
        counted = {r.name: r for r in self.store.regions()}
        names = [n for n in self.config.region_names if n != OTHER]
        names += sorted(n for n in counted if n not in names and n != OTHER)
        if OTHER in counted or OTHER in self.config.region_names:
            names.append(OTHER)
        regions = [counted.get(n, Region(name=n, unread=0, total=0)) for n in names]
        everything = Region(
            name=ALL,
            unread=sum(r.unread for r in regions),
            total=sum(r.total for r in regions),
        )
        return [everything, *regions]

    def headlines(
        self,
        region: str | None = None,
        *,
        unread_only: bool = False,
        limit: int = 500,
        after: int | None = None,
    ) -> list[Article]:
        return self.store.headlines(region, unread_only=unread_only, limit=limit, after=after)

    def article(self, article_id: int) -> Article:
        return self.store.article(article_id)

    def article_by_url(self, url: str) -> Article | None:
        return self.store.article_by_url(url)

    def adjacent(
        self, article_id: int, step: int, *, region: str | None = None, unread_only: bool = False
    ) -> Article | None:
        return self.store.adjacent(article_id, step, region=region, unread_only=unread_only)

    def next_unread(self, article_id: int | None, *, region: str | None = None) -> Article | None:
        """The next unread story after `article_id` (or the newest unread), wrapping round."""
        if article_id is not None:
            found = self.store.adjacent(article_id, 1, region=region, unread_only=True)
            if found is not None:
                return found
        first = self.store.headlines(region, unread_only=True, limit=1)
        return first[0] if first and first[0].id != article_id else None

    # -- reading ----------------------------------------------------------------------------

    async def read_article(self, article_id: int) -> ArticleBody:
        """The whole article: a saved page, the feed's full text, or the page fetched now.

        When the page cannot be had (offline, or the fetch fails) the feed's own text is
        shown with a note saying so; nothing here raises for a network failure.
        """
        article = self.store.article(article_id)
        saved = self.store.body(article_id)
        if saved is not None and saved.source == "page" and self._usable(saved):
            return self._mark_saved(saved)
        from_feed = await asyncio.to_thread(self.feed_body, article)
        if from_feed.source == "feed" and is_full_text(self.store.content_html(article_id)):
            return from_feed
        if not article.url or not self._may_fetch(article.url):
            return self._without_page(from_feed, saved, "not saved for offline reading")
        try:
            body = await self._fetch_page(article.url)
        except HabariError as error:
            return self._without_page(from_feed, saved, str(error))
        self.store.save_body(article_id, body)
        return body

    async def read_page(self, url: str) -> tuple[Article | None, ArticleBody]:
        """A linked page: the stored article when a feed has it, else the page itself."""
        article = self.store.article_by_url(url)
        if article is not None:
            return article, await self.read_article(article.id)
        saved = self.store.page_body(url)
        if saved is not None and self._usable(saved):
            return None, self._mark_saved(saved)
        if not self._may_fetch(url):
            raise HabariError("offline: this page was never saved")
        try:
            body = await self._fetch_page(url)
        except HabariError:
            if saved is None:
                raise
            return None, self._mark_saved(saved, failed=True)
        self.store.save_body(None, body, url=url)
        return None, body

    def feed_body(self, article: Article) -> ArticleBody:
        """The text the feed carries, as a body (saved once made), else its summary."""
        saved = self.store.body(article.id)
        if saved is not None and saved.source == "feed":
            return replace(saved, offline=False)
        html = self.store.content_html(article.id)
        if html:
            try:
                body = body_from_feed_html(html, article.url or "")
            except HabariError:
                body = None
            if body is not None and body.markdown.strip():
                if saved is None:
                    self.store.save_body(article.id, body)
                return body
        return ArticleBody(markdown=article.summary or "", source="summary")

    def _may_fetch(self, url: str) -> bool:
        """Online anything may be fetched; offline only a bundled local page."""
        return not self.offline or bool(self._local_pages and self._local_pages(url))

    def _usable(self, saved: ArticleBody) -> bool:
        """A saved page serves unless a newer extractor could do better and we are online."""
        return saved.extractor_version >= EXTRACTOR_VERSION or self.offline

    def _mark_saved(self, body: ArticleBody, *, failed: bool = False) -> ArticleBody:
        word = "Offline copy" if self.offline or failed else "Saved copy"
        return replace(body, offline=True, note=f"{word} from {_day(body.fetched_at)}.")

    def _without_page(
        self, from_feed: ArticleBody, saved: ArticleBody | None, reason: str
    ) -> ArticleBody:
        if saved is not None and saved.source == "page":
            note = f"Offline copy from {_day(saved.fetched_at)} ({reason})."
            return replace(saved, offline=True, note=note)
        what = "the feed's text" if from_feed.source == "feed" else "the feed's summary"
        return replace(
            from_feed, note=f"The full article is not available ({reason}): showing {what}."
        )

    async def _fetch_page(self, url: str, client: httpx.AsyncClient | None = None) -> ArticleBody:
        result = await self._page_bytes(url, client)
        body = await asyncio.to_thread(
            extract_article,
            result.content or b"",
            result.final_url,
            content_type=result.content_type,
        )
        return replace(body, fetched_at=datetime.now(UTC), offline=False)

    async def _page_bytes(self, url: str, client: httpx.AsyncClient | None) -> FetchResult:
        local = self._local_pages(url) if self._local_pages else None
        if local is not None:
            content = await asyncio.to_thread(local.read_bytes)
            return FetchResult(url=url, final_url=url, status=200, content=content)
        deadline = self.config.settings.timeout * 2
        if client is not None:
            return await _fetching().fetch(client, url, deadline=deadline)
        async with self._client() as own:
            return await _fetching().fetch(own, url, deadline=deadline)

    def _client(self) -> httpx.AsyncClient:
        settings = self.config.settings
        return _fetching().make_client(timeout=settings.timeout, concurrency=settings.concurrency)

    # -- state ------------------------------------------------------------------------------

    def set_read(self, article_id: int, read: bool = True) -> None:
        self.store.set_read(article_id, read)

    def toggle_read(self, article_id: int) -> bool:
        read = not self.store.article(article_id).read
        self.store.set_read(article_id, read)
        return read

    def toggle_star(self, article_id: int) -> bool:
        starred = not self.store.article(article_id).starred
        self.store.set_starred(article_id, starred)
        return starred

    def mark_all_read(self, region: str | None = None) -> tuple[int, ...]:
        """Mark a whole region (or "Starred", or everything) read; the ids changed, for undo."""
        return tuple(self.store.mark_all_read(region))

    def mark_unread(self, article_ids: tuple[int, ...]) -> None:
        """Undo a bulk change: these stories become unread again."""
        self.store.set_read_many(article_ids, False)

    def starred_region(self) -> Region:
        """The "Starred" entry of the side list: every starred story, with its unread count."""
        return Region(
            name=STARRED,
            unread=self.store.count(STARRED, unread_only=True),
            total=self.store.count(STARRED),
        )

    # -- search -----------------------------------------------------------------------------

    def search(self, query: str, limit: int = 50, offset: int = 0) -> list[Article]:
        """Stories of every region matching `query`, best match first."""
        return self.store.search(query, limit=limit, offset=offset)

    def index_for_search(self, stop: Callable[[], bool] = lambda: False) -> int:
        """Index the stories written since the search index last took them in; how many.

        Runs on a connection of its own (made here, in the caller's thread), so the cache
        stays free for the screen meanwhile, and in batches, asking `stop()` before each
        (quitting must not wait for a large backlog); a read-only cache is left as it is.
        """
        if self.store.in_memory:
            return self.store.index_pending()
        if not self.store.path.exists():  # gone from under us: nothing to index
            return 0
        done = 0
        try:
            own = Store(self.store.path)
        except StoreError:
            return 0
        try:
            while not stop() and (added := own.index_pending(INDEX_BATCH)):
                done += added
        except StoreError:
            pass
        finally:
            own.close()
        return done

    @property
    def search_note(self) -> str | None:
        """Why search is slower and unranked here (no FTS5), or None when it is not."""
        return None if self.store.full_text else SEARCH_FALLBACK_NOTE

    # -- what the UI remembers ---------------------------------------------------------------

    def remembered(self, key: str) -> str | None:
        return self.store.ui_state(key)

    def remember(self, key: str, value: str) -> None:
        self.store.set_ui_state(key, value)

    # -- subscriptions ----------------------------------------------------------------------

    def add_feed(self, feed: FeedConfig) -> bool:
        """Subscribe to `feed` for this session (the config file is written by config.add_feeds).

        Returns False when it is already subscribed. Its stories arrive with the next refresh.
        """
        if any(f.url == feed.url for f in self.config.feeds):
            return False
        self.config = replace(self.config, feeds=(*self.config.feeds, feed))
        self.store.sync_feeds((f.url, f.title, f.region) for f in self.config.feeds)
        return True

    # -- refresh ----------------------------------------------------------------------------

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
        """Fetch and extract the pages of these articles for offline reading (bounded)."""
        if self.offline or not self.config.settings.prefetch_articles:
            return RefreshSummary()
        wanted = [
            a
            for a in self.store.without_page_body(article_ids, EXTRACTOR_VERSION)
            if not is_full_text(self.store.content_html(a.id))
        ]
        async with self._client() as client:
            outcomes = await self._bounded(
                wanted, lambda article: self._prefetch_one(client, article), progress
            )
        return RefreshSummary(outcomes=tuple(outcomes))

    async def _bounded(self, items, work, progress: ProgressCallback | None) -> list[FeedOutcome]:
        """Run `work` over `items` with at most `concurrency` at once; results in item order."""
        limit = asyncio.Semaphore(self.config.settings.concurrency)
        done = 0

        async def one(item) -> FeedOutcome:
            nonlocal done
            async with limit:
                outcome = await work(item)
            done += 1
            if progress is not None:
                progress(RefreshProgress(done=done, total=len(items), outcome=outcome))
            return outcome

        return list(await asyncio.gather(*(one(i) for i in items)))

    async def _prefetch_one(self, client: httpx.AsyncClient, article: Article) -> FeedOutcome:
        url = article.url or ""
        try:
            body = await self._fetch_page(url, client)
            await asyncio.to_thread(self.store.save_body, article.id, body)
        except HabariError as error:
            return FeedOutcome(url=url, ok=False, error=str(error))
        return FeedOutcome(url=url, ok=True, new_ids=(article.id,))

    async def _refresh_feed(
        self, client: httpx.AsyncClient, feed: Feed, configured: FeedConfig | None
    ) -> FeedOutcome:
        waiting = _still_waiting(feed)
        if waiting is not None:  # the server's Retry-After has not passed: do not ask again
            return FeedOutcome(url=feed.url, ok=False, error=waiting)
        try:
            result = await _fetching().fetch(
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
        """Parse and store a fetched body: in a worker process when the pool runs, else in a
        thread (and in a thread from then on if the pool cannot be used)."""
        body = FeedBody(
            feed_id=feed.id,
            region=feed.region,
            title=configured.title if configured else None,
            result=result,
            rules=self.config.region_rules,
            keep_days=self.config.settings.keep_days,
            now=self.store.now(),
        )
        pool = self._workers.for_next_body()
        if pool is not None:
            try:
                future = pool.submit(parse_and_save_in_worker, str(self.store.path), body)
                return await asyncio.wrap_future(future)
            except (OSError, ValueError, BrokenProcessPool):
                # e.g. the TUI's captured stdout cannot be handed to a worker: stay in-process
                self._workers.give_up()
        return await asyncio.to_thread(parse_and_save, self.store, body)
