"""Feeds that moved (a 301/308): the config's URL is changed only when the user says so."""

from __future__ import annotations

import json
import re
from pathlib import Path

from habari_tui.config import parse_config, replace_file
from habari_tui.errors import ConfigError


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
        text, count = pattern.subn(lambda m, new=new: m.group(1) + json.dumps(new), text)
        if count:
            moved.append(old)
    if moved:
        parse_config(text, path)  # never write a config that would not load
        replace_file(path, text)
    return moved
