"""The Google Reader API (FreshRSS, Miniflux, Inoreader, The Old Reader, BazQux).

New stories and state are found by id lists (`stream/items/ids`), their text fetched by id
(`stream/items/contents`). `ot` filters on *publication* time, so it is only used to ask for
the recent stories; read and starred state always come from the complete unread and starred
id lists, never from a time-filtered stream (a story read elsewhere would slip through).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import Any

from habari_tui.errors import SyncAuthError, SyncError
from habari_tui.sync.client import Cursor, SyncClient
from habari_tui.sync.models import EntryBatch, Field, ServerEntry, ServerFeed, StateReport
from habari_tui.sync.transport import Transport

API = "/reader/api/0"
READING_LIST = "user/-/state/com.google/reading-list"
READ = "user/-/state/com.google/read"
STARRED = "user/-/state/com.google/starred"
LABEL = "user/-/label/"
ITEM_PREFIX = "tag:google.com,2005:reader/item/"
IDS_PAGE = 10000  # ids per request (Miniflux's ceiling)
CONTENTS_PAGE = 250  # stories per contents request
_TAGS = {"read": READ, "starred": STARRED}


class GoogleReaderClient(SyncClient):
    service = "greader"
    lists_ids = True

    def __init__(self, transport: Transport, user: str, password: str) -> None:
        super().__init__(transport)
        self._user = user
        self._password = password
        self._token: str | None = None  # the write token (`T`) for POSTs that change things
        self._unread: frozenset[str] | None = None
        self._starred: frozenset[str] | None = None

    async def login(self) -> None:
        answer = await self.transport.request(
            "POST",
            "/accounts/ClientLogin",
            form={"Email": self._user, "Passwd": self._password},
            expect_json=False,
        )
        auth = next(
            (line[5:] for line in str(answer.data).splitlines() if line.startswith("Auth=")), ""
        )
        if not auth:
            raise SyncAuthError("greader server: the login gave no Auth token; is the url the API?")
        self.transport.headers["Authorization"] = f"GoogleLogin auth={auth.strip()}"

    async def _write_token(self) -> str:
        if self._token is None:
            answer = await self.transport.request("GET", f"{API}/token", expect_json=False)
            self._token = str(answer.data).strip()
        return self._token

    async def subscriptions(self) -> list[ServerFeed]:
        answer = await self.transport.request(
            "GET", f"{API}/subscription/list", params={"output": "json"}
        )
        raw = answer.data.get("subscriptions") if isinstance(answer.data, dict) else None
        if not isinstance(raw, list):
            raise SyncError("greader server: unexpected answer for the subscriptions")
        return [_feed(s) for s in raw if isinstance(s, dict)]

    async def states(self, cursor: Cursor) -> StateReport:
        self._unread = await self._ids({"s": READING_LIST, "xt": READ})
        self._starred = await self._ids({"s": STARRED})
        return StateReport(unread=self._unread, starred=self._starred)

    async def entries(self, cursor: Cursor, *, since: float, known: frozenset[str]) -> EntryBatch:
        if self._unread is None or self._starred is None:
            await self.states(cursor)
        recent = await self._ids({"s": READING_LIST, "ot": int(since)})
        wanted = sorted((self._unread or set()) | (self._starred or set()) | recent, key=int)
        missing = [i for i in wanted if i not in known]
        entries: list[ServerEntry] = []
        for start in range(0, len(missing), CONTENTS_PAGE):
            entries += await self._contents(missing[start : start + CONTENTS_PAGE])
        return EntryBatch(entries=tuple(entries))

    async def _ids(self, query: dict[str, Any]) -> frozenset[str]:
        found: set[str] = set()
        continuation: str | None = None
        while True:
            params = {**query, "n": IDS_PAGE, "output": "json"}
            if continuation:
                params["c"] = continuation
            answer = await self.transport.request("GET", f"{API}/stream/items/ids", params=params)
            data = answer.data if isinstance(answer.data, dict) else {}
            refs = data.get("itemRefs") or []
            if not isinstance(refs, list):
                raise SyncError("greader server: unexpected answer for a list of ids")
            found.update(item_id(r.get("id")) for r in refs if isinstance(r, dict))
            continuation = str(data.get("continuation") or "") or None
            if not continuation or not refs:
                return frozenset(found)

    async def _contents(self, ids: Sequence[str]) -> list[ServerEntry]:
        form = [("i", i) for i in ids] + [("T", await self._write_token())]
        answer = await self.transport.request(
            "POST", f"{API}/stream/items/contents", params={"output": "json"}, form=form
        )
        items = answer.data.get("items") if isinstance(answer.data, dict) else None
        if not isinstance(items, list):
            raise SyncError("greader server: unexpected answer for the stories' contents")
        return [_entry(item) for item in items if isinstance(item, dict)]

    async def set_state(self, ids: Sequence[str], field: Field, value: bool) -> None:
        form: list[tuple[str, str]] = [("i", i) for i in ids]
        form += [("a" if value else "r", _TAGS[field]), ("T", await self._write_token())]
        await self.transport.request("POST", f"{API}/edit-tag", form=form, expect_json=False)

    async def subscribe(self, url: str, category: str | None) -> ServerFeed:
        form = {"quickadd": url, "T": await self._write_token()}
        answer = await self.transport.request(
            "POST", f"{API}/subscription/quickadd", params={"output": "json"}, form=form
        )
        data = answer.data if isinstance(answer.data, dict) else {}
        stream = str(data.get("streamId") or "")
        if not stream:
            raise SyncError("greader server: could not subscribe to that feed")
        if category:
            edit = {
                "ac": "edit",
                "s": stream,
                "a": LABEL + category,
                "T": await self._write_token(),
            }
            await self.transport.request(
                "POST", f"{API}/subscription/edit", form=edit, expect_json=False
            )
        for feed in await self.subscriptions():
            if feed.id == stream:
                return feed
        return ServerFeed(
            id=stream, url=url, title=str(data.get("streamName") or url), category=category
        )


def item_id(value: object) -> str:
    """A story id as a decimal string, from any of the API's spellings (long form is hex)."""
    text = str(value or "").strip()
    if text.startswith(ITEM_PREFIX):
        return str(int(text[len(ITEM_PREFIX) :], 16))
    if text.isdigit():
        return str(int(text))
    try:
        return str(int(text, 16))  # the short hex form
    except ValueError as error:
        raise SyncError("greader server: a story id that is not one") from error


