"""`q` goes back one screen below the main one, footers say so, `?` and the palette list the
reader's keys and none of Textual's."""

from __future__ import annotations

from textual.command import CommandList
from textual.widgets import Footer, Input, Static
from textual.widgets._footer import FooterKey

from habari_tui.ui.screens.article import ArticleScreen
from habari_tui.ui.screens.help import HelpScreen
from habari_tui.ui.screens.main import MainScreen
from habari_tui.ui.screens.search import SearchScreen
from habari_tui.ui.widgets.headline_list import HeadlineList

from .test_reader import screen_lines


def footer_keys(app) -> dict[str, str]:
    """What the footer offers: the key as shown, and what it says it does."""
    footer = app.screen.query_one(Footer)
    return {key.key_display: key.description for key in footer.query(FooterKey)}


async def footer_drawn(pilot) -> None:
    """Wait until the footer's keys are laid out (they are composed after the bindings)."""
    for _ in range(100):
        keys = pilot.app.screen.query_one(Footer).query(FooterKey)
        if keys and all(key.region.width for key in keys):
            return
        await pilot.pause(0.05)


async def search_results(pilot, query: str) -> None:
    await pilot.press("slash", *query)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause(0.3)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.press("down")  # from the query to the results


async def test_q_on_the_search_results_goes_back_to_the_list_not_out_of_the_app(demo_reader):
    app = demo_reader
    async with app.run_test(size=(100, 30)) as pilot:
        await search_results(pilot, "banjir")
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one(HeadlineList).has_focus
        await pilot.press("q")
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, MainScreen)


async def test_q_typed_in_the_search_box_is_a_letter_of_the_query(demo_reader):
    app = demo_reader
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", "q")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#query", Input).value == "q"


async def test_every_footer_below_the_main_screen_says_q_or_escape_goes_back(demo_reader):
    app = demo_reader
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert footer_keys(app)["q"] == "Quit"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        assert footer_keys(app)["q"] == "Back"
        await pilot.press("q")
        await pilot.pause()
        await search_results(pilot, "banjir")
        keys = footer_keys(app)
        assert keys["esc"] == "Back" and "Quit" not in keys.values()


async def test_the_main_footer_is_not_cut_at_80_columns(demo_reader):
    app = demo_reader
    async with app.run_test(size=(80, 24)) as pilot:
        await footer_drawn(pilot)
        footer = app.screen.query_one(Footer)
        keys = footer.query(FooterKey)
        assert all(key.region.right <= 80 and key.region.width > 0 for key in keys)
        line = screen_lines(app)[-1]
        for key, description in footer_keys(app).items():
            assert f"{key} {description}" in line


async def test_the_article_footer_is_not_cut_at_80_columns(demo_reader):
    app = demo_reader
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await footer_drawn(pilot)
        line = screen_lines(app)[-1]
        for key, description in footer_keys(app).items():
            assert f"{key} {description}" in line


async def test_help_lists_the_readers_keys_with_enter_and_none_of_textuals(demo_reader):
    app = demo_reader
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        shown = "\n".join(screen_lines(app))
        for wanted in (
            "enter",
            "Open",
            "Quit",
            "Search",
            "Hide/show read",
            "Add feed",
            "ctrl+p",
            "G",
        ):
            assert wanted in shown
        for builtin in ("Copy selected text", "Focus Previous", "Focus Next", "super+c"):
            assert builtin not in shown


async def test_help_on_the_article_screen_lists_its_keys(demo_reader):
    app = demo_reader
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.press("question_mark")
        await pilot.pause()
        shown = "\n".join(screen_lines(app))
        for wanted in ("Back to the list", "Back to the story before", "1-9", "Links", "o"):
            assert wanted in shown
        assert "Copy selected text" not in shown


async def test_help_on_the_search_results_lists_enter_and_the_way_back(demo_reader):
    app = demo_reader
    async with app.run_test(size=(100, 40)) as pilot:
        await search_results(pilot, "banjir")
        await pilot.press("question_mark")
        await pilot.pause()
        shown = screen_lines(app)
        assert any("enter" in line and "Open the highlighted story" in line for line in shown)
        assert any("escape, q" in line and "Back to the list" in line for line in shown)


async def test_open_from_the_palette_opens_the_highlighted_result(demo_reader):
    app = demo_reader
    async with app.run_test(size=(100, 40)) as pilot:
        await search_results(pilot, "banjir")
        await pilot.press("ctrl+p")
        await pilot.pause(0.3)
        await pilot.press(*"Open the highlighted")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        assert "Banjir" in str(app.screen.query_one("#title", Static).content)


def palette_titles(app) -> list[str]:
    options = app.screen.query_one(CommandList).options
    return [str(option.prompt).split("\n")[0] for option in options]


async def test_the_palette_offers_the_readers_keys_once_and_no_textual_extras(demo_reader):
    app = demo_reader
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await pilot.pause(0.5)
        titles = palette_titles(app)
        assert "Search every region (/)" in titles and "Theme" in titles
        assert "This list of keys (?)" in titles
        for extra in ("Keys", "Maximize", "Minimize", "Screenshot", "Quit"):
            assert extra not in titles
        assert len(titles) == len(set(titles))
