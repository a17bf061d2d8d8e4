"""The command line: exit codes, one-line errors and the JSON shapes scripts rely on."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from habari_tui.cli import EXIT_PIPE, _stamp, _summary_text, main
from habari_tui.models import FeedOutcome, RefreshSummary

from .conftest import fixture_bytes, serve_reading_feed, write_config


@pytest.fixture
def served(httpserver):
    httpserver.expect_request("/kalsel.xml").respond_with_data(
        fixture_bytes("refresh", "kalsel.xml"), content_type="application/rss+xml"
    )
    httpserver.expect_request("/nasional.json").respond_with_data(
        fixture_bytes("refresh", "nasional.json"), content_type="application/feed+json"
    )
    httpserver.expect_request("/hilang.xml").respond_with_data("Tidak ada", status=404)
    return httpserver


@pytest.fixture
def run(tmp_path, capsys, monkeypatch):
    """Run `habari-tui ARGS` in-process against a config in tmp_path; returns (code, out, err)."""
    monkeypatch.setenv("HABARI_DATA_DIR", str(tmp_path / "data"))

    def invoke(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def feeds_config(tmp_path, served, *, broken: bool = False):
    feeds = [
        (served.url_for("/kalsel.xml"), "Kalimantan Selatan"),
        (served.url_for("/nasional.json"), "Indonesia"),
    ]
    if broken:
        feeds.append((served.url_for("/hilang.xml"), "Indonesia"))
    return str(write_config(tmp_path / "config.toml", feeds))


def test_refresh_json_summary_and_exit_0_when_all_feeds_succeed(tmp_path, served, run):
    code, out, err = run("--config", feeds_config(tmp_path, served), "refresh", "--json")
    assert code == 0
    assert json.loads(out) == {"feeds": 2, "ok": 2, "failed": 0, "new_articles": 4, "errors": []}
    assert "[2/2]" in err


def test_refresh_quiet_writes_no_progress_but_the_summary(tmp_path, served, run):
    config = feeds_config(tmp_path, served, broken=True)
    code, out, err = run("--config", config, "refresh", "--quiet")
    assert code == 1 and err == ""
    assert out.startswith("3 feeds: 2 ok, 1 failed, 4 new articles\n")


def test_refresh_progress_in_a_log_is_a_line_per_feed(tmp_path, served, run):
    code, _, err = run("--config", feeds_config(tmp_path, served), "refresh")
    assert code == 0
    assert [line.split("] ")[0] for line in err.splitlines()] == ["[1/2", "[2/2"]


def test_refresh_exits_1_and_names_each_failed_feed(tmp_path, served, run):
    config = feeds_config(tmp_path, served, broken=True)
    code, out, err = run("--config", config, "refresh")
    assert code == 1
    assert "3 feeds: 2 ok, 1 failed, 4 new articles" in out
    assert f"failed: {served.url_for('/hilang.xml')}: HTTP 404 Not Found" in out


def test_list_json_has_the_documented_keys_newest_first_by_region(tmp_path, served, run):
    config = feeds_config(tmp_path, served)
    run("--config", config, "refresh")
    code, out, _ = run("--config", config, "list", "--json")
    items = json.loads(out)
    assert code == 0
    assert {"id", "title", "url", "feed", "region", "published", "read", "starred"} <= set(items[0])
    assert [(i["region"], i["title"][:20]) for i in items] == [
        ("Kalimantan Selatan", "Dermaga baru di Sung"),
        ("Kalimantan Selatan", "Bandara di Banjarbar"),
        ("Kalimantan Selatan", "Harga karet di Balan"),
        ("Indonesia", "BMKG: puncak musim h"),
    ]
    assert items[0]["published"] == "2026-11-27T00:15:00+00:00"
    assert items[0]["feed"] == "Warta Banua"


def test_list_text_groups_by_region_and_filters_unread(tmp_path, served, run):
    config = feeds_config(tmp_path, served)
    run("--config", config, "refresh")
    first = json.loads(run("--config", config, "list", "--json")[1])[0]
    run("--config", config, "show", "--mark-read", str(first["id"]))
    code, out, _ = run("--config", config, "list", "--unread", "--region", "Kalimantan Selatan")
    assert code == 0
    assert out.splitlines()[0] == "== Kalimantan Selatan (2 unread of 2)"
    assert "Dermaga" not in out


def test_list_of_an_unknown_region_is_a_usage_error(tmp_path, served, run):
    code, _, err = run("--config", feeds_config(tmp_path, served), "list", "--region", "Mars")
    assert code == 2
    assert err.startswith("habari-tui: no region 'Mars'") and len(err.splitlines()) == 1


def test_show_json_has_place_caption_body_related_and_offline(tmp_path, served, run):
    config = feeds_config(tmp_path, served)
    run("--config", config, "refresh")
    first = json.loads(run("--config", config, "list", "--json")[1])[0]
    code, out, _ = run("--config", config, "show", str(first["id"]), "--json")
    article = json.loads(out)
    assert code == 0
    assert article["place"] == "Banjarmasin"
    assert article["related"] == [
        {
            "title": "Pasar terapung Lok Baintan ramai pengunjung",
            "url": "https://wartabanua.example/2026/11/pasar-terapung-lok-baintan",
        }
    ]
    assert "Sungai Martapura" in article["body"]
    assert {"caption", "offline", "published", "feed", "region"} <= set(article)


def test_show_of_an_unknown_id_is_one_line_and_exit_1(tmp_path, served, run):
    code, _, err = run("--config", feeds_config(tmp_path, served), "show", "424242")
    assert code == 1
    assert err == "habari-tui: no article with id 424242 in the cache\n"


def test_a_bad_config_exits_2_naming_the_file_and_line(tmp_path, run):
    bad = tmp_path / "bad.toml"
    bad.write_text('[settings]\nconcurrency = "many"\n', encoding="utf-8")
    code, _, err = run("--config", str(bad), "list")
    assert code == 2
    assert err.startswith(f"habari-tui: {bad}:2:") and len(err.splitlines()) == 1


def test_a_missing_config_is_written_with_the_commented_default(tmp_path, run):
    path = tmp_path / "new" / "config.toml"
    code, _, err = run("--config", str(path), "list")
    assert code == 0
    assert f"wrote a default config to {path}" in err
    assert "[[feed]]" in path.read_text(encoding="utf-8")


def test_usage_errors_are_one_line_with_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["show", "not-a-number"])
    err = capsys.readouterr().err
    assert exit_info.value.code == 2
    assert len(err.splitlines()) == 1 and "invalid int value" in err


def test_help_names_every_command_and_exits_0(capsys):
    with pytest.raises(SystemExit) as exit_info:
        main(["--help"])
    out = capsys.readouterr().out
    assert exit_info.value.code == 0
    for command in ("refresh", "list", "show", "--offline", "--demo", "--config", "--data-dir"):
        assert command in out


def test_refresh_offline_is_refused(tmp_path, served, run):
    code, _, err = run("--config", feeds_config(tmp_path, served), "--offline", "refresh")
    assert code == 2 and "needs the network" in err


def test_refresh_saves_pages_so_offline_show_reads_them_in_full(tmp_path, httpserver, run):
    pages = {"irigasi-hst": fixture_bytes("reading", "irigasi-hst.html")}
    base = serve_reading_feed(httpserver, pages, content_type="text/html; charset=utf-8")
    config = str(
        write_config(
            tmp_path / "config.toml",
            [(f"{base}/feed.xml", "Kalimantan Selatan")],
            extra='prefetch_articles = "all"',  # the sample stories are older than two days
        )
    )
    code, _, err = run("--config", config, "refresh")
    assert code == 0
    assert err.splitlines()[-2:] == [
        "pages: 1 saved, 1 failed",
        f"  page failed: {base}/2026/11/festival-perahu-amuntai.html: "
        "HTTP 500 Internal Server Error",
    ]
    httpserver.clear()  # the server answers nothing from here on
    items = json.loads(run("--config", config, "--offline", "list", "--json")[1])
    irigasi, festival = items
    code, out, _ = run("--config", config, "--offline", "show", str(irigasi["id"]), "--json")
    article = json.loads(out)
    assert code == 0 and article["offline"] is True
    assert (article["place"], article["caption"][:9]) == ("Barabai", "MENGALIR:")
    assert len(article["related"]) == 3
    code, out, _ = run("--config", config, "--offline", "show", str(festival["id"]))
    assert code == 0
    assert "The full article could not be fetched: HTTP 500" in out  # when refresh tried
    assert "Puluhan perahu hias meramaikan sungai Negara" in out
    assert httpserver.log == []


@pytest.mark.parametrize("command", [["list"], ["show", "1"]])
def test_output_into_a_closed_pipe_ends_quietly(tmp_path, command):
    # `habari-tui list | head -1`: the reader is gone before anything is written.
    process = subprocess.Popen(
        [sys.executable, "-m", "habari_tui", "--demo", *command],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env={**os.environ, "HABARI_DATA_DIR": str(tmp_path), "HABARI_CONFIG": str(tmp_path / "c")},
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    err = process.stderr.read().decode()
    assert process.wait(timeout=120) == EXIT_PIPE == 141
    assert err == ""


def test_show_changes_no_state_unless_asked_to_mark_read(tmp_path, served, run):
    config = feeds_config(tmp_path, served)
    run("--config", config, "refresh")
    first = json.loads(run("--config", config, "list", "--json")[1])[0]
    assert run("--config", config, "show", str(first["id"]))[0] == 0
    assert json.loads(run("--config", config, "list", "--json")[1])[0]["read"] is False
    assert run("--config", config, "show", "--mark-read", str(first["id"]))[0] == 0
    assert json.loads(run("--config", config, "list", "--json")[1])[0]["read"] is True


def test_the_refresh_summary_counts_one_feed_and_one_article_in_the_singular():
    one = RefreshSummary(outcomes=(FeedOutcome(url="https://x.example/", ok=True, new_ids=(7,)),))
    assert _summary_text(one) == "1 feed: 1 ok, 0 failed, 1 new article"


def test_pages_the_extractor_cannot_read_fail_alone_in_one_line(tmp_path, httpserver, run):
    pages = {
        # Its footer links to "http://[ccpa-preferences]", which made the extractor raise
        # ValueError.
        "irigasi-hst": fixture_bytes("pages", "bracketed_host_link.html"),
        "festival-perahu-amuntai": fixture_bytes("pages", "no_article_login.html"),
    }
    base = serve_reading_feed(httpserver, pages)
    config = str(
        write_config(
            tmp_path / "config.toml",
            [(f"{base}/feed.xml", "Kalimantan Selatan")],
            extra='prefetch_articles = "all"',  # the sample stories are older than two days
        )
    )
    code, _, err = run("--config", config, "refresh")
    assert code == 0 and "Traceback" not in err
    assert "pages: 1 saved, 1 failed\n" in err
    failed = re.search(r"  page failed: \S+/festival-perahu-amuntai\.html: (.*)\n", err)
    assert failed and failed.group(1) == "no article text found on the page"
    voters, festival = json.loads(run("--config", config, "list", "--json")[1])
    code, out, err = run("--config", config, "show", str(voters["id"]), "--json")
    assert code == 0 and err == ""
    assert json.loads(out)["body"].startswith("AUSTIN (Capital Desk) – Voters in Travis County")
    code, out, err = run("--config", config, "show", str(festival["id"]))
    assert code == 0 and "Traceback" not in out + err
    assert "(no article text found on the page)" in out


def test_listing_times_sort_as_text_and_an_undated_story_keeps_the_column():
    assert _stamp(datetime(2026, 11, 27, 14, 5, tzinfo=UTC)) == "2026-11-27 14:05"
    assert _stamp(None) == " " * len("2026-11-27 14:05")


def test_export_names_a_feed_without_a_title_in_the_config_by_its_own_title(tmp_path, served, run):
    config = feeds_config(tmp_path, served)
    run("--config", config, "refresh")
    code, out, _ = run("--config", config, "export-opml")
    assert code == 0
    kalsel = served.url_for("/kalsel.xml")
    assert f'<outline type="rss" text="Warta Banua" title="Warta Banua" xmlUrl="{kalsel}"/>' in out


def test_show_says_when_the_story_links_to_a_list_of_stories(tmp_path, httpserver, run):
    page = fixture_bytes("pages", "story_list_category.html")
    base = serve_reading_feed(httpserver, {"irigasi-hst": page, "festival-perahu-amuntai": page})
    config = str(
        write_config(
            tmp_path / "config.toml",
            [(f"{base}/feed.xml", "Kalimantan Selatan")],
            extra="prefetch_articles = false",
        )
    )
    assert run("--config", config, "refresh")[0] == 0
    first = json.loads(run("--config", config, "list", "--json")[1])[0]
    code, out, err = run("--config", config, "show", str(first["id"]))
    assert code == 0 and err == ""
    assert "(this page is a list of stories, not an article: open it in the browser)" in out
    assert f"{base}/2026/11/irigasi-hst.html" in out
    assert "Pasar terapung Kuin kembali dibuka" not in out
