"""Untrusted text made safe for the terminal, and HTML turned into plain text."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from habari_tui.text import (
    _parsed_text,
    _strip_sequences,
    clean_text,
    counted,
    is_web_url,
    one_line,
    plain_text,
    shorten,
    strip_controls,
    utc_moment,
)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("\x1b[31mMerah\x1b[0m", "Merah"),
        ("\x1b[2J\x1b[HLayar bersih", "Layar bersih"),
        ("\x1b[?1049hAlt", "Alt"),
        ("\x9b31mC1 CSI", "C1 CSI"),
        ("\x1bcReset", "Reset"),
        ("\x1b(0Line drawing", "Line drawing"),
    ],
    ids=["sgr", "clear-screen", "private-mode", "c1-csi", "reset", "charset"],
)
def test_escape_sequences_are_removed(raw: str, expected: str) -> None:
    assert clean_text(raw) == expected


def test_osc8_hyperlink_keeps_its_text_but_not_its_target() -> None:
    raw = "Baca \x1b]8;;https://evil.example/\x1b\\di sini\x1b]8;;\x1b\\ ya"

    assert clean_text(raw) == "Baca di sini ya"


def test_osc52_clipboard_write_is_removed_with_its_payload() -> None:
    raw = "Judul\x1b]52;c;cm0gLXJmIH4K\x07 aman"

    assert clean_text(raw) == "Judul aman"


def test_osc_title_with_bel_and_unterminated_osc_are_removed() -> None:
    assert clean_text("a\x1b]0;pwned\x07b") == "ab"
    assert clean_text("ok\x1b]0;never ends") == "ok"


def test_device_control_string_payload_is_removed() -> None:
    assert clean_text("x\x1bPq#0;2;0;0;0\x1b\\y") == "xy"


def test_bel_and_c0_controls_are_removed_but_newlines_kept() -> None:
    assert clean_text("Bunyi\x07 \x00nol\x08\x7f\nbaris dua") == "Bunyi nol\nbaris dua"


def test_c1_controls_are_removed() -> None:
    assert clean_text("a\x85b\x90c\x9dd\x9fe") == "ab"


@pytest.mark.parametrize("mark", ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e"])
def test_bidi_overrides_are_removed(mark: str) -> None:
    assert clean_text(f"txt.{mark}exe") == "txt.exe"


@pytest.mark.parametrize("mark", ["\u2066", "\u2067", "\u2068", "\u2069"])
def test_bidi_isolates_are_removed(mark: str) -> None:
    assert clean_text(f"a{mark}b") == "ab"


def test_whitespace_runs_within_a_line_become_one_space() -> None:
    assert clean_text("  Banjir \t\u00a0 di   Balangan  \r\n  hari ini ") == (
        "Banjir di Balangan\nhari ini"
    )


def test_many_blank_lines_collapse_to_one() -> None:
    assert clean_text("a\n\n\n\n\nb") == "a\n\nb"


def test_rich_markup_is_left_literally() -> None:
    assert clean_text("[bold]x[/bold] [link=https://a]b[/link]") == (
        "[bold]x[/bold] [link=https://a]b[/link]"
    )
    assert plain_text("<p>[bold]x[/bold]</p>") == "[bold]x[/bold]"


def test_indonesian_and_other_scripts_pass_through() -> None:
    text = "Pasar terapung — ramai 🚣 عربى 中文"

    assert clean_text(text) == text


def test_plain_text_removes_tags_and_decodes_entities() -> None:
    html = (
        "<p>Harga <b>cabai</b> naik &amp; stok&nbsp;menipis &#8211; kata &quot;pedagang&quot;</p>"
    )

    assert plain_text(html) == 'Harga cabai naik & stok menipis – kata "pedagang"'


def test_block_elements_become_line_breaks() -> None:
    html = "<h2>Judul</h2><p>Satu</p>\n<p>Dua<br>tiga</p><ul><li>a</li><li>b</li></ul>"

    assert plain_text(html) == "Judul\nSatu\nDua\ntiga\na\nb"


def test_source_newlines_inside_a_paragraph_are_just_spaces() -> None:
    assert plain_text("<p>satu\n   dua\nlima</p>") == "satu dua lima"


def test_scripts_styles_and_comments_are_not_text() -> None:
    html = "a<script>alert(1)</script><style>p{}</style><!-- catatan -->b"

    assert plain_text(html) == "ab"


@pytest.mark.parametrize(
    "broken",
    [
        "<p>unclosed <b>bold",
        "</p></div>",
        "<<<>>>",
        '<p a="unterminated>text',
        '<?xml version="1.0" encoding="utf-8"?><p>x</p>',
        "\x00<p>nul</p>",
        "<div>" * 5000 + "dalam",
        "&#xD800; &#0; &bogus;",
        "",
        "   ",
    ],
)
def test_broken_markup_never_raises(broken: str) -> None:
    result = plain_text(broken)

    assert isinstance(result, str)
    assert "\x00" not in result


def test_escapes_inside_html_are_removed_too() -> None:
    assert plain_text("<p>\x1b[31mmerah\x1b[0m \u202eterbalik</p>") == "merah terbalik"


def test_shorten_cuts_on_a_word_and_marks_the_cut() -> None:
    text = "Banjarmasin " * 60

    short = shorten(text.strip(), 100)

    assert len(short) <= 100
    assert short.endswith("Banjarmasin…")


def test_shorten_leaves_short_text_alone() -> None:
    assert shorten("Pendek saja.", 500) == "Pendek saja."


# -- the fast paths give exactly what the full treatment gives ---------------------------------

# Every kind of character the cleaning cares about, mixed with ordinary text.
_AWKWARD = st.text(
    alphabet=st.one_of(
        st.sampled_from(
            "\x00\x07\t\n\x0b\x0c\r\x1b[]P\\\x85\x90\x9b\x9c\xa0\u1680\u2000\u2028\u2029"
            "\u202a\u202e\u2066\u3000\ufeff\ufffa\ud800 abc;m0"
        ),
        st.characters(),
    ),
    max_size=60,
)


@settings(max_examples=400, deadline=None)
@given(_AWKWARD)
def test_text_without_controls_skips_the_stripping_unchanged(raw: str) -> None:
    assert strip_controls(raw) == _strip_sequences(raw)


@settings(max_examples=400, deadline=None)
@given(_AWKWARD)
def test_whitespace_is_collapsed_as_the_line_by_line_rule_says(raw: str) -> None:
    stripped = strip_controls(raw)
    lines = (re.sub(r"[^\S\n]+", " ", line).strip() for line in stripped.split("\n"))
    expected = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()

    assert clean_text(raw) == expected


@settings(max_examples=400, deadline=None)
@given(_AWKWARD.filter(lambda s: "<" not in s and "&" not in s))
def test_text_without_markup_reads_as_the_html_parser_reads_it(raw: str) -> None:
    source = strip_controls(raw)
    expected = _parsed_text(source) if source.strip() else ""

    assert plain_text(raw) == expected


def test_counted_nouns_agree_with_their_number():
    assert counted(1, "story", "stories") == "1 story"
    assert counted(0, "story", "stories") == "0 stories"
    assert counted(2, "feed") == "2 feeds"


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://kalsel.example/berita", True),
        ("HTTP://kalsel.example", True),
        ("ftp://kalsel.example/", False),
        ("https://", False),
        ("http://user@/path", False),
        ("/berita/banjir", False),
        ("http://[::1", False),
    ],
)
def test_a_web_url_is_http_or_https_with_a_host(url, ok):
    assert is_web_url(url) is ok


def test_one_line_makes_untrusted_text_a_single_safe_line():
    assert one_line(" Banjir\n\trob \x1b[31mBanjarmasin\u202e ") == "Banjir rob Banjarmasin"
    assert one_line(None) == ""


def test_a_moment_is_told_in_utc_day_month_year():
    assert utc_moment(datetime(2026, 11, 27, 14, 5, tzinfo=UTC)) == "27 Nov 2026 14:05 UTC"


_ENTITY_SOUP = st.lists(
    st.one_of(
        st.sampled_from(
            ["&amp;", "&nbsp;", "&hellip;", "&#8230;", "&#x2028;", "&#27;[31m", "&#0;", "&#128;"]
            + ["&copy", "&AMP;", "AT&T", "&notit;", "&;", "&#10;", "&#133;", "&#99999999999;"]
            + ["&#x1b;]8;;x&#7;", "&#xD800;", ">", "\u00a0", "\t", "\n"]
        ),
        st.text(st.characters(blacklist_characters="<"), max_size=8),
    ),
    max_size=12,
).map("".join)


@settings(max_examples=400, deadline=None)
@given(_ENTITY_SOUP)
def test_a_lone_paragraph_reads_as_the_same_paragraph_inside_a_tree(raw: str) -> None:
    # A lone paragraph of text and entities is read without building a tree.
    alone = plain_text(f"<p>{raw}</p>")

    assert alone == plain_text(f"<div><p>{raw}</p><br></div>")
