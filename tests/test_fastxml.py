"""The lxml reader shows the reader what feedparser would: a differential test, field by field.

Compared: the feed's title and link, and for every entry the title text, link, guid, date,
author, categories, the summary's text and the article as rendered. Not compared: the HTML
bytes (feedparser re-serialises and sanitises them; the renderer makes them safe instead).
"""

from __future__ import annotations

import html
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from habari_tui.errors import HabariError
from habari_tui.extract.article import body_from_feed_html
from habari_tui.models import ParsedFeed
from habari_tui.sources.detect import parse
from habari_tui.sources.fastxml import parse_xml_fast
from habari_tui.sources.rss import parse_xml

FIXTURES = Path(__file__).parent / "fixtures"
URL = "http://127.0.0.1:8000/feed.xml"


def _rendered(content_html: str | None, url: str | None) -> tuple[str, tuple[str, ...]] | None:
    if content_html is None:
        return None
    try:
        body = body_from_feed_html(content_html, url or URL)
    except HabariError:
        return ("", ())
    related = tuple(f"{link.title} {link.url}" for link in body.related)
    return " ".join(body.markdown.split()), related


def reader_view(feed: ParsedFeed) -> object:
    """What a reader of the feed sees, in a form to compare."""
    return (
        feed.format,
        feed.title,
        feed.link,
        [
            (
                e.title,
                e.url,
                e.guid,
                e.published,
                e.author,
                e.categories,
                " ".join(e.summary.split()),
                _rendered(e.content_html, e.url),
            )
            for e in feed.entries
        ],
    )


def _same_as_feedparser(content: bytes) -> ParsedFeed | None:
    fast = parse_xml_fast(content, URL)
    if fast is not None:
        assert reader_view(fast) == reader_view(parse_xml(content, URL))
    return fast


def test_every_well_formed_fixture_is_read_by_lxml_as_feedparser_reads_it():
    read = []
    for path in sorted(FIXTURES.rglob("*.xml")):
        content = path.read_bytes()
        fast = _same_as_feedparser(content)
        if fast is not None:
            read.append(path.name)
        assert reader_view(parse(content, URL)) == reader_view(parse_xml(content, URL)), path
    assert {"rss20_kalsel.xml", "rss10_rdf.xml", "atom_xml_base.xml", "rss091.xml"} <= set(read)


def test_a_malformed_feed_goes_to_feedparser():
    truncated = (FIXTURES / "feeds" / "rss_truncated.xml").read_bytes()
    assert parse_xml_fast(truncated, URL) is None
    assert parse(truncated, URL).entries


def test_declared_entities_are_never_expanded_by_the_lxml_reader():
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<rss version="2.0"><channel><title>&x;</title></channel></rss>'
    )
    assert parse_xml_fast(evil, URL) is None


# -- generated feeds that look like real sites' ------------------------------------------

_WORDS = st.sampled_from(
    ("banjir", "pasar", "jembatan", "gubernur", "warga", "café", "résumé", "Zürich", "naïve")
    + ("Dvořák", "São", "Paulo", "river", "market", "council", "2024", "O'Neil", "Ağrı")
)
_ENTITY = st.sampled_from(
    ["&nbsp;", "&ndash;", "&mdash;", "&amp;", "&#8230;", "&#8217;", "&eacute;"]
)
_words = st.lists(_WORDS, min_size=1, max_size=8).map(" ".join)
_ABSOLUTE = "https://kabar.example/2024/05/story/"


@st.composite
def _sentence(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(_words, _ENTITY), min_size=1, max_size=6))
    return " ".join(parts)


@st.composite
def _inline(draw: st.DrawFn) -> str:
    text = draw(_sentence())
    kind = draw(st.sampled_from(["plain", "em", "strong", "link", "relative", "path", "br"]))
    if kind in ("em", "strong"):
        return f"<{kind}>{text}</{kind}> {draw(_sentence())}"
    if kind == "link":
        return f'{text} <a href="{_ABSOLUTE}" target="_blank" rel="noopener">{draw(_words)}</a>'
    if kind == "relative":
        return f'{text} <a href="/tanggul/jebol/">{draw(_words)}</a>'
    if kind == "path":  # relative to the feed (or its xml:base), not to the article's page
        return f"{text} <a href='tanggul/jebol/?x=1&amp;y=2'>{draw(_words)}</a>"
    if kind == "br":
        return f"{text}<br />\n{draw(_sentence())}"
    return text


