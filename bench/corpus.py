"""The benchmark corpora, served over loopback HTTP: plain and realistic.

The plain corpus is RSS 2.0 with paragraphs of plain words. The realistic one looks like real
sites' feeds: a <figure> with a lazy-loaded <img> and a <figcaption> in most items, &nbsp; and
&ndash;, accented words, links with target and rel, <br />, an <iframe> embed now and then, a
<script> tweet embed rarely, two or three categories per item, and a quarter of the feeds
Atom 1.0 with type="html" content.

Used by bench_newsboat.py; importable on its own for profiling the parser.
"""

from __future__ import annotations

import hashlib
import random
import threading
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape

# fmt: off
_WORD_TEXT = (
    "banjir pasar jembatan gubernur festival warga sungai kota desa pemerintah proyek jalan "
    "rumah sakit sekolah petani nelayan harga beras listrik air bersih bandara pelabuhan "
    "council minister river market bridge harbour election budget hospital school farmers "
    "rainfall transport railway tourism museum library police court ministry investment "
    "Banjarmasin Banjarbaru Martapura Jakarta Pontianak Samarinda Balikpapan Kalsel Nairobi"
)
_ACCENTED_TEXT = (
    "café résumé São Paulo Zürich Málaga naïve Ağrı Kraków Dvořák señora Île-de-France "
    "Bogotá crème brûlée Göteborg Ålesund"
)
_WORDS = tuple(_WORD_TEXT.split())
_ACCENTED = tuple(_ACCENTED_TEXT.split())
_CATEGORIES = (
    "Daerah", "Nasional", "Ekonomi", "Olahraga", "Politik", "Hukum", "Pendidikan", "Kesehatan",
    "World", "Business", "Science", "Culture", "Weather", "Transport", "Kalimantan Selatan",
)
_AUTHORS = ("Rina Wulandari", "Ahmad Fauzi", "Siti Rahmah", "John Mwangi", "Dewi Lestari")
# fmt: on
ITEMS_PER_FEED = 50
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)


def _sentence(rng: random.Random, low: int, high: int) -> str:
    words = [rng.choice(_WORDS) for _ in range(rng.randint(low, high))]
    return " ".join(words).capitalize()


def _content(rng: random.Random, site: str) -> str:
    """About 2 KB of WordPress-like HTML: paragraphs, emphasis, a related-reading link."""
    parts = []
    size = 0
    while size < 1250:
        text = _sentence(rng, 18, 30)
        if rng.random() < 0.3:
            slug = "-".join(_sentence(rng, 3, 5).lower().split())
            text += f' <strong>BACA JUGA:</strong> <a href="https://{site}/{slug}/">{slug}</a>'
        elif rng.random() < 0.3:
            text = f"<em>{text}</em> &amp; {_sentence(rng, 4, 8)}"
        piece = f"<p>{text}.</p>\n"
        parts.append(piece)
        size += len(piece)
    return "".join(parts)


