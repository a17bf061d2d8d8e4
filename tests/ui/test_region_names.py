"""Region names in the side list: whatever a region is called, the TUI starts and every
region is reachable with the keys."""

from __future__ import annotations

from habari_tui.config import load_config
from habari_tui.ui.app import HabariApp
from habari_tui.ui.widgets.headline_list import HeadlineList
from habari_tui.ui.widgets.region_list import RegionList

from ..conftest import FIXTURES, NOW


def side_list(app) -> list[str]:
    return [r.name for r in app.screen.query_one(RegionList).regions]


def headline_regions(app) -> set[str]:
    return {a.region for a in app.screen.query_one(HeadlineList).articles}


async def test_a_region_written_other_in_any_casing_is_the_other_region(tmp_path, service_for):
    folder = FIXTURES / "refresh"
    config_file = tmp_path / "config.toml"
    config_file.write_text(
        f'[[feed]]\nurl = "{folder / "kalsel.xml"}"\nregion = "OTHER"\n\n'
        f'[[feed]]\nurl = "{folder / "nasional.json"}"\nregion = "Indonesia"\n',
        encoding="utf-8",
    )
    service = service_for(load_config(config_file))
    await service.refresh()
    app = HabariApp(service, now=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert side_list(app) == ["All", "Starred", "Indonesia", "Other"]
        await pilot.press("tab", "down", "down", "down")
        await pilot.pause()
        assert headline_regions(app) == {"Other"}


async def test_a_stored_region_called_like_a_side_list_entry_does_not_break_the_list(
    reader_app,
):
    # A feed server's category, or a cache written before such names were refused.
    app = await reader_app()
    with app.service.store._transaction() as db:
        db.execute("UPDATE articles SET region = 'Starred' WHERE region = 'World'")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert side_list(app).count("Starred") == 2
        await pilot.press("tab", *["down"] * 4)  # to the last entry
        await pilot.pause()
        assert app.screen.query_one(RegionList).highlighted == 4
        assert app.is_running
