"""Subscribing to a feed or a site: `habari-tui add` and the `a` dialog, against 127.0.0.1."""

from __future__ import annotations

import io
import sys
import threading

import pytest
from textual.widgets import Input, OptionList, Static

from habari_tui.cli import main
from habari_tui.config import FeedConfig, load_config
from habari_tui.service import Service
from habari_tui.store import Store
from habari_tui.ui.app import HabariApp
from habari_tui.ui.screens.add_feed import AddFeedScreen
from habari_tui.ui.screens.main import MainScreen

from .conftest import FIXTURES, NOW, fixture_bytes, make_config

CONFIG = """\
# my feeds
[settings]
refresh_on_start = false
timeout = 5

[[feed]]
url = "{kalsel}"
region = "Kalimantan Selatan"  # home
"""


@pytest.fixture
def site(httpserver):
    """A WordPress site on 127.0.0.1: a home page announcing its feed, the feed, its REST API."""
    httpserver.expect_request("/").respond_with_data(
        fixture_bytes("discover", "wordpress-home.html"), content_type="text/html"
    )
    httpserver.expect_request("/feed/").respond_with_data(
        fixture_bytes("feeds", "rss20_kalsel.xml"), content_type="application/rss+xml"
    )
    httpserver.expect_request("/wp-json/wp/v2/posts").respond_with_data(
        fixture_bytes("feeds", "wordpress_posts.json"), content_type="application/json"
    )
    httpserver.expect_request("/plain").respond_with_data(
        fixture_bytes("discover", "no-feed.html"), content_type="text/html"
    )
    return httpserver


@pytest.fixture
def config_file(tmp_path):
    path = tmp_path / "config.toml"
    path.write_text(CONFIG.format(kalsel=FIXTURES / "refresh" / "kalsel.xml"), encoding="utf-8")
    return path


@pytest.fixture
def run(tmp_path, capsys, monkeypatch, config_file):
    monkeypatch.setenv("HABARI_DATA_DIR", str(tmp_path / "data"))

    def invoke(*args: str, answer: str = "") -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "stdin", io.StringIO(answer))
        code = main(["--config", str(config_file), *args])
        out, err = capsys.readouterr()
        return code, out, err

    return invoke


def feed_urls(config_file) -> list[str]:
    return [f.url for f in load_config(config_file).feeds]


# -- the command line -------------------------------------------------------------------------


def test_add_shows_what_it_found_and_adds_it_when_the_answer_is_y(site, run, config_file):
    code, out, err = run("add", site.url_for("/"), "--region", "Banua", answer="y\n")
    assert code == 0, err
    feed = site.url_for("/feed/")
    lines = out.splitlines()
    assert lines[0] == "Found 2 feeds:"
    assert lines[1] == f"  1. Kabar Banua (RSS, 5 stories) {feed}"
    posts = site.url_for("/wp-json/wp/v2/posts")
    assert lines[2] == f"  2. Habari Banua (WordPress, 2 stories) {posts}"
    assert lines[-1].endswith(f"[y/N] added: {feed} in Banua")
    assert f"Add {feed} to 'Banua'? [y/N] " in lines[-1]
    assert load_config(config_file).feeds[-1] == FeedConfig(feed, None, "Banua")
    assert config_file.read_text().startswith("# my feeds\n")
    assert 'region = "Kalimantan Selatan"  # home' in config_file.read_text()


def test_add_changes_nothing_unless_the_answer_is_yes(site, run, config_file):
    before = config_file.read_bytes()
    for answer in ("n\n", "\n", ""):
        code, out, _ = run("add", site.url_for("/"), answer=answer)
        assert code == 0 and out.rstrip().endswith("Nothing added.") and "[y/N]" in out
    assert config_file.read_bytes() == before


def test_add_yes_does_not_ask_and_a_second_add_says_it_is_subscribed(site, run, config_file):
    code, out, _ = run("add", site.url_for("/feed/"), "--yes")
    assert code == 0 and "[y/N]" not in out
    assert feed_urls(config_file)[-1] == site.url_for("/feed/")
    code, out, _ = run("add", site.url_for("/feed/"), "--yes")
    assert code == 0 and out.splitlines()[-1] == f"Already subscribed: {site.url_for('/feed/')}"
    assert len(feed_urls(config_file)) == 2


def test_add_exits_2_with_one_line_when_nothing_is_found(site, run, config_file):
    before = config_file.read_bytes()
    code, out, err = run("add", site.url_for("/plain"), "--yes")
    assert code == 2 and out == ""
    assert err == (
        f"habari-tui: no feed found at {site.url_for('/plain')}: "
        "neither a feed nor a page that announces one\n"
    )
    site.expect_request("/gone").respond_with_data("", status=404)
    code, _, err = run("add", site.url_for("/gone"), "--yes")
    assert code == 2 and err.endswith(": HTTP 404 Not Found\n")
    assert config_file.read_bytes() == before


