"""Config loading: the default file, strict validation with file:line errors, env overrides."""

from __future__ import annotations

import tomllib
from dataclasses import fields
from pathlib import Path

import pytest

from habari_tui.config import (
    DEFAULT_CONFIG_TEXT,
    Config,
    FeedConfig,
    Settings,
    add_feeds,
    default_config,
    default_config_path,
    default_data_dir,
    ensure_config,
    load_config,
)
from habari_tui.errors import ConfigError, HabariError

REGIONS = ("Kalimantan Selatan", "Indonesia", "Asia", "World")


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    message = str(caught.value)
    assert "\n" not in message
    assert message.startswith(f"{path}:")
    return message


def line_of(message: str, path_text: str) -> int:
    return int(message[len(path_text) + 1 :].split(":", 1)[0])


def test_default_config_loads_with_the_four_regions(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, DEFAULT_CONFIG_TEXT))
    assert config.region_names[:4] == REGIONS
    for region in REGIONS:
        feeds = [f for f in config.feeds if f.region == region]
        assert 3 <= len(feeds) <= 5, region
    assert all(f.url.startswith("https://") and f.title for f in config.feeds)
    rules = dict(config.region_rules)
    assert {"Banjarmasin", "Banjarbaru", "Martapura", "Balangan", "Kalsel"} <= set(
        rules["Kalimantan Selatan"]
    )
    assert config.settings == Settings()


def test_the_default_file_writes_out_every_setting_in_declared_order() -> None:
    written = tomllib.loads(DEFAULT_CONFIG_TEXT)["settings"]
    assert list(written) == [f.name for f in fields(Settings)]


def test_default_config_function_has_no_path() -> None:
    config = default_config()
    assert config.path is None
    assert config.region_names[:4] == REGIONS


def test_minimal_config_fills_defaults(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, '[[feed]]\nurl = "https://example.com/feed/"\n'))
    assert config == Config(
        path=tmp_path / "config.toml",
        feeds=(FeedConfig(url="https://example.com/feed/", region="Other"),),
    )


def test_settings_are_read_with_their_types(tmp_path: Path) -> None:
    text = (
        "[settings]\nrefresh_on_start = false\nconcurrency = 4\ntimeout = 7\n"
        "keep_days = 0\nprefetch_articles = false\n"
    )
    settings = load_config(write(tmp_path, text)).settings
    assert settings == Settings(False, 4, 7.0, 0, "none")
    assert isinstance(settings.timeout, float)


def test_paths_become_file_urls(tmp_path: Path) -> None:
    text = '[[feed]]\nurl = "/srv/feeds/a.xml"\n[[feed]]\nurl = "file:///srv/b.xml"\n'
    feeds = load_config(write(tmp_path, text)).feeds
    assert [f.url for f in feeds] == ["file:///srv/feeds/a.xml", "file:///srv/b.xml"]


def test_tilde_path_is_expanded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HOME", str(tmp_path))
    feeds = load_config(write(tmp_path, '[[feed]]\nurl = "~/a.xml"\n')).feeds
    assert feeds[0].url == (tmp_path / "a.xml").as_uri()


def test_missing_file_is_reported_with_its_path(tmp_path: Path) -> None:
    path = tmp_path / "nope.toml"
    with pytest.raises(ConfigError, match=r"nope\.toml: cannot read: "):
        load_config(path)


def test_config_error_is_a_habari_error() -> None:
    assert issubclass(ConfigError, HabariError)


def test_invalid_toml_points_at_its_line(tmp_path: Path) -> None:
    message = error_of(tmp_path, "[settings]\nconcurrency = 4\ntimeout = = 3\n")
    assert message.startswith(f"{tmp_path / 'config.toml'}:3: invalid TOML")


def test_invalid_toml_at_end_of_file(tmp_path: Path) -> None:
    message = error_of(tmp_path, "[settings]\nconcurrency =")
    assert ":2: invalid TOML" in message


def test_not_utf8_is_reported(tmp_path: Path) -> None:
    path = tmp_path / "config.toml"
    path.write_bytes(b"[settings]\n# caf\xe9\n")
    with pytest.raises(ConfigError, match=r"config\.toml:2: not valid UTF-8"):
        load_config(path)