def _rich_sentence(rng: random.Random, low: int, high: int) -> str:
    """A sentence as real sites write it: accented words, &nbsp; and &ndash; here and there."""
    words = []
    for _ in range(rng.randint(low, high)):
        roll = rng.random()
        if roll < 0.06:
            words.append(rng.choice(_ACCENTED))
        elif roll < 0.08:
            words.append("&ndash;")
        else:
            words.append(rng.choice(_WORDS))
    text = " ".join(words).capitalize()
    if rng.random() < 0.3:
        cut = text.find(" ", len(text) // 2)
        if cut > 0:
            text = text[:cut] + "&nbsp;" + text[cut + 1 :]
    return text


def _rich_content(rng: random.Random, site: str, serial: int) -> str:
    """About 2.5 KB of HTML as WordPress and news sites publish it."""
    parts = []
    if rng.random() < 0.8:
        image = f"https://{site}/wp-content/uploads/2026/11/photo-{serial}.jpg"
        parts.append(
            '<figure class="wp-block-image size-large">'
            f'<img loading="lazy" decoding="async" width="1024" height="683" src="{image}" '
            f'alt="{_sentence(rng, 3, 6)}" class="wp-image-{serial}" '
            f'srcset="{image} 1024w, {image[:-4]}-300x200.jpg 300w" '
            'sizes="(max-width: 1024px) 100vw, 1024px" />'
            f"<figcaption>{_rich_sentence(rng, 6, 12)} &ndash; Foto Istimewa</figcaption>"
            "</figure>\n"
        )
    size = 0
    while size < 1400:
        text = _rich_sentence(rng, 18, 30)
        roll = rng.random()
        if roll < 0.25:
            slug = "-".join(_sentence(rng, 3, 5).lower().split())
            text += (
                f' <strong>BACA JUGA:</strong> <a href="https://{site}/{slug}/" target="_blank" '
                f'rel="noopener noreferrer">{_sentence(rng, 3, 6)}</a>'
            )
        elif roll < 0.45:
            text = f"<em>{text}</em> &amp; {_sentence(rng, 4, 8)}"
        elif roll < 0.55:
            text += f"<br />\n{_rich_sentence(rng, 5, 10)}"
        piece = f"<p>{text}.</p>\n"
        parts.append(piece)
        size += len(piece)
    if rng.random() < 0.1:
        parts.append(
            '<p><iframe loading="lazy" title="Video" width="500" height="281" '
            f'src="https://www.youtube.com/embed/v{serial:06d}?feature=oembed" frameborder="0" '
            'allow="accelerometer; autoplay; encrypted-media" allowfullscreen></iframe></p>\n'
        )
    if rng.random() < 0.03:
        parts.append(
            '<blockquote class="twitter-tweet"><p lang="id" dir="ltr">'
            f"{_sentence(rng, 8, 14)}</p>&mdash; Warga (@warga) "
            f'<a href="https://twitter.com/warga/status/{serial}">November 20, 2026</a>'
            "</blockquote>"
            '<script async src="https://platform.twitter.com/widgets.js" charset="utf-8">'
            "</script>\n"
        )
    return "".join(parts)


@dataclass
class FeedDoc:
    """One feed of the corpus: its items (newest first) and a version bumped on change."""

    number: int
    items: list[str] = field(default_factory=list)
    version: int = 0
    serial: int = 0
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""
    realistic: bool = False

    @property
    def site(self) -> str:
        return f"news{self.number:03d}.example.id"

    @property
    def atom(self) -> bool:
        """A quarter of the realistic corpus is Atom 1.0."""
        return self.realistic and self.number % 4 == 3


def _item(rng: random.Random, feed: FeedDoc, serial: int, page_base: str | None = None) -> str:
    """An item with the whole article in its content; in the plain corpus with `page_base`, a
    teaser whose link is an article page served by CorpusServer (a reader must fetch it)."""
    if feed.atom:
        return _atom_entry(rng, feed, serial)
    if feed.realistic:
        return _rich_item(rng, feed, serial)
    title = _sentence(rng, 6, 12)
    slug = "-".join(title.lower().split()[:6])
    link = f"https://{feed.site}/2026/11/{slug}-{serial}/"
    if page_base is not None:
        link = f"{page_base}/page/{feed.number}/{serial}.html"
    published = NOW - timedelta(minutes=37 * serial + feed.number)
    cats = rng.sample(_CATEGORIES, rng.randint(1, 3))
    categories = "".join(f"<category><![CDATA[{c}]]></category>" for c in cats)
    description = escape(_sentence(rng, 25, 40) + ".")
    return (
        "<item>"
        f"<title>{escape(title)}</title>"
        f"<link>{link}</link>"
        f"<dc:creator><![CDATA[{rng.choice(_AUTHORS)}]]></dc:creator>"
        f"<pubDate>{format_datetime(published, usegmt=True)}</pubDate>"
        f"{categories}"
        f'<guid isPermaLink="false">{feed.site}/?p={serial}</guid>'
        f"<description>{description}</description>"
        + ("" if page_base else f"<content:encoded><![CDATA[{_content(rng, feed.site)}]]>")
        + ("" if page_base else "</content:encoded>")
        + "</item>\n"
    )


def _rich_item(rng: random.Random, feed: FeedDoc, serial: int) -> str:
    # XML knows no &ndash;: WordPress writes titles with numeric references.
    title = _rich_sentence(rng, 6, 12).replace("&nbsp;", " ").replace("&ndash;", "&#8211;")
    slug = "-".join(_sentence(rng, 4, 6).lower().split())
    link = f"https://{feed.site}/2026/11/{slug}-{serial}/"
    published = NOW - timedelta(minutes=37 * serial + feed.number)
    cats = rng.sample(_CATEGORIES, rng.randint(2, 3))
    categories = "".join(f"<category><![CDATA[{c}]]></category>" for c in cats)
    summary = f"<p>{_rich_sentence(rng, 25, 40)} [&#8230;]</p>"
    return (
        "<item>"
        f"<title>{title}</title>"
        f"<link>{link}</link>"
        f"<comments>{link}#respond</comments>"
        f"<dc:creator><![CDATA[{rng.choice(_AUTHORS)}]]></dc:creator>"
        f"<pubDate>{format_datetime(published)}</pubDate>"
        f"{categories}"
        f'<guid isPermaLink="false">https://{feed.site}/?p={serial}</guid>'
        f"<description><![CDATA[{summary}]]></description>"
        f"<content:encoded><![CDATA[{_rich_content(rng, feed.site, serial)}]]></content:encoded>"
        "</item>\n"
    )


def article_page(number: int, serial: int) -> bytes:
    """The web page of a teaser item: a WordPress-like article of about 20 KB, with site
    navigation, a captioned photo, twelve paragraphs, a BACA JUGA line and a sidebar."""
    rng = random.Random(number * 1_000_003 + serial)
    site = f"news{number:03d}.example.id"
    title = escape(_sentence(rng, 6, 12))
    nav = "".join(
        f'<li><a href="https://{site}/category/{c.lower().replace(" ", "-")}/">{c}</a></li>'
        for c in _CATEGORIES
    )
    paragraphs = []
    for p in range(12):
        text = escape(_sentence(rng, 40, 70)) + "."
        if p == 0:
            text = f"<strong>{site.upper()}, BANJARMASIN</strong> – {text}"
        paragraphs.append(f"<p>{text}</p>")
        if p == 4:
            slug = "-".join(_sentence(rng, 4, 6).lower().split())
            paragraphs.append(
                f'<p><strong>BACA JUGA:</strong> <a href="https://{site}/{slug}/">'
                f"{escape(slug.replace('-', ' ').title())}</a></p>"
            )
    sidebar = "".join(
        f'<li><a href="https://{site}/2026/11/{n}/">{escape(_sentence(rng, 5, 9))}</a></li>'
        for n in range(20)
    )
    page = (
        f'<!DOCTYPE html><html lang="id"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="og:title" content="{title}"><link rel="stylesheet" href="/s.css">'
        f"<script>var wp = {{site: '{site}'}};</script></head><body class=\"single\">"
        f'<header><a class="logo" href="https://{site}/">Berita {number:03d}</a>'
        f"<nav><ul>{nav}</ul></nav></header>"
        f'<main><article class="post"><h1 class="entry-title">{title}</h1>'
        f'<div class="meta">{rng.choice(_AUTHORS)} · 20 November 2026</div>'
        f'<figure><img src="https://{site}/img/{serial}.jpg" alt="">'
        f"<figcaption>PENILAIAN: {escape(_sentence(rng, 8, 14))} - Foto Istimewa</figcaption>"
        f'</figure><div class="entry-content">{"".join(paragraphs)}</div></article>'
        f"<aside><h3>Berita Terkini</h3><ul>{sidebar}</ul></aside></main>"
        f"<footer><p>© 2026 Berita {number:03d}. All rights reserved.</p>"
        f"<ul>{nav}</ul></footer></body></html>"
    )
    return page.encode()


def _atom_entry(rng: random.Random, feed: FeedDoc, serial: int) -> str:
    title = _rich_sentence(rng, 6, 12).replace("&nbsp;", " ")
    slug = "-".join(_sentence(rng, 4, 6).lower().split())
    link = f"https://{feed.site}/2026/11/{slug}-{serial}/"
    published = NOW - timedelta(minutes=37 * serial + feed.number)
    cats = rng.sample(_CATEGORIES, rng.randint(2, 3))
    categories = "".join(f'<category term="{escape(c)}" />' for c in cats)
    summary = escape(f"<p>{_rich_sentence(rng, 25, 40)} [&#8230;]</p>")
    return (
        "<entry>"
        f'<title type="html">{escape(title)}</title>'
        f'<link rel="alternate" type="text/html" href="{link}" />'
        f"<id>https://{feed.site}/?p={serial}</id>"
        f"<author><name>{rng.choice(_AUTHORS)}</name></author>"
        f"<published>{published.isoformat()}</published>"
        f"<updated>{published.isoformat()}</updated>"
        f"{categories}"
        f'<summary type="html">{summary}</summary>'
        f'<content type="html">{escape(_rich_content(rng, feed.site, serial))}</content>'
        "</entry>\n"
    )


def _render(feed: FeedDoc) -> None:
    if feed.atom:
        head = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="id">\n'
            f'<title type="text">Berita {feed.number:03d}</title>'
            f'<link rel="alternate" type="text/html" href="https://{feed.site}/" />'
            f'<link rel="self" type="application/atom+xml" href="https://{feed.site}/feed/atom/" />'
            f"<id>https://{feed.site}/feed/atom/</id>"
            f"<updated>{NOW.isoformat()}</updated>\n"
        )
        tail = "</feed>\n"
    else:
        head = (
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:atom="http://www.w3.org/2005/Atom">\n<channel>'
            f"<title>Berita {feed.number:03d}</title><link>https://{feed.site}/</link>"
            f"<description>News site {feed.number}</description><language>id</language>\n"
        )
        tail = "</channel></rss>\n"
    feed.body = (head + "".join(feed.items) + tail).encode()
    feed.etag = '"' + hashlib.sha1(feed.body).hexdigest()[:16] + '"'
    moment = datetime(2026, 11, 20, tzinfo=UTC) + timedelta(minutes=feed.version)
    feed.last_modified = format_datetime(moment, usegmt=True)


