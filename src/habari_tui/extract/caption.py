"""The lead photo's caption: a <figcaption>-like element, or a caption-shaped first paragraph."""

from __future__ import annotations

import re

from lxml import html as lxml_html

from habari_tui.extract.html_tree import (
    document_order,
    element_text,
    in_page_chrome,
    remove_keeping_tail,
)

_CAPTION_XPATH = (
    "//figcaption"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' wp-caption-text ')]"
    " | //*[contains(concat(' ', normalize-space(@class), ' '), ' caption ')]"
)
# A paragraph long enough to be story text: the caption must come before the first of these.
_STORY_PARAGRAPH_CHARS = 80
# "PENILAIAN: Tim penilai memeriksa … - Foto Istimewa"
_LABELLED_PHOTO_LINE = re.compile(
    r"^[A-Z][A-Z0-9 ]{1,30}:\s+\S.*\s[-–—]\s*(?:Foto|Photo|Dok)\b", re.IGNORECASE | re.DOTALL
)
# "… (Foto: Dokumentasi ASDP)" / "… (Photo: Reuters)"
_PHOTO_CREDIT_END = re.compile(r"\((?:Foto|Photo|Dok|Dokumentasi)\s*:[^()]*\)\s*$", re.IGNORECASE)


def take_lead_caption(root: lxml_html.HtmlElement) -> str | None:
    """Find the lead figure's caption, remove it from the tree and return its text."""
    order = document_order(root)
    first_story = _first_story_paragraph(root)
    limit = order.get(first_story, len(order)) if first_story is not None else len(order)
    for candidate in root.xpath(_CAPTION_XPATH):
        if order.get(candidate, len(order)) > limit:
            break
        text = element_text(candidate)
        if text and not in_page_chrome(candidate):
            remove_keeping_tail(candidate)
            return text
    return None


def is_caption_paragraph(text: str) -> bool:
    """Whether a paragraph reads like a photo caption ("WORD: … - Foto …" or "… (Foto: …)")."""
    return bool(_LABELLED_PHOTO_LINE.match(text) or _PHOTO_CREDIT_END.search(text))


def _first_story_paragraph(root: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    for p in root.iter("p"):
        long_enough = len(element_text(p)) >= _STORY_PARAGRAPH_CHARS
        if long_enough and not _inside_caption(p) and not in_page_chrome(p):
            return p
    return None


def _inside_caption(el: lxml_html.HtmlElement) -> bool:
    return any(
        a.tag == "figure" or "caption" in (a.get("class") or "") for a in el.iterancestors()
    ) or "caption" in (el.get("class") or "")
