"""Sync with a feed server: one engine (change queue, push, pull) and a client per protocol.

`engine.SyncEngine` runs a sync over a cache; `open_client` makes the client for a [sync]
table. Nothing is imported here up front: the cache (which knows the sync tables) is read at
every start-up, the network code only when a sync runs.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from habari_tui.config.sync import SyncConfig
    from habari_tui.sync.client import SyncClient

__all__ = ["open_client"]


def open_client(sync: SyncConfig, password: str, *, timeout: float) -> SyncClient:
    """The client for this account's protocol (it logs in on its first use)."""
    from habari_tui.sync.transport import Transport

    transport = Transport(sync.url, timeout=timeout, service=sync.service)
    if sync.service == "miniflux":
        from habari_tui.sync.miniflux import MinifluxClient

        return MinifluxClient(transport, sync.user, password)
    if sync.service == "greader":
        from habari_tui.sync.greader import GoogleReaderClient

        return GoogleReaderClient(transport, sync.user, password)
    from habari_tui.sync.ttrss import TinyTinyRSSClient

    return TinyTinyRSSClient(transport, sync.user, password)
