"""The bundled demo set: feeds that parse, the promised stories and regions, pages that resolve."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from lxml import html as lxml_html

from habari_tui.config import default_config
from habari_tui.demo import (
    DEMO_HOST,
    demo_config,
    demo_feeds_dir,
    demo_page_path,
    demo_pages_dir,
)
from habari_tui.models import ParsedEntry
from habari_tui.regions import assign_region
from habari_tui.service import Service
from habari_tui.sources import parse

REGIONS = ("Kalimantan Selatan", "Indonesia", "Asia", "World")


def feed_path(url: str) -> Path:
    assert url.startswith("file://")
    return demo_feeds_dir() / url.rsplit("/", 1)[1]


def all_entries() -> list[tuple[str, str, ParsedEntry]]:
    """(feed title, assigned region, entry) for every story of the demo set."""
    config = demo_config()
    rows = []
    for feed in config.feeds:
        parsed = parse(feed_path(feed.url).read_bytes(), feed.url)
        for entry in parsed.entries:
            region = assign_region(feed.region, entry.title, entry.categories, config.region_rules)
            rows.append((feed.title or "", region, entry))
    return rows


def test_demo_config_reads_bundled_files_without_refresh() -> None:
    config = demo_config()
    assert config.path is None
    assert not config.settings.refresh_on_start
    assert config.settings.prefetch_articles
    assert config.region_rules == default_config().region_rules
    assert config.region_names == REGIONS
    assert 6 <= len(config.feeds) <= 8
    for feed in config.feeds:
        assert feed.title
        assert feed_path(feed.url).is_file()


def test_every_feed_parses_in_its_own_format() -> None:
    formats: Counter[str] = Counter()
    for feed in demo_config().feeds:
        parsed = parse(feed_path(feed.url).read_bytes(), feed.url)
        assert parsed.entries, feed.url
        formats[parsed.format] += 1
    assert formats["rss"] >= 3
    assert formats["atom"] >= 1
    assert formats["jsonfeed"] >= 1
    assert formats["wordpress"] >= 1


def test_story_count_and_regions() -> None:
    rows = all_entries()
    assert 36 <= len(rows) <= 48
    per_region = Counter(region for _, region, _ in rows)
    assert set(per_region) == set(REGIONS)
    assert all(count >= 5 for count in per_region.values())


def test_national_stories_naming_banjarmasin_or_banjarbaru_are_rehomed() -> None:
    config = demo_config()
    national = {f.title for f in config.feeds if f.region == "Indonesia"}
    rehomed = [e for feed, region, e in all_entries() if feed in national and region != "Indonesia"]
    assert len(rehomed) >= 2
    assert all(
        any(p in " ".join((e.title, *e.categories)) for p in ("Banjarmasin", "Banjarbaru"))
        for e in rehomed
    )


def test_dates_fall_in_the_demo_week_except_one_undated() -> None:
    dates = [e.published for _, _, e in all_entries()]
    assert dates.count(None) == 1
    start, end = datetime(2026, 11, 20, tzinfo=UTC), datetime(2026, 11, 28, tzinfo=UTC)
    assert all(start <= d < end for d in dates if d is not None)


def test_every_item_url_is_unique_and_on_the_demo_host() -> None:
    urls = [e.url for _, _, e in all_entries()]
    assert len(urls) == len(set(urls))
    assert all(u and u.startswith(f"https://{DEMO_HOST}/") for u in urls)


def test_tricky_titles_are_present() -> None:
    titles = [e.title for _, _, e in all_entries()]
    assert any("[bold]literal brackets[/bold]" in t for t in titles)
    assert any(len(t) > 150 for t in titles)
    assert "Pasar Terapung Lok Baintan – Pedagang Keluhkan Air Pasang" in titles
    assert "Perpustakaan Keliling “Jukung Baca” Sambangi Sekolah di Cempaka" in titles


def test_full_texts_have_the_regional_article_shape() -> None:
    bodies = [e.content_html or "" for _, _, e in all_entries()]
    assert sum("BACA JUGA:" in b for b in bodies) >= 4
    assert sum("Read also:" in b for b in bodies) >= 3
    assert sum("Related articles" in b for b in bodies) >= 3
    assert any("PENILAIAN: " in b and "- Foto Istimewa" in b for b in bodies)
    assert any("HABARIBANUA.COM, BANJARMASIN</strong> –" in b for b in bodies)
    assert any("(ns/ak)</p>" in b for b in bodies)


def test_pages_resolve_from_their_urls() -> None:
    urls = {e.url for _, _, e in all_entries()}
    with_pages = [u for u in urls if u and demo_page_path(u)]
    assert len(with_pages) >= 40
    pages = sorted(demo_pages_dir().glob("*.html"))
    assert len(pages) == len(with_pages)
    assert demo_page_path(with_pages[0] + "?relatedposts_hit=1#respond") is not None


@pytest.mark.parametrize(
    "url",
    [
        "https://example.com/kalsel/2026/11/jembatan-alalak-dibuka",
        f"https://{DEMO_HOST}/",
        f"https://{DEMO_HOST}/no/such/story",
        f"https://{DEMO_HOST}/../feeds/x",
        f"ftp://{DEMO_HOST}/kalsel/2026/11/jembatan-alalak-dibuka",
        "not a url",
    ],
)
def test_other_urls_have_no_demo_page(url: str) -> None:
    assert demo_page_path(url) is None


def test_related_links_mostly_lead_to_bundled_pages() -> None:
    targets = []
    for page in demo_pages_dir().glob("*.html"):
        tree = lxml_html.parse(str(page))
        for a in tree.xpath(
            "//div[@class='entry-content']//p//a | //*[contains(@class,'related')]//a"
        ):
            href = a.get("href", "")
            if f"//{DEMO_HOST}/" in href:
                targets.append(href)
    assert targets
    resolved = sum(demo_page_path(t) is not None for t in targets)
    assert resolved / len(targets) > 0.7


@pytest.mark.parametrize("page", sorted(demo_pages_dir().glob("*.html")), ids=lambda p: p.name)
def test_every_page_parses_with_lxml(page: Path) -> None:
    tree = lxml_html.parse(str(page))
    root = tree.getroot()
    heading = root.find(".//h1")
    assert heading is not None and heading.text_content().strip()
    assert root.xpath("//figure//figcaption")
    assert root.xpath("//form[@id='commentform']")
    assert len(root.xpath("//div[contains(@class,'entry-content')]/p")) >= 4


def test_some_pages_are_windows_1252() -> None:
    legacy = [
        p for p in demo_pages_dir().glob("*.html") if b'charset="windows-1252"' in p.read_bytes()
    ]
    assert len(legacy) >= 2
    for page in legacy:
        text = page.read_bytes().decode("cp1252")
        assert "–" in text


async def test_every_demo_story_opens_whole_with_place_caption_and_related_reading(tmp_path):
    service = await Service.demo(tmp_path)
    try:
        stories = service.headlines(limit=-1)
        assert len(stories) >= 40
        for story in stories:
            body = await service.read_article(story.id)
            assert "not available" not in (body.note or ""), story.title
            assert body.place and body.caption and body.related, story.title
            assert len(body.markdown.split()) >= 80, story.title
    finally:
        service.close()
