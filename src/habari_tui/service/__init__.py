"""Refresh, reading and state: what the TUI and the CLI call. No UI imports here.

`Service` is the one way in; each of its jobs lives in a module of its own: `headlines`
(lists and read/starred state), `reading`, `search`, `subscribing`, `refresh` (the worker
pool included).
"""

from __future__ import annotations

from habari_tui.config import Config
from habari_tui.service.base import LocalPages
from habari_tui.service.headlines import OTHER, Headlines
from habari_tui.service.reading import FULL_TEXT_WORDS, Reading, is_full_text
from habari_tui.service.refresh import (
    PARSE_POOL_MIN_FEEDS,
    ProgressCallback,
    Refreshing,
    RefreshProgress,
    _Workers,
)
from habari_tui.service.search import INDEX_BATCH, Searching
from habari_tui.service.subscribing import Subscribing
from habari_tui.store import Store

__all__ = [
    "FULL_TEXT_WORDS",
    "INDEX_BATCH",
    "OTHER",
    "PARSE_POOL_MIN_FEEDS",
    "LocalPages",
    "ProgressCallback",
    "RefreshProgress",
    "Service",
    "is_full_text",
]


class Service(Refreshing, Reading, Headlines, Searching, Subscribing):
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
