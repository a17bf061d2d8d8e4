"""`m`, `s`, `A` and `u` while another process holds the cache for writing (as a refresh's
transaction does): the key is answered at once, and the mark reaches the cache once the
transaction ends, in the order the keys were pressed."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from habari_tui.models import Article
from habari_tui.ui.screens.article import ArticleScreen
from habari_tui.ui.screens.main import MainScreen
from habari_tui.ui.widgets.headline_list import HeadlineList

from ..conftest import until


@contextmanager
def held_for_writing(cache: Path) -> Iterator[None]:
    """Another connection in a write transaction until the block ends, then committed."""
    writer = sqlite3.connect(cache, isolation_level=None)
    try:
        writer.execute("BEGIN IMMEDIATE")
        writer.execute("UPDATE feeds SET last_error = NULL")
        yield
    finally:
        writer.execute("COMMIT")
        writer.close()


def unread(story: Article | None) -> bool:
    return story is not None and not story.read


def headlines(app) -> HeadlineList:
    return app.screen.query_one(HeadlineList)


async def test_m_and_s_answer_at_once_and_land_in_order_once_the_writer_is_done(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        story = headlines(app).current
        assert story is not None and not story.read and not story.starred
        with held_for_writing(app.service.store.path):
            await pilot.press("m", "m", "m", "s")
            shown = headlines(app).current
            assert shown is not None and shown.id == story.id
            assert shown.read and shown.starred  # the row shows both marks at once
            assert "★" in str(headlines(app).options[0].prompt)
            await pilot.press("j")  # and the next key is answered too
            assert headlines(app).highlighted == 1
            kept = app.service.article(story.id)
            assert not kept.read and not kept.starred  # nothing written yet
        await until(pilot, lambda: app.service.article(story.id).starred, "the marks landing")
        await app.workers.wait_for_complete()
        assert app.service.article(story.id).read  # m, m, m: read, as the third left it


async def test_m_in_a_story_and_closing_it_while_the_cache_is_held(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        story = headlines(app).current
        assert story is not None
        with held_for_writing(app.service.store.path):
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, ArticleScreen), "opening")
            await pilot.press("m")  # opened marks it read; m makes it unread again
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, MainScreen), "closing")
        await until(pilot, lambda: unread(headlines(app).current), "the list read again")
        await app.workers.wait_for_complete()
        assert not app.service.article(story.id).read


async def test_capital_a_and_u_wait_for_the_writer_without_stopping_the_keys(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        unread = app.service.store.count(None, unread_only=True)
        assert unread > 1
        with held_for_writing(app.service.store.path):
            await pilot.press("A")
            await pilot.press("j")  # answered while the region waits to be marked
            assert headlines(app).highlighted == 1
            assert app.service.store.count(None, unread_only=True) == unread
        await until(
            pilot, lambda: all(a.read for a in headlines(app).articles), "the list all read"
        )
        assert app.service.store.count(None, unread_only=True) == 0
        with held_for_writing(app.service.store.path):
            await pilot.press("u")
            await pilot.press("k")
            assert headlines(app).highlighted == 0
        await until(
            pilot, lambda: not any(a.read for a in headlines(app).articles), "the list unread"
        )
        assert app.service.store.count(None, unread_only=True) == unread
