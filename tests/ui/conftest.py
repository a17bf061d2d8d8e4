"""Apps over a temp cache filled from fixture feeds (file paths, so no server is needed)."""

from __future__ import annotations

import pytest
from textual.widgets import Input

from habari_tui.cli import DEMO_NOTICE
from habari_tui.config import FeedConfig
from habari_tui.service import Service
from habari_tui.ui.app import HabariApp

from ..conftest import FIXTURES, NOW, make_config, until


def fixture_feeds() -> list[FeedConfig]:
    folder = FIXTURES / "refresh"
    return [
        FeedConfig(str(folder / "kalsel.xml"), region="Kalimantan Selatan"),
        FeedConfig(str(folder / "nasional.json"), region="Indonesia"),
        FeedConfig(str(folder / "markup.xml"), region="World"),
    ]


@pytest.fixture(autouse=True)
def english_ages(monkeypatch):
    """Headline ages follow the user's locale; the screens under test are read in English."""
    for name in ("LC_ALL", "LC_TIME"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("LANG", "en_US.UTF-8")


@pytest.fixture
def reader_app(service_for):
    """A HabariApp over the three fixture feeds, refreshed once, with the clock fixed."""

    async def build(**kwargs) -> HabariApp:
        service = service_for(make_config(*fixture_feeds()))
        await service.refresh()
        return HabariApp(service, now=lambda: NOW, **kwargs)

    return build


@pytest.fixture
async def demo_reader(tmp_path):
    """The app as `habari-tui --demo` starts it, over the bundled set, at a fixed clock."""
    service = await Service.demo(tmp_path, now=NOW.timestamp)
    yield HabariApp(service, now=lambda: NOW, notice=DEMO_NOTICE, demo=True)
    service.close()


async def search_settled(pilot) -> None:
    """Until the search screen shows the results of the text in its box."""
    screen = pilot.app.screen
    box = screen.query_one(Input)
    await until(pilot, lambda: screen.query_text == box.value, "the search")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
