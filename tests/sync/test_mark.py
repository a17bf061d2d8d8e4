"""`habari-tui mark`: read/unread, star/unstar from a script, with or without a feed server."""

from __future__ import annotations

import json

from habari_tui.cli import main

from ..conftest import FIXTURES, write_config


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def local_cache(tmp_path, capsys) -> tuple[list[str], list[dict]]:
    feed = (FIXTURES / "feeds" / "rss20_kalsel.xml").as_uri()
    config = write_config(tmp_path / "config.toml", [(feed, "Kalimantan Selatan")])
    common = ["--config", str(config), "--data-dir", str(tmp_path / "data")]
    code, _, err = run(capsys, *common, "refresh")
    assert code == 0, err
    _, out, _ = run(capsys, *common, "list", "--json")
    return common, json.loads(out)


def test_mark_changes_read_and_starred_without_sync(tmp_path, capsys):
    common, stories = local_cache(tmp_path, capsys)
    first, second = stories[0]["id"], stories[1]["id"]
    code, out, _ = run(capsys, *common, "mark", str(first), str(second), "--read", "--star")
    assert code == 0 and out.startswith("2 of 2 stories changed")
    _, out, _ = run(capsys, *common, "list", "--json")
    state = {s["id"]: (s["read"], s["starred"]) for s in json.loads(out)}
    assert state[first] == state[second] == (True, True)
    run(capsys, *common, "mark", str(first), "--unread", "--unstar")
    _, out, _ = run(capsys, *common, "list", "--json")
    assert {s["id"]: (s["read"], s["starred"]) for s in json.loads(out)}[first] == (False, False)


def test_mark_of_an_unknown_id_changes_nothing(tmp_path, capsys):
    common, stories = local_cache(tmp_path, capsys)
    known = stories[0]["id"]
    code, _, err = run(capsys, *common, "mark", str(known), "99999999", "--read")
    assert code == 1 and err.count("\n") == 1 and "99999999" in err
    _, out, _ = run(capsys, *common, "list", "--json")
    assert not {s["id"]: s["read"] for s in json.loads(out)}[known]


def test_mark_needs_a_state(tmp_path, capsys):
    common, stories = local_cache(tmp_path, capsys)
    code, _, err = run(capsys, *common, "mark", str(stories[0]["id"]))
    assert code == 2 and "--read" in err


def test_mark_refuses_both_read_and_unread(capsys):
    code = None
    try:
        main(["mark", "1", "--read", "--unread"])
    except SystemExit as exit_:
        code = exit_.code
    assert code == 2
