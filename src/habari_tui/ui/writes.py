"""The reader's own writes to the cache (`m`, `s`, `A`, `u`, a story opened), made off the event
loop: a refresh in another process may hold the cache for writing for tens of milliseconds at
a time, and a key must never wait for that. The writes of one service go through one thread,
so they land in the order the reader asked for them (two quick `m` end as the second left it)."""

from __future__ import annotations

import asyncio
import weakref
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from habari_tui.service import Service

T = TypeVar("T")


class CacheWrites:
    """One thread that runs the writes handed to it, one at a time, first asked first done."""

    def __init__(self) -> None:
        self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="habari-writes")

    def submit(self, write: Callable[..., T], *args: object) -> asyncio.Future[T]:
        """Queue `write(*args)` now (so the order is the order of the calls); await the result
        or leave it to land."""
        return asyncio.get_running_loop().run_in_executor(self._thread, write, *args)

    async def drain(self) -> None:
        """Until every write queued so far has landed."""
        await self.submit(_nothing)


def _nothing() -> None:
    pass


_WRITES: weakref.WeakKeyDictionary[Service, CacheWrites] = weakref.WeakKeyDictionary()


def cache_writes(service: Service) -> CacheWrites:
    """The one queue of writes for `service`, shared by every screen over it."""
    writes = _WRITES.get(service)
    if writes is None:
        writes = _WRITES[service] = CacheWrites()
    return writes
