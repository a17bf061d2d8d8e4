import contextlib
import json
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from habari_tui.errors import NotAnArticleError, ParseError
from habari_tui.extract import EXTRACTOR_VERSION, body_from_feed_html, extract_article
from habari_tui.extract.html_tree import element_text, parse_page
from habari_tui.extract.lead import find_leads
from habari_tui.models import RelatedLink

PAGES = Path(__file__).parent / "fixtures" / "pages"
EXPECTED = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))
ARTICLES = sorted(name for name, spec in EXPECTED.items() if "error" not in spec)
NOT_ARTICLES = sorted(name for name, spec in EXPECTED.items() if "error" in spec)


def _extract(name: str):
    spec = EXPECTED[name]
    return extract_article(
        (PAGES / name).read_bytes(), spec["url"], content_type=spec["content_type"]
    )


@pytest.mark.parametrize("name", ARTICLES)
def test_page_gives_expected_place_caption_and_related(name: str) -> None:
    body, spec = _extract(name), EXPECTED[name]
    assert body.place == spec["place"]
    assert body.caption == spec["caption"]
    assert [[link.title, link.url] for link in body.related] == spec["related"]


@pytest.mark.parametrize("name", ARTICLES)
def test_page_body_runs_from_first_to_last_paragraph_without_boilerplate(name: str) -> None:
    body, spec = _extract(name), EXPECTED[name]
    paragraphs = body.markdown.split("\n\n")
    assert paragraphs[0] == spec["first_paragraph"]
    assert paragraphs[-1] == spec["last_paragraph"]
    for boilerplate in spec["absent"]:
        assert boilerplate not in body.markdown


@pytest.mark.parametrize("name", NOT_ARTICLES)
def test_page_without_an_article_raises_parse_error_saying_why(name: str) -> None:
    with pytest.raises(ParseError) as raised:
        _extract(name)
    assert str(raised.value) == EXPECTED[name]["error"]


@pytest.mark.parametrize(
    "name", [name for name in NOT_ARTICLES if "list of stories" in EXPECTED[name]["error"]]
)
def test_a_list_of_headlines_is_not_shown_as_an_article(name: str) -> None:
    with pytest.raises(NotAnArticleError):
        _extract(name)


def test_wordpress_page_body_is_exactly_its_paragraphs() -> None:
    body = _extract("wp_figcaption_banjarmasin.html")
    assert body.markdown.split("\n\n") == [
        "**KABARBANUA.COM, BANJARMASIN –** Pasar terapung di muara Sungai Kuin kembali dibuka "
        "untuk umum setelah perbaikan dermaga selesai pekan lalu, kata pengelola pasar pada "
        "Senin pagi.",
        "**BACA JUGA:** [Dermaga baru siap dipakai]"
        "(https://kabarbanua.example/2024/06/01/dermaga-baru-siap-dipakai.html)",
        "Sejak subuh, puluhan jukung sudah merapat membawa sayur, ikan sungai dan kue "
        "tradisional. Pengunjung dari luar kota mulai berdatangan menjelang pukul enam.",
        "“Kami senang pasar ramai lagi,” ujar seorang pedagang yang sudah berjualan di sana "
        "selama dua puluh tahun.",
        "**Baca juga:** [Festival sungai digelar akhir bulan]"
        "(https://kabarbanua.example/2024/05/28/festival-sungai.html)",
        "Pemerintah kota berencana menambah papan penunjuk arah dan tempat parkir di sekitar "
        "dermaga agar pengunjung tidak kebingungan. (ns/ak)",
    ]


def test_caption_paragraph_is_not_repeated_in_the_body() -> None:
    body = _extract("wp_caption_paragraph_banjarmasin.html")
    assert body.caption is not None
    assert body.caption not in body.markdown
    assert body.markdown.count("**BACA JUGA:**") == 2


