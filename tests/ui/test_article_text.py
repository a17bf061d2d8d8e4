"""Article Markdown drawn as one renderable: paragraphs, lists, tables, and numbered links."""

from __future__ import annotations

from rich.console import Console

from habari_tui.models import RelatedLink
from habari_tui.ui.widgets.article_text import article_text


def lines(markdown: str, width: int = 60) -> list[str]:
    console = Console(width=width, color_system=None, file=open("/dev/null", "w"))  # noqa: SIM115
    rendered = console.render_lines(article_text(markdown).renderable, pad=False)
    return ["".join(segment.text for segment in line).rstrip() for line in rendered]


def test_paragraphs_are_separated_and_inline_baca_juga_keeps_its_words():
    text = lines(
        "BANJARMASIN – Jembatan dibuka.\n\n"
        "**BACA JUGA:** [Pasar terapung ramai](https://kalsel.example/pasar)\n\n"
        "Warga senang. (ns/ak)"
    )
    assert text == [
        "BANJARMASIN – Jembatan dibuka.",
        "",
        "BACA JUGA: Pasar terapung ramai",
        "",
        "Warga senang. (ns/ak)",
    ]


def test_links_are_numbered_in_reading_order_and_the_action_holds_only_the_number():
    drawn = article_text(
        "See [one](https://a.example/1) and [two'), app.quit('](https://b.example/2?q=%27)\n\n"
        "- [three](javascript:alert(1))"
    )
    # the parser itself refuses javascript: links: they stay text
    assert drawn.links == [
        RelatedLink("one", "https://a.example/1"),
        RelatedLink("two'), app.quit('", "https://b.example/2?q=%27"),
    ]
    console = Console(width=80, file=open("/dev/null", "w"))  # noqa: SIM115
    actions = {
        segment.style.meta.get("@click")
        for line in console.render_lines(drawn.renderable)
        for segment in line
        if segment.style and segment.style.meta
    }
    assert actions == {"screen.follow_link(0)", "screen.follow_link(1)"}


def test_lists_quotes_headings_and_tables_are_drawn_as_text():
    text = lines(
        "## Jadwal\n\n- Senin\n- Selasa\n\n1. pertama\n2. kedua\n\n> kutipan\n\n"
        "| Kota | Curah |\n|---|---|\n| Banjarmasin | 40 mm |\n"
    )
    assert text == [
        "Jadwal",
        "",
        "• Senin",
        "",
        "• Selasa",
        "",
        "1. pertama",
        "",
        "2. kedua",
        "",
        "▌ kutipan",
        "",
        "Kota │ Curah",
        "",
        "Banjarmasin │ 40 mm",
    ]


def test_markup_html_and_escape_sequences_are_shown_as_plain_text():
    text = lines("[bold]tebal[/bold] <script>alert(1)</script> \x1b]52;c;aGk=\x07sisa")
    assert text == ["[bold]tebal[/bold] <script>alert(1)</script> sisa"]
