"""Snapshots of the main screens on the bundled demo data, at a fixed clock."""

from __future__ import annotations

import asyncio

import pytest
from textual.pilot import Pilot

from habari_tui.demo import demo_config, demo_page_path
from habari_tui.service import Service
from habari_tui.store import Store
from habari_tui.ui.app import HabariApp

from ..conftest import NOW


@pytest.fixture
def demo_app(tmp_path):
    store = Store(tmp_path / "cache.db", now=NOW.timestamp)
    service = Service(demo_config(), store, local_pages=demo_page_path)
    asyncio.run(service.refresh())
    yield HabariApp(service, now=lambda: NOW)
    store.close()


async def settle(pilot: Pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_main_screen(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=(100, 30))


def test_main_screen_at_80_by_24(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=(80, 24))


def test_article_screen_with_caption_place_and_related_reading(snap_compare, demo_app):
    async def open_jembatan(pilot: Pilot) -> None:
        await pilot.press("j", "j", "j", "j", "enter")
        await settle(pilot)
        title = str(pilot.app.screen.query_one("#title").content)
        assert title.startswith("Jembatan Alalak Baru Dibuka")

    assert snap_compare(demo_app, terminal_size=(100, 40), run_before=open_jembatan)


def test_help_screen(snap_compare, demo_app):
    assert snap_compare(demo_app, terminal_size=(100, 30), press=["question_mark"])
