"""What every part of the service shares: the config, the cache, whether it is offline, and
the HTTP client (its module imported on first use)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from habari_tui.config import Config
from habari_tui.service import lazy
from habari_tui.store import Store

if TYPE_CHECKING:
    import httpx

LocalPages = Callable[[str], Path | None]


class ServiceBase:
    """The state the service's parts work on; `Service` puts them together."""

    config: Config
    store: Store
    offline: bool
    _local_pages: LocalPages | None  # bundled pages served instead of the network (demo)

    def _client(self) -> httpx.AsyncClient:
        settings = self.config.settings
        return lazy.make_client(timeout=settings.timeout, concurrency=settings.concurrency)

    def load_network_code(self) -> None:
        """Import the fetching code (httpx) now, left out of start-up: a first fetch starts
        sooner when this was done at a quiet moment."""
        lazy.fetch  # noqa: B018  (the look-up is the import)
