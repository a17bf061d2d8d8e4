"""Miniflux's REST API v1: entries by id, state changes by `changed_after`, state in batches."""

from __future__ import annotations

import base64
from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Any

from habari_tui.errors import SyncError, SyncTooLarge
from habari_tui.sync.client import Cursor, SyncClient
from habari_tui.sync.models import (
    EntryBatch,
    Field,
    ServerEntry,
    ServerFeed,
    ServerState,
    StateReport,
)
from habari_tui.sync.transport import Transport

PAGE = 1000  # entries per request (each carries its whole text)
SMALLEST_PAGE = 50  # a page too large to take is asked for again, a quarter as long
# State changes are asked for from a little before the last sync's start: the server's
# `changed_after` compares whole seconds.
OVERLAP = 2


class MinifluxClient(SyncClient):
    service = "miniflux"

    def __init__(self, transport: Transport, user: str, password: str) -> None:
        super().__init__(transport)
        if user:
            token = base64.b64encode(f"{user}:{password}".encode()).decode("ascii")
            transport.headers["Authorization"] = f"Basic {token}"
        else:  # no user: the secret is an API key
            transport.headers["X-Auth-Token"] = password

    async def login(self) -> None:
        """Nothing to do: every request carries the credentials, and the first one (the
        subscriptions) fails with SyncAuthError when they are wrong."""

    async def subscriptions(self) -> list[ServerFeed]:
        feeds = (await self.transport.request("GET", "/v1/feeds")).data
        return [_feed(f) for f in _list(feeds, "feeds")]

    async def states(self, cursor: Cursor) -> StateReport:
        if "changed" not in cursor:  # a first sync: its entries carry their state
            return StateReport()
        since = int(float(cursor["changed"])) - OVERLAP
        changed: list[ServerState] = []
        started: float | None = None
        async for page, when in self._pages({"changed_after": since}):
            started = started if started is not None else when
            changed += [
                ServerState(e.id, e.read, e.starred, e.changed_at) for e in map(_entry, page)
            ]
        return StateReport(changed=tuple(changed), cursor=_changed_cursor(started, cursor))

    async def entries(self, cursor: Cursor, *, since: float, known: frozenset[str]) -> EntryBatch:
        found: dict[str, ServerEntry] = {}
        started: float | None = None
        if "entry_id" in cursor:
            queries: list[dict[str, Any]] = [{"after_entry_id": int(cursor["entry_id"])}]
        else:
            # The read stories of the last days: the unread ones come with the first query.
            queries = [
                {"status": "unread"},
                {"starred": "true"},
                {"status": "read", "published_after": int(since)},
            ]
        for query in queries:
            async for page, when in self._pages(query):
                started = started if started is not None else when
                found.update((e.id, e) for e in map(_entry, page))
        last = max([int(i) for i in found] + [int(cursor.get("entry_id", 0))])
        new_cursor = {"entry_id": str(last)}
        if "changed" not in cursor:  # state changes are followed from this first pull on
            new_cursor.update(_changed_cursor(started, cursor))
        return EntryBatch(entries=tuple(found.values()), cursor=new_cursor)

    async def _pages(
        self, query: dict[str, Any]
    ) -> AsyncIterator[tuple[list[dict[str, Any]], float | None]]:
        """Pages of raw entries matching `query`, oldest id first, with the server's time."""
        after = int(query.pop("after_entry_id", 0))
        limit = PAGE
        while True:
            params = {**query, "order": "id", "direction": "asc", "limit": limit}
            if after:
                params["after_entry_id"] = after
            try:
                answer = await self.transport.request("GET", "/v1/entries", params=params)
            except SyncTooLarge:
                if limit <= SMALLEST_PAGE:
                    raise
                limit //= 4  # long stories: fewer at a time
                continue
            data = answer.data.get("entries") if isinstance(answer.data, dict) else None
            page = _list(data, "entries")
            if page:
                yield page, answer.server_time
            if len(page) < limit:
                return
            after = max(int(e["id"]) for e in page)

    async def set_state(self, ids: Sequence[str], field: Field, value: bool) -> None:
        entry_ids = [int(i) for i in ids]
        if field == "read":
            body: dict[str, Any] = {"entry_ids": entry_ids, "status": "read" if value else "unread"}
            await self.transport.request("PUT", "/v1/entries", json_body=body, expect_json=False)
            return
        body = {"entry_ids": entry_ids, "starred": value}
        try:
            await self.transport.request("PUT", "/v1/entries", json_body=body, expect_json=False)
        except SyncError as error:
            if "HTTP 400" not in str(error):
                raise
            await self._toggle_where_needed(entry_ids, value)  # a server older than 2.2

    async def _toggle_where_needed(self, entry_ids: list[int], starred: bool) -> None:
        """The bookmark endpoint toggles: read each story's state first, so a replay is a no-op."""
        for entry_id in entry_ids:
            entry = (await self.transport.request("GET", f"/v1/entries/{entry_id}")).data
            if isinstance(entry, dict) and bool(entry.get("starred")) != starred:
                await self.transport.request(
                    "PUT", f"/v1/entries/{entry_id}/bookmark", expect_json=False
                )

    async def subscribe(self, url: str, category: str | None) -> ServerFeed:
        body: dict[str, Any] = {"feed_url": url}
        if category:
            body["category_id"] = await self._category_id(category)
        answer = await self.transport.request("POST", "/v1/feeds", json_body=body)
        feed_id = answer.data.get("feed_id") if isinstance(answer.data, dict) else None
        if feed_id is None:
            raise SyncError("miniflux server: subscribing gave no feed id")
        return _feed((await self.transport.request("GET", f"/v1/feeds/{feed_id}")).data)

    async def _category_id(self, title: str) -> int:
        categories = _list(
            (await self.transport.request("GET", "/v1/categories")).data, "categories"
        )
        for category in categories:
            if str(category.get("title", "")).casefold() == title.casefold():
                return int(category["id"])
        made = await self.transport.request("POST", "/v1/categories", json_body={"title": title})
        return int(made.data["id"])


