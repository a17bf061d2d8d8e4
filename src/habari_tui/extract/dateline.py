"""The dateline of a news story ("SITENAME.COM, BANJARMASIN –") and the place it names."""

from __future__ import annotations

import re

_DASH = r"\s*(?:--|[-–—])\s"
# An all-caps place of up to five words ("HULU SUNGAI TENGAH", "ST. LOUIS"); no dots elsewhere
# so a site name ("SITENAME.COM") is never taken for a place.
_UPPER_PLACE = r"(?:[A-Z]{1,3}\.|[A-Z][A-Z'’-]*)(?:\s+(?:[A-Z]{1,3}\.|[A-Z][A-Z'’-]*)){0,4}"
_TITLE_PLACE = r"[A-Z][a-z'’-]+(?:\s+[A-Z][a-z'’-]+){0,3}"
_SITE = r"[A-Za-z0-9][\w-]*(?:\.[\w-]+)*\.[A-Za-z]{2,}"
_AGENCY = r"\s*\([^()]{2,40}\)"  # "(ANTARA)", "(Nusantara Wire)"
_DAY = r"[A-Z][a-z]+\s*\(\d{1,2}/\d{1,2}(?:/\d{2,4})?\)"  # "Senin (3/6)"
# "Nov 20", "Nov. 20, 2026", "20 November 2026", "21/11", "21/11/2026"
_MONTH = r"[A-Z][a-z]{2,8}\.?"
_DATE = (
    rf"(?:{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?"
    r"|\d{1,2}/\d{1,2}(?:/\d{2,4})?)"
)

_DATELINES = (
    # SITENAME.COM, BANJARMASIN –
    re.compile(rf"^{_SITE}\s*,\s*(?P<place>{_UPPER_PLACE})(?:{_AGENCY})?{_DASH}"),
    # ROTTERDAM –, JAKARTA, KOMPAS.com –, SINGAPORE (Wire) —, JAKARTA, Senin (3/6) –,
    # GENEVA, Meridian Wire –, LONDON, Nov 20 (Reuters) -, JAKARTA, 21/11 (ANTARA) -
    re.compile(
        rf"^(?P<place>{_UPPER_PLACE})(?:\s*,\s*(?:{_SITE}|{_DAY}|{_DATE}|{_TITLE_PLACE}))?"
        rf"(?:{_AGENCY})?{_DASH}"
    ),
    # Jakarta (ANTARA) -, Martapura, Kompas.com -, London, Nov 20 (Reuters) - : a mixed-case
    # place only counts with an agency, a site or a date after it.
    re.compile(
        rf"^(?P<place>{_TITLE_PLACE})(?:\s*,\s*(?:{_SITE}|{_DAY}|{_DATE})(?:{_AGENCY})?"
        rf"|{_AGENCY}){_DASH}"
    ),
)
_OPENING_NOISE = "\"'“‘*_ \u00a0"


def place_from_dateline(paragraph: str) -> str | None:
    """The place named by the dateline a paragraph opens with, title-cased; None without one."""
    text = paragraph.lstrip(_OPENING_NOISE)
    for pattern in _DATELINES:
        match = pattern.match(text)
        if match:
            return _title_case(match.group("place"))
    return None


def _title_case(place: str) -> str:
    if not place.isupper():
        return place
    # str.title() also capitalises after apostrophes ("Jum'At"); do it word by word, hyphens kept.
    return " ".join(_capitalize_word(word) for word in place.split())


def _capitalize_word(word: str) -> str:
    return "-".join(part.capitalize() for part in word.split("-"))