def test_unknown_setting_names_line_and_expected_keys(tmp_path: Path) -> None:
    message = error_of(tmp_path, "# hi\n[settings]\nconcurency = 4\n")
    assert message == (
        f"{tmp_path / 'config.toml'}:3: unknown key 'concurency' in [settings]; expected one of "
        "refresh_on_start, concurrency, timeout, keep_days, prefetch_articles, hide_read,"
        " reading_width"
    )


def test_unknown_top_level_table(tmp_path: Path) -> None:
    message = error_of(tmp_path, '[settings]\ntimeout = 3\n\n[[feeds]]\nurl = "https://a/"\n')
    assert ":4: unknown table or key 'feeds'" in message


def test_unknown_top_level_key(tmp_path: Path) -> None:
    message = error_of(tmp_path, '\ntheme = "dark"\n')
    assert ":2: unknown table or key 'theme'" in message


def test_unknown_key_in_feed(tmp_path: Path) -> None:
    text = '[[feed]]\nurl = "https://a/"\n\n[[feed]]\nurl = "https://b/"\nregoin = "Asia"\n'
    message = error_of(tmp_path, text)
    assert ":6: unknown key 'regoin' in [[feed]] #2" in message


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("concurrency = 0", "must be an integer from 1 to 256"),
        ("concurrency = 257", "must be an integer from 1 to 256"),
        ('concurrency = "8"', "must be an integer from 1 to 256"),
        ("concurrency = true", "must be an integer from 1 to 256"),
        ("concurrency = 2.5", "must be an integer from 1 to 256"),
        ("timeout = 0", "must be a positive number"),
        ("timeout = -1.5", "must be a positive number"),
        ("timeout = inf", "must be a positive number"),
        ('timeout = "20"', "must be a positive number"),
        ("keep_days = -1", "must be a non-negative integer"),
        ("keep_days = 1.5", "must be a non-negative integer"),
        ('refresh_on_start = "yes"', "must be true or false"),
        ("prefetch_articles = 1", 'must be "recent", "all" or "none"'),
        ('prefetch_articles = "some"', 'must be "recent", "all" or "none"'),
        ("hide_read = 0", "must be true or false"),
        ("reading_width = 10", "must be an integer from 20 to 400 (columns)"),
        ("reading_width = 80.5", "must be an integer from 20 to 400 (columns)"),
    ],
)
def test_wrong_setting_types_are_reported_on_their_line(
    tmp_path: Path, line: str, expected: str
) -> None:
    message = error_of(tmp_path, f"[settings]\n# the next line is wrong\n{line}\n")
    path_text = str(tmp_path / "config.toml")
    key = line.split(" ", 1)[0]
    assert line_of(message, path_text) == 3
    assert f"'{key}' in [settings] {expected}" in message


def test_feed_without_url_points_at_its_block(tmp_path: Path) -> None:
    text = '[[feed]]\nurl = "https://a/"\n\n[[feed]]\ntitle = "No url"\n'
    message = error_of(tmp_path, text)
    assert ":4: [[feed]] #2 has no url" in message


@pytest.mark.parametrize(
    "url",
    ["ftp://example.com/feed", "example.com/feed", "relative/path.xml", "", "https://"],
)
def test_bad_feed_url_is_reported(tmp_path: Path, url: str) -> None:
    text = f'[settings]\ntimeout = 3\n\n[[feed]]\ntitle = "x"\nurl = "{url}"\n'
    message = error_of(tmp_path, text)
    assert (
        ":6: url in [[feed]] #1 must be an http(s)://, file:// URL or an absolute path" in message
    )


def test_non_string_url_is_reported(tmp_path: Path) -> None:
    message = error_of(tmp_path, "[[feed]]\nurl = 42\n")
    assert ":2: url in [[feed]] #1" in message


def test_duplicate_feed_url_names_both_lines(tmp_path: Path) -> None:
    text = (
        '[[feed]]\nurl = "https://a/feed"\n\n[[feed]]\nurl = "https://b/feed"\n\n'
        '[[feed]]\nregion = "Asia"\nurl = "https://a/feed"\n'
    )
    message = error_of(tmp_path, text)
    assert ":9: duplicate feed url 'https://a/feed' (first at line 2)" in message


@pytest.mark.parametrize("value", ['""', '"   "', "3", '["Asia"]'])
def test_bad_region_is_reported(tmp_path: Path, value: str) -> None:
    message = error_of(tmp_path, f'[[feed]]\nurl = "https://a/"\nregion = {value}\n')
    assert ":3: region in [[feed]] #1 must be a non-empty string" in message


