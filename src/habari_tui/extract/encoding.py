"""Bytes of a web page -> text, with the charset the page (or its server) declares."""

from __future__ import annotations

import codecs
import re

# WHATWG treats these labels as windows-1252, and real pages labelled latin-1 use its extra glyphs.
_AS_WINDOWS_1252 = {"iso-8859-1", "iso8859-1", "latin-1", "latin1", "l1", "us-ascii", "ascii"}
_HTTP_CHARSET = re.compile(r"charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_META_CHARSET = re.compile(rb"<meta[^>]+?charset\s*=\s*[\"']?\s*([\w.:-]+)", re.IGNORECASE)
_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_html(page: bytes | str, content_type: str | None = None) -> str:
    """Decode a page: BOM, then the HTTP charset, then <meta>, else UTF-8 with cp1252 bytes."""
    if isinstance(page, str):
        return page
    for bom, name in _BOMS:
        if page.startswith(bom):
            return page[len(bom) :].decode(name, errors="replace")
    declared = _charset_from_header(content_type) or _charset_from_meta(page)
    if declared and declared != "utf-8":
        return page.decode(declared, errors="replace")
    # UTF-8, and each byte that is not UTF-8 read as windows-1252: a page mislabelled or
    # undeclared is nearly always windows-1252 in the wild, and a UTF-8 page with a few
    # latin-1 bytes pasted in keeps its UTF-8 text ("Mäscot") as well as those words.
    return page.decode("utf-8", errors=_WINDOWS_1252_BYTES)


def _windows_1252_bytes(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeDecodeError):
        raise error
    bad = error.object[error.start : error.end]
    return bytes(bad).decode("windows-1252", errors="replace"), error.end


_WINDOWS_1252_BYTES = "habari-windows-1252-bytes"
codecs.register_error(_WINDOWS_1252_BYTES, _windows_1252_bytes)


def _charset_from_header(content_type: str | None) -> str | None:
    match = _HTTP_CHARSET.search(content_type or "")
    return _known_codec(match.group(1)) if match else None


def _charset_from_meta(page: bytes) -> str | None:
    # Browsers only look at the first 1024 bytes; allow more for pages with long <head> preambles.
    match = _META_CHARSET.search(page[:4096])
    return _known_codec(match.group(1).decode("ascii", errors="ignore")) if match else None


def _known_codec(label: str) -> str | None:
    label = label.strip().lower()
    if label in _AS_WINDOWS_1252:
        return "windows-1252"
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    # A UTF-16 label found by an ASCII scan is a lie: the bytes are ASCII-compatible.
    return "utf-8" if name == "utf-8" or name.startswith("utf-16") else name
