import pytest
from lxml import html as lxml_html

from habari_tui.extract import body_from_feed_html
from habari_tui.extract.related import (
    clean_url,
    is_index_page,
    mark_inline_related,
    take_related_blocks,
)
from habari_tui.models import RelatedLink

URL = "https://kabarbanua.example/2024/06/03/pasar.html"


def _page(body: str) -> lxml_html.HtmlElement:
    root = lxml_html.document_fromstring(f"<html><body>{body}</body></html>")
    root.make_links_absolute(URL)
    return root


@pytest.mark.parametrize(
    "line",
    [
        '<p><strong>BACA JUGA:</strong> <a href="/a.html">Judul A</a></p>',
        '<p><strong>BACA JUGA: <a href="/a.html">Judul A</a></strong></p>',
        '<p><b>Baca juga</b> - <a href="/a.html"><b>Judul A</b></a></p>',
        '<p>Lihat juga <a href="/a.html">Judul A</a></p>',
        '<p>SIMAK JUGA – <a href="/a.html">Judul A</a></p>',
        '<p><em>Read also:</em> <a href="/a.html">Judul A</a></p>',
        '<p>Related: <a href="/a.html">Judul A</a></p>',
        '<div>See also <a href="/a.html">Judul A</a></div>',
        '<p><strong>Lihat juga</strong><a href="/a.html">Judul A</a></p>',
    ],
)
def test_baca_juga_lines_become_related_links(line: str) -> None:
    root = _page(f"<p>Paragraf pertama.</p>{line}<p>Paragraf kedua.</p>")
    links = mark_inline_related(root)
    assert links == [RelatedLink("Judul A", "https://kabarbanua.example/a.html")]
    assert root.body is not None
    rewritten = root.body[1]
    assert rewritten.tag == "p"
    assert rewritten.text_content().endswith(": Judul A")


@pytest.mark.parametrize(
    ("line", "label"),
    [
        ('<p><strong>Lesen Sie auch:</strong> <a href="/a.html">Judul A</a></p>', "Lesen Sie auch"),
        ('<p>Mehr zum Thema: <a href="/a.html">Judul A</a></p>', "Mehr zum Thema"),
        ('<p><b>VEA TAMBIÉN:</b> <a href="/a.html">Judul A</a></p>', "VEA TAMBIÉN"),
        ('<p>LE PUEDE INTERESAR: <a href="/a.html">Judul A</a></p>', "LE PUEDE INTERESAR"),
        ('<p>À lire aussi » <a href="/a.html">Judul A</a></p>', "À lire aussi"),
        ('<p>Czytaj też: <a href="/a.html">Judul A</a></p>', "Czytaj też"),
        ('<p><strong>Leia também</strong> <a href="/a.html">Judul A</a></p>', "Leia também"),
        ('<p>Lees ook: <a href="/a.html">Judul A</a></p>', "Lees ook"),
        ('<p>Leggi anche: <a href="/a.html">Judul A</a></p>', "Leggi anche"),
        ('<p>Soma pia: <a href="/a.html">Judul A</a></p>', "Soma pia"),
        ('<p>Relacionado: <a href="/a.html">Judul A</a></p>', "Relacionado"),
    ],
)
def test_read_also_lines_in_the_languages_of_news_sites_become_related_links(
    line: str, label: str
) -> None:
    root = _page(f"<p>Erster Absatz.</p>{line}<p>Zweiter Absatz.</p>")
    assert mark_inline_related(root) == [
        RelatedLink("Judul A", "https://kabarbanua.example/a.html")
    ]
    assert root.body is not None
    assert root.body[1].text_content() == f"{label}: Judul A"


def test_a_rewritten_line_keeps_the_names_of_the_box_it_stood_in() -> None:
    root = _page('<div class="relatedNews" id="rel">Zobacz też: <a href="/a">Judul A</a></div>')
    mark_inline_related(root)
    assert root.body is not None
    assert (root.body[0].tag, root.body[0].get("class"), root.body[0].get("id")) == (
        "p",
        "relatedNews",
        "rel",
    )


