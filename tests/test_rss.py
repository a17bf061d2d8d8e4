"""RSS 0.91, 1.0, 2.0 and Atom documents, including odd encodings and broken ones."""

from __future__ import annotations

import warnings
from datetime import UTC, datetime
from pathlib import Path

import pytest

from habari_tui.errors import ParseError
from habari_tui.models import ParsedFeed
from habari_tui.sources import parse

FEEDS = Path(__file__).parent / "fixtures" / "feeds"


def parse_fixture(name: str, url: str = "https://kabarbanua.example/feed/") -> ParsedFeed:
    return parse((FEEDS / name).read_bytes(), url)


def test_rss2_feed_title_link_and_entries_in_document_order() -> None:
    feed = parse_fixture("rss20_kalsel.xml")

    assert (feed.format, feed.title, feed.link) == (
        "rss",
        "Kabar Banua",
        "https://kabarbanua.example/",
    )
    assert [e.title for e in feed.entries][:3] == [
        "Banjir rendam tiga desa di Balangan, warga mengungsi",
        "Harga cabai naik & stok menipis di pasar",
        "Pasar terapung Lok Baintan kembali ramai",
    ]


def test_rss2_entry_carries_every_field() -> None:
    entry = parse_fixture("rss20_kalsel.xml").entries[0]

    assert entry.url == "https://kabarbanua.example/2024/05/01/banjir-balangan/"
    assert entry.guid == "kb-1001"
    assert entry.summary.startswith("Hujan deras sejak Selasa malam")
    assert "<" not in entry.summary
    assert entry.published == datetime(2024, 5, 1, 0, 30, tzinfo=UTC)
    assert entry.categories == ("Banjir", "Balangan")
    assert entry.author == "Rahmat Hidayat"


def test_content_encoded_is_kept_as_html_with_relative_links_resolved() -> None:
    html = parse_fixture("rss20_kalsel.xml").entries[0].content_html

    assert html is not None
    assert "<figcaption>GENANGAN:" in html
    assert 'href="https://kabarbanua.example/2024/04/30/tanggul-jebol/"' in html
    assert "BACA JUGA:" in html


def test_html_in_titles_is_stripped_and_entities_decoded() -> None:
    entry = parse_fixture("rss20_kalsel.xml").entries[1]

    assert entry.title == "Harga cabai naik & stok menipis di pasar"
    assert entry.summary == (
        "Pedagang di Pasar Lama mengeluhkan pasokan yang berkurang — harga naik dua kali lipat."
    )


def test_relative_link_is_resolved_against_the_feed_url() -> None:
    entry = parse_fixture("rss20_kalsel.xml").entries[2]

    assert entry.url == "https://kabarbanua.example/2024/05/02/pasar-terapung/"


def test_summary_falls_back_to_the_full_content() -> None:
    entry = parse_fixture("rss20_kalsel.xml").entries[2]

    assert entry.summary == (
        "Pedagang sayur dan buah kembali memenuhi sungai sejak pagi.\n"
        "Wisatawan dari Banjarmasin berdatangan."
    )


def test_missing_link_and_date_become_none() -> None:
    entry = parse_fixture("rss20_kalsel.xml").entries[3]

    assert (entry.url, entry.published, entry.content_html) == (None, None, None)
    assert entry.guid == "kb-1004"


def test_empty_title_becomes_untitled() -> None:
    assert parse_fixture("rss20_kalsel.xml").entries[4].title == "(untitled)"


def test_windows_1252_rss_decodes_smart_quotes_and_accents() -> None:
    entry = parse_fixture("rss20_windows1252.xml").entries[0]

    assert entry.title == "Café owners “hopeful” – council extends outdoor seating"
    assert entry.summary == "The council’s vote means tables can stay out until 11 pm."
    assert entry.published == datetime(2024, 4, 30, 16, 45, tzinfo=UTC)


def test_iso_8859_1_atom_decodes_accents() -> None:
    feed = parse_fixture("atom_iso88591.xml")

    assert feed.format == "atom"
    assert feed.entries[0].title == "Festival musik Banjarbaru hadirkan Andrés Muñoz"
    assert "Murjani » gratis" in feed.entries[0].summary


def test_rss1_rdf_items_with_dublin_core_dates_and_creators() -> None:
    feed = parse_fixture("rss10_rdf.xml")

    assert (feed.format, feed.title) == ("rss", "River Desk")
    first, second = feed.entries
    assert first.published == datetime(2024, 4, 28, 2, 0, tzinfo=UTC)
    assert (first.author, first.categories) == ("Lena Hart", ("Transport",))
    assert second.published is None


def test_rss091_without_dates_or_guids() -> None:
    feed = parse_fixture("rss091.xml")

    assert [e.url for e in feed.entries] == [
        "https://oldtown.example/library-reading-room.html",
        "https://oldtown.example/bridge.html",
    ]
    assert all(e.published is None and e.guid is None for e in feed.entries)
    assert feed.entries[1].summary == ""


def test_atom_xml_base_resolves_entry_links_and_content() -> None:
    feed = parse_fixture("atom_xml_base.xml", url="https://elsewhere.example/feeds/berita.xml")
    entry = feed.entries[0]

    assert feed.title == "Berita Daerah"
    assert feed.link == "https://berita.example/kanal/"
    assert entry.url == "https://berita.example/kanal/daerah/banjarmasin-jembatan.html"
    assert 'src="https://berita.example/kanal/daerah/img/jembatan.jpg"' in (
        entry.content_html or ""
    )
    assert feed.entries[1].url == "https://berita.example/arsip/sekolah-darurat"


