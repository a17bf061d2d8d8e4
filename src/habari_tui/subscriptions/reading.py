"""What reading a subscriptions file gives, and the error for a file that cannot be read."""

from __future__ import annotations

from dataclasses import dataclass

from habari_tui.config import FeedConfig
from habari_tui.errors import ConfigError


class SubscriptionFileError(ConfigError):
    """An OPML or urls file is unreadable or invalid; nothing was imported from it."""


@dataclass(frozen=True, slots=True)
class Subscriptions:
    """The feeds a subscriptions file lists, in file order, and the entries it could not use."""

    format: str  # "opml" or "newsboat"
    feeds: tuple[FeedConfig, ...]
    skipped: tuple[tuple[str, str], ...] = ()  # (url or line, reason)
