"""The config: a typed model (`model`), read from TOML with file:line errors (`reader`),
rewritten in place keeping the user's comments (`writer`), and the commented default
written on first run (`defaults`, from `default.toml`)."""

from __future__ import annotations

from habari_tui.config.defaults import (
    DEFAULT_CONFIG_TEXT,
    default_config,
    default_config_path,
    default_data_dir,
    ensure_config,
)
from habari_tui.config.model import (
    APP_NAME,
    LIST_ENTRIES,
    OTHER_REGION,
    Config,
    FeedConfig,
    Settings,
    region_name,
    region_problem,
)
from habari_tui.config.reader import feed_url, load_config, parse_config
from habari_tui.config.writer import add_feeds, replace_file, rewrite_feed_urls

__all__ = [
    "APP_NAME",
    "DEFAULT_CONFIG_TEXT",
    "LIST_ENTRIES",
    "OTHER_REGION",
    "Config",
    "FeedConfig",
    "Settings",
    "add_feeds",
    "default_config",
    "default_config_path",
    "default_data_dir",
    "ensure_config",
    "feed_url",
    "load_config",
    "parse_config",
    "region_name",
    "region_problem",
    "replace_file",
    "rewrite_feed_urls",
]