def test_page_body_records_source_and_extractor_version() -> None:
    body = _extract("wire_rotterdam_read_also.html")
    assert (body.source, body.extractor_version, body.fetched_at) == (
        "page",
        EXTRACTOR_VERSION,
        None,
    )
    assert isinstance(EXTRACTOR_VERSION, int) and EXTRACTOR_VERSION >= 1


def test_windows_1252_page_declared_in_meta_only_decodes_correctly() -> None:
    body = extract_article((PAGES / "cp1252_meta_only.html").read_bytes(), "http://w.example/a")
    assert "René Saputra" in body.markdown
    assert "“Kami ingin orang datang ke sungai, bukan hanya ke mal,”" in body.markdown
    assert "Rp15.000–Rp30.000" in body.markdown


def test_http_charset_wins_over_meta() -> None:
    page = (PAGES / "cp1252_meta_only.html").read_bytes().replace(b"windows-1252", b"utf-8")
    body = extract_article(page, "http://w.example/a", content_type="text/html; charset=cp1252")
    assert "café apung" in body.markdown


def test_undeclared_non_utf8_page_falls_back_to_windows_1252() -> None:
    page = (PAGES / "cp1252_meta_only.html").read_bytes().replace(b"charset=windows-1252", b"")
    assert "René Saputra" in extract_article(page, "http://w.example/a").markdown


def test_iso_8859_1_label_is_read_as_windows_1252() -> None:
    page = (PAGES / "cp1252_meta_only.html").read_bytes()
    body = extract_article(page, "http://w.example/a", content_type="text/html; charset=ISO-8859-1")
    assert "“Kami" in body.markdown


def test_str_page_with_xml_declaration_is_accepted() -> None:
    page = '<?xml version="1.0" encoding="utf-8"?>\n' + (PAGES / "broken_markup.html").read_text()
    assert extract_article(page, "https://b.example/x").place == "Banjarbaru"


@pytest.mark.parametrize(
    "page",
    [b"", b"   ", b"\x00\xff\xfe", "<<<>>>", "<html><body></body></html>", "<p>Halo</p>"],
)
def test_empty_or_garbage_pages_raise_parse_error(page: bytes | str) -> None:
    with pytest.raises(ParseError):
        extract_article(page, "https://x.example/")


def test_page_cut_anywhere_gives_text_or_parse_error() -> None:
    page = (PAGES / "wp_figcaption_banjarmasin.html").read_bytes()
    for cut in range(0, len(page), 97):
        with contextlib.suppress(ParseError):
            extract_article(page[:cut], "https://kabarbanua.example/a.html")


DEEP = (
    "<div><b><i>" * 200 + "<p>BANJARMASIN – Teks berita yang panjang.</p>" + "</i></b></div>" * 200
)


def test_deeply_nested_page_gives_text_or_parse_error() -> None:
    with contextlib.suppress(ParseError):
        extract_article(f"<html><body>{DEEP}</body></html>", "https://x.example/")


def test_deeply_nested_feed_html_keeps_its_text() -> None:
    # lxml keeps 255 levels at most; 80 x 3 stays within that.
    deep = "<div><b><i>" * 80 + "<p>Teks berita yang panjang.</p>" + "</i></b></div>" * 80
    body = body_from_feed_html(deep, "https://x.example/")
    assert "Teks berita yang panjang." in body.markdown


FEED_HTML = """
<figure><img src="/uploads/banjir.jpg"><figcaption>Warga mengungsi ke masjid. (Foto: Dok. BPBD)
</figcaption></figure>
<p><strong>KABARBANUA.COM, HULU SUNGAI TENGAH –</strong> Banjir merendam empat desa di
kecamatan Batang Alai sejak Senin malam.</p>
<p>Singkat.</p>
<p><strong>BACA JUGA: <a href="/2024/01/01/tanggul.html">Tanggul jebol di Barabai</a></strong></p>
<p>Air mulai surut <em>sore</em> hari.<br>Warga kembali membersihkan rumah.</p>
<ul><li>Desa Wawai</li><li>Desa Haruyan</li></ul>
<div class="jp-relatedposts"><a href="/2024/01/02/bantuan.html">Bantuan logistik tiba</a></div>
<p>Posko tetap dibuka sampai akhir pekan. (ns/ak)</p>
"""


