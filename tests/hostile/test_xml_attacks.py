"""Entity expansion and external entities: parsing stays bounded and reads nothing."""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest

from habari_tui.errors import ParseError
from habari_tui.models import ParsedFeed
from habari_tui.sources import parse
from habari_tui.sources.rss import parse_xml

try:  # the fast RSS path, when this tree has it
    from habari_tui.sources.fastxml import parse_rss_fast

    fast_parser: Callable[[bytes, str], ParsedFeed | None] | None = parse_rss_fast
except ImportError:  # pragma: no cover
    fast_parser = None


def _fast(content: bytes, url: str) -> ParsedFeed | None:
    return fast_parser(content, url) if fast_parser is not None else None


PARSERS: dict[str, Callable[[bytes, str], ParsedFeed | None]] = {
    "entry-point": parse,
    "feedparser": parse_xml,
    "fast-path": _fast,
}

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE rss [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<rss version="2.0"><channel><title>&lol9;</title>
<item><title>&lol9;</title><guid>laughs</guid><description>&lol9;</description></item>
</channel></rss>"""

# Quadratic blowup: one big entity used many times, no nesting for a limit to catch.
QUADRATIC = (
    b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY a "'
    + b"a" * 50_000
    + b'">]><rss version="2.0"><channel><title>q</title><item><title>'
    + b"&a;" * 5_000
    + b"</title><guid>q</guid></item></channel></rss>"
)


def xxe(system_id: str) -> bytes:
    return f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "{system_id}">]>
<rss version="2.0"><channel><title>t &xxe;</title>
<item><title>x &xxe;</title><guid>xxe</guid><description>&xxe;</description>
<link>http://127.0.0.1/x</link></item></channel></rss>""".encode()


def external_dtd(system_id: str) -> bytes:
    return f"""<?xml version="1.0"?>
<!DOCTYPE rss SYSTEM "{system_id}">
<rss version="2.0"><channel><title>t</title>
<item><title>x &ext;</title><guid>dtd</guid></item></channel></rss>""".encode()


def parameter_entity(system_id: str) -> bytes:
    return f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY % remote SYSTEM "{system_id}"> %remote;]>
<rss version="2.0"><channel><title>t</title>
<item><title>p</title><guid>pe</guid></item></channel></rss>""".encode()


def all_text(feed: ParsedFeed | None) -> str:
    if feed is None:
        return ""
    parts = [feed.title or "", feed.link or ""]
    for e in feed.entries:
        parts += [e.title, e.summary, e.content_html or "", e.url or "", e.guid or ""]
    return "\n".join(parts)


def bounded_parse(parser, content: bytes, seconds: float = 3.0) -> str:
    started = time.monotonic()
    try:
        text = all_text(parser(content, "http://127.0.0.1/feed"))
    except ParseError:
        text = ""
    assert time.monotonic() - started < seconds
    return text


@pytest.mark.parametrize("parser", PARSERS.values(), ids=PARSERS.keys())
@pytest.mark.parametrize("document", [BILLION_LAUGHS, QUADRATIC], ids=["laughs", "quadratic"])
def test_entity_expansion_stays_bounded(parser, document):
    text = bounded_parse(parser, document)
    assert len(text) < 1_000_000  # nothing near the gigabyte the entities describe


@pytest.mark.parametrize("parser", PARSERS.values(), ids=PARSERS.keys())
@pytest.mark.parametrize("build", [xxe, external_dtd, parameter_entity])
def test_a_local_file_entity_is_never_read(parser, build, tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT root:x:0:0")
    for target in (secret.as_uri(), "file:///etc/passwd"):
        text = bounded_parse(parser, build(target))
        assert "TOP-SECRET" not in text and "root:x:0:0" not in text


@pytest.mark.parametrize("parser", PARSERS.values(), ids=PARSERS.keys())
@pytest.mark.parametrize("build", [xxe, external_dtd, parameter_entity])
def test_a_remote_entity_is_never_fetched(parser, build, httpserver):
    httpserver.expect_request("/evil").respond_with_data("FETCHED-REMOTE")
    text = bounded_parse(parser, build(httpserver.url_for("/evil")))
    assert "FETCHED-REMOTE" not in text
    assert len(httpserver.log) == 0
