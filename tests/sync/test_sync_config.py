"""The [sync] table: strict keys and values, `file:line: reason`, and the secret never shown."""

from __future__ import annotations

import os

import pytest

from habari_tui.cli import main
from habari_tui.config import load_config
from habari_tui.errors import ConfigError, SyncError
from habari_tui.sync.secret import password

SECRET = "s3cret-Kalsel-42"


def write(tmp_path, body: str, mode: int = 0o600):
    path = tmp_path / "config.toml"
    path.write_text("[settings]\nrefresh_on_start = false\n\n" + body, encoding="utf-8")
    os.chmod(path, mode)
    return path


def test_a_sync_table_is_read_with_its_defaults(tmp_path):
    path = write(
        tmp_path,
        '[sync]\nservice = "miniflux"\nurl = "https://reader.example/"\nuser = "me"\n'
        'password_command = "pass show reader"\n',
    )
    sync = load_config(path).sync
    assert sync is not None
    assert (sync.service, sync.url, sync.user) == ("miniflux", "https://reader.example/", "me")
    assert sync.password_command == "pass show reader"
    assert sync.first_sync_days == 14


@pytest.mark.parametrize(
    ("body", "line", "reason"),
    [
        ('[sync]\nservice = "newsblur"\n', 5, 'service in [sync] must be one of "miniflux"'),
        ('[sync]\nservice = "ttrss"\nurl = "https://x.example/"\ncolour = 1\n', 7, "unknown key"),
        ('[sync]\nservice = "ttrss"\nurl = "ftp://x.example/"\n', 6, "url in [sync]"),
        (
            '[sync]\nservice = "ttrss"\nurl = "https://x.example/"\npassword_env = "X"\n',
            4,
            "ttrss needs user",
        ),
        ('[sync]\nservice = "miniflux"\nurl = "https://x.example/"\n', 4, "exactly one of"),
        (
            '[sync]\nservice = "miniflux"\nurl = "https://x/"\npassword_env = "A B"\n',
            7,
            "must name an environment variable",
        ),
        (
            '[sync]\nservice = "miniflux"\nurl = "https://x/"\npassword_env = "A"\n'
            "first_sync_days = -1\n",
            8,
            "first_sync_days",
        ),
    ],
)
def test_bad_sync_tables_name_the_file_and_line(tmp_path, body, line, reason):
    path = write(tmp_path, body)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}:{line}: ")
    assert reason in str(caught.value)


def test_a_password_in_a_file_others_can_read_is_refused_without_showing_it(tmp_path):
    body = f'[sync]\nservice = "miniflux"\nurl = "https://x.example/"\npassword = "{SECRET}"\n'
    path = write(tmp_path, body, mode=0o644)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert str(caught.value).startswith(f"{path}:7: ")
    assert "chmod 600" in str(caught.value)
    assert SECRET not in str(caught.value)


def test_a_password_in_a_private_file_is_accepted_and_never_in_a_repr(tmp_path):
    body = f'[sync]\nservice = "miniflux"\nurl = "https://x.example/"\npassword = "{SECRET}"\n'
    config = load_config(write(tmp_path, body, mode=0o600))
    assert config.sync is not None and config.sync.password == SECRET
    assert SECRET not in repr(config)


def test_a_wrongly_typed_password_is_reported_without_its_value(tmp_path):
    body = '[sync]\nservice = "miniflux"\nurl = "https://x.example/"\npassword = 424242\n'
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, body))
    assert "424242" not in str(caught.value)


def test_the_password_comes_from_a_command_or_the_environment(monkeypatch):
    assert password(command=f"printf '{SECRET}\\nnotes'", env=None, plain=None) == SECRET
    monkeypatch.setenv("HABARI_TEST_SECRET", SECRET)
    assert password(command=None, env="HABARI_TEST_SECRET", plain=None) == SECRET


def test_a_failing_password_command_says_so_without_its_output():
    with pytest.raises(SyncError) as caught:
        password(command=f"echo {SECRET}; exit 3", env=None, plain=None)
    assert "exit status 3" in str(caught.value)
    assert SECRET not in str(caught.value)


def test_an_unset_password_env_is_a_config_error(monkeypatch):
    monkeypatch.delenv("HABARI_TEST_UNSET", raising=False)
    with pytest.raises(ConfigError, match="HABARI_TEST_UNSET"):
        password(command=None, env="HABARI_TEST_UNSET", plain=None)


def test_sync_without_a_sync_table_exits_2(tmp_path, capsys):
    path = write(tmp_path, "")
    code = main(["--config", str(path), "--data-dir", str(tmp_path / "data"), "sync"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "[sync]" in err


def test_sync_with_nothing_listening_exits_1_in_one_line_without_the_secret(tmp_path, capsys):
    import socket

    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    body = (
        f'[sync]\nservice = "miniflux"\nurl = "http://127.0.0.1:{port}/"\nuser = "me"\n'
        f'password = "{SECRET}"\n'
    )
    path = write(tmp_path, body)
    code = main(["--config", str(path), "--data-dir", str(tmp_path / "data"), "sync", "--json"])
    captured = capsys.readouterr()
    assert code == 1
    assert captured.err.count("\n") == 1 and "connection refused" in captured.err
    assert SECRET not in captured.err + captured.out
