"""Hostile text on every screen, odd terminals and sizes: shown literally, no crash, in its box."""

from __future__ import annotations

import html
import json
import re
import webbrowser
from pathlib import Path

import pytest
from textual.widgets import Footer, Header

from habari_tui import lock
from habari_tui.config import FeedConfig
from habari_tui.models import ArticleBody, RelatedLink
from habari_tui.ui.app import HabariApp
from habari_tui.ui.screens.article import ArticleScreen
from habari_tui.ui.screens.links import LinksScreen
from habari_tui.ui.widgets.headline_list import HeadlineList
from habari_tui.ui.widgets.region_list import RegionList
from habari_tui.ui.widgets.status_line import StatusLine

from ..conftest import NOW, make_config, until

MARKUP = "[bold]Not bold[/bold] [@click=app.quit]quit[/] [link=https://evil.example]x[/link]"
ESCAPES = "Esc\x1b[2J\x1b]52;c;ZXZpbA==\x07\x1b]8;;https://evil.example\x1b\\osc8\x1b]8;;\x1b\\\x9b31m\x07\u202eRTL"
WIDE = "北京 上海 東京 서울 🎉🇮🇩👨‍👩‍👧 مرحبا بالعالم שלום"

HOSTILE_ITEMS = [
    {
        "id": "markup",
        "title": MARKUP,
        "url": "https://markup.example/1",
        "content_html": f"<p>{html.escape(MARKUP)}</p>"
        + "<p>BACA JUGA: <a href='https://markup.example/2'>"
        + "[red]Related[/red] [@click=app.quit]q[/]</a></p>"
        + "<p><a href='javascript:alert(1)'>js link</a> <a href='data:text/html,x'>data</a></p>"
        + "<p>"
        + " ".join(["word"] * 160)
        + "</p>",
        "date_published": "2026-11-26T12:00:00Z",
    },
    {
        "id": "escapes",
        "title": ESCAPES,
        "url": "https://escapes.example/1",
        "content_html": f"<p>{html.escape(ESCAPES)}</p>",
        "date_published": "2026-11-26T11:00:00Z",
    },
    {
        "id": "wide",
        "title": WIDE * 3,
        "url": "https://wide.example/1",
        "content_html": f"<p>{WIDE * 20}</p>",
        "date_published": "2026-11-26T10:00:00Z",
    },
    {
        "id": "js",
        "title": "A story whose link is javascript",
        "url": "javascript:alert(document.cookie)",
        "date_published": "2026-11-26T09:00:00Z",
    },
]


def hostile_feed(folder: Path) -> Path:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{MARKUP} {ESCAPES}",
        "items": HOSTILE_ITEMS,
    }
    path = folder / "hostile.json"
    path.write_text(json.dumps(feed), encoding="utf-8")
    return path


@pytest.fixture
def hostile_app(service_for, tmp_path):
    async def build() -> HabariApp:
        feed = FeedConfig(str(hostile_feed(tmp_path)), region=f"[b]R[/b] {WIDE}")
        service = service_for(make_config(feed, prefetch_articles=False))
        await service.refresh()
        service.offline = True  # nothing below may touch the network
        return HabariApp(service, now=lambda: NOW)

    return build


class RecordingBrowser(webbrowser.BaseBrowser):
    """Stands in for the user's browser: notes what it was asked to open."""

    def __init__(self) -> None:
        super().__init__("recording")
        self.opened: list[str] = []

    def open(self, url: str, new: int = 0, autoraise: bool = True) -> bool:
        self.opened.append(url)
        return True


@pytest.fixture(autouse=True)
def no_browser(monkeypatch):
    """No real browser is ever started: the one found records the URLs it is given."""
    browser = RecordingBrowser()
    monkeypatch.setattr(webbrowser, "get", lambda using=None: browser)
    monkeypatch.setattr(webbrowser, "open", browser.open)
    return browser.opened


def screen_text(app: HabariApp) -> str:
    svg = app.export_screenshot()
    text = "\n".join(re.findall(r"<text[^>]*>(.*?)</text>", svg))
    return html.unescape(re.sub(r"<[^>]+>", "", text)).replace("\xa0", " ")


def assert_clean(app: HabariApp) -> None:
    shown = screen_text(app)
    for bad in ("\x1b", "\x07", "\x9b", "\u202e"):
        assert bad not in shown
    assert app.is_running


def assert_in_screen(app: HabariApp) -> None:
    """Every visible widget lies within the terminal; the two panes do not overlap."""
    width, height = app.size
    screen = app.screen
    for widget in (
        *screen.query(Header),
        *screen.query(RegionList),
        *screen.query(HeadlineList),
        *screen.query(StatusLine),
        *screen.query(Footer),
    ):
        if not widget.display:
            continue
        r = widget.region
        assert r.x >= 0 and r.y >= 0 and r.right <= width and r.bottom <= height, widget
    regions = screen.query(RegionList)
    lists = screen.query(HeadlineList)
    if regions and lists:
        a, b = regions.first().region, lists.first().region
        assert not a.overlaps(b) or a.area == 0 or b.area == 0


async def test_markup_in_titles_feeds_and_regions_is_literal_on_the_main_screen(hostile_app):
    app = await hostile_app()
    async with app.run_test(size=(200, 40)) as pilot:
        await pilot.pause()
        shown = screen_text(app)
        assert "[bold]Not bold[/bold]" in shown
        assert "[@click=app.quit]quit[/]" in shown
        assert "[b]R[/b]" in shown
        assert_clean(app)


