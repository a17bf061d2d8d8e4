"""The lxml fast path reads exactly what feedparser reads, or hands the feed back to it."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from habari_tui.sources import fastxml
from habari_tui.sources.detect import parse
from habari_tui.sources.rss import parse_xml

FEEDS = Path(__file__).parent / "fixtures" / "feeds"
URL = "http://127.0.0.1:8000/feed.xml"

_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">'
    "<channel><title>Kabar Banua</title><link>https://kabarbanua.example/</link>"
    '<atom:link href="https://kabarbanua.example/feed/" rel="self"/>'
    "<description>Berita</description>"
)


def _item(**fields: str) -> str:
    return "<item>" + "".join(fields.values()) + "</item>"


def _feed(*items: str) -> bytes:
    return (_HEAD + "".join(items) + "</channel></rss>").encode()


def _same_as_feedparser(content: bytes) -> object:
    fast = fastxml.parse_rss_fast(content, URL)
    if fast is not None:
        assert fast == parse_xml(content, URL)
    return fast


TYPICAL = _item(
    title="<title>Banjir rendam tiga desa di Balangan</title>",
    link="<link>https://kabarbanua.example/2024/05/01/banjir-balangan/</link>",
    creator="<dc:creator><![CDATA[Rahmat Hidayat]]></dc:creator>",
    date="<pubDate>Wed, 01 May 2024 08:30:00 +0800</pubDate>",
    cats="<category><![CDATA[Banjir]]></category><category>Balangan</category>",
    guid='<guid isPermaLink="false">https://kabarbanua.example/?p=1001</guid>',
    desc="<description><![CDATA[Hujan deras sejak Selasa malam.]]></description>",
    content=(
        "<content:encoded><![CDATA[<p>KABARBANUA.EXAMPLE, PARINGIN – Hujan deras.</p>\n"
        '<p><strong>BACA JUGA:</strong> <a href="https://kabarbanua.example/tanggul/">'
        "Tanggul jebol</a> &amp; lainnya</p>]]></content:encoded>"
    ),
)


def test_a_plain_wordpress_item_takes_the_fast_path_and_matches_feedparser():
    assert _same_as_feedparser(_feed(TYPICAL, TYPICAL.replace("p=1001", "p=1002"))) is not None


def test_every_fixture_feed_parses_the_same_through_detect():
    for path in sorted(FEEDS.glob("*.xml")):
        content = path.read_bytes()
        _same_as_feedparser(content)
        assert parse(content, URL) == parse_xml(content, URL), path.name


def test_what_feedparser_would_rewrite_goes_to_feedparser():
    relative = TYPICAL.replace("https://kabarbanua.example/tanggul/", "/tanggul/")
    latin1 = TYPICAL.replace("Hujan deras.", "Caf\u00e9 deras.")
    image = TYPICAL.replace("<p>KABAR", '<p><img src="https://x.example/a.jpg">KABAR')
    dated = TYPICAL.replace("Wed, 01 May 2024 08:30:00 +0800", "2024-05-01T08:30:00+08:00")
    for item in (relative, latin1, image, dated):
        assert fastxml.parse_rss_fast(_feed(item), URL) is None


def test_entities_and_network_are_never_resolved():
    evil = (
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b'<rss version="2.0"><channel><title>&x;</title></channel></rss>'
    )
    assert fastxml.parse_rss_fast(evil, URL) is None


_text = st.lists(
    st.sampled_from(list("abcXYZ 019.,-'&<>\"é—\u00a0\t\n") + ["&amp;", "Ã©"]), max_size=30
).map("".join)
_html = st.lists(
    st.one_of(
        _text,
        st.sampled_from(
            [
                "<p>",
                "</p>",
                "<em>",
                "</em>",
                "<strong>",
                "</strong>",
                '<a href="https://a.example/x/">',
                '<a href="/rel/">',
                '<a class="c" href="https://a.example/">',
                '<a href="https://a.example/" class="c">',
                "</a>",
                "<br>",
                "<br />",
                "<script>",
                "&quot;",
                "&mdash;",
                "&#8212;",
                "<div>",
                "</div>",
            ]
        ),
    ),
    max_size=12,
).map("".join)
_date = st.sampled_from(
    [
        "Wed, 01 May 2024 08:30:00 +0800",
        "Thu, 29 Feb 2024 23:59:59 GMT",
        "1 Jan 2025 00:00:00 -0530",
        "Sun, 31 Nov 2024 10:00:00 GMT",
        "yesterday",
        "Wed, 01 May 2024 08:30 +0800",
    ]
)
_url = st.sampled_from(
    [
        "https://a.example/2024/05/story/",
        "https://a.example/?p=12",
        "/relative/",
        "https://a.example/a/../b/",
        "https://a.example/x?a=1&b=2",
        "",
    ]
)


def _cdata(value: str) -> str:
    return "<![CDATA[" + value.replace("]]>", "") + "]]>"


@st.composite
def _items(draw: st.DrawFn) -> str:
    parts = []
    if draw(st.booleans()):
        parts.append(f"<title>{_cdata(draw(_text))}</title>")
    if draw(st.booleans()):
        parts.append(f"<link>{draw(_url)}</link>")
    if draw(st.booleans()):
        permalink = draw(st.sampled_from(['isPermaLink="false"', 'isPermaLink="true"', ""]))
        parts.append(f"<guid {permalink}>{_cdata(draw(st.one_of(_url, _text)))}</guid>")
    if draw(st.booleans()):
        parts.append(f"<pubDate>{draw(_date)}</pubDate>")
    for category in draw(st.lists(_text, max_size=3)):
        parts.append(f"<category>{_cdata(category)}</category>")
    if draw(st.booleans()):
        name = draw(st.sampled_from(["Rina Wulandari", "rina@example.id (Rina)", "O'Neil", ""]))
        parts.append(f"<dc:creator>{_cdata(name)}</dc:creator>")
    if draw(st.booleans()):
        parts.append(f"<description>{_cdata(draw(_html))}</description>")
    if draw(st.booleans()):
        parts.append(f"<content:encoded>{_cdata(draw(_html))}</content:encoded>")
    order = draw(st.permutations(parts))
    return "<item>" + "".join(order) + "</item>"


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_items(), min_size=1, max_size=4))
def test_generated_feeds_parse_the_same_as_with_feedparser(items: list[str]) -> None:
    _same_as_feedparser(_feed(*items))


@settings(max_examples=100, deadline=None)
@given(_text, _text)
def test_generated_clean_items_take_the_fast_path(title: str, body: str) -> None:
    clean = "".join(c for c in title if c not in "<>&\t\n" and not "\x80" <= c <= "\xff")
    words = "".join(c for c in body if c not in "<>&" and not "\x80" <= c <= "\xff")
    item = _item(
        title=f"<title>{clean}</title>",
        link="<link>https://a.example/2024/05/story/</link>",
        guid='<guid isPermaLink="false">a-1</guid>',
        date="<pubDate>Wed, 01 May 2024 08:30:00 +0800</pubDate>",
        content=f"<content:encoded>{_cdata('<p>' + words + '</p>')}</content:encoded>",
    )
    if clean.strip():  # an empty title is feedparser's "(untitled)" either way
        assert _same_as_feedparser(_feed(item)) is not None
