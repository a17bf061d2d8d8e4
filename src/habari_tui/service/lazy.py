"""What the service imports on first use, kept out of start-up: reading the cache needs none of
it (the fetcher brings httpx; discovery, OPML and the demo are rarely asked for).

`lazy.fetch(...)` imports its module on the first look-up (PEP 562) and is typed as the real
function, so every call through here is checked.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from habari_tui.demo import demo_config, demo_page_path
    from habari_tui.sources.discover import discover
    from habari_tui.sources.fetch import fetch, make_client
    from habari_tui.subscriptions import (
        ImportResult,
        import_subscriptions,
        opml_document,
        read_subscriptions,
    )

_HOME = {
    "fetch": "habari_tui.sources.fetch",
    "make_client": "habari_tui.sources.fetch",
    "discover": "habari_tui.sources.discover",
    "ImportResult": "habari_tui.subscriptions",
    "import_subscriptions": "habari_tui.subscriptions",
    "opml_document": "habari_tui.subscriptions",
    "read_subscriptions": "habari_tui.subscriptions",
    "demo_config": "habari_tui.demo",
    "demo_page_path": "habari_tui.demo",
}

__all__ = [  # every name in _HOME
    "ImportResult",
    "demo_config",
    "demo_page_path",
    "discover",
    "fetch",
    "import_subscriptions",
    "make_client",
    "opml_document",
    "read_subscriptions",
]


def __getattr__(name: str) -> object:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # found directly from now on
    return value