@st.composite
def _block(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["p", "p", "p", "figure", "iframe", "script", "baca", "list"]))
    if kind == "figure":
        return (
            '<figure class="wp-block-image"><img loading="lazy" decoding="async" '
            'src="https://kabar.example/a.jpg" alt="x" width="10" height="10" />'
            f"<figcaption>{draw(_sentence())}</figcaption></figure>"
        )
    if kind == "iframe":
        return '<p><iframe loading="lazy" src="https://www.youtube.com/embed/x"></iframe></p>'
    if kind == "script":
        return (
            f'<blockquote class="twitter-tweet"><p>{draw(_sentence())}</p></blockquote>'
            '<script async src="https://platform.twitter.com/widgets.js"></script>'
        )
    if kind == "baca":
        return f'<p><strong>BACA JUGA:</strong> <a href="{_ABSOLUTE}x/">{draw(_words)}</a></p>'
    if kind == "list":
        return f"<ul><li>{draw(_sentence())}</li><li>{draw(_inline())}</li></ul>"
    return f"<p>{draw(_inline())}</p>"


_body = st.lists(_block(), min_size=1, max_size=5).map("\n".join)
_NOW = datetime(2024, 5, 1, 8, 30, tzinfo=UTC)
_moment = st.integers(min_value=0, max_value=10_000).map(lambda m: _NOW - timedelta(minutes=m))
_rfc822 = _moment.map(format_datetime)
_iso = _moment.map(lambda m: m.isoformat()) | _moment.map(lambda m: m.strftime("%Y-%m-%dT%H:%MZ"))
_link = st.sampled_from([_ABSOLUTE, "https://kabar.example/?p=12", "/relative/story/", ""])
_categories = st.lists(st.one_of(_words, st.just("Kalimantan Selatan")), max_size=3)
_author = st.sampled_from(["Rina Wulandari", "rina@kabar.example (Rina Wulandari)", "O'Neil"])


def _cdata(value: str) -> str:
    return "<![CDATA[" + value.replace("]]>", "") + "]]>"


@st.composite
def _rss_item(draw: st.DrawFn) -> str:
    parts = [f"<title>{draw(_words)}</title>"]
    if draw(st.booleans()):
        parts.append(f"<link>{draw(_link)}</link>")
    permalink = draw(st.sampled_from(['isPermaLink="false"', 'isPermaLink="true"', ""]))
    parts.append(f"<guid {permalink}>{draw(_link) or 'kabar-1'}</guid>")
    if draw(st.booleans()):
        parts.append(f"<pubDate>{draw(_rfc822)}</pubDate>")
    else:
        parts.append(f"<dc:date>{draw(_iso)}</dc:date>")
    parts += [f"<category>{_cdata(c)}</category>" for c in draw(_categories)]
    parts.append(f"<dc:creator>{_cdata(draw(_author))}</dc:creator>")
    if draw(st.booleans()):
        parts.append(f"<description>{_cdata('<p>' + draw(_sentence()) + '</p>')}</description>")
    if draw(st.booleans()):
        parts.append(f"<content:encoded>{_cdata(draw(_body))}</content:encoded>")
    return "<item>" + "".join(draw(st.permutations(parts))) + "</item>"


def _rss(items: list[str]) -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" '
        'xmlns:dc="http://purl.org/dc/elements/1.1/"><channel><title>Kabar Banua</title>'
        "<link>https://kabar.example/</link><description>Berita</description>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


@st.composite
def _atom_entry(draw: st.DrawFn) -> str:
    title_kind = draw(st.sampled_from(["text", "html", "xhtml"]))
    title = draw(_words)
    if title_kind == "html":
        title = html.escape(f"{title} <em>{draw(_words)}</em> &amp; {draw(_words)}")
    elif title_kind == "xhtml":
        title = f'<div xmlns="http://www.w3.org/1999/xhtml">{title} <b>{draw(_words)}</b></div>'
    parts = [f'<title type="{title_kind}">{title}</title>', f"<id>{draw(_link) or 'urn:x:1'}</id>"]
    link = draw(_link)
    if link:
        parts.append(f'<link rel="alternate" type="text/html" href="{link}"/>')
    parts.append(f"<updated>{draw(_iso)}</updated>")
    if draw(st.booleans()):
        parts.append(f"<published>{draw(_iso)}</published>")
    parts += [f'<category term="{html.escape(c)}"/>' for c in draw(_categories)]
    if draw(st.booleans()):
        parts.append(f"<author><name>{draw(_words)}</name></author>")
    if draw(st.booleans()):
        parts.append(f'<summary type="html">{html.escape(draw(_sentence()))}</summary>')
    content_kind = draw(st.sampled_from(["html", "html", "text"]))
    if content_kind == "html":
        parts.append(f'<content type="html">{html.escape(draw(_body))}</content>')
    else:
        parts.append(f'<content type="text">{html.escape(draw(_words))}</content>')
    return "<entry>" + "".join(draw(st.permutations(parts))) + "</entry>"


def _atom(entries: list[str], base: str) -> bytes:
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f'<feed xmlns="http://www.w3.org/2005/Atom" xml:base="{base}">'
        '<title type="text">Kabar &amp; Banua</title><id>urn:kabar</id>'
        '<link rel="alternate" href="https://kabar.example/"/><updated>2024-05-01T00:00:00Z</updated>'
        + "".join(entries)
        + "</feed>"
    ).encode()


