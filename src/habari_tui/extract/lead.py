"""The article's lead (standfirst): the paragraph between headline and story that many sites
set apart in a "teaser", "intro" or "chapo" box, which the extraction engine often leaves out.

The page says which paragraph it is: its meta description repeats the lead's opening words,
or, without one, the box right under the headline is named for a lead.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator

from lxml import etree
from lxml import html as lxml_html

from habari_tui.extract.html_tree import BLOCK_TAGS, element_text, in_page_chrome, tag_name

_DESCRIPTIONS = (
    "//meta[@property='og:description']/@content | //meta[@name='description']/@content"
    " | //meta[@name='twitter:description']/@content"
)
# The opening words compared: enough to name one paragraph, few enough to survive a
# description cut short ("…") or a word changed near its end.
_KEY_CHARS = 50
# A shorter description is a subtitle or a slogan, not a lead.
_MIN_DESCRIPTION_CHARS = 60
# A lead is a paragraph or two; a larger element opening with the same words is the story.
_MAX_LEAD_EXTRA_CHARS = 300
_CANDIDATES = etree.XPath(
    "//body//*[self::p or self::div or self::span or self::h2 or self::h3 or self::h4"
    " or self::strong or self::b or self::section or self::header or self::li or self::td]"
    "[starts-with(normalize-space(.), $key)]"
)
_NOT_IN_A_LEAD = frozenset(
    {"h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "dl", "table", "blockquote", "form", "pre"}
)
_LEAD_NAME = re.compile(
    r"(?:^|[\s_-])(?:lead|intro|teaser-text|excerpt|standfirst|chapo|deck|summary|abstract)"
    r"(?:[\s_-]|$)",
    re.IGNORECASE,
)
# How far under the headline (in elements) a named lead may stand: past the date, the author
# and the lead photo, not down in the story or the lists after it.
_NAMED_LEAD_DISTANCE = 40
_NAMED_LEAD_CHARS = 700
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_TRAILING_DOTS = "….  "


def find_leads(root: lxml_html.HtmlElement, titles: list[str]) -> list[lxml_html.HtmlElement]:
    """Copies of the elements that may hold the lead: the one the meta description quotes,
    then the box under the headline that the page names a lead."""
    leads = [_quoted_lead(root, titles), _named_lead(root)]
    return [_as_block(copy.deepcopy(lead)) for lead in leads if lead is not None]


def add_lead(content: lxml_html.HtmlElement, leads: list[lxml_html.HtmlElement]) -> None:
    """Put the first lead the article's text does not hold already before that text."""
    text = element_text(content).lower()
    for lead in leads:
        key = element_text(lead)[:_KEY_CHARS].lower()
        if key and key not in text:
            lead.tail = None
            content.insert(0, lead)
            return


def _quoted_lead(root: lxml_html.HtmlElement, titles: list[str]) -> lxml_html.HtmlElement | None:
    for description in root.xpath(_DESCRIPTIONS):
        # Some sites write the description as HTML: "<p>Die frühen 1970er Jahre …".
        text = " ".join(_TAG.sub(" ", str(description)).split()).rstrip(_TRAILING_DOTS)
        if len(text) < _MIN_DESCRIPTION_CHARS or text.lower() in titles:
            continue
        key = text[:_KEY_CHARS]
        found = [el for el in _CANDIDATES(root, key=key) if _in_the_page(el)]
        # Candidates nest (a box, its paragraph, the paragraph's bold opening): the deepest
        # block of the first of them is the lead.
        outermost = [el for el in found if not any(a in found for a in el.iterancestors())]
        lead = _lead_block(outermost[0], found) if outermost else None
        if lead is not None and _is_paragraphs(lead, len(text) + _MAX_LEAD_EXTRA_CHARS):
            return lead if _own_words(lead) else None
    return None


def _named_lead(root: lxml_html.HtmlElement) -> lxml_html.HtmlElement | None:
    """Without a description that quotes it: the box right under the headline that the page
    names a lead ("teaser-text", "article__intro", "standfirst")."""
    headline = next(root.iter("h1"), None)
    if headline is None:
        return None
    for distance, el in enumerate(_after(headline)):
        if distance > _NAMED_LEAD_DISTANCE:
            break
        name = f"{el.get('class') or ''} {el.get('id') or ''}"
        if not _LEAD_NAME.search(name) or not _in_the_page(el):
            continue
        if len(element_text(el)) >= _MIN_DESCRIPTION_CHARS and _own_words(el):
            return el if _is_paragraphs(el, _NAMED_LEAD_CHARS) else None
    return None


def _in_the_page(el: lxml_html.HtmlElement) -> bool:
    """Not in a menu, sidebar or footer, nor inside a link."""
    return not in_page_chrome(el) and next(el.iterancestors("a"), None) is None


def _own_words(el: lxml_html.HtmlElement) -> bool:
    """Links are less than half of it: a story card linking a story (this one, in a list of
    the latest) repeats its lead but is no part of it."""
    links = sum(len(element_text(a)) for a in el.iter("a"))
    return 2 * links < len(element_text(el))


def _after(el: lxml_html.HtmlElement) -> Iterator[lxml_html.HtmlElement]:
    """The elements after `el` in document order (its own content left out)."""
    for node in (el, *el.iterancestors()):
        for following in node.itersiblings():
            yield from following.iter()


def _lead_block(
    outer: lxml_html.HtmlElement, found: list[lxml_html.HtmlElement]
) -> lxml_html.HtmlElement:
    """The deepest block under `outer` that still opens with the lead's words."""
    lead = outer
    for el in found:
        if el is not lead and lead in el.iterancestors() and tag_name(el) in BLOCK_TAGS:
            lead = el
    return lead


def _is_paragraphs(el: lxml_html.HtmlElement, max_chars: int) -> bool:
    """A paragraph or two: no headings, lists, tables or quotes inside (those make a story or
    a product page), and no longer than `max_chars`."""
    if any(tag_name(d) in _NOT_IN_A_LEAD for d in el.iterdescendants()):
        return False
    return len(element_text(el)) <= max_chars


def _as_block(el: lxml_html.HtmlElement) -> lxml_html.HtmlElement:
    """The lead as a paragraph (or a box of paragraphs), whatever the site marked it up as."""
    nested = any(tag_name(d) in BLOCK_TAGS for d in el.iterdescendants())
    el.tag = "div" if nested else "p"
    for name in list(el.attrib):
        del el.attrib[name]
    return el
