"""`/` search in the TUI: typed text refines the results, which open like any story."""

from __future__ import annotations

from textual import events
from textual.widgets import Input, Static

from habari_tui.ui.screens.article import ArticleScreen
from habari_tui.ui.screens.main import MainScreen
from habari_tui.ui.screens.search import SearchResults, SearchScreen

from ..conftest import until
from .conftest import search_settled

settle = search_settled  # until the results shown are those of the text typed


def result_titles(app) -> list[str]:
    return [a.title for a in app.screen.query_one(SearchResults).articles]


async def test_slash_opens_search_and_results_refine_as_you_type(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash")
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one(Input).has_focus
        await pilot.press(*"ban")
        await settle(pilot)
        first = result_titles(app)
        assert len(first) > 1
        assert first[0] == "Bandara di Banjarbaru tambah rute ke Indonesia timur"  # in its title
        await pilot.press(*"dara")
        await settle(pilot)
        assert result_titles(app) == ["Bandara di Banjarbaru tambah rute ke Indonesia timur"]
        status = str(app.screen.query_one("#status", Static).content)
        assert status == "1 story match, best first."


async def test_enter_opens_a_result_and_n_p_walk_the_results(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"di")
        await settle(pilot)
        titles = result_titles(app)
        assert len(titles) >= 2
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        assert str(app.screen.query_one("#title", Static).content) == titles[0]
        await pilot.press("n")
        await app.workers.wait_for_complete()
        assert str(app.screen.query_one("#title", Static).content) == titles[1]
        await pilot.press("p")
        await app.workers.wait_for_complete()
        assert str(app.screen.query_one("#title", Static).content) == titles[0]
        await pilot.press("q")
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_a_click_on_a_result_opens_it(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"bmkg")
        await settle(pilot)
        assert result_titles(app) == ["BMKG: puncak musim hujan di Jawa diperkirakan Januari"]
        await pilot.click(SearchResults, offset=(10, 1))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        assert str(app.screen.query_one("#title", Static).content).startswith("BMKG")


async def test_feed_markup_in_results_is_shown_as_text(reader_app):
    app = await reader_app()
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.press("slash", *"bold")
        await settle(pilot)
        assert result_titles(app) == ["[bold]Not bold[/bold] and [@click=app.quit]not a button[/]"]
        prompt = str(app.screen.query_one(SearchResults).options[0].prompt)
        assert "[bold]Not bold[/bold]" in prompt
        assert app.is_running


async def test_nothing_matches_says_so(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"zzzzqq")
        await settle(pilot)
        assert result_titles(app) == []
        assert "Nothing matches." in str(app.screen.query_one(SearchResults).options[0].prompt)


async def test_letters_typed_with_the_slash_before_the_box_is_up_go_into_it(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        # As a terminal sends a quick "/rumah": every key at once, none waiting for a frame.
        for key, character in (("slash", "/"), *((c, c) for c in "rumah")):
            app.post_message(events.Key(key, character))
        await until(pilot, lambda: isinstance(app.screen, SearchScreen), "the search")
        box = app.screen.query_one(Input)
        await until(pilot, lambda: box.value == "rumah", "the letters in the box")
        assert isinstance(app.screen.focused, Input)
        assert not app.refreshing  # `r` went into the box, not to the list's refresh key
