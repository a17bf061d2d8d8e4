"""The typed config every layer reads: settings, feeds and region rules."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from habari_tui.models import OTHER_REGION

APP_NAME = "habari-tui"

__all__ = ["APP_NAME", "OTHER_REGION", "Config", "FeedConfig", "Settings"]


@dataclass(frozen=True, slots=True)
class Settings:
    refresh_on_start: bool = True
    concurrency: int = 16  # parallel fetches
    timeout: float = 20.0  # seconds per request
    keep_days: int = 90  # cache retention; starred articles are kept forever
    prefetch_articles: bool = True
    hide_read: bool = False  # list only unread stories
    reading_width: int = 80  # columns of article text, centred on wider terminals


@dataclass(frozen=True, slots=True)
class FeedConfig:
    url: str
    title: str | None = None
    region: str = OTHER_REGION


@dataclass(frozen=True, slots=True)
class Config:
    path: Path | None
    settings: Settings = field(default_factory=Settings)
    feeds: tuple[FeedConfig, ...] = ()
    # [regions] keyword rules, in file order: (region name, keywords)
    region_rules: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def region_names(self) -> tuple[str, ...]:
        """Regions in the order the config names them (feeds first, then rules)."""
        names: list[str] = []
        for name in [f.region for f in self.feeds] + [r for r, _ in self.region_rules]:
            if name not in names:
                names.append(name)
        return tuple(names)
