"""The key footer is drawn again on every change of screen; the keys it drew before must not
stay alive (each one left behind is found and walked again by the garbage collector)."""

from __future__ import annotations

import gc

from textual.widgets._footer import FooterKey

from habari_tui.ui.screens.article import ArticleScreen
from habari_tui.ui.screens.main import MainScreen

from ..conftest import until


def live_footer_keys() -> int:
    gc.collect()
    return sum(1 for obj in gc.get_objects() if isinstance(obj, FooterKey))


async def test_opening_and_closing_stories_leaves_no_dead_footer_keys_alive(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:

        async def open_and_close() -> None:
            await pilot.press("enter")
            await until(pilot, lambda: isinstance(app.screen, ArticleScreen), "opening")
            await pilot.pause()
            await pilot.press("escape")
            await until(pilot, lambda: isinstance(app.screen, MainScreen), "closing")
            await pilot.pause()

        for _ in range(3):
            await open_and_close()
        settled = live_footer_keys()
        for _ in range(15):
            await open_and_close()
        # The two screens' footers hold a score of keys between them; what was drawn before
        # and taken down is gone (before the fix each round left about thirty behind).
        assert live_footer_keys() <= settled + 5
