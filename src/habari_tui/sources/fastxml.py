"""The reader for every well-formed RSS 0.9x/2.0, RSS 1.0 and Atom 1.0 document, with lxml.

None means "let feedparser read it": a document lxml rejects (malformed, truncated), one that
declares entities, or one of a format this reader does not know (Atom 0.3, CDF…). What it
returns is what the reader sees through feedparser — title text, link, guid, dates, author,
categories and the rendered text — which tests/test_fastxml.py checks field by field. The
HTML is kept as the publisher wrote it: the renderer shows text, never runs scripts or
styles, and follows http(s) links only (see extract/).
"""

from __future__ import annotations

import codecs
import re

import lxml.etree

from habari_tui.models import ParsedFeed
from habari_tui.sources.xml_atom import ATOM, read_atom
from habari_tui.sources.xml_fields import may_have_relative_links
from habari_tui.sources.xml_rss import read_rdf, read_rss

_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}RDF"
_DECLARED = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)["']""")
_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_WHATWG_CODECS = {
    "shift_jis": "cp932",
    "euc-kr": "cp949",
    "gbk": "gb18030",
    "big5": "big5hkscs",
    "x-mac-cyrillic": "mac-cyrillic",
    "iso-8859-8-i": "iso-8859-8",
    "windows-874": "cp874",
}
_PARSER = lxml.etree.XMLParser(
    resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True, remove_pis=True
)


def parse_xml_fast(content: bytes, url: str, content_type: str | None = None) -> ParsedFeed | None:
    """The feed read with lxml, or None when feedparser must read it."""
    if b"<!ENTITY" in content:
        return None  # declared entities: never expanded here, feedparser refuses them safely
    root = _tree(content, url, content_type)
    if root is None:
        return None
    tag = root.tag
    # Bytes that are not ASCII-compatible (UTF-16) cannot be counted: resolve every item.
    resolve = b"\x00" in content[:256] or may_have_relative_links(content)
    if tag == "rss":
        return read_rss(root, url, resolve)
    if tag == _RDF:
        return read_rdf(root, url, resolve)
    if tag == f"{ATOM}feed":
        return read_atom(root, url, resolve)
    return None


# The name the first version of this reader had.
parse_rss_fast = parse_xml_fast


def undeclared_legacy(content: bytes) -> bool:
    """Bytes that name no encoding (no BOM, no declaration) and are not UTF-8."""
    return not _declared(content) and not _is_utf8(content)


def _declared(content: bytes) -> bool:
    return content.startswith(_BOMS) or _DECLARED.match(content) is not None


def _tree(content: bytes, url: str, content_type: str | None) -> lxml.etree._Element | None:
    if not _declared(content):
        encoding = _http_charset(content_type)
        if encoding is None and not _is_utf8(content):
            encoding = sniff_encoding(content)  # as a browser does: the bytes' likeliest encoding
        if encoding not in (None, "utf-8"):
            try:
                content = content.decode(encoding, errors="replace").encode("utf-8")
            except LookupError:
                return None
    try:
        return lxml.etree.fromstring(content, _PARSER, base_url=url)
    except (lxml.etree.XMLSyntaxError, ValueError):
        return None  # malformed: feedparser's lenient reading decides


def _http_charset(content_type: str | None) -> str | None:
    match = _HTTP_CHARSET.search(content_type or "")
    if match is None:
        return None
    try:
        name = codecs.lookup(match.group(1)).name
    except LookupError:
        return None
    # WHATWG reads latin-1 and ASCII labels as windows-1252, and so do the feeds that use them.
    return "cp1252" if name in ("latin-1", "iso8859-1", "ascii") else name


def _is_utf8(content: bytes) -> bool:
    try:
        content.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def sniff_encoding(content: bytes) -> str:
    """The encoding of undeclared, non-UTF-8 bytes, guessed as Firefox guesses it."""
    # Only for the rare undeclared legacy feed. (chardetng-py has no py.typed marker.)
    from chardetng_py import detect  # type: ignore[import-untyped]

    label = detect(content, allow_utf8=False, tld=None).lower()
    # Python's names for the WHATWG encodings the detector answers with.
    name = _WHATWG_CODECS.get(label, label)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return "cp1252"
