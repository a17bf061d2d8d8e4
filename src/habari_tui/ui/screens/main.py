"""The main screen: regions on the left, the chosen region's headlines beside them."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from functools import partial

from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Header, OptionList

from habari_tui.config import OTHER_REGION, FeedConfig
from habari_tui.models import ALL, Article, Region, WhyEmpty
from habari_tui.service import Service
from habari_tui.text import counted
from habari_tui.ui.background_drawing import DrawsInBackground
from habari_tui.ui.messages import CopyLink, OpenLink, OpenStory
from habari_tui.ui.screens.story_marks import Mark, StoryMarks
from habari_tui.ui.widgets.headline_list import PAGE_SIZE, HeadlineList
from habari_tui.ui.widgets.key_footer import KeyFooter
from habari_tui.ui.widgets.refresh_bar import RefreshBar
from habari_tui.ui.widgets.region_list import RegionList
from habari_tui.ui.widgets.status_line import StatusLine
from habari_tui.ui.writes import cache_writes


def empty_list_text(why: WhyEmpty, *, offline: bool) -> str:
    """What an empty list says: why it is empty, and what the reader can do, only if they can."""
    if why.reason == "nothing starred":
        return "No story is starred. s stars the highlighted story."
    if why.reason == "all read":
        if why.hidden == 1:
            return "The one story here is read. H shows it."
        return f"All {why.hidden} stories here are read. H shows them."
    if why.reason == "no feeds" and why.keywords:
        words = ", ".join(why.keywords[:3]) + (", …" if len(why.keywords) > 3 else "")
        return f"No story has mentioned {words} yet, and no feed is listed in this region."
    if why.reason == "no feeds":
        return "No feed is listed in this region."
    if why.reason == "not fetched":
        if offline:
            return "Nothing from these feeds is in the cache, and the app is offline."
        return "No stories here yet. Press r to refresh."
    if why.reason == "feeds failed":
        again = "" if offline else " r tries again."
        return f"These feeds could not be read: {why.error}.{again}"
    return "These feeds had no stories when they were last read."


@dataclass(frozen=True, slots=True)
class ListPlan:
    """What the headline list is to show, taken from the screen before the cache is read."""

    keep: int | None
    place: int | None
    cursor: int | None  # the story highlighted when the plan was made
    region: str | None
    unread_only: bool
    same_list: bool
    rows: int
    more_above: bool


@dataclass(frozen=True, slots=True)
class ListRead:
    """The headlines read for a `ListPlan`, and why the list is empty if it is."""

    pages: RegionPages
    articles: list[Article]
    at_top: bool
    why: WhyEmpty | None


@dataclass(frozen=True, slots=True)
class RegionPages:
    """A region's headlines, read from the service a page at a time."""

    service: Service
    region: str | None
    unread_only: bool

    def _page(
        self, *, after: int | None = None, before: int | None = None, oldest: bool = False
    ) -> list[Article]:
        return self.service.headlines(
            self.region,
            unread_only=self.unread_only,
            limit=PAGE_SIZE,
            after=after,
            before=before,
            oldest=oldest,
        )

    def first(self) -> list[Article]:
        return self._page()

    def after(self, article: Article) -> list[Article]:
        return self._page(after=article.id)

    def before(self, article: Article) -> list[Article]:
        return self._page(before=article.id)

    def oldest(self) -> list[Article]:
        return self._page(oldest=True)


