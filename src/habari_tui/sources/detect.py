"""The single entry point for feed bytes: tell the format from the content, then parse it."""

from __future__ import annotations

import json

from habari_tui.errors import ParseError
from habari_tui.models import ParsedFeed
from habari_tui.sources.fastxml import parse_xml_fast
from habari_tui.sources.jsonfeed import is_json_feed, parse_json_feed
from habari_tui.sources.rss import parse_xml
from habari_tui.sources.wordpress import is_wordpress_posts, parse_wordpress_posts

_UTF8_BOM = b"\xef\xbb\xbf"
_WHITESPACE = b" \t\r\n"


def parse(content: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """Parse feed bytes fetched from `url` (used to resolve relative links) into a ParsedFeed.

    The format is told from the content, never from the URL; `content_type` (the HTTP header)
    may name the charset of XML that declares none. Every failure is a ParseError whose
    message is one line.
    """
    start = _first_significant_byte(content)
    if start is None:
        raise ParseError("not a feed: empty document")
    if start in b"{[":
        return _parse_json(content, url)
    if start == ord("<"):
        return parse_xml_fast(content, url, content_type) or parse_xml(content, url, content_type)
    if content.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 XML announces itself with a BOM
        return parse_xml_fast(content, url) or parse_xml(content, url)
    raise ParseError("not a feed: neither XML nor JSON")


def _first_significant_byte(content: bytes) -> int | None:
    # Only the head is looked at: stripping the whole body would copy it.
    head = content[:4096].removeprefix(_UTF8_BOM).lstrip(_WHITESPACE)
    if not head and len(content) > 4096:
        head = content.removeprefix(_UTF8_BOM).lstrip(_WHITESPACE)
    return head[0] if head else None


def _parse_json(content: bytes, url: str) -> ParsedFeed:
    try:
        document = json.loads(content.removeprefix(_UTF8_BOM).decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ParseError(f"JSON is not valid UTF-8 at byte {exc.start}") from exc
    except json.JSONDecodeError as exc:
        raise ParseError(f"malformed JSON at line {exc.lineno}: {exc.msg}") from exc
    except RecursionError as exc:
        raise ParseError("malformed JSON: nested too deeply") from exc
    if is_json_feed(document):
        return parse_json_feed(document, url)
    if is_wordpress_posts(document):
        return parse_wordpress_posts(document, url)
    raise ParseError("not a feed: JSON document is neither JSON Feed nor WordPress posts")
