"""Where the config and the cache live, and the commented default config written on first run."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from habari_tui.config.model import APP_NAME, Config
from habari_tui.config.reader import load_config, parse_config
from habari_tui.errors import ConfigError

# The file written on first run: package data beside this module, installed as a plain file
# (importlib.resources would cost start-up more than the whole read).
DEFAULT_CONFIG_TEXT = Path(__file__).with_name("default.toml").read_text(encoding="utf-8")


def default_config_path() -> Path:
    """The config file: $HABARI_CONFIG, else the platform's config dir."""
    override = os.environ.get("HABARI_CONFIG")
    if override:
        return Path(override).expanduser()
    return platformdirs.user_config_path(APP_NAME) / "config.toml"


def default_data_dir() -> Path:
    """The cache directory: $HABARI_DATA_DIR, else the platform's data dir."""
    override = os.environ.get("HABARI_DATA_DIR")
    if override:
        return Path(override).expanduser()
    return platformdirs.user_data_path(APP_NAME)


def ensure_config(path: Path) -> tuple[Config, bool]:
    """Load the config, writing the commented default first if there is none; bool = created."""
    created = False
    if not path.exists():
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(DEFAULT_CONFIG_TEXT, encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"{path}: cannot create: {exc.strerror or exc}") from exc
        created = True
    return load_config(path), created


def default_config() -> Config:
    """The built-in default config (path=None), as DEFAULT_CONFIG_TEXT describes it."""
    config = parse_config(DEFAULT_CONFIG_TEXT, Path("<default config>"))
    return Config(
        path=None,
        settings=config.settings,
        feeds=config.feeds,
        region_rules=config.region_rules,
    )
