"""Tiny Tiny RSS's JSON API: a session id from `login`, stories by `getHeadlines` (200 at a
time, new ones after `since_id`), state set with `updateArticle`. Stories are matched by the
server's article id (tt-rss hashes the feeds' guids)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from habari_tui.errors import SyncAuthError, SyncError
from habari_tui.sync.client import Cursor, SyncClient
from habari_tui.sync.models import EntryBatch, Field, ServerEntry, ServerFeed, StateReport
from habari_tui.sync.transport import Transport

PAGE = 200  # the most getHeadlines gives at once
PARALLEL_PAGES = 4  # pages of the unread list asked for at once
ALL_ARTICLES = -4  # tt-rss's virtual feeds
STARRED = -1
ALL_FEEDS = -3  # every real feed, for getFeeds
_FIELDS = {"starred": 0, "read": 2}  # updateArticle's `field`
_SUBSCRIBED = (0, 1)  # subscribeToFeed: already subscribed, added


class TinyTinyRSSClient(SyncClient):
    service = "ttrss"
    lists_ids = True

    def __init__(self, transport: Transport, user: str, password: str) -> None:
        super().__init__(transport)
        self._user = user
        self._password = password
        self._sid: str | None = None
        self._unread: frozenset[str] | None = None
        self._starred: frozenset[str] | None = None

    async def _call(self, op: str, **params: Any) -> Any:
        body = {"op": op, **params}
        if self._sid is not None:
            body["sid"] = self._sid
        answer = await self.transport.request("POST", "/api/", json_body=body)
        data = answer.data if isinstance(answer.data, dict) else {}
        content = data.get("content")
        if data.get("status") != 0:
            error = content.get("error") if isinstance(content, dict) else None
            if error in ("LOGIN_ERROR", "NOT_LOGGED_IN"):
                raise SyncAuthError("ttrss server refused the user name or password")
            if error == "API_DISABLED":
                raise SyncAuthError("ttrss server: the API is off for this user (Preferences)")
            raise SyncError(f"ttrss server: {op} failed: {str(error or 'unexpected answer')[:60]}")
        return content

    async def login(self) -> None:
        self._sid = None
        content = await self._call("login", user=self._user, password=self._password)
        sid = content.get("session_id") if isinstance(content, dict) else None
        if not sid:
            raise SyncAuthError("ttrss server: the login gave no session")
        self._sid = str(sid)

    async def subscriptions(self) -> list[ServerFeed]:
        categories = {
            int(c["id"]): str(c.get("title") or "")
            for c in await self._call("getCategories", include_empty=True) or []
            if isinstance(c, dict) and str(c.get("id", "")).lstrip("-").isdigit()
        }
        feeds = await self._call("getFeeds", cat_id=ALL_FEEDS) or []
        return [
            ServerFeed(
                id=str(f["id"]),
                url=str(f.get("feed_url") or ""),
                title=str(f.get("title") or f.get("feed_url") or ""),
                category=categories.get(int(f.get("cat_id") or 0)) or None,
            )
            for f in feeds
            if isinstance(f, dict) and "id" in f
        ]

    async def states(self, cursor: Cursor) -> StateReport:
        """The complete unread and starred id sets: the API has no "changed since"."""
        self._unread = await self._unread_ids()
        starred = await self._headlines(STARRED, view_mode="all_articles", content=False)
        self._starred = frozenset(e.id for e in starred)
        return StateReport(unread=self._unread, starred=self._starred)

    async def _unread_ids(self) -> frozenset[str]:
        """Every unread story's id: the count first, then its pages of 200, a few at once."""
        counted = await self._call("getUnread")
        count = int(counted.get("unread") or 0) if isinstance(counted, dict) else 0
        limit = asyncio.Semaphore(PARALLEL_PAGES)

        async def page(number: int) -> list[ServerEntry]:
            async with limit:
                return await self._headline_page(ALL_ARTICLES, "unread", number * PAGE)

        pages = await asyncio.gather(*(page(n) for n in range(count // PAGE + 1)))
        found = {e.id for p in pages for e in p}
        if len(pages[-1]) == PAGE:  # more arrived meanwhile: the rest, one page after another
            rest = await self._headlines(
                ALL_ARTICLES, view_mode="unread", content=False, skip=len(pages) * PAGE
            )
            found.update(e.id for e in rest)
        return frozenset(found)

    async def _headline_page(self, feed_id: int, view_mode: str, skip: int) -> list[ServerEntry]:
        page = await self._headline_rows(feed_id, view_mode, skip)
        return [e for e in map(_entry, page) if e is not None]

    async def _headline_rows(
        self, feed_id: int, view_mode: str, skip: int, *, since_id: int = 0, content: bool = False
    ) -> list[Any]:
        """One getHeadlines answer of at most PAGE rows, as the server sent them."""
        page = await self._call(
            "getHeadlines",
            feed_id=feed_id,
            view_mode=view_mode,
            limit=PAGE,
            skip=skip,
            since_id=since_id,
            show_content=content,
            order_by="feed_dates",
        )
        if not isinstance(page, list):
            raise SyncError("ttrss server: unexpected answer for the headlines")
        return page

    async def entries(self, cursor: Cursor, *, since: float, known: frozenset[str]) -> EntryBatch:
        found: dict[str, ServerEntry] = {}
        if "since_id" in cursor:
            new = await self._headlines(
                ALL_ARTICLES, view_mode="all_articles", since_id=int(cursor["since_id"])
            )
            found.update((e.id, e) for e in new)
        else:
            recent = await self._headlines(ALL_ARTICLES, view_mode="all_articles", until=since)
            found.update((e.id, e) for e in recent)
        if self._unread is None or self._starred is None:
            await self.states(cursor)
        wanted = (self._unread or frozenset()) | (self._starred or frozenset())
        missing = sorted((i for i in wanted if i not in known and i not in found), key=int)
        for start in range(0, len(missing), PAGE):
            chunk = ",".join(missing[start : start + PAGE])
            articles = await self._call("getArticle", article_id=chunk) or []
            found.update((e.id, e) for e in map(_entry, articles) if e is not None)
        last = max([int(i) for i in found] + [int(cursor.get("since_id", 0))])
        return EntryBatch(entries=tuple(found.values()), cursor={"since_id": str(last)})

    async def _headlines(
        self,
        feed_id: int,
        *,
        view_mode: str,
        content: bool = True,
        since_id: int = 0,
        until: float | None = None,
        skip: int = 0,
    ) -> list[ServerEntry]:
        """Every headline of a (virtual) feed, newest first, 200 at a time; with `until`, only
        down to stories updated before that time."""
        found: list[ServerEntry] = []
        while True:
            page = await self._headline_rows(
                feed_id, view_mode, skip, since_id=since_id, content=content
            )
            entries = [e for e in map(_entry, page) if e is not None]
            if until is not None:
                entries = [e for e in entries if e.published and e.published.timestamp() >= until]
            found += entries
            if len(page) < PAGE or (until is not None and len(entries) < len(page)):
                return found
            skip += PAGE

    async def set_state(self, ids: Sequence[str], field: Field, value: bool) -> None:
        mode = int(value) if field == "starred" else int(not value)  # tt-rss stores "unread"
        await self._call(
            "updateArticle", article_ids=",".join(ids), field=_FIELDS[field], mode=mode
        )

    async def subscribe(self, url: str, category: str | None) -> ServerFeed:
        category_id = 0
        if category:
            for c in await self._call("getCategories", include_empty=True) or []:
                if (
                    isinstance(c, dict)
                    and str(c.get("title", "")).casefold() == category.casefold()
                ):
                    category_id = int(c["id"])
        content = await self._call("subscribeToFeed", feed_url=url, category_id=category_id)
        status = content.get("status") if isinstance(content, dict) else None
        code = status.get("code") if isinstance(status, dict) else None
        if code not in _SUBSCRIBED:
            raise SyncError(f"ttrss server could not subscribe to that feed (code {code})")
        for feed in await self.subscriptions():
            if feed.url == url:
                return feed
        raise SyncError("ttrss server: the new subscription is not listed")


def _entry(raw: object) -> ServerEntry | None:
    if not isinstance(raw, dict) or "id" not in raw:
        return None
    updated = raw.get("updated")
    return ServerEntry(
        id=str(int(raw["id"])),
        feed_id=str(raw.get("feed_id") or ""),
        title=str(raw.get("title") or ""),
        url=str(raw.get("link") or "") or None,
        content_html=str(raw.get("content") or "") or None,
        published=datetime.fromtimestamp(int(updated), UTC) if isinstance(updated, int) else None,
        read=not bool(raw.get("unread")),
        starred=bool(raw.get("marked")),
        author=str(raw.get("author") or "") or None,
        categories=tuple(str(t) for t in raw.get("tags") or () if t),
    )
