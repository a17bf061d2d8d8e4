"""Stars, read state, marking a region read and undoing it, the palette, `?`, mouse, theme."""

from __future__ import annotations

from textual.command import CommandList, CommandPalette
from textual.widgets import ProgressBar, Static

from habari_tui.models import Article
from habari_tui.store import STARRED
from habari_tui.ui.app import HabariApp
from habari_tui.ui.screens.article import ArticleScreen, reading_position
from habari_tui.ui.screens.help import HelpScreen
from habari_tui.ui.screens.main import MainScreen
from habari_tui.ui.widgets.headline_list import HeadlineList
from habari_tui.ui.widgets.refresh_bar import RefreshBar
from habari_tui.ui.widgets.region_list import RegionList

from ..conftest import NOW, make_config, until
from .conftest import fixture_feeds


def palette_highlights(app, text: str) -> bool:
    """Whether the command palette's highlighted command is the one named `text`."""
    option = app.screen.query_one(CommandList).highlighted_option
    return option is not None and text in str(option.prompt)


def headlines(app) -> HeadlineList:
    return app.screen.query_one(HeadlineList)


def current(app) -> Article:
    """The highlighted story, which these tests always have."""
    article = headlines(app).current
    assert article is not None
    return article


def choose_region(app, name: str) -> None:
    regions = app.screen.query_one(RegionList)
    regions.highlighted = [r.name for r in regions.regions].index(name)


async def test_s_stars_and_the_starred_entry_lists_it(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        title = current(app).title
        await pilot.press("s")
        assert current(app).starred
        assert "★" in str(headlines(app).options[0].prompt)
        await app.workers.wait_for_complete()  # the star is written off the event loop
        choose_region(app, STARRED)
        await app.workers.wait_for_complete()  # its headlines are read off the event loop
        await pilot.pause()
        assert [a.title for a in headlines(app).articles] == [title]
        await pilot.press("s")  # unstarred: gone from Starred on the next reload
        await app.workers.wait_for_complete()
        app.screen.reload()
        assert headlines(app).articles == []


async def test_m_toggles_read(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")
        assert current(app).read
        await pilot.press("m")
        assert not current(app).read


async def test_capital_a_marks_the_region_read_and_u_undoes_it(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("j", "m")  # one already read: undo must leave it read
        already = current(app).id
        choose_region(app, "Kalimantan Selatan")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("A")
        service = app.service
        await until(pilot, lambda: all(a.read for a in headlines(app).articles), "marking")
        assert service.store.count("Kalimantan Selatan", unread_only=True) == 0
        assert service.store.count("Indonesia", unread_only=True) == 1
        await pilot.press("u")
        await until(pilot, lambda: not all(a.read for a in headlines(app).articles), "undoing")
        assert service.store.count("Kalimantan Selatan", unread_only=True) == 2
        assert service.article(already).read
        await pilot.press("u")  # nothing left to undo
        await app.workers.wait_for_complete()
        assert service.store.count("Kalimantan Selatan", unread_only=True) == 2


async def test_hide_read_setting_lists_only_unread(service_for):
    service = service_for(make_config(*fixture_feeds(), hide_read=True))
    await service.refresh()
    first = service.headlines()[0]
    service.set_read(first.id)
    app = HabariApp(service, now=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        assert first.id not in [a.id for a in headlines(app).articles]
        assert len(headlines(app).articles) == 4
        await pilot.press("H")
        await until(pilot, lambda: len(headlines(app).articles) == 5, "the read story listed")


async def test_a_click_on_a_headline_opens_it(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        second = headlines(app).articles[1]
        await pilot.click(HeadlineList, offset=(20, 2))  # row 2: below the border and row 1
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        shown = app.screen.article
        assert shown is not None and shown.id == second.id


async def test_a_click_on_a_region_shows_its_headlines(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.click(RegionList, offset=(3, 4))  # All, Starred, Kalimantan, Indonesia
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.screen.query_one(RegionList).selected_region == "Indonesia"
        assert [a.region for a in headlines(app).articles] == ["Indonesia"]


async def test_the_palette_lists_the_screens_keys_and_runs_them(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        names = [c.title for c in app.get_system_commands(app.screen)]
        wanted = ("Star (s)", "Search every region (/)", "Mark the region read (A)")
        for name in (*wanted, "Undo all read (u)", "Refresh (r)"):
            assert name in names
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"Star (s)")
        await until(pilot, lambda: palette_highlights(app, "Star (s)"), "the palette's search")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert current(app).starred


async def test_question_mark_lists_the_new_keys(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        text = "\n".join(
            " ".join(str(cell) for cell in row)
            for row in zip(*(c._cells for c in app.screen._table.columns), strict=True)
        )
        keys = ("/ Search every region", "A Mark the region read", "u Undo all read")
        for line in (*keys, "c Copy the story's link", "s Star"):
            assert line in text
        await pilot.press("question_mark")
        assert isinstance(app.screen, MainScreen)


async def test_the_theme_chosen_is_remembered_for_the_next_run(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.theme = "nord"
        await pilot.pause()
    again = HabariApp(app.service, now=lambda: NOW)
    async with again.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert again.theme == "nord"


async def test_c_copies_the_story_url(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        url = current(app).url
        await pilot.press("c")
        assert app.clipboard == url
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        app.copy_to_clipboard("")
        await pilot.press("c")
        assert app.clipboard == url


async def test_the_article_shows_reading_time_and_position(reader_app):
    assert reading_position(450, 0, 0) == "2 min · 100%"
    assert reading_position(90, 8, 20) == "1 min · 40%"
    app = await reader_app()
    async with app.run_test(size=(60, 14)) as pilot:
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = app.screen.query_one("#status", Static)
        assert str(status.content).startswith("1 min · 0%")
        await pilot.press("space", "space", "space", "space")
        await pilot.pause()
        assert "· 100%" in str(status.content)


async def test_refresh_shows_a_progress_bar_of_feeds(reader_app):
    app = await reader_app()
    steps: list[tuple[float | None, float]] = []
    async with app.run_test(size=(100, 30)) as pilot:
        bar = app.screen.query_one(RefreshBar)
        assert not bar.display
        original = bar.step

        def record(done: int, total: int, failed: int) -> None:
            original(done, total, failed)
            progress = bar.query_one(ProgressBar)
            steps.append((progress.total, progress.progress))
            assert bar.display

        bar.step = record
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert steps[-1] == (3, 3)
        assert not bar.display
