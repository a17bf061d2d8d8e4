"""The TUI driven with real key presses through Textual's Pilot."""

from __future__ import annotations

import gc
import socket
import time
from pathlib import Path

from rich.cells import cell_len
from textual.widgets import Footer, Static

from habari_tui.config import FeedConfig
from habari_tui.ui.app import SETTLE_AFTER, HabariApp
from habari_tui.ui.screens.article import ArticleScreen
from habari_tui.ui.screens.help import HelpScreen
from habari_tui.ui.screens.links import LinksScreen
from habari_tui.ui.screens.main import MainScreen
from habari_tui.ui.widgets.headline_list import HeadlineList
from habari_tui.ui.widgets.region_list import RegionList

from ..conftest import NOW, make_config, until
from .conftest import fixture_feeds


def rows(app) -> list[str]:
    headlines = app.screen.query_one(HeadlineList)
    return [str(o.prompt) for o in headlines.options]


def region_rows(app) -> list[str]:
    return [" ".join(str(o.prompt).split()) for o in app.screen.query_one(RegionList).options]


def current_title(app) -> str:
    return app.screen.query_one(HeadlineList).current.title


def article_title(app) -> str:
    return str(app.screen.query_one("#title", Static).content)


def screen_lines(app) -> list[str]:
    """The terminal's lines as the reader sees them now."""
    return [strip.text for strip in app.screen._compositor.render_strips()]


def shown_lines(widget, region=None) -> list[str]:
    """The lines a widget draws (its content, or `region` of it), as the reader sees them."""
    region = region or widget.content_region.reset_offset
    return [strip.text for strip in widget.render_lines(region)]


def related_lines(app) -> list[str]:
    """The related-reading box's lines without its border."""
    box = app.screen.query_one("#related", Static)
    return [line.strip("│ ") for line in shown_lines(box, box.region.reset_offset)[1:-1]]