def test_feed_html_keeps_every_paragraph_and_pulls_out_the_rest() -> None:
    body = body_from_feed_html(FEED_HTML, "https://kabarbanua.example/2024/01/03/banjir.html")
    assert body.markdown.split("\n\n") == [
        "**KABARBANUA.COM, HULU SUNGAI TENGAH –** Banjir merendam empat desa di kecamatan "
        "Batang Alai sejak Senin malam.",
        "Singkat.",
        "**BACA JUGA:** [Tanggul jebol di Barabai](https://kabarbanua.example/2024/01/01/tanggul.html)",
        "Air mulai surut *sore* hari.\nWarga kembali membersihkan rumah.",
        "- Desa Wawai\n- Desa Haruyan",
        "Posko tetap dibuka sampai akhir pekan. (ns/ak)",
    ]
    assert body.place == "Hulu Sungai Tengah"
    assert body.caption == "Warga mengungsi ke masjid. (Foto: Dok. BPBD)"
    assert body.related == (
        RelatedLink(
            "Tanggul jebol di Barabai", "https://kabarbanua.example/2024/01/01/tanggul.html"
        ),
        RelatedLink("Bantuan logistik tiba", "https://kabarbanua.example/2024/01/02/bantuan.html"),
    )
    assert (body.source, body.extractor_version) == ("feed", EXTRACTOR_VERSION)


def test_feed_caption_paragraph_before_dateline_becomes_the_caption() -> None:
    body = body_from_feed_html(
        "<p>PENILAIAN: Juri memeriksa kebun sekolah - Foto Istimewa</p>"
        "<p>BANJARMASIN - Tim penilai mengunjungi enam sekolah pekan ini.</p>",
        "https://x.example/a",
    )
    assert body.caption == "PENILAIAN: Juri memeriksa kebun sekolah - Foto Istimewa"
    assert body.markdown == "BANJARMASIN - Tim penilai mengunjungi enam sekolah pekan ini."
    assert body.place == "Banjarmasin"


def test_feed_text_is_escaped_as_markdown_and_scripts_dropped() -> None:
    body = body_from_feed_html(
        "<p>Harga 5 * 3 [murah]</p><script>alert(1)</script><p>- bukan daftar</p>",
        "https://x.example/a",
    )
    assert body.markdown == "Harga 5 \\* 3 [murah]\n\n\\- bukan daftar"
    assert _rendered(body.markdown) == ["Harga 5 * 3 [murah]", "- bukan daftar"]


def _rendered(markdown: str) -> list[str]:
    """The paragraphs a CommonMark reader shows, each link as "<text|url>"."""
    paragraphs = []
    for token in MarkdownIt("commonmark").parse(markdown):
        if token.type == "inline":
            parts = []
            for child in token.children or []:
                if child.type == "link_open":
                    parts.append(f"<{child.attrs['href']}|")
                elif child.type == "link_close":
                    parts.append(">")
                else:
                    parts.append(child.content)
            paragraphs.append("".join(parts))
    return paragraphs