def test_bad_title_is_reported(tmp_path: Path) -> None:
    message = error_of(tmp_path, '[[feed]]\nurl = "https://a/"\ntitle = 1\n')
    assert ":3: title in [[feed]] #1 must be a string" in message


@pytest.mark.parametrize("value", ['"Banjarmasin"', '["Banjarmasin", 3]', '[""]', "{ a = 1 }"])
def test_region_rules_must_be_lists_of_strings(tmp_path: Path, value: str) -> None:
    text = f'[regions]\n"Asia" = ["Singapore"]\n"Kalimantan Selatan" = {value}\n'
    message = error_of(tmp_path, text)
    assert ":3: 'Kalimantan Selatan' in [regions] must be a list of non-empty strings" in message


def test_region_rules_keep_file_order(tmp_path: Path) -> None:
    text = '[regions]\n"World" = ["Geneva"]\n"Asia" = [\n  "Singapore",\n  "Manila",\n]\n'
    rules = load_config(write(tmp_path, text)).region_rules
    assert rules == (("World", ("Geneva",)), ("Asia", ("Singapore", "Manila")))


def test_settings_not_a_table(tmp_path: Path) -> None:
    message = error_of(tmp_path, "\nsettings = 3\n")
    assert ":2: 'settings' must be a table" in message


def test_ensure_config_creates_the_default_once(tmp_path: Path) -> None:
    path = tmp_path / "deep" / "dir" / "config.toml"
    config, created = ensure_config(path)
    assert created
    assert path.read_text(encoding="utf-8") == DEFAULT_CONFIG_TEXT
    assert config.path == path
    again, created_again = ensure_config(path)
    assert not created_again
    assert again == config


def test_ensure_config_reports_an_existing_bad_file(tmp_path: Path) -> None:
    path = write(tmp_path, "[settings]\nbogus = 1\n")
    with pytest.raises(ConfigError, match=r"config\.toml:2: unknown key 'bogus'"):
        ensure_config(path)


def test_env_overrides_config_path(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HABARI_CONFIG", str(tmp_path / "mine.toml"))
    assert default_config_path() == tmp_path / "mine.toml"
    monkeypatch.delenv("HABARI_CONFIG")
    path = default_config_path()
    assert path.name == "config.toml"
    assert "habari-tui" in str(path)


def test_env_overrides_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HABARI_DATA_DIR", str(tmp_path / "cache"))
    assert default_data_dir() == tmp_path / "cache"
    monkeypatch.delenv("HABARI_DATA_DIR")
    assert "habari-tui" in str(default_data_dir())


@pytest.mark.parametrize("name", ["All", "all", "STARRED", "Starred", " starred "])
def test_a_region_named_like_the_side_lists_own_entries_is_refused_on_its_line(
    tmp_path: Path, name: str
) -> None:
    text = f'[[feed]]\nurl = "https://a/"\nregion = "{name}"\n'
    message = error_of(tmp_path, text)
    assert line_of(message, str(tmp_path / "config.toml")) == 3
    assert "the name of the side list's own" in message and len(message.splitlines()) == 1


def test_a_region_rule_named_like_a_side_list_entry_is_refused_on_its_line(tmp_path: Path) -> None:
    message = error_of(tmp_path, '[regions]\n"Banjar" = ["Martapura"]\n"all" = ["Kalsel"]\n')
    assert line_of(message, str(tmp_path / "config.toml")) == 3
    assert "'all' is the name of the side list's own 'All' entry" in message


def test_any_casing_of_other_is_the_other_region(tmp_path: Path) -> None:
    path = write(tmp_path, '[[feed]]\nurl = "https://a/"\nregion = "OTHER"\n')
    config = load_config(path)
    assert config.feeds[0].region == "Other"
    assert config.region_names == ("Other",)


def test_adding_a_feed_to_a_region_named_like_a_side_list_entry_changes_nothing(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, '[[feed]]\nurl = "https://a/"\n')
    before = path.read_text(encoding="utf-8")
    with pytest.raises(ConfigError, match="side list's own 'Starred' entry"):
        add_feeds(path, [FeedConfig(url="https://b/", region="starred")])
    assert path.read_text(encoding="utf-8") == before