def _changed_cursor(started: float | None, cursor: Cursor) -> Cursor:
    if started is None:
        return {"changed": cursor["changed"]} if "changed" in cursor else {}
    return {"changed": str(int(started))}


def _list(value: object, what: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise SyncError(f"miniflux server: unexpected answer for {what}")
    return value


def _feed(raw: Any) -> ServerFeed:
    if not isinstance(raw, dict) or "id" not in raw:
        raise SyncError("miniflux server: unexpected answer for a feed")
    category = raw.get("category") or {}
    return ServerFeed(
        id=str(raw["id"]),
        url=str(raw.get("feed_url") or ""),
        title=str(raw.get("title") or raw.get("feed_url") or ""),
        category=(str(category.get("title")) or None) if isinstance(category, dict) else None,
    )


def _entry(raw: dict[str, Any]) -> ServerEntry:
    try:
        return ServerEntry(
            id=str(int(raw["id"])),
            feed_id=str(int(raw["feed_id"])),
            title=str(raw.get("title") or ""),
            url=str(raw.get("url") or "") or None,
            content_html=str(raw.get("content") or "") or None,
            published=_time(raw.get("published_at")),
            read=raw.get("status") != "unread",
            starred=bool(raw.get("starred")),
            author=str(raw.get("author") or "") or None,
            categories=tuple(str(t) for t in raw.get("tags") or ()),
            changed_at=_timestamp(raw.get("changed_at")),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise SyncError("miniflux server: unexpected answer for an entry") from error


def _time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.year > 1970 else None


def _timestamp(value: object) -> float | None:
    moment = _time(value)
    return moment.timestamp() if moment is not None else None
