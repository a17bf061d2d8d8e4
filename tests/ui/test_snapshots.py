"""Snapshots of the main screens on the bundled demo data, at a fixed clock."""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widgets import Static

from .conftest import search_settled


async def settle(pilot: Pilot) -> None:
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_main_screen(snap_compare, demo_reader):
    assert snap_compare(demo_reader, terminal_size=(100, 30))


def test_main_screen_at_80_by_24(snap_compare, demo_reader):
    assert snap_compare(demo_reader, terminal_size=(80, 24))


def test_article_screen_with_caption_place_and_related_reading(snap_compare, demo_reader):
    async def open_jembatan(pilot: Pilot) -> None:
        await pilot.press("j", "j", "j", "j", "enter")
        await settle(pilot)
        title = str(pilot.app.screen.query_one("#title", Static).content)
        assert title.startswith("Jembatan Alalak Baru Dibuka")

    assert snap_compare(demo_reader, terminal_size=(100, 40), run_before=open_jembatan)


def test_help_screen(snap_compare, demo_reader):
    assert snap_compare(demo_reader, terminal_size=(100, 30), press=["question_mark"])


def test_search_results(snap_compare, demo_reader):
    async def search_banjir(pilot: Pilot) -> None:
        await pilot.press("slash", *"banjir")
        await search_settled(pilot)

    assert snap_compare(demo_reader, terminal_size=(100, 30), run_before=search_banjir)
