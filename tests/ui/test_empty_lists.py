"""An empty list says why it is empty, and offers `r` only where a refresh can help."""

from __future__ import annotations

from pathlib import Path

from habari_tui.config import FeedConfig
from habari_tui.ui.app import HabariApp
from habari_tui.ui.widgets.headline_list import HeadlineList
from habari_tui.ui.widgets.region_list import RegionList

from ..conftest import NOW, make_config, until
from .conftest import fixture_feeds

EMPTY_RSS = b"""<?xml version="1.0"?>
<rss version="2.0"><channel><title>Sepi</title><link>https://sepi.example/</link>
</channel></rss>
"""


def shown(app) -> list[str]:
    return [str(option.prompt) for option in app.screen.query_one(HeadlineList).options]


async def choose_region(pilot, name: str) -> None:
    regions = pilot.app.screen.query_one(RegionList)
    regions.focus()
    regions.highlighted = [r.name for r in regions.regions].index(name)
    await pilot.app.workers.wait_for_complete()  # its headlines are read off the event loop
    await pilot.pause()


async def test_starred_with_nothing_starred_says_how_to_star_in_the_demo(demo_reader):
    app = demo_reader
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.press("tab", "j")  # "Starred"
        await pilot.pause()
        assert app.screen.sub_title == "Starred"
        assert shown(app) == ["No story is starred. s stars the highlighted story."]


async def test_offline_with_nothing_cached_does_not_offer_a_refresh(service_for):
    service = service_for(make_config(*fixture_feeds()), offline=True)
    app = HabariApp(service, now=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert shown(app) == ["Nothing from these feeds is in the cache, and the app is offline."]


async def test_never_refreshed_online_offers_r(service_for):
    app = HabariApp(service_for(make_config(*fixture_feeds())), now=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert shown(app) == ["No stories here yet. Press r to refresh."]


async def test_a_region_whose_stories_are_all_read_and_hidden_says_so(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await choose_region(pilot, "Kalimantan Selatan")
        await pilot.press("enter", "A", "H")
        hidden = ["All 3 stories here are read. H shows them."]
        await until(pilot, lambda: shown(app) == hidden, "the read stories hidden")
        await choose_region(pilot, "Indonesia")
        assert len(shown(app)) == 1 and "BMKG" in shown(app)[0]  # unread: still listed
        await pilot.press("enter", "A")
        hidden = ["The one story here is read. H shows it."]
        await until(pilot, lambda: shown(app) == hidden, "the read story hidden")


async def test_a_region_of_keywords_with_no_story_yet_says_which_words_bring_them(service_for):
    world = [feed for feed in fixture_feeds() if feed.region == "World"]
    service = service_for(make_config(*world))
    await service.refresh()
    app = HabariApp(service, now=lambda: NOW)
    async with app.run_test(size=(120, 30)) as pilot:
        await choose_region(pilot, "Kalimantan Selatan")
        assert shown(app) == [
            "No story has mentioned Banjarmasin, Banjarbaru, Balangan, … yet,"
            " and no feed is listed in this region."
        ]


async def test_a_region_whose_feed_had_no_stories_says_so(service_for, tmp_path: Path):
    quiet = tmp_path / "sepi.xml"
    quiet.write_bytes(EMPTY_RSS)
    feeds = [*fixture_feeds(), FeedConfig(str(quiet), region="Sepi")]
    service = service_for(make_config(*feeds))
    await service.refresh()
    app = HabariApp(service, now=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await choose_region(pilot, "Sepi")
        assert shown(app) == ["These feeds had no stories when they were last read."]


async def test_a_region_whose_feed_could_not_be_read_says_why(service_for, tmp_path: Path):
    missing = tmp_path / "gone.xml"
    feeds = [*fixture_feeds(), FeedConfig(str(missing), region="Hilang")]
    service = service_for(make_config(*feeds))
    await service.refresh()
    app = HabariApp(service, now=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await choose_region(pilot, "Hilang")
        [line] = shown(app)
        assert line.startswith("These feeds could not be read: ") and line.endswith(
            "r tries again."
        )
        assert "gone.xml" in line or "No such file" in line