def make_corpus(
    feeds: int, items: int = ITEMS_PER_FEED, seed: int = 5, *, realistic: bool = False
) -> list[FeedDoc]:
    """`feeds` feeds of `items` items each, deterministic for a seed; realistic as real sites."""
    docs = []
    for number in range(feeds):
        rng = random.Random(seed * 100003 + number)
        doc = FeedDoc(number=number, serial=items, realistic=realistic)
        doc.items = [_item(rng, doc, s) for s in range(items, 0, -1)]
        _render(doc)
        docs.append(doc)
    return docs


def change(doc: FeedDoc, new_items: int = 5, page_base: str | None = None) -> None:
    """Publish `new_items` new stories at the top of a feed, dropping as many old ones; with
    `page_base` they are teasers of article pages served under it (see article_page)."""
    rng = random.Random(doc.number * 7 + doc.version + 1)
    doc.version += 1
    fresh = []
    for _ in range(new_items):
        doc.serial += 1
        fresh.append(_item(rng, doc, doc.serial, page_base))
    doc.items = list(reversed(fresh)) + doc.items[: len(doc.items) - new_items]
    _render(doc)


class _Server(ThreadingHTTPServer):
    # socketserver's default listen backlog is 5: with more clients connecting at once the
    # kernel drops their SYNs and each waits a second to retry, which no real server imposes.
    request_queue_size = 256


