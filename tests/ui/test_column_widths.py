"""The title gets the room: the feed column narrows or goes as the terminal narrows, the region
pane is as wide as its names, and a wide terminal widens what is shown."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from rich.cells import cell_len

from habari_tui.config import FeedConfig
from habari_tui.ui.app import HabariApp
from habari_tui.ui.widgets.headline_list import (
    MARKS_WIDTH,
    TITLE_ROOM,
    HeadlineList,
    feed_width,
)
from habari_tui.ui.widgets.region_list import RegionList

from ..conftest import NOW, make_config

BALANGAN = "Balangan Komitmen Wujudkan Universal Coverage Jamsostek"
FEED = f"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Kabar Idaman</title><link>https://idaman.example/</link>
<item><title>{BALANGAN}</title><link>https://idaman.example/balangan</link>
<guid>balangan-1</guid><pubDate>Thu, 26 Nov 2026 08:00:00 +0000</pubDate></item>
<item><title>Pasar Paringin ramai</title><link>https://idaman.example/pasar</link>
<guid>pasar-1</guid><pubDate>Thu, 26 Nov 2026 07:00:00 +0000</pubDate></item>
</channel></rss>
"""


def rows(app) -> list[str]:
    return [str(option.prompt) for option in app.screen.query_one(HeadlineList).options]


def row_of(app, start: str) -> str:
    return next(row for row in rows(app) if start in row)


async def short_named_app(service_for, tmp_path: Path) -> HabariApp:
    feed = tmp_path / "idaman.xml"
    feed.write_text(FEED, encoding="utf-8")
    config = replace(make_config(FeedConfig(str(feed), region="Kalsel")), region_rules=())
    service = service_for(config)
    await service.refresh()
    return HabariApp(service, now=lambda: NOW)


def test_the_feed_column_narrows_then_goes_so_the_title_keeps_its_room():
    assert feed_width(51) == 0  # 80 columns: the title takes it all
    assert feed_width(84) == 16
    assert feed_width(170) == 20  # 200 columns: the title takes the rest
    for width in range(20, 300):
        feed = feed_width(width)
        assert feed == 0 or width - MARKS_WIDTH - feed - 2 >= TITLE_ROOM
        assert feed == 0 or 10 <= feed <= 20


async def test_at_80_by_24_a_headline_gets_most_of_the_row(demo_reader):
    app = demo_reader
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        row = row_of(app, "Jadwal Pemadaman")
        title = row[MARKS_WIDTH:]
        assert title.startswith("Jadwal Pemadaman")  # no feed column in between
        assert cell_len(title) >= 40


async def test_at_100_columns_a_long_headline_is_shown_whole(service_for, tmp_path):
    app = await short_named_app(service_for, tmp_path)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        row = row_of(app, "Balangan")
        assert BALANGAN in row and "…" not in row
        assert "Kabar Idaman" in row  # with the feed's name still beside it


async def test_a_wider_terminal_gives_the_headlines_the_width(service_for, tmp_path):
    app = await short_named_app(service_for, tmp_path)
    async with app.run_test(size=(200, 30)) as pilot:
        await pilot.pause()
        headlines = app.screen.query_one(HeadlineList)
        assert headlines.region.width >= 200 - 16  # the regions' pane takes what "Starred" needs
        row = row_of(app, "Balangan")
        assert row.index(BALANGAN) - MARKS_WIDTH == 22  # a 20-cell feed column and two spaces


async def test_the_region_pane_is_as_wide_as_its_names(demo_reader):
    app = demo_reader
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        regions = app.screen.query_one(RegionList)
        names = [" ".join(str(option.prompt).split()) for option in regions.options]
        assert "Kalimantan Selatan 20" in names
        widest = max(cell_len(str(option.prompt)) for option in regions.options)
        assert regions.region.width == widest + 4  # the options' padding and the border
        await pilot.resize_terminal(200, 30)
        await pilot.pause()
        assert regions.region.width == widest + 4  # no wider at 200 columns