@pytest.mark.parametrize(
    "line",
    [
        '<p>Related issues were raised by <a href="/a.html">the council</a> last year.</p>',
        '<p>Baca juga kisah lengkapnya di <a href="/a.html">sini</a>, kata dia panjang lebar.</p>',
        '<p>Baca juga: <a href="mailto:x@example.com">surat</a></p>',
        "<p>BACA JUGA: tanpa tautan</p>",
        '<p>Lesen Sie auch, was der Minister im Landtag sagte: <a href="/a.html">hier</a></p>',
        '<p>Relacionado con el caso, <a href="/a.html">el juez</a> pidió más pruebas.</p>',
        '<p>Mire <a href="/a.html">el video</a> completo en nuestro canal.</p>',
    ],
)
def test_sentences_that_merely_start_alike_are_not_related_lines(line: str) -> None:
    assert mark_inline_related(_page(line)) == []


def test_inline_line_stays_in_body_as_markdown_link() -> None:
    body = body_from_feed_html(
        "<p>BANJARMASIN – Pasar terapung ramai lagi sejak pagi hari ini, kata pengelola.</p>"
        '<p><strong>BACA JUGA :</strong> <a href="/pasar.html">Pasar terapung <i>ramai</i> '
        "pengunjung</a></p><p>Paragraf penutup. (ns/ak)</p>",
        URL,
    )
    assert body.markdown.split("\n\n")[1] == (
        "**BACA JUGA:** [Pasar terapung ramai pengunjung](https://kabarbanua.example/pasar.html)"
    )


@pytest.mark.parametrize(
    "block",
    [
        '<h3>Berita Terkait</h3><ul><li><a href="/b.html">Judul B</a></li></ul>',
        '<div class="box"><div><span>Artikel Terkait:</span></div></div>'
        '<ul><li><a href="/b.html">Judul B</a></li></ul>',
        '<div class="related-posts"><h4>Pilihan</h4><a href="/b.html">Judul B</a></div>',
        '<div id="jp-relatedposts" class="jp-relatedposts"><div class="jp-relatedposts-post">'
        '<a href="/b.html?relatedposts_hit=1&amp;relatedposts_position=0" title="Judul B">'
        '<img src="/b.jpg"></a><h4><a href="/b.html?relatedposts_hit=1">Judul B</a></h4>'
        "</div></div>",
        '<div class="yarpp yarpp-related"><h3>Related posts:</h3><ol><li>'
        '<a href="/b.html" rel="bookmark">Judul B</a><!-- (4.2)--></li></ol></div>',
        '<article><p>Teks.</p><aside><a href="/b.html">Judul B</a></aside></article>',
        '<h2>Related stories</h2><div><a href="/b.html">Judul B</a> <span>3 Juni</span></div>',
        '<h3>Empfohlene Beiträge</h3><ul><li><a href="/b.html">Judul B</a></li></ul>',
        "<p><strong>Lesen Sie auch die folgenden Beiträge:</strong></p>"
        '<ul><li><a href="/b.html">Judul B</a></li></ul>',
        '<p><strong>Schon gelesen?</strong></p><blockquote class="wp-embedded-content">'
        '<p><a href="/b.html">Judul B</a></p></blockquote>',
        '<h2>Contenido relacionado</h2><div><a href="/b.html">Judul B</a></div>',
        '<p>Czytaj także:</p><p><a href="/b.html">Judul B</a></p>',
        '<div class="row"><div class="col"><h3><div>Contenido Relacionado</div></h3></div>'
        '<div class="col"><p></p></div></div><div class="row"><a href="/b.html">Judul B</a></div>',
        '<p><b>Weitere Informationen:</b></p><ul><li><a href="/b.html">Judul B</a></li></ul>',
        '<h5>Más sobre <a href="/etiqueta/la-agenda">La Agenda</a></h5>'
        '<ul><li><a href="/b.html">Judul B</a></li></ul>',
        "<table><tr><td><span>Weitere Artikel zum Thema</span></td></tr>"
        '<tr><td><a href="/b.html">Judul B</a></td></tr></table>',
    ],
)
def test_related_blocks_are_listed_and_removed_from_the_body(block: str) -> None:
    root = _page(f"<p>Isi berita yang panjang sekali.</p>{block}")
    links = take_related_blocks(root)
    assert links == [RelatedLink("Judul B", "https://kabarbanua.example/b.html")]
    assert "Judul B" not in root.text_content()
    assert "Isi berita" in root.text_content()