class CorpusServer:
    """A threaded HTTP server on 127.0.0.1 with ETag/If-None-Match and Last-Modified."""

    def __init__(self, docs: list[FeedDoc]) -> None:
        self.docs = docs
        self.requests = 0
        self.not_modified = 0
        self.pages = 0
        self._stop = threading.Event()
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args) -> None:
                pass

            def do_GET(self) -> None:
                server.requests += 1
                if self.path.startswith("/never/"):
                    server._stop.wait(600)  # a feed that never answers
                    return
                if self.path.startswith("/page/"):
                    self._page()
                    return
                try:
                    doc = server.docs[int(self.path.rsplit("/", 1)[-1].split(".")[0])]
                except (ValueError, IndexError):
                    self.send_error(404)
                    return
                if self.headers.get("If-None-Match") == doc.etag or (
                    self.headers.get("If-None-Match") is None
                    and self.headers.get("If-Modified-Since") == doc.last_modified
                ):
                    server.not_modified += 1
                    self.send_response(304)
                    self.send_header("ETag", doc.etag)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                self.send_response(200)
                kind = "atom" if doc.atom else "rss"
                self.send_header("Content-Type", f"application/{kind}+xml; charset=utf-8")
                self.send_header("Content-Length", str(len(doc.body)))
                self.send_header("ETag", doc.etag)
                self.send_header("Last-Modified", doc.last_modified)
                self.end_headers()
                self.wfile.write(doc.body)

            def _page(self) -> None:
                try:
                    _, _, number, name = self.path.split("/", 3)
                    page = article_page(int(number), int(name.split(".")[0]))
                except ValueError:
                    self.send_error(404)
                    return
                server.pages += 1
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(page)))
                self.end_headers()
                self.wfile.write(page)

        self.httpd = _Server(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.port = self.httpd.server_address[1]
        self._thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def url(self, number: int) -> str:
        return f"http://127.0.0.1:{self.port}/feed/{number}.xml"

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def never_url(self, number: int) -> str:
        return f"http://127.0.0.1:{self.port}/never/{number}.xml"

    def __enter__(self) -> CorpusServer:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self.httpd.shutdown()
        self.httpd.server_close()


if __name__ == "__main__":
    start = time.perf_counter()
    for realistic in (False, True):
        corpus = make_corpus(300, realistic=realistic)
        size = sum(len(d.body) for d in corpus)
        kind = "realistic" if realistic else "plain"
        took = time.perf_counter() - start
        print(f"{kind}: {len(corpus)} feeds, {size / 1e6:.1f} MB in {took:.1f} s")
