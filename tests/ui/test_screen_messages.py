"""Screens tell the app what happened with messages; any app that handles them can host them."""

from __future__ import annotations

from textual.app import App
from textual.message import Message

from habari_tui.service import Service
from habari_tui.ui.messages import CopyLink, OpenLink, OpenStory
from habari_tui.ui.screens.article import ArticleScreen
from habari_tui.ui.screens.main import MainScreen
from habari_tui.ui.widgets.headline_list import HeadlineList

from ..conftest import NOW


class Listener(App[None]):
    """Not the habari app: it only notes what its screens tell it."""

    def __init__(self, service: Service, first: str) -> None:
        super().__init__()
        self.service = service
        self.first = first
        self.heard: list[Message] = []

    def on_mount(self) -> None:
        if self.first == "main":
            self.push_screen(MainScreen(self.service, now=lambda: NOW))
        else:
            story = self.service.headlines(limit=1)[0]
            self.push_screen(ArticleScreen(self.service, story, region=None))

    def on_open_story(self, message: OpenStory) -> None:
        self.heard.append(message)

    def on_open_link(self, message: OpenLink) -> None:
        self.heard.append(message)

    def on_copy_link(self, message: CopyLink) -> None:
        self.heard.append(message)


async def test_the_main_screen_asks_for_a_story_a_browser_and_a_copy_by_message(tmp_path):
    service = await Service.demo(tmp_path, now=NOW.timestamp)
    app = Listener(service, "main")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        story = app.screen.query_one(HeadlineList).current
        assert story is not None
        await pilot.press("enter", "o", "c")
        await pilot.pause()
        opened, browsed, copied = app.heard
        assert isinstance(opened, OpenStory) and opened.article == story
        assert opened.region == "All" and opened.stories is None
        assert isinstance(browsed, OpenLink) and browsed.url == story.url
        assert isinstance(copied, CopyLink) and copied.url == story.url
    service.close()


async def test_the_article_screen_asks_for_a_browser_and_a_copy_by_message(tmp_path):
    service = await Service.demo(tmp_path, now=NOW.timestamp)
    app = Listener(service, "article")
    async with app.run_test(size=(100, 30)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.press("o", "c")
        await pilot.pause()
        url = service.headlines(limit=1)[0].url
        assert [type(m) for m in app.heard] == [OpenLink, CopyLink]
        assert all(getattr(m, "url", None) == url for m in app.heard)
    service.close()