def test_brackets_of_the_text_read_as_written_and_never_become_links() -> None:
    body = body_from_feed_html(
        "<p>[1] Wer im Wissenschaftsbetrieb</p>"
        "<p>c) [Militär] Strategie für den Abzug</p>"
        '<p>[teks](https://jahat.example/) dan [lihat]<span>(x)</span> [a]<a href="/2024/b.html">'
        "berita [2]</a></p>"
        "<p>[1]: https://jahat.example/</p>",
        "https://k.example/2024/a.html",
    )
    assert body.markdown.split("\n\n")[:2] == [
        "[1] Wer im Wissenschaftsbetrieb",
        "c) [Militär] Strategie für den Abzug",
    ]
    assert _rendered(body.markdown) == [
        "[1] Wer im Wissenschaftsbetrieb",
        "c) [Militär] Strategie für den Abzug",
        "[teks](https://jahat.example/) dan [lihat](x) "
        "[a]<https://k.example/2024/b.html|berita [2]>",
        "[1]: https://jahat.example/",
    ]


def test_spaces_just_inside_a_link_stay_between_the_words() -> None:
    body = body_from_feed_html(
        '<p>Kakaknya membuka<a href="/2024/dana.html"> Go Fund Me </a>bulan ini.</p>',
        "https://k.example/2024/a.html",
    )
    assert body.markdown == (
        "Kakaknya membuka [Go Fund Me](https://k.example/2024/dana.html) bulan ini."
    )


def test_terminal_escape_sequences_never_reach_body_or_links() -> None:
    body = body_from_feed_html(
        "<p>BANJARMASIN – Teks \x1b[31mmerah\x1b[0m di sini.</p>"
        '<p>Baca juga: <a href="/y">Ju\x1b]0;judul palsu\x07dul</a></p>',
        "https://x.example/",
    )
    assert "\x1b" not in body.markdown and "[31m" not in body.markdown
    assert body.related == (RelatedLink("Judul", "https://x.example/y"),)


def test_soft_hyphens_do_not_split_the_words_of_the_body() -> None:
    body = body_from_feed_html(
        "<p>Die Wei\u00adne Ita\u00adli\u00adens, neben Baro\u00adlo.</p>", "https://w.example/"
    )
    assert body.markdown == "Die Weine Italiens, neben Barolo."


def test_body_links_to_home_tag_or_author_pages_stay_plain_text() -> None:
    html = (
        '<p>Dibuka <a href="https://k.example/tag/sungai/">Sungai Kuin</a> oleh '
        '<a href="https://k.example/author/redaksi/">Redaksi</a> dari '
        '<a href="https://k.example/">Kabar Banua</a>, lihat '
        '<a href="https://k.example/2024/06/01/dermaga/">dermaga baru</a>.</p>'
    )
    body = body_from_feed_html(html, "https://k.example/2024/06/03/pasar/")
    assert body.markdown == (
        "Dibuka Sungai Kuin oleh Redaksi dari Kabar Banua, lihat "
        "[dermaga baru](https://k.example/2024/06/01/dermaga/)."
    )


def test_caption_lines_further_down_stay_in_place_marked_as_captions() -> None:
    body = _extract("caption_after_img_martapura.html")
    paragraphs = body.markdown.split("\n\n")
    assert paragraphs[2] == (
        "*Foto: Pendulang mencari intan di Cempaka, Banjarbaru. (Dok. Kabar Idaman)*"
    )
    assert paragraphs[3].startswith("Di Cempaka, pendulang tradisional")


def test_an_inline_read_also_line_is_one_link_where_it_stood_and_one_list_entry() -> None:
    body = _extract("related_own_and_site_lists.html")
    line = (
        "**Baca juga:** [Antrean feri di Alalak mengular]"
        "(https://wartabanua.example/2026/11/20/antrean-feri-alalak/)"
    )
    assert body.markdown.split("\n\n")[1] == line
    assert body.markdown.count("Antrean feri di Alalak mengular") == 1
    titles = [link.title for link in body.related]
    assert titles.count("Antrean feri di Alalak mengular") == 1


def test_a_data_table_with_indented_cells_stays_a_table() -> None:
    page = (PAGES / "recipe_table_with_indented_cells.html").read_bytes()
    body = extract_article(page, "https://backstube.example/rezepte/bienenstich/")
    assert "| 50 ml | Milch |\n| --- | --- |\n| 1 Pck. | Vanillin-Zucker |" in body.markdown
    assert "| 75 g | Butter |\n| 1 | Prise Salz |" in body.markdown


