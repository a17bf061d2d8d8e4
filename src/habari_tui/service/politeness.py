"""Saving pages politely: at most two requests at a time to one site, a pause between them,
and a site that asked us to wait (429/503 with Retry-After) is not asked again this time."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Sequence
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from urllib.parse import urlsplit

from habari_tui.models import Article

PER_HOST = 2  # requests at a time to one site
PAUSE = 0.25  # seconds between one request to a site and the next on the same turn


def host_of(url: str | None) -> str:
    try:
        return (urlsplit(url or "").hostname or "").lower()
    except ValueError:
        return ""


def interleaved(articles: Sequence[Article]) -> list[Article]:
    """The stories in turn by site (each site's in the order given), so that the requests
    under way at one moment are spread over many sites rather than queued on one."""
    by_host: dict[str, list[Article]] = {}
    for article in articles:
        by_host.setdefault(host_of(article.url), []).append(article)
    queues = list(by_host.values())
    order: list[Article] = []
    for round_ in range(max((len(q) for q in queues), default=0)):
        order.extend(q[round_] for q in queues if round_ < len(q))
    return order


class HostTurns:
    """Whose turn it is to ask each site, and which sites asked us to wait."""

    def __init__(self, per_host: int = PER_HOST, pause: float = PAUSE) -> None:
        self._per_host = per_host
        self._pause = pause
        self._slots: dict[str, asyncio.Semaphore] = {}
        self._wait_until: dict[str, float | None] = {}

    @asynccontextmanager
    async def turn(self, host: str) -> AsyncIterator[None]:
        """Hold one of the site's turns; the pause is kept before the turn is handed on."""
        slots = self._slots.setdefault(host, asyncio.Semaphore(self._per_host))
        async with slots:
            try:
                yield
            finally:
                await asyncio.sleep(self._pause)

    def asked_to_wait(self, host: str, retry_at: float | None) -> None:
        """The site answered 429/503: leave the rest of its pages for another time."""
        self._wait_until[host] = retry_at

    def waiting(self, host: str) -> str | None:
        """Why a site's page is not asked for now, or None."""
        if host not in self._wait_until:
            return None
        until = self._wait_until[host]
        if until is None:
            return "not fetched: the site said it is busy (HTTP 429/503)"
        moment = datetime.fromtimestamp(until, UTC).strftime("%d %b %Y %H:%M UTC")
        return f"not fetched: the site asked us to wait until {moment} (Retry-After)"
