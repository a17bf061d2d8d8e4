"""Headlines by region, one story and its neighbours, read and starred state, and what the UI
remembers between runs."""

from __future__ import annotations

from habari_tui.models import ALL, OTHER_REGION, STARRED, Article, Region, WhyEmpty
from habari_tui.service.base import ServiceBase


class Headlines(ServiceBase):
    def regions(self) -> list[Region]:
        """ "All" first, then the config's regions in its order, then any others, "Other" last."""
        counted = {r.name: r for r in self.store.regions()}
        names = [n for n in self.config.region_names if n != OTHER_REGION]
        names += sorted(n for n in counted if n not in names and n != OTHER_REGION)
        if OTHER_REGION in counted or OTHER_REGION in self.config.region_names:
            names.append(OTHER_REGION)
        regions = [counted.get(n, Region(name=n, unread=0, total=0)) for n in names]
        everything = Region(
            name=ALL,
            unread=sum(r.unread for r in regions),
            total=sum(r.total for r in regions),
        )
        return [everything, *regions]

    def headlines(
        self,
        region: str | None = None,
        *,
        unread_only: bool = False,
        limit: int = 500,
        after: int | None = None,
        before: int | None = None,
        oldest: bool = False,
    ) -> list[Article]:
        """A page of headlines, newest first: the first, the one after or before a story's
        (`after`, `before`: its id), or the last (`oldest`)."""
        return self.store.headlines(
            region, unread_only=unread_only, limit=limit, after=after, before=before, oldest=oldest
        )

    def why_empty(self, region: str | None, *, unread_only: bool = False) -> WhyEmpty:
        """Why `region`'s list (read ones hidden with `unread_only`) has no story to show."""
        stories = self.store.count(region)
        if unread_only and stories:
            return WhyEmpty("all read", hidden=stories)
        if region == STARRED:
            return WhyEmpty("nothing starred")
        everywhere = region in (None, ALL)
        feeds = [f for f in self.store.feeds() if everywhere or f.region == region]
        failed = [f for f in feeds if f.last_error]
        if not feeds:
            words = [k for name, keys in self.config.region_rules if name == region for k in keys]
            return WhyEmpty("no feeds", keywords=tuple(words))
        if all(f.last_fetched is None for f in feeds):
            return WhyEmpty("not fetched")
        if len(failed) == len([f for f in feeds if f.last_fetched is not None]):
            return WhyEmpty("feeds failed", error=failed[0].last_error)
        return WhyEmpty("feeds empty")

    def article(self, article_id: int) -> Article:
        return self.store.article(article_id)

    def article_by_url(self, url: str) -> Article | None:
        return self.store.article_by_url(url)

    def adjacent(
        self, article_id: int, step: int, *, region: str | None = None, unread_only: bool = False
    ) -> Article | None:
        return self.store.adjacent(article_id, step, region=region, unread_only=unread_only)

    def next_unread(self, article_id: int | None, *, region: str | None = None) -> Article | None:
        """The next unread story after `article_id` (or the newest unread), wrapping round."""
        if article_id is not None:
            found = self.store.adjacent(article_id, 1, region=region, unread_only=True)
            if found is not None:
                return found
        first = self.store.headlines(region, unread_only=True, limit=1)
        return first[0] if first and first[0].id != article_id else None

    def set_read(self, article_id: int, read: bool = True) -> None:
        self.store.set_read(article_id, read)

    def set_starred(self, article_id: int, starred: bool = True) -> None:
        self.store.set_starred(article_id, starred)

    def mark_all_read(self, region: str | None = None) -> tuple[int, ...]:
        """Mark a whole region (or "Starred", or everything) read; the ids changed, for undo."""
        return tuple(self.store.mark_all_read(region))

    def mark_unread(self, article_ids: tuple[int, ...]) -> None:
        """Undo a bulk change: these stories become unread again."""
        self.store.set_read_many(article_ids, False)

    def starred_region(self) -> Region:
        """The "Starred" entry of the side list: every starred story, with its unread count."""
        return Region(
            name=STARRED,
            unread=self.store.count(STARRED, unread_only=True),
            total=self.store.count(STARRED),
        )

    def remembered(self, key: str) -> str | None:
        return self.store.ui_state(key)

    def remember(self, key: str, value: str) -> None:
        self.store.set_ui_state(key, value)