async def test_article_screen_shows_markup_and_strips_escapes(hostile_app):
    app = await hostile_app()
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        for article_id in (
            a.id for a in app.service.headlines() if a.url != HOSTILE_ITEMS[3]["url"]
        ):
            app.main_screen.open_article(app.service.article(article_id))
            await pilot.pause()
            await app.workers.wait_for_complete()
            await pilot.pause()
            assert isinstance(app.screen, ArticleScreen)
            assert_clean(app)
            await pilot.press("q")
            await pilot.pause()
        markup = next(a for a in app.service.headlines() if "Not bold" in a.title)
        app.main_screen.open_article(markup)
        await app.workers.wait_for_complete()
        await pilot.pause()
        shown = screen_text(app)
        assert "[bold]Not bold[/bold]" in shown and "[@click=app.quit]quit[/]" in shown
        assert app.is_running


async def test_links_list_shows_titles_literally_and_javascript_is_never_followed(
    hostile_app, no_browser
):
    app = await hostile_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        links = [
            RelatedLink("[red]Related[/red] [@click=app.quit]q[/]", "https://markup.example/2"),
            RelatedLink("\x1b]52;c;ZXZpbA==\x07clip", "https://markup.example/3"),
        ]
        await app.push_screen(LinksScreen(links))
        await pilot.pause()
        shown = screen_text(app)
        assert "[red]Related[/red] [@click=app.quit]q[/]" in shown
        assert_clean(app)
        await pilot.press("escape")
        body = ArticleBody(markdown="[js](javascript:alert(1)) [d](data:text/html,x)")
        from habari_tui.ui.screens.links import article_links

        assert article_links(body) == []  # only http(s) links are listed at all
        assert no_browser == []


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "file:///etc/passwd",
        "vbscript:x",
        "ftp://127.0.0.1/x",
        "/etc/passwd",
        "-oProxyCommand=touch /tmp/pwned",
        "https://evil.example/\x1b]52;c;ZXZpbA==\x07",
        "https://evil.example/ \u202egnp.exe",
        "http://",
        None,
    ],
)
async def test_open_link_refuses_anything_but_plain_http_and_https(hostile_app, no_browser, url):
    app = await hostile_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_link(url)
        await pilot.pause()
        await app.workers.wait_for_complete()
        assert no_browser == []
        assert any("Only plain http" in str(n.message) for n in app._notifications)


async def test_open_link_shows_the_url_before_opening_it(hostile_app, no_browser):
    app = await hostile_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.open_link("https://example.com/[bold]x[/bold]")
        await app.workers.wait_for_complete()
        await pilot.pause()
        notes = [n for n in app._notifications if "Opening" in str(n.message)]
        assert notes and "[bold]x[/bold]" in str(notes[0].message) and not notes[0].markup
        assert no_browser == ["https://example.com/[bold]x[/bold]"]


async def test_o_on_a_javascript_story_opens_nothing(hostile_app, no_browser):
    app = await hostile_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        # The parser keeps no javascript: link at all, so the story has no URL to open.
        js = next(a for a in app.service.headlines() if "javascript" in a.title)
        assert js.url is None
        app.open_link(js.url)
        await app.workers.wait_for_complete()
        assert no_browser == []


async def test_a_notification_carrying_hostile_text_is_literal(hostile_app, tmp_path, monkeypatch):
    """A refresh refused by the lock names the data dir; a dir named like markup stays literal."""
    app = await hostile_app()
    odd = tmp_path / "[@click=app.quit]odd[bold]"
    odd.mkdir()
    app.service.offline = False
    monkeypatch.setattr(app.service.store, "path", odd / "cache.db")
    monkeypatch.setattr(lock, "DEFAULT_WAIT", 0.05)
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        async with lock.refresh_lock(odd):
            await pilot.press("r")
            await app.workers.wait_for_complete()
            await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert any("[@click=app.quit]odd[bold]" in m for m in messages)
        assert app.is_running
        assert "[@click=app.quit]odd[bold]" in screen_text(app)


async def test_help_and_command_palette_open_over_hostile_content(hostile_app):
    app = await hostile_app()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert_clean(app)
        await pilot.press("escape")
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"[bold]x")
        await until(pilot, lambda: "[bold]x" in screen_text(app), "the palette's search")
        assert app.is_running
        await pilot.press("escape")


@pytest.mark.parametrize(
    ("size", "env"),
    [
        ((40, 12), {}),
        ((40, 12), {"TERM": "dumb"}),
        ((80, 24), {"NO_COLOR": "1", "TERM": "linux"}),
        ((300, 100), {"NO_COLOR": "1"}),
        ((300, 100), {"TERM": "linux"}),
    ],
    ids=["40x12", "40x12-dumb", "80x24-nocolor-linux", "300x100-nocolor", "300x100-linux"],
)
async def test_every_screen_at_odd_sizes_and_terminals(hostile_app, monkeypatch, size, env):
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    app = await hostile_app()
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        assert_in_screen(app)
        assert_clean(app)
        await pilot.press("tab", "j", "j", "tab", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert_clean(app)
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("escape", "question_mark")
        await pilot.pause()
        await pilot.press("escape", "q")
        await pilot.pause()
        assert_in_screen(app)
        assert app.is_running
