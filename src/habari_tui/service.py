"""Refresh, reading and state: what the TUI and the CLI call. No UI imports here."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass

from habari_tui import sources
from habari_tui.config import Config, FeedConfig
from habari_tui.errors import HabariError
from habari_tui.extract import body_from_feed_html
from habari_tui.models import Article, ArticleBody, Feed, FeedOutcome, RefreshSummary, Region
from habari_tui.regions import assign_region
from habari_tui.store import ALL, Store, StoredEntry

OTHER = "Other"


@dataclass(frozen=True, slots=True)
class RefreshProgress:
    """Reported after each feed: how far the refresh is and how that feed ended."""

    done: int
    total: int
    outcome: FeedOutcome


ProgressCallback = Callable[[RefreshProgress], None]


class Service:
    """The one way in to the cache and the network for both faces of the app."""

    def __init__(self, config: Config, store: Store, *, offline: bool = False) -> None:
        self.config = config
        self.store = store
        self.offline = offline
        self.store.sync_feeds((f.url, f.title, f.region) for f in config.feeds)

    # -- reading ----------------------------------------------------------------------------

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
        offset: int = 0,
    ) -> list[Article]:
        return self.store.headlines(region, unread_only=unread_only, limit=limit, offset=offset)

    def article(self, article_id: int) -> Article:
        return self.store.article(article_id)

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

    def article_body(self, article_id: int) -> ArticleBody:
        """The stored body, else the text the feed carries, else its summary. CPU work:
        call it from a worker, not the UI's event loop."""
        stored = self.store.body(article_id)
        if stored is not None:
            return stored
        article = self.store.article(article_id)
        html = self.store.content_html(article_id)
        if html:
            try:
                body = body_from_feed_html(html, article.url or "")
            except HabariError:
                body = None
            if body is not None and body.markdown.strip():
                self.store.save_body(article_id, body)
                return body
        return ArticleBody(
            markdown=article.summary or "",
            source="summary",
            note="Only the feed's summary is available for this story.",
        )

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

    # -- refresh ----------------------------------------------------------------------------

    async def refresh(self, progress: ProgressCallback | None = None) -> RefreshSummary:
        """Fetch every configured feed concurrently (bounded), store new articles, prune."""
        feeds = self.store.feeds()
        if self.offline:
            raise HabariError("offline: refresh needs the network")
        settings = self.config.settings
        limit = asyncio.Semaphore(settings.concurrency)
        configured = {f.url: f for f in self.config.feeds}
        done = 0
        outcomes: list[FeedOutcome] = []

        async with sources.make_client(
            timeout=settings.timeout, concurrency=settings.concurrency
        ) as client:

            async def one(feed: Feed) -> None:
                nonlocal done
                async with limit:
                    outcome = await self._refresh_feed(client, feed, configured.get(feed.url))
                done += 1
                outcomes.append(outcome)
                if progress is not None:
                    progress(RefreshProgress(done=done, total=len(feeds), outcome=outcome))

            await asyncio.gather(*(one(f) for f in feeds))
        await asyncio.to_thread(self.store.prune, settings.keep_days)
        order = {f.url: i for i, f in enumerate(feeds)}
        outcomes.sort(key=lambda o: order[o.url])
        return RefreshSummary(outcomes=tuple(outcomes))

    async def _refresh_feed(self, client, feed: Feed, configured: FeedConfig | None) -> FeedOutcome:
        settings = self.config.settings
        try:
            result = await sources.fetch(
                client,
                feed.url,
                etag=feed.etag,
                last_modified=feed.last_modified,
                deadline=settings.timeout * 2,
            )
            if result.content is None:
                await asyncio.to_thread(self.store.record_not_modified, feed.id)
                return FeedOutcome(url=feed.url, ok=True, not_modified=True)
            new = await asyncio.to_thread(self._parse_and_save, feed, configured, result)
        except HabariError as error:
            reason = str(error) or type(error).__name__
            await asyncio.to_thread(self.store.record_failure, feed.id, reason)
            return FeedOutcome(url=feed.url, ok=False, error=reason)
        return FeedOutcome(url=feed.url, ok=True, new_articles=new)

    def _parse_and_save(self, feed: Feed, configured: FeedConfig | None, result) -> int:
        parsed = sources.parse(result.content, result.final_url)
        rules = self.config.region_rules
        entries = [
            StoredEntry(e, assign_region(feed.region, e.title, e.categories, rules))
            for e in parsed.entries
        ]
        return self.store.save_feed(
            feed.id,
            title=(configured.title if configured and configured.title else parsed.title),
            etag=result.etag,
            last_modified=result.last_modified,
            entries=entries,
            keep_days=self.config.settings.keep_days,
        )
