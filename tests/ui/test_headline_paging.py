"""The headline list reads the cache a page at a time, never the whole of it."""

from __future__ import annotations

from datetime import timedelta

from textual.app import App, ComposeResult

from habari_tui.config import FeedConfig
from habari_tui.models import Article, ParsedEntry
from habari_tui.store import EntryToSave
from habari_tui.ui.app import HabariApp
from habari_tui.ui.widgets.headline_list import PAGE_SIZE, HeadlineList

from ..conftest import NOW, make_config


def _article(n: int) -> Article:
    return Article(
        id=n + 1,
        feed_id=1,
        feed_title="Kabar",
        region="Kalimantan Selatan",
        title=f"Berita nomor {n}",
        url=f"https://kabar.example/{n}/",
        guid=None,
        summary="",
        published=NOW - timedelta(minutes=n),
    )


CACHE = [_article(n) for n in range(PAGE_SIZE * 3 + 17)]


class _ListApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.reads: list[int] = []

    def compose(self) -> ComposeResult:
        yield HeadlineList(now=lambda: NOW)

    def on_mount(self) -> None:
        self.query_one(HeadlineList).show_articles(CACHE[:PAGE_SIZE], more=self._more)

    def _more(self, last: Article) -> list[Article]:
        offset = CACHE.index(last) + 1
        self.reads.append(offset)
        return CACHE[offset : offset + PAGE_SIZE]


async def test_only_the_first_page_is_read_until_the_cursor_nears_its_end():
    app = _ListApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        headlines = app.query_one(HeadlineList)
        assert len(headlines.articles) == PAGE_SIZE and app.reads == []
        await pilot.press("end")
        await pilot.pause()
        assert app.reads == [PAGE_SIZE] and len(headlines.articles) == 2 * PAGE_SIZE


async def test_moving_down_reads_page_after_page_until_the_last():
    app = _ListApp()
    async with app.run_test(size=(100, 30)) as pilot:
        headlines = app.query_one(HeadlineList)
        for _ in range(5):
            await pilot.press("end")
            await pilot.pause()
        assert [a.id for a in headlines.articles] == [a.id for a in CACHE]
        assert headlines.current == CACHE[-1]
        assert app.reads == [PAGE_SIZE, 2 * PAGE_SIZE, 3 * PAGE_SIZE]


def _kabar(service_for):
    """A service over one feed, and a way to store its stories by number (higher is newer)."""
    service = service_for(
        make_config(FeedConfig("/nowhere/kabar.xml", region="Kalimantan Selatan"))
    )
    feed = service.store.feeds()[0].id

    def store_stories(numbers: range) -> None:
        entries = [
            EntryToSave(
                ParsedEntry(
                    title=f"Berita nomor {n}",
                    guid=f"kabar-{n}",
                    url=f"https://kabar.example/{n}/",
                    summary="Ringkasan.",
                    published=NOW - timedelta(minutes=1000 - n),
                ),
                "Kalimantan Selatan",
            )
            for n in numbers
        ]
        service.store.save_feed(feed, title="Kabar", etag=None, last_modified=None, entries=entries)

    return service, store_stories


async def test_coming_back_from_a_story_deep_in_the_list_keeps_the_place(service_for):
    service, store_stories = _kabar(service_for)
    store_stories(range(PAGE_SIZE * 2 + 30))
    app = HabariApp(service, now=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        headlines = app.screen.query_one(HeadlineList)
        for _ in range(3):  # well into the third page
            await pilot.press("end")
            await pilot.pause()
        await pilot.press("up", "up")
        wanted = headlines.current
        assert wanted is not None
        assert headlines.highlighted is not None and headlines.highlighted > PAGE_SIZE
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.press("q")
        await pilot.pause()
        back = app.screen.query_one(HeadlineList).current
        assert back is not None and back.id == wanted.id


async def test_stories_added_while_paging_down_neither_repeat_nor_end_the_app(service_for):
    service, store_stories = _kabar(service_for)
    store_stories(range(0, PAGE_SIZE * 2))
    app = HabariApp(service, now=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        store_stories(range(PAGE_SIZE * 2, PAGE_SIZE * 2 + 25))  # a refresh brings 25 newer
        for _ in range(3):
            await pilot.press("end")
            await pilot.pause()
        shown = [a.id for a in app.screen.query_one(HeadlineList).articles]
        assert len(shown) == len(set(shown)) == PAGE_SIZE * 2  # the older ones, each once