def _feed(raw: dict[str, Any]) -> ServerFeed:
    labels = [
        c.get("label") or str(c.get("id", "")).removeprefix(LABEL)
        for c in raw.get("categories") or []
        if isinstance(c, dict) and "/label/" in str(c.get("id", ""))
    ]
    return ServerFeed(
        id=str(raw.get("id") or ""),
        url=str(raw.get("url") or raw.get("htmlUrl") or raw.get("id") or ""),
        title=str(raw.get("title") or raw.get("url") or ""),
        category=str(labels[0]) if labels else None,
    )


def _entry(raw: dict[str, Any]) -> ServerEntry:
    tags = [str(c) for c in raw.get("categories") or []]
    origin = raw.get("origin")
    origin = origin if isinstance(origin, dict) else {}
    links = [
        link.get("href")
        for key in ("canonical", "alternate")
        for link in raw.get(key) or []
        if isinstance(link, dict) and link.get("href")
    ]
    body = raw.get("content")
    body = body if isinstance(body, dict) else raw.get("summary")
    published = raw.get("published")
    return ServerEntry(
        id=item_id(raw.get("id")),
        feed_id=str(origin.get("streamId") or ""),
        title=str(raw.get("title") or ""),
        url=str(links[0]) if links else None,
        content_html=(str(body.get("content") or "") or None) if isinstance(body, dict) else None,
        published=(
            datetime.fromtimestamp(int(published), UTC)
            if isinstance(published, int | float | str) and str(published).isdigit()
            else None
        ),
        read=any(t.endswith("/state/com.google/read") for t in tags),
        starred=any(t.endswith("/state/com.google/starred") for t in tags),
        author=str(raw.get("author") or "") or None,
        categories=tuple(t.rsplit("/label/", 1)[1] for t in tags if "/label/" in t),
    )
