"""What the screens say in words: plurals, the byline, related reading that wraps."""

from __future__ import annotations

from datetime import UTC, datetime

from rich.console import Console

from habari_tui.models import Article, ArticleBody, FeedOutcome, RefreshSummary, RelatedLink
from habari_tui.ui.app import refresh_report
from habari_tui.ui.screens.article import meta_line, related_text

from ..conftest import until


def rendered(renderable, width: int) -> list[str]:
    console = Console(width=width, color_system=None, file=open("/dev/null", "w"))  # noqa: SIM115
    return [
        "".join(segment.text for segment in line).rstrip()
        for line in console.render_lines(renderable, pad=False)
    ]


def story(region: str = "Tanjung") -> Article:
    return Article(
        id=1,
        feed_id=1,
        feed_title="Delta Daily",
        region=region,
        title="Ferry resumes",
        url="https://delta.example/ferry",
        guid=None,
        summary="",
        published=datetime(2026, 11, 28, 9, 0, tzinfo=UTC),
    )


def test_the_dateline_place_is_not_repeated_when_it_is_the_region():
    line = meta_line(story(), None, ArticleBody(markdown="x", place="TANJUNG")).plain
    assert line == "Delta Daily · Tanjung · 28 Nov 2026 09:00 UTC"


def test_a_dateline_place_other_than_the_region_is_shown_last():
    line = meta_line(story("Kalimantan Selatan"), None, ArticleBody(markdown="x", place="Tanjung"))
    assert line.plain.endswith("09:00 UTC · Tanjung")


def test_a_wrapped_related_title_goes_on_under_its_first_word():
    title = "Pasar Terapung Lok Baintan – Pedagang Keluhkan Air Pasang di Musim Hujan"
    body = ArticleBody(markdown="x", related=(RelatedLink(title, "https://a.example/1"),))
    lines = rendered(related_text(body), 30)
    assert lines[0] == "Related reading"
    assert lines[1].startswith("1. Pasar")
    assert len(lines) > 2
    start = lines[1].index("Pasar")
    for line in lines[2:]:
        assert line[:start].strip() == "" and line[start] != " "


def test_ten_related_links_keep_their_titles_in_one_column():
    links = tuple(RelatedLink(f"Story {n}", f"https://a.example/{n}") for n in range(1, 11))
    lines = rendered(related_text(ArticleBody(markdown="x", related=links)), 40)
    assert lines[1] == " 1. Story 1" and lines[10] == "10. Story 10"


def test_one_new_story_is_a_story():
    one = RefreshSummary((FeedOutcome("https://a.example/feed", ok=True, new_ids=(7,)),))
    assert refresh_report(one) == "Refreshed 1/1 feeds, 1 new story."
    two = RefreshSummary((FeedOutcome("https://a.example/feed", ok=True, new_ids=(7, 8)),))
    assert refresh_report(two) == "Refreshed 1/1 feeds, 2 new stories."


def said(app, text: str) -> bool:
    return text in [str(toast.render()) for toast in app.screen.query("Toast")]


async def test_marking_one_story_read_says_one_story(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        await pilot.press("tab", "j", "j", "j", "enter")  # Indonesia: one story
        await pilot.press("A")
        await until(pilot, lambda: said(app, "Marked 1 story read in Indonesia. u undoes."), "A")
        await pilot.press("u")
        await until(pilot, lambda: said(app, "1 story is unread again."), "u")
