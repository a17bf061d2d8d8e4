"""Notifications: said once, clear of the status line and the footer, never over `?`; `o`
without a browser says so."""

from __future__ import annotations

import webbrowser

import pytest
from textual.widgets import Footer
from textual.widgets._toast import Toast

from habari_tui.ui.app import NO_BROWSER
from habari_tui.ui.screens.help import HelpScreen
from habari_tui.ui.widgets.status_line import StatusLine


def toasts(app) -> list[Toast]:
    return [toast for toast in app.screen.query(Toast) if toast.region.area]


def messages(app) -> list[str]:
    return [str(toast.render()) for toast in toasts(app)]


async def test_a_notice_repeated_by_the_same_key_is_shown_once(demo_reader):
    app = demo_reader
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("r", "r", "r")  # the demo is offline
        await pilot.pause(0.2)
        shown = messages(app)
        assert len(shown) == 1 and "Offline" in shown[0]


async def test_notifications_leave_the_status_line_and_the_footer_readable(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("H")  # "Showing unread stories only."
        await pilot.pause(0.2)
        status = app.screen.query_one(StatusLine).region
        footer = app.screen.query_one(Footer).region
        assert toasts(app)
        for toast in toasts(app):
            assert not toast.region.overlaps(status) and not toast.region.overlaps(footer)


async def test_help_at_40_by_12_is_not_covered_by_a_notification(reader_app):
    app = await reader_app()
    async with app.run_test(size=(40, 12), notifications=True) as pilot:
        await pilot.press("H")
        await pilot.pause(0.2)
        assert toasts(app)
        await pilot.press("question_mark")
        await pilot.pause(0.2)
        assert isinstance(app.screen, HelpScreen)
        box = app.screen.query_one("VerticalScroll").region
        assert box.height >= 5
        assert not any(toast.region.overlaps(box) for toast in toasts(app))


@pytest.fixture
def no_browser_here(monkeypatch):
    def none_found(using=None):
        raise webbrowser.Error("could not locate runnable browser")

    opened: list[str] = []

    def open_nothing(url: str, *args: object, **kwargs: object) -> bool:
        opened.append(url)
        return False

    monkeypatch.setattr(webbrowser, "get", none_found)
    monkeypatch.setattr(webbrowser, "open", open_nothing)
    return opened


async def test_o_without_a_browser_says_so_and_offers_to_copy(demo_reader, no_browser_here):
    app = demo_reader
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        shown = messages(app)
        assert any(NO_BROWSER in m for m in shown)
        assert "Press c to copy" in NO_BROWSER
        assert not any(m.startswith("Opening") for m in shown)
        assert no_browser_here == []