def test_atom_entry_fields_use_published_labels_and_author() -> None:
    entry = parse_fixture("atom_xml_base.xml").entries[0]

    assert entry.published == datetime(2024, 5, 2, 1, 0, tzinfo=UTC)
    assert entry.categories == ("Infrastruktur", "banjarmasin")
    assert entry.author == "Siti Aminah"
    assert entry.summary == "Wali kota meresmikan jembatan penghubung dua kelurahan."


def test_atom_text_title_keeps_angle_brackets_as_text() -> None:
    entry = parse_fixture("atom_xml_base.xml").entries[1]

    assert entry.title == "Sekolah darurat dibuka <setelah> kebakaran"


def test_atom_text_content_becomes_escaped_paragraphs_and_updated_date_is_used() -> None:
    entry = parse_fixture("atom_xml_base.xml").entries[1]

    assert entry.content_html == (
        "<p>Murid belajar di tenda sementara.</p>"
        "<p>Gedung baru ditargetkan selesai tahun depan.</p>"
    )
    assert entry.published == datetime(2024, 5, 1, 23, 30, tzinfo=UTC)


def test_truncated_xml_still_yields_the_complete_items() -> None:
    feed = parse_fixture("rss_truncated.xml")

    assert [e.title for e in feed.entries][:2] == [
        "Pelabuhan Trisakti kembali dibuka",
        "Festival budaya digelar akhir pekan",
    ]
    assert all(e.title != "(untitled)" or e.url for e in feed.entries)


def test_feed_with_a_title_but_no_items_is_an_empty_feed() -> None:
    content = b'<rss version="2.0"><channel><title>Sepi</title></channel></rss>'

    feed = parse(content, "https://sepi.example/feed")

    assert (feed.title, feed.entries) == ("Sepi", ())


def test_long_description_is_cut_on_a_word_with_an_ellipsis() -> None:
    words = " ".join(["Banjarmasin"] * 120)
    content = (
        f'<rss version="2.0"><channel><title>T</title><item><title>Panjang</title>'
        f"<description>{words}</description></item></channel></rss>"
    ).encode()

    summary = parse(content, "https://x.example/").entries[0].summary

    assert len(summary) <= 500
    assert summary.endswith("Banjarmasin…")


def test_escape_sequences_in_titles_never_survive() -> None:
    content = (
        '<rss version="2.0"><channel><title>T</title><item>'
        "<title>Berita \u202eterbalik\u202c &lt;script&gt;x&lt;/script&gt;penting</title>"
        "<link>javascript:alert(1)</link></item></channel></rss>"
    ).encode()

    entry = parse(content, "https://x.example/").entries[0]

    assert entry.title == "Berita terbalik penting"
    assert entry.url is None


def test_escaped_angle_brackets_in_titles_are_text_in_every_format() -> None:
    blink = "History of the &lt;blink&gt; tag"
    atom = (
        '<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>'
        f'<entry><id>urn:a</id><title type="html">{blink}</title></entry>'
        '<entry><id>urn:b</id><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">'
        f"{blink}</div></title></entry>"
        f'<entry><id>urn:c</id><title type="html">Tom &lt;b&gt;bold&lt;/b&gt;</title></entry>'
        "</feed>"
    ).encode()
    rss = f'<rss version="2.0"><channel><title>T</title><item><title>{blink}</title>'
    rss += "<guid>urn:d</guid></item></channel></rss>"

    titles = [e.title for e in parse(atom, "https://x.example/").entries]
    titles += [e.title for e in parse(rss.encode(), "https://x.example/").entries]

    shown = "History of the <blink> tag"
    assert titles == [shown, shown, "Tom bold", shown]


def test_malformed_xml_without_entries_names_the_line() -> None:
    content = b"<?xml version='1.0'?>\n<rss version='2.0'>\n<channel><title>x</wrong>"

    with pytest.raises(ParseError, match=r"^malformed XML at line 3: mismatched tag$"):
        parse(content, "https://x.example/")


def test_xml_that_is_not_a_feed_is_refused() -> None:
    content = b"<?xml version='1.0'?><catalog><book>Hikayat</book></catalog>"

    with pytest.raises(ParseError, match="^not a feed: no RSS or Atom root element$"):
        parse(content, "https://x.example/")


def test_html_page_is_refused_as_a_page() -> None:
    with pytest.raises(ParseError, match="^not a feed: an HTML page"):
        parse_fixture("html_page.html")


def test_rss_author_in_email_and_name_form_gives_the_name() -> None:
    feed = parse(
        b'<rss version="2.0"><channel><title>Wire</title><item><title>Kopi naik</title>'
        b"<author>desk@demo.habari-tui.invalid (Market Wire staff)</author></item>"
        b"<item><title>Teh turun</title><author>Siti Aminah</author></item></channel></rss>",
        "https://wire.example/feed",
    )
    assert [e.author for e in feed.entries] == ["Market Wire staff", "Siti Aminah"]


def test_a_feed_that_only_feedparser_reads_with_an_unreadable_date_warns_of_nothing() -> None:
    # A bare "&" makes the document ill-formed XML, so feedparser reads it, not lxml.
    feed = (
        b'<?xml version="1.0"?><rss version="2.0"><channel><title>Kabar & Berita</title>'
        b"<item><title>Banjir</title><link>https://example.com/banjir</link>"
        b"<pubDate>sometime last week</pubDate></item>"
        b"<item><title>Pasar</title><link>https://example.com/pasar</link>"
        b"<atom:updated xmlns:atom='http://www.w3.org/2005/Atom'>2026-11-20T08:00:00Z"
        b"</atom:updated></item></channel></rss>"
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        parsed = parse(feed, "https://example.com/feed")
    assert [e.title for e in parsed.entries] == ["Banjir", "Pasar"]
    assert parsed.entries[0].published is None
    assert parsed.entries[1].published == datetime(2026, 11, 20, 8, 0, tzinfo=UTC)  # its update