def test_a_lead_that_follows_an_html_comment_is_kept() -> None:
    page = (PAGES / "lead_after_html_comment.html").read_bytes()
    body = extract_article(page, "https://wochenblatt.example/talk/2021/gespraech-sprache")
    assert body.markdown.startswith(
        "**Die Autorin schreibt seit Jahren über Familie und Alltag. Nun hat sie ein Buch"
    )
    assert "MEDIA_BEGIN" not in body.markdown and "submitted" not in body.markdown


def test_a_utf8_page_with_a_few_latin1_bytes_keeps_both_readable() -> None:
    page = (PAGES / "lead_after_html_comment.html").read_bytes()
    # A CMS pasted one latin-1 sentence into a page that is UTF-8 and says so.
    page = page.replace(
        "Ihr nächstes Buch".encode(), "Grüße aus Köln. Ihr nächstes Buch".encode("latin-1")
    )
    body = extract_article(page, "https://wochenblatt.example/talk/2021/gespraech-sprache")
    assert "Grüße aus Köln. Ihr nächstes Buch" in body.markdown
    assert "Die meisten Reaktionen auf ihre Bücher seien freundlich." in body.markdown


def test_a_short_post_under_a_headline_linked_to_itself_is_an_article() -> None:
    page = (PAGES / "short_post_permalinked_title.html").read_bytes()
    body = extract_article(page, "https://tresen.example/2013/06/14/nichts-tun/")
    assert body.markdown.split("\n\n") == [
        "„Ich weiß, ich bin müde und sollte das vielleicht nicht sagen…“",
        "– „Dann sag es nicht“",
        "– „Ok.“",
    ]


def test_a_later_h1_that_opens_the_text_is_kept_as_its_heading() -> None:
    page = (PAGES / "second_h1_opens_the_text.html").read_bytes()
    body = extract_article(page, "https://kabarett.example/ueber-uns/")
    assert body.markdown.startswith("# Künstlerischer Lebenslauf\n\nSeit 2009 stehen wir")
    assert "Über uns" not in body.markdown


def test_inline_elements_side_by_side_stay_side_by_side_and_render_as_marks() -> None:
    page = (PAGES / "inline_marks_side_by_side.html").read_bytes()
    body = extract_article(page, "https://nordkurier.example/2020/04/datenleck/")
    lead = _rendered(body.markdown)[0]
    # No space is put between a link and the bold word part after it.
    assert lead.startswith("Die <https://nordkurier.example/2020/04/boerse/|Lindmann>-Aktie fiel")
    # Italic right before bold shows as emphasis, never as stray asterisks.
    assert "*" not in lead and "Rundfunks-Teams" in lead


def test_emphasis_runs_that_touch_are_read_as_two_marks_with_no_space_put_between() -> None:
    body = body_from_feed_html(
        "<p><strong>nach </strong><em>NDR</em><strong>-Recherchen von einem Leck</strong></p>",
        "https://x.example/a",
    )
    tokens = MarkdownIt("commonmark").parse(body.markdown)[1].children or []
    opened = [t.type for t in tokens if t.type.endswith("_open")]
    assert opened == ["strong_open", "em_open", "strong_open"]
    assert "".join(t.content for t in tokens) == "nach NDR-Recherchen von einem Leck"


