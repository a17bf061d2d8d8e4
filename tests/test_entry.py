"""Feed fields made into entries the same way for every format."""

from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from hypothesis import given, settings
from hypothesis import strategies as st

from habari_tui.sources.entry import absolute_url

_BASES = st.sampled_from(
    ["https://kalsel.example.id/feed/", "http://news.example.com/rss.xml", "file:///tmp/a.xml"]
)
_LINKS = st.one_of(
    st.from_regex(
        r"\A(?:https?|HTTP|ftp)://[A-Za-z0-9.@\[\]-]{0,12}(?::[0-9]{0,6})?"
        r"(?:/[A-Za-z0-9_~%/.,+=:;#?-]{0,20})?\Z"
    ),
    st.from_regex(r"\A[ /.?#a-z0-9]{0,16}\Z"),
    st.text(max_size=24),
)


def _joined(base: str, link: str | None) -> str | None:
    """What absolute_url gives by parsing every link."""
    if not link or not link.strip():
        return None
    try:
        url = urljoin(base, link.strip())
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https", "file") else None


@settings(max_examples=2000, deadline=None)
@given(_BASES, _LINKS)
def test_links_that_skip_parsing_come_out_as_urljoin_makes_them(base: str, link: str) -> None:
    assert absolute_url(base, link) == _joined(base, link)


def test_relative_and_protocol_relative_links_are_resolved() -> None:
    base = "https://kalsel.example.id/feed/"

    assert absolute_url(base, "/berita/1/") == "https://kalsel.example.id/berita/1/"
    assert absolute_url(base, "//cdn.example.id/a") == "https://cdn.example.id/a"
    assert absolute_url(base, " https://kalsel.example.id/x? ") == "https://kalsel.example.id/x"
    assert absolute_url(base, "javascript:alert(1)") is None


@settings(max_examples=2000, deadline=None)
@given(st.text(max_size=40) | st.text(st.characters(max_codepoint=0x3000), max_size=40))
def test_one_line_without_markup_reads_as_the_full_cleaning_makes_it(value: str) -> None:
    from habari_tui.sources.entry import one_line
    from habari_tui.text import text_of

    assert one_line(value) == " ".join(text_of(value).split())