async def test_the_main_screen_lists_regions_with_unread_counts_and_all_headlines(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert region_rows(app) == [
            "All 5",
            "Starred",
            "Kalimantan Selatan 3",
            "Indonesia 1",
            "World 1",
        ]
        assert len(rows(app)) == 5
        assert current_title(app).startswith("Dermaga baru")


async def test_j_k_and_arrows_move_between_headlines(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        titles = [a.title for a in app.screen.query_one(HeadlineList).articles]
        await pilot.press("j", "j")
        assert current_title(app) == titles[2]
        await pilot.press("k")
        assert current_title(app) == titles[1]
        await pilot.press("down", "down")
        assert current_title(app) == titles[3]
        await pilot.press("up", "up", "up")
        assert current_title(app) == titles[0]


async def test_tab_to_regions_and_choosing_one_shows_its_headlines(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("tab")
        assert app.screen.query_one(RegionList).has_focus
        await pilot.press("j", "j", "j")  # past "Starred" and Kalimantan Selatan
        await app.workers.wait_for_complete()  # its headlines are read off the event loop
        await pilot.pause()
        titles = [a.title for a in app.screen.query_one(HeadlineList).articles]
        assert titles == ["BMKG: puncak musim hujan di Jawa diperkirakan Januari"]
        await pilot.press("enter")
        assert app.screen.query_one(HeadlineList).has_focus


async def test_enter_opens_the_story_with_its_feed_text_and_q_returns(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        assert article_title(app).startswith("Dermaga baru")
        assert app.screen.body is not None
        markdown = app.screen.body.markdown
        assert "Dermaga baru di tepi Sungai Martapura" in markdown
        meta = str(app.screen.query_one("#meta", Static).content)
        assert "Warta Banua" in meta and "Banjarmasin" in meta
        assert "1. Pasar terapung Lok Baintan ramai pengunjung" in related_lines(app)
        await pilot.press("q")
        assert isinstance(app.screen, MainScreen)
        assert rows(app)[0].startswith(" ")  # read now: no unread mark


async def test_n_and_p_move_between_stories_inside_the_article_and_b_goes_back(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("enter")
        await pilot.press("n")
        assert article_title(app).startswith("Bandara di Banjarbaru")
        await pilot.press("n")
        assert article_title(app).startswith("[bold]Not bold[/bold]")
        await pilot.press("p")
        assert article_title(app).startswith("Bandara di Banjarbaru")
        await pilot.press("b")
        assert article_title(app).startswith("[bold]Not bold")
        await pilot.press("backspace", "backspace", "backspace")
        assert isinstance(app.screen, MainScreen)
        assert current_title(app).startswith("Dermaga baru")


async def test_capital_n_opens_the_next_unread_story(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("m")  # the first story is now read
        await pilot.press("N")
        assert isinstance(app.screen, ArticleScreen)
        assert article_title(app).startswith("Bandara di Banjarbaru")


async def test_m_and_s_toggle_the_marks_in_the_list(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        assert rows(app)[0][:2] == "● "
        await pilot.press("m", "s")
        assert rows(app)[0][:2] == " ★"
        # The counts are read again once the mark is written (off the event loop).
        await until(pilot, lambda: region_rows(app)[0] == "All 4", "the counts")


async def test_markup_in_titles_is_shown_literally_and_runs_nothing(reader_app):
    app = await reader_app()
    async with app.run_test(size=(160, 30)) as pilot:
        await pilot.pause()
        assert any(
            "[bold]Not bold[/bold] and [@click=app.quit]not a button[/]" in r for r in rows(app)
        )
        await pilot.press("j", "j", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.click("#title")
        await pilot.click("#body")
        assert app.is_running
        assert "[@click=app.quit]" in article_title(app)


async def test_question_mark_shows_the_keys_of_the_screen(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_r_refreshes_in_the_background_and_reports_on_the_status_line(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        status = str(app.screen.query_one("#status", Static).content)
        assert status == "Refreshed 3/3 feeds, 0 new stories."


def assert_within(app, *widgets) -> None:
    """Each widget is shown, with room, inside the terminal."""
    width, height = app.size
    for widget in widgets:
        region = widget.region
        assert region.width > 0 and region.height > 0, widget
        assert region.right <= width and region.bottom <= height, widget


async def test_at_40_by_12_every_screen_keeps_its_parts_on_screen(reader_app):
    app = await reader_app()
    async with app.run_test(size=(40, 12)) as pilot:
        await pilot.pause()
        main = app.screen
        headlines, regions = main.query_one(HeadlineList), main.query_one(RegionList)
        assert_within(app, headlines, regions, main.query_one("#status"), main.query_one(Footer))
        assert not headlines.region.overlaps(regions.region)
        assert headlines.content_region.width >= 20  # the titles have most of the width
        row_width = headlines.scrollable_content_region.width
        assert all(cell_len(str(option.prompt)) <= row_width for option in headlines.options)
        assert headlines.virtual_size.height == len(headlines.options)  # one line a story
        await pilot.press("j", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        assert article_title(app).startswith("Bandara di Banjarbaru")
        title = app.screen.query_one("#title")
        assert_within(app, title, app.screen.query_one("#reader"), app.screen.query_one(Footer))
        assert title.region.x < 40 - 10  # the text column is not squeezed off to the right
        await pilot.press("n")
        assert article_title(app).startswith("[bold]Not bold")
        await pilot.press("q", "tab", "j")
        await pilot.pause()
        assert app.screen is main and regions.has_focus
        assert regions.highlighted == 1


async def test_related_links_open_inside_the_app_and_backspace_returns(demo_reader):
    app = demo_reader
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("j", "j", "j", "j", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert article_title(app).startswith("Jembatan Alalak Baru Dibuka")
        related = related_lines(app)
        assert "1. Pasar Terapung Lok Baintan – Pedagang Keluhkan Air Pasang" in related
        await pilot.press("1")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert article_title(app) == "Pasar Terapung Lok Baintan – Pedagang Keluhkan Air Pasang"
        assert "Martapura" in str(app.screen.query_one("#meta", Static).content)
        await pilot.press("backspace")
        await app.workers.wait_for_complete()
        assert article_title(app).startswith("Jembatan Alalak Baru Dibuka")
        await pilot.press("backspace")
        assert isinstance(app.screen, MainScreen)


async def test_l_lists_the_links_and_enter_follows_one(demo_reader):
    app = demo_reader
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("j", "j", "j", "j", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        await pilot.press("l")
        assert isinstance(app.screen, LinksScreen)
        assert [link.title for link in app.screen.links][:1] == [
            "Pasar Terapung Lok Baintan – Pedagang Keluhkan Air Pasang"
        ]
        await pilot.press("j", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert isinstance(app.screen, ArticleScreen)
        assert article_title(app) == "Bandara Syamsudin Noor Buka Rute Baru Banjarbaru–Pontianak"


async def test_clicking_a_link_in_the_body_opens_it_inside_the_app(demo_reader):
    app = demo_reader
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.press("j", "j", "j", "j", "enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        body = app.screen.query_one("#body", Static)
        target = "Pasar Terapung Lok Baintan"
        lines = shown_lines(body)
        row = next(i for i, line in enumerate(lines) if target in line)
        column = lines[row].index(target)
        await pilot.click("#body", offset=(column + 2, row))
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert article_title(app) == "Pasar Terapung Lok Baintan – Pedagang Keluhkan Air Pasang"
        await pilot.press("b")
        assert article_title(app).startswith("Jembatan Alalak Baru Dibuka")


async def test_rows_stay_one_line_when_a_region_change_brings_a_scrollbar(demo_reader):
    app = demo_reader
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("tab", "j", "j")
        await pilot.pause()
        headlines = app.screen.query_one(HeadlineList)
        assert app.screen.sub_title == "Kalimantan Selatan"
        assert headlines.max_scroll_y > 0  # 20 stories in 19 rows: the scrollbar shows
        width = headlines.scrollable_content_region.width
        assert all(cell_len(str(option.prompt)) <= width for option in headlines.options)
        assert headlines.virtual_size.height == len(headlines.options)


async def test_keys_typed_right_after_q_start_no_screen_during_shutdown(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        app.exit()
        main = app.screen
        main.action_search()  # "/" still queued behind "q"
        main.action_open()  # and "enter"
        await pilot.pause()
        assert app.screen is main
    assert app.return_code == 0


async def test_the_app_keeps_its_start_up_out_of_the_collectors_way_and_then_restores_it(
    reader_app,
):
    found = gc.get_threshold()
    app = await reader_app()
    async with app.run_test() as pilot:
        await pilot.pause(SETTLE_AFTER)
        waited = time.monotonic()
        while not gc.get_freeze_count() and time.monotonic() - waited < 5:
            await pilot.pause(0.05)
        assert gc.get_freeze_count() > 0  # what start-up built is no longer rescanned
        assert gc.get_threshold()[0] > found[0]
    assert gc.get_freeze_count() == 0
    assert gc.get_threshold() == found


async def test_stories_are_listed_while_a_slow_feed_still_holds_the_refresh(service_for):
    kalsel = fixture_feeds()[0]
    with socket.socket() as silent:  # accepts the connection, never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        slow = FeedConfig(f"http://127.0.0.1:{silent.getsockname()[1]}/feed.xml", region="World")
        service = service_for(make_config(slow, kalsel, timeout=5, prefetch_articles=False))
        app = HabariApp(service, now=lambda: NOW)
        async with app.run_test(size=(100, 30)) as pilot:
            assert rows(app) == ["No stories here yet. Press r to refresh."]
            await pilot.press("r")
            started = time.monotonic()
            while rows(app)[0].startswith("No stories") and time.monotonic() - started < 4:
                await pilot.pause(0.1)
            assert app.refreshing  # the silent feed is still being waited for
            assert len(rows(app)) == 2 and "Dermaga baru" in rows(app)[0]
            await pilot.press("j")
            assert app.screen.query_one(HeadlineList).highlighted == 1


async def test_a_refresh_of_many_feeds_in_the_tui_stores_them_all(service_for, tmp_path):
    # Enough feeds (all never read) for the refresh to want worker processes from the start,
    # which the TUI's captured output cannot start: the feeds are then parsed in threads.
    source = Path(fixture_feeds()[0].url).read_bytes()
    feeds = []
    for n in range(40):
        copy = tmp_path / f"feed{n}.xml"
        copy.write_bytes(source)
        feeds.append(FeedConfig(str(copy), region="Kalimantan Selatan"))
    service = service_for(make_config(*feeds, prefetch_articles=False))
    app = HabariApp(service, now=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.status_text == "Refreshed 40/40 feeds, 80 new stories."
        assert service.store.count() == 80
