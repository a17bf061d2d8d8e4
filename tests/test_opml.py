"""Subscriptions in and out: OPML and newsboat urls files, and the config rewritten in place."""

from __future__ import annotations

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import etree

from habari_tui.cli import main
from habari_tui.config import DEFAULT_CONFIG_TEXT, FeedConfig, add_feeds, load_config
from habari_tui.errors import ConfigError
from habari_tui.subscriptions import (
    SubscriptionFileError,
    import_subscriptions,
    opml_document,
    parse_subscriptions,
    read_subscriptions,
)

from .conftest import FIXTURES, make_config

OPML = FIXTURES / "opml"
EMPTY_CONFIG = "# my reader\n[settings]\nrefresh_on_start = false  # I refresh by hand\n"


def triples(feeds) -> list[tuple[str, str | None, str]]:
    return [(f.url, f.title, f.region) for f in feeds]


@pytest.fixture
def config_file(tmp_path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(EMPTY_CONFIG, encoding="utf-8")
    return path


@pytest.fixture
def run(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("HABARI_DATA_DIR", str(tmp_path / "data"))

    def invoke(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


# -- reading ----------------------------------------------------------------------------------


def test_flat_opml_10_reads_every_attribute_spelling_and_falls_back_to_other():
    subscriptions = read_subscriptions(OPML / "flat.opml")
    assert subscriptions.format == "opml"
    assert triples(subscriptions.feeds) == [
        ("https://kalsel.antaranews.com/rss/terkini.xml", "Antara Kalsel", "Other"),
        ("https://thediplomat.com/feed/", "The Diplomat", "Other"),
        ("https://feeds.npr.org/1004/rss.xml", None, "Other"),  # its text was only the URL
    ]


def test_nested_outlines_become_regions_by_their_parent_outline_title():
    subscriptions = read_subscriptions(OPML / "nested.opml")
    assert triples(subscriptions.feeds) == [
        ("https://habarikalsel.com/feed/", "Habari Kalsel", "Kalimantan Selatan"),
        ("https://jejakrekam.com/feed/", "Jejak Rekam", "Kalimantan Selatan"),
        ("https://asia.nikkei.com/rss/feed/nar", "Nikkei Asia", "Japan"),
        ("https://www.scmp.com/rss/3/feed", "SCMP Asia", "Asia"),
        ("https://feeds.bbci.co.uk/news/world/rss.xml", "BBC World", "Other"),
    ]
    assert subscriptions.skipped == (("No address", "no feed URL"),)


@pytest.mark.parametrize(
    "name", ["latin1.opml", "utf16.opml", "utf8-bom.opml", "cp1252-undeclared.opml"]
)
def test_odd_encodings_are_read_as_their_text(name):
    (feed,) = read_subscriptions(OPML / name).feeds
    assert feed.region == "Économie"
    assert feed.title in ("Le Monde — Économie", "Le Monde - Économie")


def test_an_invalid_opml_file_is_one_line_naming_the_file_and_line():
    with pytest.raises(SubscriptionFileError) as raised:
        read_subscriptions(OPML / "invalid.opml")
    message = str(raised.value)
    assert message.startswith(f"{OPML / 'invalid.opml'}:7: not valid OPML:")
    assert "\n" not in message


def test_a_feed_given_as_opml_is_refused():
    with pytest.raises(SubscriptionFileError, match="not OPML: the document is <rss>"):
        read_subscriptions(OPML / "rss-not-opml.xml")


def test_a_newsboat_urls_file_is_recognised_by_its_content():
    subscriptions = read_subscriptions(OPML / "urls")
    assert subscriptions.format == "newsboat"
    assert triples(subscriptions.feeds) == [
        ("https://kalsel.antaranews.com/rss/terkini.xml", "Antara Kalsel", "Kalimantan Selatan"),
        ("https://www.theguardian.com/world/rss", "The Guardian World", "World"),
        ("https://thediplomat.com/feed/", None, "Asia"),
        ("https://example.com/podcast.xml", None, "Other"),
        ("https://feeds.npr.org/1004/rss.xml", "NPR World", "World"),
    ]
    assert [reason for _, reason in subscriptions.skipped] == ["a newsboat query feed"]


def test_a_file_that_is_neither_is_refused_with_its_line(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("# my feeds\nread the news every morning\n", encoding="utf-8")
    with pytest.raises(SubscriptionFileError, match=r"notes.txt:2: neither OPML nor"):
        read_subscriptions(path)


# -- importing --------------------------------------------------------------------------------


def test_import_adds_only_new_feeds_once_and_says_why_others_were_skipped(config_file):
    add_feeds(config_file, [FeedConfig("https://www.aljazeera.com/xml/rss/all.xml")])
    result = import_subscriptions(config_file, read_subscriptions(OPML / "duplicates.opml"))
    assert triples(result.added) == [
        ("https://feeds.bbci.co.uk/news/world/rss.xml", "BBC World", "World")
    ]
    assert result.skipped == (
        ("https://feeds.bbci.co.uk/news/world/rss.xml", "listed twice in the file"),
        ("javascript:alert(1)", "not an http(s) or file URL"),
        ("https://www.aljazeera.com/xml/rss/all.xml", "already subscribed"),
    )
    assert len(load_config(config_file).feeds) == 2


def test_import_with_a_region_puts_every_feed_there(config_file):
    import_subscriptions(config_file, read_subscriptions(OPML / "nested.opml"), region="Inbox")
    assert {f.region for f in load_config(config_file).feeds} == {"Inbox"}


def test_import_keeps_the_users_comments_and_order(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(DEFAULT_CONFIG_TEXT, encoding="utf-8")
    result = import_subscriptions(path, read_subscriptions(OPML / "utf8-bom.opml"))
    assert len(result.added) == 1
    head, tail = DEFAULT_CONFIG_TEXT.split("\n\n# Re-home articles")
    assert path.read_text(encoding="utf-8") == (
        head + "\n\n[[feed]]\n"
        'url = "https://www.lemonde.fr/economie/rss_full.xml"\n'
        'title = "Le Monde — Économie"\n'
        'region = "Économie"\n'
        "\n# Re-home articles" + tail
    )
    assert len(load_config(path).feeds) == 18


def test_new_feeds_go_before_the_regions_table_when_there_are_none_yet(config_file):
    config_file.write_text(EMPTY_CONFIG + '\n# keywords\n[regions]\nAsia = ["Japan"]\n')
    add_feeds(config_file, [FeedConfig("https://a.example/feed", "A", "Asia")])
    assert config_file.read_text() == (
        EMPTY_CONFIG + "\n"
        '[[feed]]\nurl = "https://a.example/feed"\ntitle = "A"\nregion = "Asia"\n\n'
        '# keywords\n[regions]\nAsia = ["Japan"]\n'
    )


def test_a_failed_write_leaves_the_config_as_it_was(config_file, monkeypatch):
    before = config_file.read_bytes()

    def refuse(src, dst):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(ConfigError, match="cannot write: No space left on device"):
        add_feeds(config_file, [FeedConfig("https://a.example/feed")])
    assert config_file.read_bytes() == before
    assert [p.name for p in config_file.parent.iterdir()] == ["config.toml"]


# -- exporting and the round trip -------------------------------------------------------------


def test_export_is_opml_20_with_one_outline_per_region():
    config = make_config(
        FeedConfig("https://a.example/feed", "A & B", "Asia"),
        FeedConfig("https://b.example/rss", None, "World"),
        FeedConfig("https://c.example/atom", "C", "Asia"),
    )
    document = opml_document(config, now=datetime(2026, 11, 27, tzinfo=UTC))
    root = etree.fromstring(document)
    assert root.tag == "opml" and root.get("version") == "2.0"
    assert root.findtext("head/dateCreated") == "Fri, 27 Nov 2026 00:00:00 +0000"
    groups = root.findall("body/outline")
    # the config's order; "Kalimantan Selatan" has keyword rules but no feed, so no outline
    assert [g.get("text") for g in groups] == ["Asia", "World"]
    assert [(o.get("xmlUrl"), o.get("text")) for o in groups[0]] == [
        ("https://a.example/feed", "A & B"),
        ("https://c.example/atom", "C"),
    ]
    assert all(o.get("type") == "rss" for g in groups for o in g)


def test_export_then_import_into_an_empty_config_gives_the_same_feeds_and_regions(
    tmp_path, config_file
):
    source = tmp_path / "source.toml"
    source.write_text(DEFAULT_CONFIG_TEXT, encoding="utf-8")
    exported = tmp_path / "subscriptions.opml"
    exported.write_bytes(opml_document(load_config(source)))
    import_subscriptions(config_file, read_subscriptions(exported))
    original = load_config(source).feeds
    assert sorted(triples(load_config(config_file).feeds)) == sorted(triples(original))


# -- the command line -------------------------------------------------------------------------


def test_cli_import_prints_what_it_added_and_skipped(config_file, run):
    code, out, err = run("--config", str(config_file), "import-opml", str(OPML / "urls"))
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0] == (
        "added: Antara Kalsel <https://kalsel.antaranews.com/rss/terkini.xml> in Kalimantan Selatan"
    )
    assert 'skipped: query:Unread:unread = "yes" (a newsboat query feed)' in lines
    assert lines[-1] == "5 added, 1 skipped"
    code, out, _ = run("--config", str(config_file), "import-opml", str(OPML / "urls"))
    assert out.splitlines()[-1] == "0 added, 6 skipped"


def test_cli_import_of_an_invalid_file_exits_2_with_one_line_and_changes_nothing(config_file, run):
    before = config_file.read_bytes()
    code, out, err = run("--config", str(config_file), "import-opml", str(OPML / "invalid.opml"))
    assert code == 2
    assert out == ""
    assert len(err.strip().splitlines()) == 1 and "invalid.opml:7: not valid OPML" in err
    assert config_file.read_bytes() == before


def test_cli_import_of_a_missing_file_exits_2(config_file, run):
    code, _, err = run("--config", str(config_file), "import-opml", "/nonexistent/feeds.opml")
    assert code == 2 and "cannot read" in err


def test_cli_export_to_stdout_and_to_a_file_round_trips(tmp_path, config_file, run):
    import_subscriptions(config_file, read_subscriptions(OPML / "nested.opml"))
    code, out, _ = run("--config", str(config_file), "export-opml")
    assert code == 0 and out.startswith("<?xml version='1.0' encoding='UTF-8'?>\n<opml")
    target = tmp_path / "out.opml"
    code, out, _ = run("--config", str(config_file), "export-opml", str(target))
    assert code == 0 and out == f"wrote 5 feeds in 4 regions to {target}\n"
    fresh = tmp_path / "fresh.toml"
    fresh.write_text(EMPTY_CONFIG, encoding="utf-8")
    code, _, _ = run("--config", str(fresh), "import-opml", str(target))
    assert code == 0
    assert triples(load_config(fresh).feeds) == triples(load_config(config_file).feeds)


def test_the_demo_has_no_config_to_import_into(run):
    code, _, err = run("--demo", "import-opml", str(OPML / "flat.opml"))
    assert code == 2 and "demo" in err


def test_import_skips_a_feed_whose_folder_is_named_like_a_side_list_entry(config_file):
    opml = (
        b'<opml version="2.0"><body>'
        b'<outline text="All"><outline type="rss" text="X" xmlUrl="https://x.example/feed"/>'
        b'</outline><outline text="Asia">'
        b'<outline type="rss" text="Y" xmlUrl="https://y.example/feed"/></outline>'
        b"</body></opml>"
    )
    result = import_subscriptions(config_file, parse_subscriptions(opml, "s.opml"))
    assert [f.url for f in result.added] == ["https://y.example/feed"]
    ((url, reason),) = result.skipped
    assert url == "https://x.example/feed" and "side list's own 'All' entry" in reason
    assert "https://x.example" not in config_file.read_text(encoding="utf-8")
