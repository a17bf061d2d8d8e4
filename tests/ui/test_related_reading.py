"""Related reading in the reader's own language or not: the box lists what the page offers."""

from __future__ import annotations

from textual.widgets import Static

from habari_tui.config import FeedConfig
from habari_tui.ui.app import HabariApp
from habari_tui.ui.screens.article import ArticleScreen

from ..conftest import NOW, fixture_bytes, make_config, serve_reading_feed
from .test_reader import related_lines, shown_lines


async def test_a_german_page_lists_its_lesen_sie_auch_and_schon_gelesen_links(
    httpserver, service_for
):
    pages = {"irigasi-hst": fixture_bytes("pages", "related_german_schon_gelesen.html")}
    base = serve_reading_feed(httpserver, pages)
    service = service_for(make_config(FeedConfig(f"{base}/feed.xml", region="Ostfriesland")))
    await service.refresh()
    app = HabariApp(service, now=lambda: NOW)
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        assert related_lines(app)[1:4] == [
            "1. Hafen Norddeich wird ausgebaut",
            "2. Baggerarbeiten im Wattenmeer beginnen früher",
            "3. Inselbahn auf Juist bekommt neue Wagen",
        ]
        body = " ".join(shown_lines(app.screen.query_one("#body", Static)))
        assert "Lesen Sie auch: Hafen Norddeich wird ausgebaut" in body  # where it stood, once
        assert "Schon gelesen" not in body and "Inselbahn" not in body
