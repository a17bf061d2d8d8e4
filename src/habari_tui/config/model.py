"""The typed config every layer reads: settings, feeds and region rules."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from habari_tui.config.sync import SyncConfig
from habari_tui.models import ALL, OTHER_REGION, STARRED

APP_NAME = "habari-tui"

__all__ = [
    "APP_NAME",
    "LIST_ENTRIES",
    "OTHER_REGION",
    "SETTING_RULES",
    "Config",
    "FeedConfig",
    "Settings",
    "region_name",
    "region_problem",
]


@dataclass(frozen=True, slots=True)
class SettingRule:
    """What a [settings] value must be; `expected` says so when it is not."""

    kind: type[bool] | type[int] | type[float] | type[str]  # a float setting takes an int too
    expected: str
    least: int | None = None  # an int setting's smallest value
    most: int | None = None  # an int setting's largest value
    choices: tuple[str, ...] = ()  # a str setting's words
    if_true: str | None = None  # the word `true` stands for, in a str setting that was a bool
    if_false: str | None = None

    def problem(self, value: object) -> str | None:
        """Why `value` will not do, or None when it will."""
        if self.kind is str:
            return None if self.value(value) is not None else self.expected
        if self.kind is bool:
            return None if isinstance(value, bool) else self.expected
        if isinstance(value, bool):  # TOML's true is no number here
            return self.expected
        if self.kind is float:
            fine = isinstance(value, int | float) and math.isfinite(value) and value > 0
            return None if fine else self.expected
        fine = (
            isinstance(value, int)
            and (self.least is None or value >= self.least)
            and (self.most is None or value <= self.most)
        )
        return None if fine else self.expected

    def value(self, value: object) -> object:
        """The setting's value for a value without a problem (true/false as their words)."""
        if self.kind is float and isinstance(value, int | float):
            return float(value)
        if self.kind is not str:
            return value
        if isinstance(value, bool):
            return self.if_true if value else self.if_false
        return value if value in self.choices else None


_YES_OR_NO = SettingRule(bool, "must be true or false")
PREFETCH_CHOICES = ("recent", "all", "none")


def _setting(default: Any, rule: SettingRule) -> Any:
    return field(default=default, metadata={"rule": rule})


# The side list's own entries beside the regions: no region may be called so, in any casing.
LIST_ENTRIES = (ALL, STARRED)


def region_problem(name: str) -> str | None:
    """Why `name` cannot name a region, or None when it can."""
    for entry in LIST_ENTRIES:
        if name.strip().casefold() == entry.casefold():
            return (
                f"{name.strip()!r} is the name of the side list's own {entry!r} entry;"
                " give the region another name"
            )
    return None


def region_name(name: str) -> str:
    """A region's name as written; any casing of "Other" is the built-in "Other" region."""
    name = name.strip()
    return OTHER_REGION if name.casefold() == OTHER_REGION.casefold() else name


@dataclass(frozen=True, slots=True)
class Settings:
    """[settings], each declared once: its default, and what the reader accepts for it."""

    refresh_on_start: bool = _setting(True, _YES_OR_NO)
    concurrency: int = _setting(  # parallel fetches
        16, SettingRule(int, "must be an integer from 1 to 256", least=1, most=256)
    )
    timeout: float = _setting(  # seconds per request
        20.0, SettingRule(float, "must be a positive number of seconds")
    )
    # Read stories leave the cache this long after habari first saw them, once their feed no
    # longer carries them; unread and starred stay. 0 keeps every story forever.
    keep_days: int = _setting(
        90, SettingRule(int, "must be a non-negative integer (days)", least=0)
    )
    # Pages saved for offline reading as a refresh ends: "recent" (the newest unread stories
    # of the last two days, at most 20 a feed), "all" new stories, or "none"; any other story's
    # page is fetched when it is opened. true and false, from older configs, mean recent/none.
    prefetch_articles: str = _setting(
        "recent",
        SettingRule(
            str,
            'must be "recent", "all" or "none"',
            choices=PREFETCH_CHOICES,
            if_true="recent",
            if_false="none",
        ),
    )
    hide_read: bool = _setting(False, _YES_OR_NO)  # list only unread stories
    reading_width: int = _setting(  # columns of article text, centred on wider terminals
        80, SettingRule(int, "must be an integer from 20 to 400 (columns)", least=20, most=400)
    )

    def __post_init__(self) -> None:
        # Code that builds Settings with prefetch_articles=True/False means what a config does.
        chosen = SETTING_RULES["prefetch_articles"].value(self.prefetch_articles)
        object.__setattr__(self, "prefetch_articles", chosen or "recent")


SETTING_RULES: dict[str, SettingRule] = {f.name: f.metadata["rule"] for f in fields(Settings)}


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
    sync: SyncConfig | None = None  # [sync]: a feed server is the source of feeds and state

    @property
    def region_names(self) -> tuple[str, ...]:
        """Regions in the order the config names them (feeds first, then rules)."""
        names: list[str] = []
        for name in [f.region for f in self.feeds] + [r for r, _ in self.region_rules]:
            if name not in names:
                names.append(name)
        return tuple(names)
