"""Reading whole articles: pages fetched from a local server, saved, and read again offline."""

from __future__ import annotations

import pytest

from habari_tui.config import FeedConfig
from habari_tui.errors import HabariError
from habari_tui.service import Service

from .conftest import fixture_bytes, make_config, serve_reading_feed

HTML = "text/html; charset=utf-8"


@pytest.fixture
def site(httpserver):
    """The feed and two of its pages; the festival page is never served (it 404s)."""
    names = ("irigasi-hst", "harga-gabah-stabil")
    serve_reading_feed(
        httpserver, {n: fixture_bytes("reading", f"{n}.html") for n in names}, content_type=HTML
    )
    return httpserver


def reader(service_for, site, *, offline: bool = False) -> Service:
    config = make_config(FeedConfig(site.url_for("/feed.xml"), region="Kalimantan Selatan"))
    return service_for(config, offline=offline)


async def refreshed(service_for, site) -> tuple[Service, int, int]:
    service = reader(service_for, site)
    await service.refresh()
    irigasi, festival = service.headlines()
    return service, irigasi.id, festival.id


async def test_opening_a_story_fetches_and_extracts_its_page(service_for, site):
    service, irigasi, _ = await refreshed(service_for, site)
    body = await service.read_article(irigasi)
    assert body.source == "page" and not body.offline
    assert body.place == "Barabai"
    assert (
        body.caption
        == "MENGALIR: Petani memeriksa pintu air saluran irigasi baru di Barabai. - Foto Istimewa"
    )
    assert "MENGALIR" not in body.markdown
    assert "Tinggalkan Balasan" not in body.markdown and "Bagikan" not in body.markdown
    base = site.url_for("").rstrip("/")
    assert [(r.title, r.url) for r in body.related] == [
        ("Festival perahu hias digelar di Amuntai", f"{base}/2026/11/festival-perahu-amuntai.html"),
        ("Harga gabah di Barabai stabil jelang panen", f"{base}/2026/11/harga-gabah-stabil.html"),
        ("Bendungan Batang Alai mulai diperbaiki", f"{base}/2026/11/bendungan-batang-alai.html"),
    ]
    assert (
        f"[Festival perahu hias digelar di Amuntai]({base}/2026/11/festival-perahu-amuntai.html)"
        in body.markdown
    )


async def test_a_saved_page_is_read_offline_with_its_date(service_for, site, tmp_path):
    service, irigasi, _ = await refreshed(service_for, site)
    await service.read_article(irigasi)
    site.clear()
    offline = Service(service.config, service.store, offline=True)
    body = await offline.read_article(irigasi)
    assert body.offline and body.source == "page"
    assert body.note is not None and body.note.startswith("Offline copy from ")
    assert "Barabai" in body.markdown
    assert site.log == []


async def test_when_the_network_fails_the_saved_copy_is_shown(service_for, site):
    service, irigasi, _ = await refreshed(service_for, site)
    first = await service.read_article(irigasi)
    site.clear()  # every request now fails
    again = await service.read_article(irigasi)
    assert again.markdown == first.markdown and again.offline
    assert again.note is not None and again.note.startswith("Saved copy from ")


async def test_a_story_never_fetched_shows_the_summary_offline_and_says_so(service_for, site):
    service, _, festival = await refreshed(service_for, site)
    offline = Service(service.config, service.store, offline=True)
    body = await offline.read_article(festival)
    assert body.markdown == "Puluhan perahu hias meramaikan sungai Negara pada akhir pekan."
    assert body.note == (
        "The full article is not available (not saved for offline reading). "
        "Showing the feed's summary."
    )


async def test_a_page_that_fails_online_falls_back_to_the_summary(service_for, site):
    service, _, festival = await refreshed(service_for, site)
    body = await service.read_article(festival)
    assert body.source == "summary"
    assert body.note is not None
    assert "HTTP 500" in body.note or "HTTP 404" in body.note


async def test_prefetch_saves_the_pages_of_new_stories_for_offline_reading(service_for, site):
    service = reader(service_for, site)
    summary = await service.refresh()
    pages = await service.prefetch(summary.new_ids)
    assert (pages.feeds, pages.ok, pages.failed) == (2, 1, 1)
    offline = Service(service.config, service.store, offline=True)
    irigasi = service.headlines()[0]
    body = await offline.read_article(irigasi.id)
    assert body.source == "page" and body.place == "Barabai"


async def test_a_related_page_no_feed_has_is_fetched_saved_and_read_offline(service_for, site):
    service, irigasi, _ = await refreshed(service_for, site)
    related = (await service.read_article(irigasi)).related[1]
    article, body = await service.read_page(related.url)
    assert article is None
    assert body.markdown.startswith("SUARAHULUSUNGAI.EXAMPLE, BARABAI – Harga gabah")
    offline = Service(service.config, service.store, offline=True)
    _, again = await offline.read_page(related.url)
    assert again.markdown == body.markdown
    with pytest.raises(HabariError, match="never saved"):
        await offline.read_page(site.url_for("/2026/11/bendungan-batang-alai.html"))


async def test_a_related_link_to_a_feed_story_opens_that_story(service_for, site):
    service, irigasi, festival = await refreshed(service_for, site)
    related = (await service.read_article(irigasi)).related[0]
    article, _ = await service.read_page(related.url)
    assert article is not None and article.id == festival


async def test_offline_a_page_that_could_not_be_fetched_says_why(service_for, site):
    site.expect_request("/2026/11/festival-perahu-amuntai.html").respond_with_data(
        "Tidak ditemukan", status=404
    )
    service = reader(service_for, site)
    summary = await service.refresh()
    await service.prefetch(summary.new_ids)
    offline = Service(service.config, service.store, offline=True)
    festival = service.headlines()[1]
    body = await offline.read_article(festival.id)
    assert body.note == (
        "The full article could not be fetched: HTTP 404 Not Found. Showing the feed's summary."
    )
