"""Rewriting the config file: feeds added, feeds that moved. Every change keeps the user's
comments and layout, is validated before it is written, and replaces the file in one step."""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from habari_tui.config.model import Config, FeedConfig, region_name, region_problem
from habari_tui.config.reader import _feed_url, _sections, load_config, parse_config
from habari_tui.errors import ConfigError

# -- adding feeds ---------------------------------------------------------------------------
#
# Append-only: new [[feed]] blocks are inserted as text after the last [[feed]] block (or before
# [regions], or at the end), so every comment, blank line and key order the user wrote stays as
# it was. tomlkit renders the new values; the result is validated before it replaces the file.


def add_feeds(path: Path, feeds: list[FeedConfig]) -> list[FeedConfig]:
    """Add the feeds not yet in the config file at `path`; returns those added, in order.

    The file is replaced atomically (temp file + os.replace) and only when the new text
    validates, so a failure leaves it exactly as it was.
    """
    current = load_config(path)
    text = path.read_text(encoding="utf-8")
    known = {f.url for f in current.feeds}
    added: list[FeedConfig] = []
    for feed in feeds:
        url = _feed_url(feed.url)
        if url is None:
            raise ConfigError(f"not a feed URL: {feed.url!r}")
        problem = region_problem(feed.region)
        if problem:
            raise ConfigError(f"cannot add {url}: {problem}")
        if url not in known:
            known.add(url)
            added.append(FeedConfig(url=url, title=feed.title, region=region_name(feed.region)))
    if not added:
        return []
    new_text = _with_feed_blocks(text, added, current, path)
    replace_file(path, new_text)
    return added


def _feed_blocks(feeds: list[FeedConfig]) -> list[str]:
    import tomlkit  # only writing the config needs it: kept out of every start-up

    tables = [
        {"url": f.url, **({"title": f.title} if f.title else {}), "region": f.region} for f in feeds
    ]
    lines: list[str] = []
    for table in tables:
        lines += ["", *tomlkit.dumps({"feed": [table]}).strip().splitlines()]
    return lines


def _with_feed_blocks(text: str, added: list[FeedConfig], current: Config, path: Path) -> str:
    lines = text.splitlines()
    blocks = _feed_blocks(added)
    wanted = current.feeds + tuple(added)
    for at in (_insertion_line(text), len(lines)):
        before, after = lines[:at], lines[at:]
        inserted = blocks[1:] if not before or not before[-1].strip() else blocks
        inserted = [*inserted, ""] if after and after[0].strip() else inserted
        candidate = "\n".join(before + inserted + after) + "\n"
        try:
            if parse_config(candidate, path).feeds == wanted:
                return candidate
        except ConfigError:
            continue
    raise ConfigError(f"{path}: cannot add [[feed]] blocks to this file; add them by hand")


def _insertion_line(text: str) -> int:
    """The 0-based line index where new [[feed]] blocks go."""
    sections = _sections(text)
    feeds = [s for s in sections if s.name == "feed"]
    if feeds:
        content = [n for n, line in feeds[-1].lines if line.strip() and not _is_comment(line)]
        return content[-1] if content else feeds[-1].header_line
    regions = [s for s in sections if s.name == "regions"]
    if regions:
        at = regions[0].header_line - 1  # 0-based index of the header
        lines = text.splitlines()
        while at > 0 and _is_comment(lines[at - 1]):
            at -= 1  # keep the comment written above [regions] with it
        return at
    return len(text.splitlines())


def _is_comment(line: str) -> bool:
    return line.lstrip().startswith("#")


def replace_file(path: Path, text: str) -> None:
    """Write `text` to a temp file beside `path`, then rename it over `path` in one step."""
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    except OSError as exc:
        raise ConfigError(f"{path}: cannot write: {exc.strerror or exc}") from exc
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.chmod(temporary, path.stat().st_mode & 0o777)
        os.replace(temporary, path)
    except OSError as exc:
        Path(temporary).unlink(missing_ok=True)
        raise ConfigError(f"{path}: cannot write: {exc.strerror or exc}") from exc


# -- feeds that moved (a 301 or 308), once the user says so --------------------------------


def rewrite_feed_urls(path: Path, moves: dict[str, str]) -> list[str]:
    """Replace each old feed URL by its new one in the config text; returns the old URLs moved.

    Only the `url = "…"` value changes: comments, order and every other line stay as written.
    The new text is checked by the config reader before it replaces the file in one step.
    """
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from error
    moved: list[str] = []
    for old, new in moves.items():
        pattern = re.compile(
            r"^(\s*url\s*=\s*)(?:" + re.escape(json.dumps(old)) + "|'" + re.escape(old) + "')",
            re.MULTILINE,
        )
        text, count = pattern.subn(_url_value(new), text)
        if count:
            moved.append(old)
    if moved:
        parse_config(text, path)  # never write a config that would not load
        replace_file(path, text)
    return moved


def _url_value(new: str) -> Callable[[re.Match[str]], str]:
    """A substitution keeping a `url = ` line's key and spacing, with the new URL as its value."""
    value = json.dumps(new)
    return lambda match: match.group(1) + value