def test_bold_that_ends_or_starts_in_punctuation_against_a_word_shows_no_marks() -> None:
    body = body_from_feed_html(
        "<p><strong>Hinweis:</strong>Bei Übernachtungen gilt kein Widerrufsrecht.</p>"
        "<p>Das letzte Hindernis sei ein Schmiergeld<strong>, das sie „Schranke“ nennen</strong>"
        " und das bar gezahlt werde.</p>"
        "<p>Klopf, klopf. Wer ist da? Pir<strong>—</strong>arrr!</p>",
        "https://x.example/a",
    )
    assert _rendered(body.markdown) == [
        "Hinweis:Bei Übernachtungen gilt kein Widerrufsrecht.",
        "Das letzte Hindernis sei ein Schmiergeld, das sie „Schranke“ nennen und das bar gezahlt"
        " werde.",
        "Klopf, klopf. Wer ist da? Pir—arrr!",
    ]
    assert body.markdown.startswith("**Hinweis**:Bei")


_RATHAUS = "https://stadtanzeiger.example/politik/2022/neues-rathaus"
_RATHAUS_LEAD = (
    "Nach drei Jahren Planung und zwei Bürgerentscheiden steht fest: Das neue Rathaus wird am"
    " Marktplatz gebaut, die ersten Bagger rollen im März. **Die Kosten** sind höher als geplant."
)


def test_the_lead_set_apart_in_a_teaser_box_opens_the_body_once() -> None:
    page = (PAGES / "lead_in_a_teaser_box.html").read_bytes()
    paragraphs = extract_article(page, _RATHAUS).markdown.split("\n\n")
    assert paragraphs[0] == _RATHAUS_LEAD
    assert paragraphs[1].startswith("Der Stadtrat hat am Dienstagabend")
    assert sum("Bürgerentscheiden" in p for p in paragraphs) == 1
    assert "12.02.2022" not in paragraphs[0] and "Stadtentwicklung" not in paragraphs[0]


def test_a_lead_the_story_already_opens_with_is_not_repeated() -> None:
    page = (PAGES / "lead_in_a_teaser_box.html").read_text(encoding="utf-8")
    box = page[page.index('<div class="teaser-text">') : page.index('<div class="meta">')]
    lead = box.removeprefix('<div class="teaser-text">').strip().removesuffix("</div>")
    page = page.replace(box, "").replace('<div class="article-body">', f"<div>{lead}")
    paragraphs = extract_article(page, _RATHAUS).markdown.split("\n\n")
    assert paragraphs.count(_RATHAUS_LEAD) == 1
    assert sum("Bürgerentscheiden" in p for p in paragraphs) == 1


@pytest.mark.parametrize(
    ("description", "box"),
    [
        # A description that is a subtitle, not a lead.
        ("Die Stadt baut am Marktplatz", "<p>Die Stadt baut am Marktplatz</p>"),
        # The description's words run on through a list: a fact box, not a lead.
        (
            "Das neue Rathaus in Zahlen: Kosten 48 Millionen Euro, Bauzeit drei Jahre,"
            " Fertigstellung im Sommer 2025",
            "<div><p>Das neue Rathaus in Zahlen:</p>\n<ul>\n<li>Kosten 48 Millionen Euro</li>\n"
            "<li>Bauzeit drei Jahre</li>\n<li>Fertigstellung im Sommer 2025</li>\n</ul></div>",
        ),
    ],
)
def test_a_subtitle_or_a_box_with_a_list_is_not_taken_for_the_lead(
    description: str, box: str
) -> None:
    page = (PAGES / "lead_in_a_teaser_box.html").read_text(encoding="utf-8")
    old_description = page[page.index('<meta name="description"') : page.index("<body>")]
    old_box = page[page.index('<div class="teaser-text">') : page.index('<div class="meta">')]
    page = page.replace(old_description, f'<meta name="description" content="{description}">')
    page = page.replace(old_box, box)
    markdown = extract_article(page, _RATHAUS).markdown
    assert markdown.startswith("Der Stadtrat hat am Dienstagabend")


def _without_description(page: str) -> str:
    return page.replace(page[page.index('<meta name="description"') : page.index("<body>")], "")


