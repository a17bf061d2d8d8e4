"""Reading an article or a linked page: a saved copy, the feed's own text, or the page fetched
and extracted now."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from typing import TYPE_CHECKING

from habari_tui.errors import FetchError, HabariError
from habari_tui.extract import EXTRACTOR_VERSION, body_from_feed_html, extract_article
from habari_tui.models import Article, ArticleBody, FetchResult
from habari_tui.service import lazy
from habari_tui.service.base import ServiceBase
from habari_tui.text import plain_text, utc_moment

if TYPE_CHECKING:
    import httpx

# A feed text at least this long is taken as the whole article: its page is not fetched.
FULL_TEXT_WORDS = 150


def is_full_text(html: str | None) -> bool:
    return html is not None and len(plain_text(html).split()) >= FULL_TEXT_WORDS


NOT_SAVED = "is not available (not saved for offline reading)"


def page_failure(error: HabariError) -> str:
    """Why a story's page could not be had, completing "The full article …": a page that
    could not be fetched, or one fetched with no article the extractor could read."""
    if isinstance(error, FetchError):
        return f"could not be fetched: {error}"
    return f"is not available ({error})"


def _day(moment: datetime | None) -> str:
    return utc_moment(moment) if moment else "an earlier visit"


class Reading(ServiceBase):
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
            failure = self.store.page_error(article_id) or NOT_SAVED
            return self._without_page(from_feed, saved, failure)
        try:
            body = await self._fetch_page(article.url)
        except HabariError as error:
            failure = page_failure(error)
            # Writes off the event loop: a refresh in another process may be writing the cache.
            await asyncio.to_thread(self.store.record_page_error, article_id, failure)
            return self._without_page(from_feed, saved, failure)
        await asyncio.to_thread(self.store.save_body, article_id, body)
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
        await asyncio.to_thread(partial(self.store.save_body, None, body, url=url))
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
        self, from_feed: ArticleBody, saved: ArticleBody | None, failure: str
    ) -> ArticleBody:
        """The best text there is when the page cannot be had; `failure` says why, completing
        "The full article …"."""
        if saved is not None and saved.source == "page":
            note = f"Offline copy from {_day(saved.fetched_at)} ({failure})."
            return replace(saved, offline=True, note=note)
        what = "the feed's text" if from_feed.source == "feed" else "the feed's summary"
        return replace(from_feed, note=f"The full article {failure}. Showing {what}.")

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
            return await lazy.fetch(client, url, deadline=deadline)
        async with self._client() as own:
            return await lazy.fetch(own, url, deadline=deadline)
