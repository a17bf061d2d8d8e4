"""Bad configs: exit 2 with `file:line: reason` on one line, never a traceback."""

from __future__ import annotations

import pytest

from habari_tui.cli import main

CASES = {
    "invalid-toml": ("[settings]\nconcurrency = = 3\n", ":2:"),
    "unknown-key": ("[settings]\nrefresh_on_start = false\ncolour = 'red'\n", ":3:"),
    "feed-without-url": ("[[feed]]\nregion = 'World'\n", ":1:"),
    "duplicate-url": (
        "[[feed]]\nurl = 'http://127.0.0.1/a'\n\n[[feed]]\nurl = 'http://127.0.0.1/a'\n",
        ":5:",
    ),
    "region-rule-wrong-type": ("[regions]\nWorld = 'Banjarmasin'\n", ":2:"),
    "wrong-setting-type": ("[settings]\ntimeout = 'soon'\n", ":2:"),
    "not-utf8": (b"[settings]\ntimeout = 5 # \xff\xfe\n", ""),
}


@pytest.mark.parametrize("text,where", CASES.values(), ids=CASES.keys())
def test_a_bad_config_exits_2_with_file_line_and_reason(tmp_path, capsys, text, where):
    path = tmp_path / "config.toml"
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    code = main(["--config", str(path), "--data-dir", str(tmp_path / "d"), "list"])
    err = capsys.readouterr().err
    assert code == 2
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
    assert f"{path}{where}" in err


def test_a_config_that_is_a_directory_exits_2(tmp_path, capsys):
    folder = tmp_path / "config.toml"
    folder.mkdir()
    assert main(["--config", str(folder), "--data-dir", str(tmp_path / "d"), "list"]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and str(folder) in err


def test_a_missing_config_is_created_not_an_error(tmp_path, capsys):
    path = tmp_path / "new" / "config.toml"
    assert main(["--config", str(path), "--data-dir", str(tmp_path / "d"), "list"]) == 0
    assert path.exists()