def test_without_a_description_the_box_under_the_headline_named_a_lead_opens_the_body() -> None:
    page = _without_description((PAGES / "lead_in_a_teaser_box.html").read_text(encoding="utf-8"))
    paragraphs = extract_article(page, _RATHAUS).markdown.split("\n\n")
    assert paragraphs[0] == _RATHAUS_LEAD
    assert paragraphs[1].startswith("Der Stadtrat hat am Dienstagabend")


def test_a_box_named_a_lead_that_is_mostly_a_link_is_not_taken_for_the_lead() -> None:
    page = _without_description((PAGES / "lead_in_a_teaser_box.html").read_text(encoding="utf-8"))
    box = page[page.index('<div class="teaser-text">') : page.index('<div class="meta">')]
    teaser = (
        '<div class="teaser-text"><p>Mehr dazu: <a href="/politik/2021/rathaus-buergerentscheid">'
        "Wie der zweite Bürgerentscheid über den Standort des Rathauses ausging</a></p></div>"
    )
    markdown = extract_article(page.replace(box, teaser), _RATHAUS).markdown
    assert markdown.startswith("Der Stadtrat hat am Dienstagabend")


def test_the_lead_is_found_whatever_the_body_classes_say_and_from_a_description_in_html() -> None:
    page = (PAGES / "lead_in_a_teaser_box.html").read_text(encoding="utf-8")
    # The body's classes name the page's template ("has-sidebar"), not a place on the page;
    # some sites write the description itself as HTML.
    page = page.replace("<body>", '<body class="single-post has-sidebar nav-open">')
    page = page.replace('<div class="teaser-text">', '<div class="box">')  # named for nothing
    page = page.replace(
        '<meta name="description" content="', '<meta name="description" content="&lt;p&gt;'
    )
    paragraphs = extract_article(page, _RATHAUS).markdown.split("\n\n")
    assert paragraphs[0] == _RATHAUS_LEAD


def test_a_story_the_markup_left_inside_an_unclosed_sidebar_is_still_read() -> None:
    # Unclosed <div>s put the whole story inside the sidebar: the engine's first reading
    # finds nothing, its reading that favours recall finds the story.
    page = (PAGES / "article_inside_an_unclosed_sidebar.html").read_bytes()
    paragraphs = extract_article(page, "https://hafenblatt.example/2023/faehre").markdown.split(
        "\n\n"
    )
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("Nach sieben Wochen in der Werft ist die Inselfähre")
    assert paragraphs[2].endswith("zusätzliche Fahrten am Wochenende anzubieten.")


def test_a_story_card_that_links_the_story_is_not_taken_for_its_lead() -> None:
    page = (PAGES / "lead_in_a_teaser_box.html").read_text(encoding="utf-8")
    # A list of the latest stories above the article shows this one's card, with the
    # description's words: the lead is the box under the headline, not the card.
    card = (
        f'<div class="latest"><a class="teaser" href="{_RATHAUS}"><div class="teaser__body">'
        "Nach drei Jahren Planung und zwei Bürgerentscheiden steht fest: Das neue Rathaus wird"
        " am Marktplatz gebaut</div></a></div>"
    )
    root = parse_page(page.replace("<main>", f"{card}<main>"), _RATHAUS)
    leads = find_leads(root, [])
    assert leads and element_text(leads[0]).endswith("Die Kosten sind höher als geplant.")


def test_the_lead_is_found_under_a_headline_in_a_box_named_banner() -> None:
    page = _without_description((PAGES / "lead_in_a_teaser_box.html").read_text(encoding="utf-8"))
    # "banner" names ads too; the box is cleared away, but only after the lead was found.
    page = page.replace(
        "<h1>Neues Rathaus: Der Bau beginnt im Frühjahr</h1>",
        '<div class="article-banner"><h1>Neues Rathaus: Der Bau beginnt im Frühjahr</h1></div>',
    )
    paragraphs = extract_article(page, _RATHAUS).markdown.split("\n\n")
    assert paragraphs[0] == _RATHAUS_LEAD