@st.composite
def _rdf_item(draw: st.DrawFn) -> str:
    about = draw(_link) or "https://kabar.example/1"
    parts = [f"<title>{draw(_words)}</title>", f"<link>{draw(_link)}</link>"]
    parts.append(f"<dc:date>{draw(_iso)}</dc:date>")
    parts += [f"<dc:subject>{c}</dc:subject>" for c in draw(_categories)]
    parts.append(f"<description>{html.escape(draw(_body))}</description>")
    return f'<item rdf:about="{about}">' + "".join(parts) + "</item>"


def _rdf(items: list[str]) -> bytes:
    return (
        '<?xml version="1.0"?>\n<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" '
        'xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        '<channel rdf:about="https://kabar.example/"><title>Kabar</title>'
        "<link>https://kabar.example/</link><description>d</description></channel>"
        + "".join(items)
        + "</rdf:RDF>"
    ).encode()


_SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(st.lists(_rss_item(), min_size=1, max_size=3))
def test_generated_rss_20_reads_as_feedparser_reads_it(items: list[str]) -> None:
    assert _same_as_feedparser(_rss(items)) is not None


@_SETTINGS
@given(
    st.lists(_atom_entry(), min_size=1, max_size=3),
    st.sampled_from(["https://kabar.example/", "https://kabar.example/kanal/", "/sub/"]),
)
def test_generated_atom_10_reads_as_feedparser_reads_it(entries: list[str], base: str) -> None:
    assert _same_as_feedparser(_atom(entries, base)) is not None


@_SETTINGS
@given(st.lists(_rdf_item(), min_size=1, max_size=3))
def test_generated_rss_10_reads_as_feedparser_reads_it(items: list[str]) -> None:
    assert _same_as_feedparser(_rdf(items)) is not None


@pytest.mark.parametrize(
    "value",
    ["Wed, 01 May 2024 08:30:00 +0800", "1 May 2024 00:30 GMT", "Wed, 01 May 2024 00:30:00 EST"],
)
def test_dates_agree_with_feedparser(value: str) -> None:
    item = f"<item><title>a</title><guid>x</guid><pubDate>{value}</pubDate></item>"
    fast = _same_as_feedparser(_rss([item]))
    assert fast is not None and fast.entries[0].published is not None


def test_the_publishers_html_is_kept_and_shown_safely():
    hostile = (
        '<p onclick="steal()">Warga <a href="javascript:alert(1)">klik</a> dan '
        '<a href="https://kabar.example/aman/" onmouseover="x()">aman</a>.</p>'
        "<style>p { display: none }</style><script>alert('x')</script>"
        '<iframe src="https://evil.example/"></iframe><p>Akhir.</p>'
    )
    item = f"<item><title>a</title><guid>x</guid><description>{_cdata(hostile)}</description>"
    item += f"<content:encoded>{_cdata(hostile)}</content:encoded></item>"

    (entry,) = parse(_rss([item]), URL).entries
    rendered = body_from_feed_html(entry.content_html or "", entry.url or URL).markdown

    assert rendered == "Warga klik dan [aman](https://kabar.example/aman/).\n\nAkhir."
    assert entry.summary == "Warga klik dan aman.\nAkhir."


def test_relative_links_are_resolved_against_the_feed_in_any_encoding():
    item = "<item><title>a</title><guid>x</guid><content:encoded>"
    item += _cdata("<p>Lihat <a href='foto/banjir/'>foto</a> &amp; <img src=\"/a.jpg\"></p>")
    item += "</content:encoded></item>"
    feed = _rss([item]).decode()
    utf16 = feed.replace('encoding="UTF-8"', 'encoding="UTF-16"').encode("utf-16")

    for content in (feed.encode(), utf16):
        (entry,) = parse(content, "https://kabar.example/rss/").entries
        assert 'href="https://kabar.example/rss/foto/banjir/"' in (entry.content_html or "")
        assert 'src="https://kabar.example/a.jpg"' in (entry.content_html or "")


@pytest.mark.parametrize(
    ("html_in_feed", "relative"),
    [
        (
            '<a href="https://a.example/">x</a><img src="http://a.example/i.jpg" srcset="x 1x">',
            False,
        ),
        ("&lt;a href=&quot;https://a.example/&quot;&gt;x&lt;/a&gt;", False),
        ('<a href="/x/">x</a>', True),
        ("&lt;a href=&quot;x/&quot;&gt;x&lt;/a&gt;", True),
        ('<a href = "https://a.example/">x</a>', False),
        ("<a href = 'x/'>x</a><p>the href attribute</p>", True),
        ('<A HREF="https://a.example/">x</A>', True),
        ('<img data-src="/lazy.jpg" src="https://a.example/i.jpg">', True),
        ('<a href="#top">top</a>', True),
    ],
)
def test_a_feed_says_whether_its_items_may_need_links_resolved(html_in_feed, relative):
    from habari_tui.sources.xml_fields import may_have_relative_links

    assert may_have_relative_links(html_in_feed.encode()) is relative
