"""The headline list reads the cache a page at a time, never the whole of it."""

from __future__ import annotations

import threading
from datetime import timedelta

from textual.app import App, ComposeResult

from habari_tui.config import FeedConfig
from habari_tui.models import Article, ParsedEntry
from habari_tui.store import EntryToSave
from habari_tui.ui.app import HabariApp
from habari_tui.ui.widgets.headline_list import PAGE_AHEAD, PAGE_SIZE, HeadlineList

from ..conftest import NOW, make_config, until


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


class _CachePages:
    """CACHE a page at a time, noting which pages were read (by their first row's index)."""

    def __init__(self) -> None:
        self.reads: list[int] = []

    def _page(self, start: int) -> list[Article]:
        start = max(start, 0)
        self.reads.append(start)
        return CACHE[start : start + PAGE_SIZE]

    def first(self) -> list[Article]:
        return self._page(0)

    def after(self, article: Article) -> list[Article]:
        return self._page(CACHE.index(article) + 1)

    def before(self, article: Article) -> list[Article]:
        index = CACHE.index(article)
        start = max(index - PAGE_SIZE, 0)
        self.reads.append(start)
        return CACHE[start:index]

    def oldest(self) -> list[Article]:
        return self._page(len(CACHE) - PAGE_SIZE)


class _ListApp(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.pages = _CachePages()

    def compose(self) -> ComposeResult:
        yield HeadlineList(now=lambda: NOW)

    def on_mount(self) -> None:
        self.query_one(HeadlineList).show_articles(CACHE[:PAGE_SIZE], pages=self.pages)


async def test_only_the_first_page_is_read_until_the_cursor_nears_its_end():
    app = _ListApp()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        headlines = app.query_one(HeadlineList)
        assert len(headlines.articles) == PAGE_SIZE and app.pages.reads == []
        await pilot.press("pagedown", "pagedown")
        assert app.pages.reads == []
        headlines.highlighted = PAGE_SIZE - 41
        await pilot.press("j")
        await pilot.pause()
        assert app.pages.reads == [PAGE_SIZE] and len(headlines.articles) == 2 * PAGE_SIZE


async def test_moving_down_reads_page_after_page_until_the_last():
    app = _ListApp()
    async with app.run_test(size=(100, 30)) as pilot:
        headlines = app.query_one(HeadlineList)
        for _ in range(len(CACHE) // 20):
            await pilot.press("pagedown")
        await pilot.press("pagedown", "pagedown", "pagedown")
        await pilot.pause()
        assert [a.id for a in headlines.articles] == [a.id for a in CACHE]
        assert headlines.current == CACHE[-1]
        assert app.pages.reads == [PAGE_SIZE, 2 * PAGE_SIZE, 3 * PAGE_SIZE]


async def test_end_goes_to_the_oldest_story_at_once_reading_only_the_last_page():
    app = _ListApp()
    async with app.run_test(size=(100, 30)) as pilot:
        headlines = app.query_one(HeadlineList)
        await pilot.press("end")
        await pilot.pause()
        assert headlines.current == CACHE[-1]
        assert app.pages.reads == [len(CACHE) - PAGE_SIZE]
        assert len(headlines.articles) == PAGE_SIZE


async def test_moving_up_from_the_end_reads_the_pages_ahead_in_order():
    app = _ListApp()
    async with app.run_test(size=(100, 30)) as pilot:
        headlines = app.query_one(HeadlineList)
        await pilot.press("G")
        await pilot.pause()
        for _ in range(len(CACHE) // 20 + 5):
            await pilot.press("pageup")
        await pilot.pause()
        assert [a.id for a in headlines.articles] == [a.id for a in CACHE]
        assert headlines.current == CACHE[0]
        assert len(headlines.options) == len(CACHE)


async def test_the_cursor_stays_on_its_story_when_a_page_ahead_is_read():
    app = _ListApp()
    async with app.run_test(size=(100, 30)) as pilot:
        headlines = app.query_one(HeadlineList)
        await pilot.press("end")
        await pilot.pause()
        headlines.highlighted = PAGE_AHEAD
        await pilot.press("k")  # near the top of what is loaded: the page ahead is read
        await pilot.pause()
        assert len(headlines.articles) == 2 * PAGE_SIZE
        assert headlines.current == CACHE[len(CACHE) - PAGE_SIZE + PAGE_AHEAD - 1]
        row = headlines.highlighted - int(headlines.scroll_y)
        assert 0 <= row < headlines.scrollable_content_region.height  # and in view


async def test_home_after_end_comes_back_to_the_newest_story():
    app = _ListApp()
    async with app.run_test(size=(100, 30)) as pilot:
        headlines = app.query_one(HeadlineList)
        await pilot.press("end", "home")
        await pilot.pause()
        assert headlines.current == CACHE[0]
        await pilot.press("G", "g")
        await pilot.pause()
        assert headlines.current == CACHE[0]


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
        for _ in range(PAGE_SIZE * 2 // 20 + 2):  # well into the third page
            await pilot.press("pagedown")
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
        for _ in range(PAGE_SIZE * 2 // 20 + 5):
            await pilot.press("pagedown")
        await pilot.pause()
        shown = [a.id for a in app.screen.query_one(HeadlineList).articles]
        assert len(shown) == len(set(shown)) == PAGE_SIZE * 2  # the older ones, each once


def current(headlines: HeadlineList) -> Article:
    article = headlines.current
    assert article is not None
    return article


async def test_end_on_the_main_screen_reaches_the_oldest_story_and_back_from_it(service_for):
    service, store_stories = _kabar(service_for)
    store_stories(range(PAGE_SIZE * 3 + 30))
    app = HabariApp(service, now=lambda: NOW)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        headlines = app.screen.query_one(HeadlineList)
        await pilot.press("end")
        await pilot.pause()
        assert current(headlines).title == "Berita nomor 0"
        assert len(headlines.articles) <= 2 * PAGE_SIZE
        await pilot.press(*["k"] * 70)
        wanted = current(headlines)
        assert wanted.title == "Berita nomor 70"
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.press("q")
        await pilot.pause()
        headlines = app.screen.query_one(HeadlineList)
        assert current(headlines).id == wanted.id
        await pilot.press("home")
        await pilot.pause()
        assert current(headlines).title == f"Berita nomor {PAGE_SIZE * 3 + 29}"


class _SlowPages(_CachePages):
    """As _CachePages, but a page after the first waits until `release` is set."""

    def __init__(self) -> None:
        super().__init__()
        self.release = threading.Event()

    def after(self, article: Article) -> list[Article]:
        assert self.release.wait(10), "the page was never let go"
        return super().after(article)


async def test_keys_move_on_while_the_next_page_is_read():
    app = _ListApp()
    app.pages = _SlowPages()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        headlines = app.query_one(HeadlineList)
        headlines.highlighted = PAGE_SIZE - 41
        await pilot.press("j")  # the next page is asked for
        await pilot.press("j", "j")  # and the keys are answered while it is read
        assert headlines.highlighted == PAGE_SIZE - 38
        assert len(headlines.articles) == PAGE_SIZE
        app.pages.release.set()
        await until(pilot, lambda: len(headlines.articles) == 2 * PAGE_SIZE, "the next page")
        assert app.pages.reads == [PAGE_SIZE]  # asked for once, not once a key
        assert headlines.highlighted == PAGE_SIZE - 38
