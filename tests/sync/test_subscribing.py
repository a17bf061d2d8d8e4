"""With [sync], subscribing happens on the server account, and its feeds are the feeds."""

from __future__ import annotations

from tests.servers.feedserver import make_items
from tests.sync.accounts import Account

OPML = """<?xml version="1.0"?>
<opml version="2.0"><head><title>mine</title></head><body>
<outline text="Kalimantan Selatan"><outline type="rss" text="Kabar" xmlUrl="{url}"/></outline>
</body></opml>"""


def test_import_opml_subscribes_the_server_account(account: Account, machine, tmp_path):
    account.feeds.set_feed("kabar", make_items("kabar", 2))
    laptop = machine("laptop", account)
    opml = tmp_path / "mine.opml"
    opml.write_text(OPML.format(url=account.feed_url("kabar")), encoding="utf-8")
    before = laptop.config.read_text(encoding="utf-8")
    done = laptop.run("import-opml", str(opml))
    assert done.code == 0, done.err
    assert "1 added" in done.out
    assert laptop.config.read_text(encoding="utf-8") == before  # not written to the config
    account.fetch()
    laptop.sync()
    stories = laptop.stories()
    assert {"kabar story 0", "kabar story 1"} <= set(stories)
    if account.service != "ttrss":  # tt-rss's API cannot make a category
        assert stories["kabar story 0"]["region"] == "Kalimantan Selatan"
    again = laptop.run("import-opml", str(opml))
    assert "0 added, 1 skipped" in again.out and "already subscribed" in again.out


def test_add_subscribes_the_server_account(account: Account, machine, monkeypatch):
    account.feeds.set_feed("warta", make_items("warta", 3))
    url = account.feed_url("warta")
    for name, value in account.feeds.proxy_env().items():
        monkeypatch.setenv(name, value)  # tt-rss's feed names reach habari's discovery too
    laptop = machine("laptop", account)
    done = laptop.run("add", url, "--region", "Kalsel", "--yes")
    assert done.code == 0, done.err
    assert "added" in done.out
    account.fetch()
    laptop.sync()
    stories = laptop.stories()
    assert {"warta story 0", "warta story 1", "warta story 2"} <= set(stories)
    if account.service != "ttrss":  # tt-rss's API cannot make a category
        assert {s["region"] for s in stories.values()} == {"Kalsel"}
    assert "Already subscribed" in laptop.run("add", url, "--yes").out


def test_the_config_feeds_are_not_listed_with_sync(account: Account, machine, tmp_path):
    account.seed("kalsel", 1)
    laptop = machine("laptop", account)
    local = account.feeds.set_feed("lokal", make_items("lokal", 2))
    table = laptop.config.read_text(encoding="utf-8")
    laptop.config.write_text(f'{table}\n[[feed]]\nurl = "{local}"\n', encoding="utf-8")
    done = laptop.run("refresh", "--json")  # a refresh is a sync
    assert done.code == 0, done.err
    assert set(laptop.stories()) == {"kalsel story 0"}
    assert account.feeds.hits("/feeds/lokal.xml") == 0