def test_story_cards_under_a_related_heading_are_related_reading() -> None:
    card = (
        '<article><a href="/{0}.html"><h2>Judul {0}</h2></a><p>Domingo 17 abril, 2022</p>'
        "<p>Las autoridades cerraron los pasos mientras los ingenieros revisan la estructura.</p>"
        "</article>"
    )
    root = _page(
        "<p>Isi berita yang panjang sekali.</p><section><h2>NOTAS RELACIONADAS</h2><br>"
        f"<div>{card.format('B')}{card.format('C')}</div></section>"
    )
    assert [link.title for link in take_related_blocks(root)] == ["Judul B", "Judul C"]
    assert "ingenieros" not in root.text_content()


def test_story_text_under_a_related_heading_stays_in_the_body() -> None:
    paragraph = (
        "<p>Der Landtag hat am Dienstag über den Haushalt beraten. Die Opposition kritisierte "
        'die Pläne scharf, wie <a href="/b.html">der Sender berichtet</a>, und kündigte an, '
        "vor das Verfassungsgericht zu ziehen, falls die Regierung an den Kürzungen festhält. "
        "Der Finanzminister verteidigte den Entwurf als notwendig und ausgewogen.</p>"
    )
    root = _page(f"<h3>Mehr zum Thema</h3>{paragraph}{paragraph}")
    assert take_related_blocks(root) == []
    assert "Verfassungsgericht" in root.text_content()


def test_sidebar_outside_the_article_is_not_related_reading() -> None:
    root = _page(
        "<article><p>Isi berita.</p></article>"
        '<aside id="secondary" class="widget-area"><h2>Terpopuler</h2>'
        '<ul><li><a href="/pop.html">Populer</a></li></ul></aside>'
    )
    assert take_related_blocks(root) == []


def test_related_links_are_in_reading_order_without_duplicates() -> None:
    body = body_from_feed_html(
        '<p>Baca juga: <a href="/a.html#komentar">Judul A</a></p>'
        "<p>Paragraf di tengah berita yang cukup panjang untuk dibaca orang.</p>"
        '<p>Lihat juga: <a href="https://other.example/c.html">Judul C</a></p>'
        '<h3>Berita Terkait</h3><ul><li><a href="/b.html">Judul B</a></li>'
        '<li><a href="/a.html">Judul A lagi</a></li><li><a href="/tag/pasar/">pasar</a></li>'
        '<li><a href="javascript:void(0)">Lainnya</a></li></ul>',
        URL,
    )
    assert body.related == (
        RelatedLink("Judul A", "https://kabarbanua.example/a.html"),
        RelatedLink("Judul C", "https://other.example/c.html"),
        RelatedLink("Judul B", "https://kabarbanua.example/b.html"),
    )
    assert "Berita Terkait" not in body.markdown


@pytest.mark.parametrize(
    ("href", "url"),
    [
        ("https://a.example/x.html#top", "https://a.example/x.html"),
        ("HTTP://a.example/x?utm_source=fb&id=3", "http://a.example/x?id=3"),
        ("mailto:x@a.example", None),
        ("javascript:void(0)", None),
        ("/relative/only", None),
        (None, None),
    ],
)
def test_clean_url_keeps_only_absolute_http_links(href: str | None, url: str | None) -> None:
    assert clean_url(href) == url


@pytest.mark.parametrize(
    "url",
    [
        "https://diario.example/etiqueta/la-agenda",
        "https://zeitung.example/thema/hafen/",
        "https://zeitung.example/themen/helmut-kohl",
        "https://news.example/topic/turkey",
        "https://journal.example/sujets/economie/",
    ],
)
def test_a_topic_index_is_not_a_story(url: str) -> None:
    assert is_index_page(url)