class MainScreen(StoryMarks, Screen[None]):
    """Regions and headlines; `enter` opens the highlighted story."""

    # The footer shows what fits in 80 columns; `?` lists every key.
    BINDINGS = [
        Binding("q", "app.quit", "Quit"),
        Binding("slash", "search", "Search", key_display="/", tooltip="Search every region"),
        Binding("enter", "open", "Open", show=False),
        Binding("s", "toggle_star", "Star"),
        Binding("m", "toggle_read", "Read", tooltip="Mark read or unread"),
        Binding("N", "next_unread", "Unread", tooltip="Open the next unread story"),
        Binding("r", "app.refresh", "Refresh"),
        Binding("tab", "switch_pane", "Pane", tooltip="Regions or headlines", show=False),
        Binding("o", "open_browser", "Browser", tooltip="Open in the web browser", show=False),
        Binding("c", "copy_url", "Copy URL", tooltip="Copy the story's link", show=False),
        Binding("a", "add_feed", "Add feed", show=False),
        Binding("A", "mark_all_read", "All read", tooltip="Mark the region read", show=False),
        Binding("u", "undo", "Undo all read", show=False),
        Binding("H", "toggle_hide_read", "Hide/show read", show=False),
    ]

    def __init__(self, service: Service, *, now: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.service = service
        self._now = now
        self._shown_region: str | None = None
        self.hide_read = service.config.settings.hide_read
        self._undo: tuple[int, ...] = ()  # the stories the last `A` marked read
        self._keep_wanted: int | None = None  # the story a list read in flight is to keep
        self._unread_asked = 0  # N pressed while the next unread story is being found

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="panes"):
            yield RegionList(id="regions")
            yield HeadlineList(id="headlines", now=self._now)
        yield RefreshBar(id="refresh")
        yield StatusLine(id="status")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.reload()
        self.headlines.focus()
        self.query_one(StatusLine).say(getattr(self.app, "status_text", ""))

    @property
    def regions(self) -> RegionList:
        return self.query_one(RegionList)

    @property
    def headlines(self) -> HeadlineList:
        return self.query_one(HeadlineList)

    @property
    def region_name(self) -> str | None:
        return self.regions.selected_region

    def say(self, message: str) -> None:
        """Put `message` on the status line."""
        self.query_one(StatusLine).say(message)

    def reload(self, keep: int | None = None) -> None:
        """Re-read counts and headlines from the cache, keeping the reader's place."""
        self.regions.show_regions(self._side_list())
        self._show_headlines(keep)

    def show_new_stories(self, *, finished: bool = False) -> None:
        """During a refresh: new counts, and the new headlines while the reader waits at the
        top of the list; once they have moved into it, the list stays as it is until the
        refresh has `finished` (re-reading it every second would shift it and slow their
        keys). Both are read off the event loop: the counts take a scan of the cache."""
        if finished or not self.headlines.articles or not self.headlines.highlighted:
            self.reload_in_background()
        else:
            self._count_in_background()

    @work(thread=True, exclusive=True, group="counts")
    def _count_in_background(self) -> None:
        regions = self._side_list()
        self.app.call_from_thread(self._show_counts, regions)

    def _show_counts(self, regions: list[Region]) -> None:
        """New counts wait while the reader presses keys (the region list is drawn whole)."""
        app = self.app
        if isinstance(app, DrawsInBackground):
            update = partial(self._show_regions, regions)
            app.background_drawing.draw("counts", update, with_key=False)
        else:
            self._show_regions(regions)

    def _show_regions(self, regions: list[Region]) -> None:
        if regions != self.regions.regions:  # the same counts need no drawing
            self.regions.show_regions(regions)

    def _side_list(self) -> list[Region]:
        """ "All", then "Starred", then the regions."""
        regions = self.service.regions()
        return [*regions[:1], self.service.starred_region(), *regions[1:]]

    def _show_headlines(self, keep: int | None = None) -> None:
        plan = self._plan(keep)
        self._show_read(plan, self._read(plan))

    def reload_in_background(self, keep: int | None = None) -> None:
        """As `reload`, with the cache read off the event loop: the list a reader comes back
        to, or that `A`, `u` or a refresh changed, never waits for a refresh writing the
        cache. A read started while another is on its way keeps the story that one was to."""
        if keep is None:
            keep = self._keep_wanted
        self._keep_wanted = keep
        self._reload_off_loop(self._plan(keep))

    @work(exclusive=True, group="reload")
    async def _reload_off_loop(self, plan: ListPlan) -> None:
        marks = -1
        while marks != self.marks_asked:  # until no mark was asked for during the read
            marks = self.marks_asked
            await cache_writes(self.service).drain()  # the marks asked for so far are in
            read, regions = await asyncio.to_thread(lambda: (self._read(plan), self._side_list()))
        self._show_regions(regions)
        self._keep_wanted = None
        current = self.headlines.current
        if (self.region_name, self.hide_read) != (plan.region, plan.unread_only):
            return  # the reader chose another list meanwhile, which has been shown
        if current is not None and current.id != plan.cursor:  # they moved on in this one
            plan = replace(plan, keep=current.id, place=self.headlines.highlighted)
        self._show_read(plan, read)

    def _plan(self, keep: int | None) -> ListPlan:
        """What to read for the list as it stands, keeping the story `keep` (or the current)."""
        current = self.headlines.current
        if keep is None and current is not None:
            keep = current.id
        region = self.region_name
        # As many rows as the reader has scrolled through, so their place is still there.
        same_list = bool(region == self._shown_region and self.headlines.articles)
        rows = max(PAGE_SIZE, len(self.headlines.articles)) if same_list else PAGE_SIZE
        return ListPlan(
            keep=keep,
            place=self.headlines.highlighted,
            cursor=current.id if current is not None else None,
            region=region,
            unread_only=self.hide_read,
            same_list=same_list,
            rows=rows,
            more_above=self.headlines.more_above,
        )

    def _read(self, plan: ListPlan) -> ListRead:
        """The rows `plan` asks for, read from the service only (safe in a thread)."""
        pages = RegionPages(self.service, plan.region, plan.unread_only)
        keep = plan.keep if plan.same_list else None
        articles, at_top = self._stretch(pages, keep, plan.rows, plan.more_above)
        why = None
        if not articles:
            why = self.service.why_empty(plan.region, unread_only=plan.unread_only)
        return ListRead(pages, articles, at_top, why)

    def _show_read(self, plan: ListPlan, read: ListRead) -> None:
        articles, keep, place = read.articles, plan.keep, plan.place
        if read.why is not None:
            self.headlines.empty_text = empty_list_text(read.why, offline=self.service.offline)
        self.headlines.show_articles(articles, keep=keep, pages=read.pages, at_top=read.at_top)
        shown = self.headlines.current
        if plan.unread_only and place and articles and (shown is None or shown.id != keep):
            self.headlines.highlighted = min(place, len(articles) - 1)  # the next story
        self._shown_region = plan.region
        self.sub_title = plan.region or ""

    def _stretch(
        self, pages: RegionPages, keep: int | None, rows: int, more_above: bool
    ) -> tuple[list[Article], bool]:
        """The rows to list, and whether they start at the top: `rows` from the top, or, for
        a reader who went to the end with End and moved on from there, the stretch around
        the story `keep` they were on (a page ahead of it, then `rows`)."""
        service, region, unread_only = self.service, pages.region, pages.unread_only
        if keep is not None and more_above:
            ahead = service.headlines(region, unread_only=unread_only, limit=PAGE_SIZE, before=keep)
            if len(ahead) >= PAGE_SIZE:
                rest = service.headlines(
                    region, unread_only=unread_only, limit=rows, after=ahead[-1].id
                )
                return ahead + rest, False
        return service.headlines(region, unread_only=unread_only, limit=rows), True

    # -- events -----------------------------------------------------------------------------

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option_list is self.regions and self.region_name != self._shown_region:
            self.reload_in_background(keep=-1)  # the region's headlines, read off the loop

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_list is self.regions:
            self.headlines.focus()
        else:
            self.action_open()

    # -- actions ----------------------------------------------------------------------------

    def action_switch_pane(self) -> None:
        target = self.headlines if self.regions.has_focus else self.regions
        target.focus()

    def action_open(self) -> None:
        article = self.headlines.current
        if article is not None:
            self.open_article(article)

    def open_article(self, article: Article, *, then_unread: int = 0) -> None:
        self.post_message(OpenStory(article, region=self.region_name, then_unread=then_unread))

    def back_from_story(self, last_id: int | None) -> None:
        self.reload_in_background(keep=last_id)

    def action_next_unread(self) -> None:
        """The next unread story after the highlighted one, found off the event loop; an `N`
        pressed again meanwhile is taken by the story screen, from the story this one opens."""
        self._unread_asked += 1
        if self._unread_asked == 1:
            current = self.headlines.current
            self._open_next_unread(current.id if current else None, self.region_name)

    @work(group="next-unread")
    async def _open_next_unread(self, start: int | None, region: str | None) -> None:
        try:
            found = await asyncio.to_thread(self.service.next_unread, start, region=region)
        finally:
            asked, self._unread_asked = self._unread_asked, 0
        if self.app.screen is not self:
            return  # the reader has gone to another screen meanwhile
        if found is None:
            self.notify("No unread stories here.")
            return
        self.open_article(found, then_unread=asked - 1)

    def marked_story(self) -> Article | None:
        return self.headlines.current

    def story_marked(self, article: Article, mark: Mark) -> None:
        self.headlines.update_article(article)

    def mark_written(self) -> None:
        self._count_in_background()

    def action_add_feed(self) -> None:
        from habari_tui.ui.screens.add_feed import AddFeedScreen

        if self.service.config.path is None or self.service.offline:
            self.notify("Adding a feed needs the network and a config file.", severity="warning")
            return
        names = self.service.config.region_names
        region = self.region_name if self.region_name in names else OTHER_REGION
        self.app.push_screen(AddFeedScreen(self.service, region=region), self._feed_added)

    async def _feed_added(self, feed: FeedConfig | None) -> None:
        if feed is None:
            return
        self.notify(f"Subscribed: {feed.url} in {feed.region}.", markup=False)
        self.reload_in_background()  # the counts are a scan of the cache: 9 ms of 100,000
        await self.app.run_action("refresh")  # fetch its stories now

    def action_open_browser(self) -> None:
        article = self.headlines.current
        if article is not None:
            self.post_message(OpenLink(article.url))

    def action_copy_url(self) -> None:
        article = self.headlines.current
        if article is not None:
            self.post_message(CopyLink(article.url))

    def action_search(self) -> None:
        from habari_tui.ui.screens.search import SearchScreen

        self.app.push_screen(SearchScreen(self.service, now=self._now), callback=self._back)

    def _back(self, _: object = None) -> None:
        self.reload_in_background()

    def action_mark_all_read(self) -> None:
        self._mark_all_read(self.region_name)

    @work(group="marks")
    async def _mark_all_read(self, region: str | None) -> None:
        """The region is marked read off the event loop, and the list read again after."""
        changed = await cache_writes(self.service).submit(self.service.mark_all_read, region)
        if not changed:
            self.notify("Nothing unread here.")
            return
        self._undo = changed
        self.reload_in_background()
        where = "everywhere" if region in (None, ALL) else f"in {region}"
        marked = counted(len(changed), "story", "stories")
        self.notify(f"Marked {marked} read {where}. u undoes.", markup=False)

    def action_undo(self) -> None:
        if not self._undo:
            self.notify("Nothing to undo.")
            return
        changed, self._undo = self._undo, ()
        self._mark_unread(changed)

    @work(group="marks")
    async def _mark_unread(self, changed: tuple[int, ...]) -> None:
        await cache_writes(self.service).submit(self.service.mark_unread, changed)
        self.reload_in_background()
        again = "is" if len(changed) == 1 else "are"
        self.notify(f"{counted(len(changed), 'story', 'stories')} {again} unread again.")

    def action_toggle_hide_read(self) -> None:
        self.hide_read = not self.hide_read
        self.reload_in_background()
        self.notify("Showing unread stories only." if self.hide_read else "Showing all stories.")
