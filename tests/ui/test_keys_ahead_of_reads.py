"""Keys pressed faster than the cache is read: the reads run off the event loop, and what they
find is shown only where the reader still is, on the story the keys pressed so far lead to."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

from textual.widgets import Static

from habari_tui.config import FeedConfig
from habari_tui.ui.app import HabariApp
from habari_tui.ui.screens.article import ArticleScreen
from habari_tui.ui.screens.main import MainScreen
from habari_tui.ui.screens.search import SearchResults, SearchScreen
from habari_tui.ui.widgets.headline_list import HeadlineList

from ..conftest import NOW, make_config, until


@contextmanager
def reads_held(source: object, *names: str, done: bool = False) -> Iterator[threading.Event]:
    """The `names` (reads) of the service or the store wait, when called off the event loop's
    thread, until the block ends or the event yielded is set: the reads come back later than
    the keys. With `done`, each read is made first and its answer held back."""
    release = threading.Event()
    loop_thread = threading.get_ident()
    originals: dict[str, Any] = {}

    def held(read: Any) -> Any:
        def wait_then_read(*args: Any, **kwargs: Any) -> Any:
            if threading.get_ident() == loop_thread:
                return read(*args, **kwargs)
            answer = read(*args, **kwargs) if done else None
            assert release.wait(10), "the reads were never let go"
            return answer if done else read(*args, **kwargs)

        return wait_then_read

    for name in names:
        originals[name] = getattr(source, name)
        setattr(source, name, held(originals[name]))
    try:
        yield release
    finally:
        release.set()
        for name in names:
            delattr(source, name)


def long_feed(folder: Path, stories: int) -> FeedConfig:
    """An RSS file of `stories` stories, a minute apart, newest first."""
    items = []
    for n in range(stories):
        published = format_datetime(NOW - timedelta(hours=1, minutes=n))
        items.append(
            f"<item><title>Berita nomor {n}</title>"
            f"<link>https://kabar.example/{n}/</link><guid>kabar-{n}</guid>"
            f"<pubDate>{published}</pubDate><description>Isi berita {n}.</description></item>"
        )
    path = folder / "long.xml"
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel>'
        f"<title>Kabar</title><link>https://kabar.example/</link>{''.join(items)}"
        "</channel></rss>",
        encoding="utf-8",
    )
    return FeedConfig(str(path), region="Kalimantan Selatan")


def headlines(app: HabariApp) -> HeadlineList:
    return app.screen.query_one(HeadlineList)


def current_title(app: HabariApp) -> str:
    story = headlines(app).current
    return story.title if story is not None else ""


def article_title(app: HabariApp) -> str:
    return str(app.screen.query_one("#title", Static).content)


def list_titles(app: HabariApp) -> list[str]:
    return [story.title for story in headlines(app).articles]


async def story_shown(pilot: Any, title: str) -> None:
    app = pilot.app
    await until(
        pilot,
        lambda: isinstance(app.screen, ArticleScreen) and article_title(app) == title,
        f"the story {title!r} shown",
    )


async def back_on_the_list(pilot: Any) -> None:
    app = pilot.app
    await until(pilot, lambda: isinstance(app.screen, MainScreen), "the list shown again")
    await app.workers.wait_for_complete()
    await pilot.pause()


async def test_back_from_a_story_reached_with_n_the_list_is_on_that_story(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert current_title(app).startswith("Dermaga baru")
        await pilot.press("enter", "n")
        assert article_title(app).startswith("Bandara di Banjarbaru")
        await pilot.press("q")
        await back_on_the_list(pilot)
        assert current_title(app).startswith("Bandara di Banjarbaru")


async def test_a_list_read_begun_while_another_is_on_its_way_keeps_the_story(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        with reads_held(app.service, "headlines"):
            await pilot.press("enter", "n", "q")
            main = app.screen
            assert isinstance(main, MainScreen)
            main.show_new_stories(finished=True)  # as a refresh does when its feeds are done
            await pilot.pause()
        await back_on_the_list(pilot)
        assert current_title(app).startswith("Bandara di Banjarbaru")


async def test_a_key_pressed_before_the_list_is_read_again_wins(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        with reads_held(app.service, "headlines"):
            await pilot.press("enter", "n", "n", "q")  # the list was left on the first story
            await pilot.press("j")  # the reader moves on before the list is read again
            await pilot.pause()
            moved_to = current_title(app)
        await back_on_the_list(pilot)
        assert current_title(app) == moved_to
        assert headlines(app).highlighted == 1


async def test_back_on_a_long_list_it_stays_scrolled_where_it_was(service_for, tmp_path):
    service = service_for(make_config(long_feed(tmp_path, 150)))
    await service.refresh()
    app = HabariApp(service, now=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press(*["j"] * 60, *["k"] * 5)  # the cursor a few rows above the bottom
        await pilot.pause()
        before_scroll, before_row = headlines(app).scroll_y, headlines(app).highlighted
        story = headlines(app).current
        assert story is not None and not story.read and before_scroll > 0
        assert before_row is not None
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ArticleScreen), "the story")
        await pilot.press("q")
        await back_on_the_list(pilot)
        assert headlines(app).highlighted == before_row
        assert headlines(app).scroll_y == before_scroll
        shown = headlines(app).current
        assert shown is not None and shown.id == story.id and shown.read
        assert str(headlines(app).options[before_row].prompt).startswith(" ")  # read now


async def test_n_pressed_three_times_before_the_reads_return_goes_three_stories_on(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        titles = list_titles(app)
        with reads_held(app.service, "adjacent"):
            await pilot.press("enter", "n", "n", "n")
            await pilot.pause()
            assert article_title(app) == titles[0]  # the keys wait for the reads
        await story_shown(pilot, titles[3])
        for title in (titles[2], titles[1], titles[0]):  # and the way back is each of them
            await pilot.press("b")
            await story_shown(pilot, title)


async def test_q_pressed_before_the_next_story_is_read_closes_on_that_story(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        titles = list_titles(app)
        with reads_held(app.service, "adjacent"):
            await pilot.press("enter", "n", "q")
            await pilot.pause()
            assert isinstance(app.screen, ArticleScreen)  # q waits for n to land
        await back_on_the_list(pilot)
        assert current_title(app) == titles[1]


async def test_m_pressed_before_the_next_story_is_read_marks_that_story(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        first, second = headlines(app).articles[:2]
        assert not first.read and not second.read
        with reads_held(app.service, "adjacent"):
            await pilot.press("enter", "n", "m")
            await pilot.pause()
        await story_shown(pilot, second.title)
        await app.workers.wait_for_complete()
        await until(pilot, lambda: app.service.article(first.id).read, "the first marked read")
        assert not app.service.article(second.id).read  # opened, then m: unread again


async def test_capital_n_pressed_twice_on_the_list_before_the_read_returns(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        titles = list_titles(app)  # all unread: N from the first goes to the second
        with reads_held(app.service, "next_unread"):
            await pilot.press("N", "N")
            await pilot.pause()
            assert isinstance(app.screen, MainScreen)
        await story_shown(pilot, titles[2])  # the second N was taken from the story opened
        await pilot.press("b")
        await story_shown(pilot, titles[1])


async def test_a_mark_made_while_the_list_is_read_again_is_not_undone_by_the_read(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        story = headlines(app).current
        assert story is not None and not story.starred
        with reads_held(app.service, "headlines", done=True):
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, ArticleScreen), "the story")
            await pilot.press("q")
            await until(pilot, lambda: isinstance(app.screen, MainScreen), "the list")
            await pilot.press("s")  # starred after the list was read, before it is shown
            await pilot.pause()
            assert "★" in str(headlines(app).options[0].prompt)
        await back_on_the_list(pilot)
        shown = headlines(app).current
        assert shown is not None and shown.id == story.id and shown.starred and shown.read
        assert "★" in str(headlines(app).options[0].prompt)
        assert app.service.article(story.id).starred


async def test_back_from_a_search_result_the_results_show_it_read_where_the_cursor_is(
    reader_app,
):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("slash", *"di")
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        results = screen.query_one(SearchResults)
        await until(pilot, lambda: len(results.articles) >= 2, "the results")
        assert str(results.options[0].prompt).startswith("●")
        with reads_held(app.service, "article"):
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, ArticleScreen), "the story")
            await pilot.press("q")
            await until(pilot, lambda: app.screen is screen, "the results")
            await pilot.press("j")  # the reader moves on before the results are read again
            await pilot.pause()
            assert results.highlighted == 1
        await until(pilot, lambda: str(results.options[0].prompt).startswith(" "), "read")
        assert results.highlighted == 1


async def test_regions_chosen_faster_than_their_headlines_are_read_show_the_last(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        everything = list_titles(app)
        with reads_held(app.service, "headlines"):
            await pilot.press("tab", "j", "j", "j")  # Starred, Kalimantan Selatan, Indonesia
            await pilot.pause()
            assert list_titles(app) == everything  # the keys did not wait for the reads
        await until(pilot, lambda: app.screen.sub_title == "Indonesia", "Indonesia listed")
        await app.workers.wait_for_complete()
        assert {story.region for story in headlines(app).articles} == {"Indonesia"}
