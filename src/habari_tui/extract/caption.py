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
_PHOTO_CREDIT_END = re.compile(
    r"\((?:(?:Foto|Photo|Dok|Dokumentasi)\s*:[^()]*|istimewa|ist\.?|Dok\.[^()]*)\)\s*$",
    re.IGNORECASE,
)
# "FOTO: Pedagang menimbang intan …", "Photo: …", "(Foto: …)": a line led by its photo label.
_PHOTO_LABEL_START = re.compile(r"^\(?(?:Foto|Photo|Dok|Dokumentasi)\s*:\s*\S", re.IGNORECASE)
# A caption is a line or two, never a story paragraph.
_CAPTION_MAX_CHARS = 300


def take_lead_caption(root: lxml_html.HtmlElement) -> str | None:
    """Find the lead figure's caption, remove it from the tree and return its text."""
    order = document_order(root)
    first_story = _first_story_paragraph(root)
    limit = order.get(first_story, len(order)) if first_story is not None else len(order)
    candidates = [c for c in root.xpath(_CAPTION_XPATH) if element_text(c)]
    candidates = [c for c in candidates if not in_page_chrome(c)]
    # The photo above the story first; else the first one inside the story, wherever it stands.
    above = [c for c in candidates if order.get(c, len(order)) <= limit]
    inside = [c for c in candidates if _in_story_body(c, first_story)][:1]
    if inside and _caption_line_before(root, inside[0], order):
        inside = []  # "FOTO: …" under the lead photo is its caption: the paragraph rule takes it
    for candidate in above[:1] or inside:
        remove_keeping_tail(candidate)
        return element_text(candidate)
    return None


def is_caption_paragraph(text: str) -> bool:
    """Whether a paragraph reads like a photo caption: "WORD: … - Foto …", "… (Foto: …)",
    "FOTO: … (istimewa)", "Photo: …"."""
    if len(text) > _CAPTION_MAX_CHARS:
        return False
    return bool(
        _LABELLED_PHOTO_LINE.match(text)
        or _PHOTO_CREDIT_END.search(text)
        or _PHOTO_LABEL_START.match(text)
    )


def _caption_line_before(
    root: lxml_html.HtmlElement, el: lxml_html.HtmlElement, order: dict[lxml_html.HtmlElement, int]
) -> bool:
    limit = order[el]
    return any(
        is_caption_paragraph(element_text(p)) for p in root.iter("p") if order.get(p, 0) < limit
    )


def _in_story_body(el: lxml_html.HtmlElement, first_story: lxml_html.HtmlElement | None) -> bool:
    """Whether an element shares the container of the story's first paragraph."""
    if first_story is None:
        return False
    container = first_story.getparent()
    return container is not None and any(a is container for a in el.iterancestors())


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
