"""Reading a config: TOML -> typed Config; every error names the file and the line."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from habari_tui.config.model import (
    OTHER_REGION,
    SETTING_RULES,
    Config,
    FeedConfig,
    Settings,
    region_name,
    region_problem,
)
from habari_tui.config.sync import read_sync
from habari_tui.errors import ConfigError

_TOP_LEVEL = ("settings", "feed", "regions", "sync")
_FEED_KEYS = ("url", "title", "region")
_SETTING_KEYS = tuple(SETTING_RULES)
_LOCATION = re.compile(r"\s*\(at line (\d+), column (\d+)\)\s*$")
_END_OF_DOCUMENT = re.compile(r"\s*\(at end of document\)\s*$")


def load_config(path: Path) -> Config:
    """Read and strictly validate a config file; errors are one `path:line: reason` line."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ConfigError(f"{path}:{line}: not valid UTF-8 text") from exc
    return parse_config(text, path)


def parse_config(text: str, path: Path) -> Config:
    """Validate config text; `path` names the file in error messages and in Config.path."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(_toml_error_message(path, text, str(exc))) from exc
    return _ConfigReader(path, text).read(data)


def _toml_error_message(path: Path, text: str, message: str) -> str:
    found = _LOCATION.search(message)
    if found:
        line, column = found.groups()
        reason = message[: found.start()]
        return f"{path}:{line}: invalid TOML: {reason} (column {column})"
    if _END_OF_DOCUMENT.search(message):
        line = max(1, len(text.splitlines()))
        reason = _END_OF_DOCUMENT.sub("", message)
        return f"{path}:{line}: invalid TOML: {reason} (at end of file)"
    return f"{path}: invalid TOML: {message}"


@dataclass(slots=True)
class _Section:
    """The lines of one table of the source text, for finding where a key was written."""

    name: str  # "" for the top level, else the table header's name
    header_line: int  # 1-based; 0 for the top level
    lines: list[tuple[int, str]] = field(default_factory=list)


_HEADER = re.compile(r"^\s*(\[\[?)\s*([^\[\]]+?)\s*\]\]?\s*(?:#.*)?$")


def _sections(text: str) -> list[_Section]:
    sections = [_Section("", 0)]
    for number, line in enumerate(text.splitlines(), start=1):
        header = _HEADER.match(line)
        if header:
            name = re.sub(r"\s*\.\s*", ".", header.group(2)).replace('"', "").replace("'", "")
            sections.append(_Section(name, number))
        else:
            sections[-1].lines.append((number, line))
    return sections


def _key_pattern(key: str) -> re.Pattern[str]:
    quoted = re.escape(key)
    return re.compile(rf"^\s*(?:{quoted}|\"{quoted}\"|'{quoted}')\s*(?:=|\.)")


class _ConfigReader:
    """Turns parsed TOML into a Config, pointing each complaint at its line."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.sections = _sections(text)

    # -- locating lines -------------------------------------------------

    def _section(self, table: str, index: int = 0) -> _Section | None:
        matching = [s for s in self.sections if s.name == table]
        return matching[index] if index < len(matching) else None

    def line_of(self, table: str, key: str | None = None, index: int = 0) -> int | None:
        """Best-effort line of `key` in the `index`-th `[table]` (or of the header itself)."""
        section = self._section(table, index)
        if section is not None and key is not None:
            pattern = _key_pattern(key)
            for number, line in section.lines:
                if pattern.match(line):
                    return number
        if key is not None:
            dotted = f"{table}.{key}" if table else key
            for candidate in self.sections:
                if candidate.name == dotted or candidate.name.startswith(dotted + "."):
                    return candidate.header_line
        if section is not None and section.header_line:
            return section.header_line
        if table:
            top = self._section("")
            pattern = _key_pattern(table)
            for number, line in top.lines if top else ():
                if pattern.match(line):
                    return number
        return None

    def fail(self, reason: str, table: str, key: str | None = None, index: int = 0) -> ConfigError:
        line = self.line_of(table, key, index)
        where = f"{self.path}:{line}" if line else f"{self.path}"
        return ConfigError(f"{where}: {reason}")

    # -- reading --------------------------------------------------------

    def read(self, data: dict[str, object]) -> Config:
        for key in data:
            if key not in _TOP_LEVEL:
                names = ("settings", "regions", "sync")
                expected = ", ".join(f"[{name}]" for name in names) + ", [[feed]]"
                raise self.fail(
                    f"unknown table or key {key!r}; expected one of {expected}", "", key
                )
        return Config(
            path=self.path,
            settings=self.read_settings(data.get("settings", {})),
            feeds=self.read_feeds(data.get("feed", [])),
            region_rules=self.read_regions(data.get("regions", {})),
            sync=read_sync(self, data["sync"]) if "sync" in data else None,
        )

    def read_settings(self, raw: object) -> Settings:
        if not isinstance(raw, dict):
            raise self.fail("'settings' must be a table: [settings]", "", "settings")
        values: dict[str, object] = {}
        for key, value in raw.items():
            if key not in _SETTING_KEYS:
                expected = ", ".join(_SETTING_KEYS)
                raise self.fail(
                    f"unknown key {key!r} in [settings]; expected one of {expected}",
                    "settings",
                    key,
                )
            problem = SETTING_RULES[key].problem(value)
            if problem:
                raise self.fail(f"{key!r} in [settings] {problem}, not {value!r}", "settings", key)
            values[key] = SETTING_RULES[key].value(value)
        return Settings(**values)  # type: ignore[arg-type]

    def read_feeds(self, raw: object) -> tuple[FeedConfig, ...]:
        if not isinstance(raw, list):
            raise self.fail("'feed' must be an array of tables: [[feed]] blocks", "", "feed")
        feeds: list[FeedConfig] = []
        first_seen: dict[str, int] = {}
        for index, entry in enumerate(raw):
            feed = self.read_feed(entry, index)
            if feed.url in first_seen:
                first = self.line_of("feed", "url", first_seen[feed.url])
                also = f" (first at line {first})" if first else ""
                raise self.fail(f"duplicate feed url {feed.url!r}{also}", "feed", "url", index)
            first_seen[feed.url] = index
            feeds.append(feed)
        return tuple(feeds)

    def read_feed(self, entry: object, index: int) -> FeedConfig:
        label = f"[[feed]] #{index + 1}"
        if not isinstance(entry, dict):
            raise self.fail(
                f"{label} must be a table with url, title and region", "feed", None, index
            )
        for key in entry:
            if key not in _FEED_KEYS:
                raise self.fail(
                    f"unknown key {key!r} in {label}; expected one of {', '.join(_FEED_KEYS)}",
                    "feed",
                    key,
                    index,
                )
        if "url" not in entry:
            raise self.fail(f'{label} has no url; expected url = "https://…"', "feed", None, index)
        url = _feed_url(entry["url"])
        if url is None:
            raise self.fail(
                f"url in {label} must be an http(s)://, file:// URL or an absolute path,"
                f" not {entry['url']!r}",
                "feed",
                "url",
                index,
            )
        title = entry.get("title")
        if title is not None and not isinstance(title, str):
            raise self.fail(
                f"title in {label} must be a string, not {title!r}", "feed", "title", index
            )
        region = entry.get("region", OTHER_REGION)
        if not isinstance(region, str) or not region.strip():
            raise self.fail(
                f"region in {label} must be a non-empty string, not {region!r}",
                "feed",
                "region",
                index,
            )
        problem = region_problem(region)
        if problem:
            raise self.fail(f"region in {label}: {problem}", "feed", "region", index)
        return FeedConfig(
            url=url, title=(title.strip() or None) if title else None, region=region_name(region)
        )

    def read_regions(self, raw: object) -> tuple[tuple[str, tuple[str, ...]], ...]:
        if not isinstance(raw, dict):
            raise self.fail("'regions' must be a table: [regions]", "", "regions")
        rules: list[tuple[str, tuple[str, ...]]] = []
        for region, keywords in raw.items():
            if not region.strip():
                raise self.fail("a region name in [regions] is empty", "regions", region)
            if not isinstance(keywords, list) or not all(
                isinstance(k, str) and k.strip() for k in keywords
            ):
                raise self.fail(
                    f"{region!r} in [regions] must be a list of non-empty strings,"
                    f' e.g. ["Banjarmasin", "Kalsel"], not {keywords!r}',
                    "regions",
                    region,
                )
            problem = region_problem(region)
            if problem:
                raise self.fail(f"[regions]: {problem}", "regions", region)
            rules.append((region_name(region), tuple(k.strip() for k in keywords)))
        return tuple(rules)


def _feed_url(value: object) -> str | None:
    """The feed URL as stored (paths become file:// URLs), or None when it is not acceptable."""
    if not isinstance(value, str):
        return None
    url = value.strip()
    lowered = url.lower()
    if lowered.startswith(("http://", "https://")) and len(url.split("://", 1)[1]) > 0:
        return url
    if lowered.startswith("file://"):
        return url
    if url.startswith("~") or (url and Path(url).is_absolute()):
        try:
            return Path(url).expanduser().as_uri()
        except (RuntimeError, ValueError):  # an unknown ~user, or still not absolute
            return None
    return None


def feed_url(value: object) -> str | None:
    """A feed URL as the config stores it (paths become file:// URLs), or None if unusable."""
    return _feed_url(value)
