"""A page the extractor cannot read is one story without its full text, never a crash."""

from __future__ import annotations

from textual.widgets import Static

from habari_tui.config import FeedConfig
from habari_tui.ui.app import HabariApp
from habari_tui.ui.screens.article import ArticleScreen

from ..conftest import NOW, fixture_bytes, make_config, serve_reading_feed


def _serve(httpserver) -> str:
    pages = {
        # Its footer links to "http://[ccpa-preferences]", which made the extractor raise
        # ValueError.
        "irigasi-hst": fixture_bytes("pages", "bracketed_host_link.html"),
        "festival-perahu-amuntai": fixture_bytes("pages", "no_article_login.html"),
    }
    base = serve_reading_feed(httpserver, pages)
    return f"{base}/feed.xml"


async def test_an_unreadable_page_shows_the_summary_with_the_reason(httpserver, service_for):
    service = service_for(make_config(FeedConfig(_serve(httpserver), region="Kalsel")))
    await service.refresh()
    app = HabariApp(service, now=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")  # the newest: the page that crashed the extractor
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        assert app.screen.body is not None
        assert "Voters in Travis County approved a bond" in app.screen.body.markdown
        await pilot.press("n")  # the next: a login page, no article on it
        await app.workers.wait_for_complete()
        await pilot.pause()
        note = str(app.screen.query_one("#note", Static).content)
        assert "not available (no article text found on the page)" in note
        assert app.screen.body is not None
        assert "Puluhan perahu hias" in app.screen.body.markdown


async def test_a_list_of_stories_is_not_shown_as_the_article(httpserver, service_for):
    pages = {"irigasi-hst": fixture_bytes("pages", "story_list_category.html")}
    base = serve_reading_feed(httpserver, pages)
    config = make_config(FeedConfig(f"{base}/feed.xml", region="Kalsel"))
    service = service_for(config)
    await service.refresh()
    app = HabariApp(service, now=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        note = str(app.screen.query_one("#note", Static).content)
        assert "this page is a list of stories, not an article" in note
        assert app.screen.body is not None
        assert "Pasar terapung Kuin" not in app.screen.body.markdown