def test_add_needs_the_network(site, run):
    code, _, err = run("--offline", "add", site.url_for("/"), "--yes")
    assert code == 2 and "drop --offline" in err


def test_the_service_knows_a_feed_added_while_it_runs(tmp_path, config_file):
    store = Store(tmp_path / "cache.db", now=NOW.timestamp)
    service = Service(load_config(config_file), store)
    feed = FeedConfig("https://a.example/feed", "A", "Asia")
    assert service.add_feed(feed) is True
    assert service.add_feed(feed) is False
    assert service.config.feeds[-1] == feed
    assert [f.url for f in store.feeds()][-1] == "https://a.example/feed"
    assert "Asia" in [r.name for r in service.regions()]
    store.close()


# -- the TUI ----------------------------------------------------------------------------------


@pytest.fixture
async def app(tmp_path, config_file):
    store = Store(tmp_path / "cache.db", now=NOW.timestamp)
    service = Service(load_config(config_file), store)
    await service.refresh()
    yield HabariApp(service, now=lambda: NOW)
    store.close()


async def type_text(pilot, text: str) -> None:
    await pilot.press(*text)


async def look_for_feeds(pilot, url: str, region: str | None = None) -> None:
    """`a`, the page's address (and a region in place of the one offered), then enter: the
    dialog looks for the page's feeds, and the test waits until it has."""
    await pilot.press("a")
    assert isinstance(pilot.app.screen, AddFeedScreen)
    await type_text(pilot, url)
    if region is not None:
        await pilot.press("tab", "backspace")
        await type_text(pilot, region)
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_finds_the_feed_of_a_page_and_enter_subscribes_to_it(site, app, config_file):
    async with app.run_test(size=(100, 30)) as pilot:
        await look_for_feeds(pilot, site.url_for("/"), "Banua")  # enter in the region field
        found = app.screen.query_one("#found", OptionList)
        assert found.has_focus and found.option_count == 2
        assert str(found.get_option_at_index(0).prompt).startswith("Kabar Banua (RSS, 5 stories)")
        await pilot.press("enter")
        await app.workers.wait_for_complete()  # subscribing runs off the event loop
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert feed_urls(config_file)[-1] == site.url_for("/feed/")
        assert app.service.config.feeds[-1].region == "Banua"
        await app.workers.wait_for_complete()  # the refresh that fetches its stories
        await pilot.pause()
        assert app.status_text.startswith("Refreshed 2/2 feeds")
        assert "Banua" in [r.name for r in app.service.regions() if r.total > 0]


class SlowToSubscribe(Service):
    """A service whose subscribing waits, as it does on a feed server far away."""

    answer = threading.Event()

    def subscribe(self, found, region=None):
        self.answer.wait(5)
        return super().subscribe(found, region)


async def test_the_dialog_keeps_answering_while_it_subscribes(site, tmp_path, config_file):
    store = Store(tmp_path / "cache.db", now=NOW.timestamp)
    service = SlowToSubscribe(load_config(config_file), store)
    app = HabariApp(service, now=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await look_for_feeds(pilot, site.url_for("/"))
        await pilot.press("enter")  # subscribe to the first feed found
        await pilot.pause()
        assert isinstance(app.screen, AddFeedScreen)  # still waiting, and still drawn
        message = str(app.screen.query_one("#message", Static).content)
        assert message.startswith("Subscribing to ")
        SlowToSubscribe.answer.set()
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
    store.close()
    assert feed_urls(config_file)[-1] == site.url_for("/feed/")


async def test_a_page_without_a_feed_says_so_and_escape_adds_nothing(site, app, config_file):
    before = config_file.read_bytes()
    async with app.run_test(size=(100, 30)) as pilot:
        await look_for_feeds(pilot, site.url_for("/plain"))
        message = str(app.screen.query_one("#message", Static).content)
        assert message == f"No feed found at {site.url_for('/plain')}."
        assert app.screen.query_one("#url", Input).value == site.url_for("/plain")
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)
    assert config_file.read_bytes() == before


async def test_a_without_a_config_file_as_in_the_demo_only_explains(service_for):
    app = HabariApp(service_for(make_config()), now=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert [n.message for n in app._notifications] == [
            "Adding a feed needs the network and a config file."
        ]


class CountsWhere(Service):
    """A service that notes which threads count the regions (a scan of the whole cache)."""

    on_the_loop = 0

    def regions(self):
        if threading.current_thread() is threading.main_thread():
            CountsWhere.on_the_loop += 1
        return super().regions()


async def test_the_list_after_subscribing_is_read_off_the_event_loop(site, tmp_path, config_file):
    store = Store(tmp_path / "cache.db", now=NOW.timestamp)
    service = CountsWhere(load_config(config_file), store)
    app = HabariApp(service, now=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await look_for_feeds(pilot, site.url_for("/"), "Banua")
        CountsWhere.on_the_loop = 0
        await pilot.press("enter")  # subscribe
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert "Banua" in [r.name for r in app.screen.regions.regions]
        assert CountsWhere.on_the_loop == 0
    store.close()
