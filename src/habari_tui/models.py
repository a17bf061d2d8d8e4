"""Frozen data classes that carry data between the layers."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Literal

from habari_tui.text import clean_text, counted

# The side list's entries that are not a feed's region, and the region of a feed that names none.
ALL = "All"  # every region
STARRED = "Starred"  # every starred story, whatever its region
OTHER_REGION = "Other"  # listed last


@dataclass(frozen=True, slots=True)
class ParsedEntry:
    """One item of a feed as the parser read it, before it is stored."""

    title: str
    url: str | None = None
    guid: str | None = None
    summary: str = ""  # plain text, tags removed
    content_html: str | None = None  # the full text, when the feed carries it
    published: datetime | None = None  # timezone-aware, UTC
    categories: tuple[str, ...] = ()
    author: str | None = None


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A whole feed document: its own title and link, and its entries in document order."""

    format: str  # "rss", "atom", "jsonfeed", "wordpress"
    title: str | None = None
    link: str | None = None
    entries: tuple[ParsedEntry, ...] = ()


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What one HTTP (or file) fetch returned; content is None on 304 Not Modified."""

    url: str
    final_url: str
    status: int
    content: bytes | None
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    moved_to: str | None = None  # where a permanent redirect (301/308) said the URL now is


@dataclass(frozen=True, slots=True)
class Feed:
    """A subscribed feed as the store knows it."""

    id: int
    url: str
    title: str
    region: str
    etag: str | None = None
    last_modified: str | None = None
    last_fetched: datetime | None = None
    last_error: str | None = None
    retry_after: datetime | None = None  # not to be fetched before this (Retry-After)
    moved_to: str | None = None  # the URL a 301 pointed to, until the user accepts the move


@dataclass(frozen=True, slots=True)
class Article:
    """A headline with its state: what lists show and what opens a story."""

    id: int
    feed_id: int
    feed_title: str
    region: str
    title: str
    url: str | None
    guid: str | None
    summary: str
    published: datetime | None
    read: bool = False
    starred: bool = False
    categories: tuple[str, ...] = ()
    author: str | None = None


@dataclass(frozen=True, slots=True)
class RelatedLink:
    """A related-reading link of an article, in reading order."""

    title: str
    url: str


@dataclass(frozen=True, slots=True)
class ArticleBody:
    """The readable text of an article, as Markdown, with what was pulled out of it."""

    markdown: str
    place: str | None = None  # the dateline city
    caption: str | None = None  # the lead photo's caption
    related: tuple[RelatedLink, ...] = ()
    source: str = "feed"  # "feed" (the feed's own text) or "page" (extracted from the web page)
    fetched_at: datetime | None = None
    extractor_version: int = 0
    offline: bool = False  # true when it came from the cache instead of a fresh fetch
    note: str | None = None  # a line for the reader, e.g. why only the summary is shown


@dataclass(frozen=True, slots=True)
class Region:
    """A region in the side list, with its counts."""

    name: str
    unread: int
    total: int


@dataclass(frozen=True, slots=True)
class FeedOutcome:
    """How one feed's refresh ended."""

    url: str
    ok: bool
    new_ids: tuple[int, ...] = ()  # the articles this refresh added
    not_modified: bool = False
    error: str | None = None
    moved_to: str | None = None  # a 301/308 said the feed now lives here; the config is unchanged

    @property
    def new_articles(self) -> int:
        return len(self.new_ids)


@dataclass(frozen=True, slots=True)
class RefreshSummary:
    """The summary of a whole refresh, as `refresh --json` prints it."""

    outcomes: tuple[FeedOutcome, ...] = field(default_factory=tuple)

    @property
    def feeds(self) -> int:
        return len(self.outcomes)

    @property
    def ok(self) -> int:
        return sum(1 for o in self.outcomes if o.ok)

    @property
    def failed(self) -> int:
        return sum(1 for o in self.outcomes if not o.ok)

    @property
    def new_articles(self) -> int:
        return sum(o.new_articles for o in self.outcomes)

    @property
    def new_ids(self) -> tuple[int, ...]:
        return tuple(i for o in self.outcomes for i in o.new_ids)

    def as_json(self) -> dict[str, object]:
        summary: dict[str, object] = {
            "feeds": self.feeds,
            "ok": self.ok,
            "failed": self.failed,
            "new_articles": self.new_articles,
            "errors": [{"url": o.url, "error": o.error} for o in self.outcomes if not o.ok],
        }
        moved = [{"url": o.url, "to": o.moved_to} for o in self.outcomes if o.moved_to]
        if moved:  # only when a feed moved, so the documented shape is unchanged otherwise
            summary["moved"] = moved
        return summary


FORMAT_NAMES = {"rss": "RSS", "atom": "Atom", "jsonfeed": "JSON Feed", "wordpress": "WordPress"}


@dataclass(frozen=True, slots=True)
class DiscoveredFeed:
    """A feed found for a URL, checked by fetching it."""

    url: str
    format: str  # "rss", "atom", "jsonfeed", "wordpress"
    title: str | None  # the feed's own title, else the page's name for it
    entries: int  # stories in it now

    def describe(self) -> str:
        """One line for the reader: title, format, size and URL (terminal-safe)."""
        kind = FORMAT_NAMES.get(self.format, self.format)
        title = clean_text(self.title or "") or "(untitled)"
        size = counted(self.entries, "story", "stories")
        return f"{title} ({kind}, {size}) {clean_text(self.url)}"


EmptyReason = Literal[
    "nothing starred",  # Starred, and no story is
    "all read",  # every story of the list is read, and read ones are hidden
    "no feeds",  # no feed is listed in the region
    "not fetched",  # its feeds have never been fetched
    "feeds failed",  # its feeds could not be read the last time
    "feeds empty",  # its feeds were read and had no stories
]


@dataclass(frozen=True, slots=True)
class WhyEmpty:
    """Why a list of headlines shows nothing, for a face to say what is true."""

    reason: EmptyReason
    hidden: int = 0  # read stories hidden from the list ("all read")
    error: str | None = None  # the last error of a feed that could not be read
    keywords: tuple[str, ...] = ()  # the words that bring stories to a region with no feed
