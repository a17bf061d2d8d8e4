"""A web page, or the full text a feed carries, -> ArticleBody (Markdown, place, caption...)."""

from __future__ import annotations

import unicodedata

from lxml import etree
from lxml import html as lxml_html

from habari_tui.errors import HabariError, NotAnArticleError, ParseError
from habari_tui.extract.caption import (
    is_caption_paragraph,
    take_lead_caption,
)
from habari_tui.extract.dateline import place_from_dateline
from habari_tui.extract.encoding import decode_html
from habari_tui.extract.html_tree import (
    NO_ARTICLE,
    element_text,
    parse_fragment,
    parse_page,
    remove_ads,
    remove_keeping_tail,
    remove_small_forms,
    split_double_breaks,
    unwrap_layout_tables,
)
from habari_tui.extract.lead import add_lead, find_leads
from habari_tui.extract.markdown import to_markdown
from habari_tui.extract.photo_credit import take_lead_credit, with_credit
from habari_tui.extract.related import (
    inline_label,
    mark_inline_related,
    merge_related,
    take_related_blocks,
)
from habari_tui.extract.site_lines import (
    drop_contact_section,
    drop_orphan_related_names,
    drop_site_lines,
)
from habari_tui.extract.story_list import STORY_LIST, is_story_list
from habari_tui.models import ArticleBody, RelatedLink

# Bump when a change to extraction makes bodies stored by an older version worth redoing.
EXTRACTOR_VERSION = 5
# Less text than this (links not counted) is a login, home or error page, not an article.
_MIN_ARTICLE_CHARS = 120
# The dateline opens one of the first paragraphs that are sentences, not a short byline or date.
_DATELINE_PARAGRAPH_CHARS = 40
_DATELINE_PARAGRAPHS = 2
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")


def extract_article(page: bytes | str, url: str, *, content_type: str | None = None) -> ArticleBody:
    """The article of a whole web page; ParseError when the page holds none or cannot be read."""
    try:
        return _page_article(page, url, content_type)
    except HabariError:
        raise
    except Exception as error:  # hostile input: a page we cannot read is one failed page
        raise ParseError(f"the page could not be read ({type(error).__name__})") from error


def body_from_feed_html(html: str, url: str) -> ArticleBody:
    """The article from the full-text HTML a feed carries: nothing scored, only the site's lines
    (share appeals, "The post … appeared first on …") left out."""
    try:
        return _feed_article(html, url)
    except HabariError:
        raise
    except Exception as error:  # hostile input, as above
        raise ParseError(f"the feed's text could not be read ({type(error).__name__})") from error


def _page_article(page: bytes | str, url: str, content_type: str | None) -> ArticleBody:
    root = parse_page(decode_html(page, content_type), url)
    if is_story_list(root, url):
        raise NotAnArticleError(STORY_LIST)
    titles = _page_titles(root)
    remove_small_forms(root)
    blocks = take_related_blocks(root)
    caption = take_lead_caption(root)
    inline = mark_inline_related(root)
    unwrap_layout_tables(root)
    leads = find_leads(root, titles)
    remove_ads(root)
    own = _own_addresses(root, url)
    # Where the engine finds (next to) nothing, it is asked once more, favouring recall: a
    # page whose text it took for boilerplate is read, one that holds none still fails.
    content = _story_text(root, url, own, favor_recall=False)
    if content is None:
        content = _story_text(root, url, own, favor_recall=True)
    if content is None:
        raise ParseError(NO_ARTICLE)
    _drop_title_heading(content, titles)
    credit = take_lead_credit(content)
    related = merge_related(inline, blocks)
    return _article_body(content, caption, related, source="page", credit=credit, leads=leads)


def _feed_article(html: str, url: str) -> ArticleBody:
    content = parse_fragment(html, url)
    remove_ads(content)
    drop_site_lines(content)
    blocks = take_related_blocks(content)
    caption = take_lead_caption(content)
    inline = mark_inline_related(content)
    return _article_body(content, caption, merge_related(inline, blocks), source="feed")


def _story_text(
    root: lxml_html.HtmlElement, url: str, own: set[str], *, favor_recall: bool
) -> lxml_html.HtmlElement | None:
    """The main text without the site's own lines; None when too little of it is left."""
    try:
        content = _main_content(root, url, favor_recall=favor_recall)
    except ParseError:
        return None
    drop_site_lines(content)
    drop_contact_section(content)
    drop_orphan_related_names(content)
    # The headline counts as the page's text: a post of three lines under it is an article.
    return None if _unlinked_chars(content, own) < _MIN_ARTICLE_CHARS else content


def _main_content(
    root: lxml_html.HtmlElement, url: str, *, favor_recall: bool = False
) -> lxml_html.HtmlElement:
    """The page's main text as trafilatura finds it (menus, footers, comments and ads left out)."""
    # Loaded on the first page read: it costs ~0.1 s of start-up otherwise.
    import trafilatura
    from trafilatura.htmlprocessing import convert_to_html

    try:
        found = trafilatura.bare_extraction(
            root,
            url=url,
            output_format="html",
            include_links=True,
            include_formatting=True,
            include_comments=False,
            include_images=False,
            include_tables=True,
            favor_recall=favor_recall,
        )
        body = getattr(found, "body", None)
        # Written out as it stands: trafilatura's own HTML output is indented, and the indent
        # would put a space between "<i>NDR</i>" and the "<b>-Recherchen</b>" that follows it.
        html = "" if body is None else etree.tostring(convert_to_html(body), encoding="unicode")
    except Exception as error:  # third-party code on hostile input: any failure means no article
        raise ParseError(NO_ARTICLE) from error
    if not html:
        raise ParseError(NO_ARTICLE)
    return parse_fragment(unicodedata.normalize("NFC", html), url)


def _article_body(
    content: lxml_html.HtmlElement,
    caption: str | None,
    related: tuple[RelatedLink, ...],
    *,
    source: str,
    credit: str | None = None,
    leads: list[lxml_html.HtmlElement] | None = None,
) -> ArticleBody:
    split_double_breaks(content)
    story = [p for p in content.iter("p") if element_text(p) and not inline_label(p)]
    if caption is None:
        caption = _take_caption_paragraph(story)
    if caption:
        _drop_copies(content, caption)
    caption = with_credit(caption, credit)
    _mark_captions(story)
    # After the caption and the place are read from the story: the lead is neither.
    add_lead(content, leads or [])
    return ArticleBody(
        markdown=to_markdown(content),
        place=_place(story),
        caption=caption,
        related=related,
        source=source,
        fetched_at=None,
        extractor_version=EXTRACTOR_VERSION,
    )


def _take_caption_paragraph(story: list[lxml_html.HtmlElement]) -> str | None:
    """A caption-shaped paragraph right before the dateline (or first, without one)."""
    dated = next((i for i, p in enumerate(story[:3]) if place_from_dateline(element_text(p))), None)
    if dated == 0 or not story:
        return None
    candidate = story[0] if dated is None else story[dated - 1]
    text = element_text(candidate)
    if not is_caption_paragraph(text):
        return None
    story.remove(candidate)
    remove_keeping_tail(candidate)
    return text


def _mark_captions(story: list[lxml_html.HtmlElement]) -> None:
    """Caption lines of the photos further down stay where they stood, shown as captions."""
    for p in story:
        if p.getparent() is not None and is_caption_paragraph(element_text(p)):
            p.tag = "figcaption"


def _place(story: list[lxml_html.HtmlElement]) -> str | None:
    texts = (element_text(p) for p in story)
    sentences = [t for t in texts if len(t) >= _DATELINE_PARAGRAPH_CHARS][:_DATELINE_PARAGRAPHS]
    return next((place for place in map(place_from_dateline, sentences) if place), None)


def _drop_copies(content: lxml_html.HtmlElement, caption: str) -> None:
    """The caption is shown as a caption; a copy of it left in the body would be read twice."""
    for el in list(content.iter("p", "figcaption")):
        if element_text(el) == caption:
            remove_keeping_tail(el)


def _page_titles(root: lxml_html.HtmlElement) -> list[str]:
    # The page's first <h1> is its headline; a later one is a heading of the text itself.
    heads = root.xpath("//title | (//h1)[1] | //meta[@property='og:title']/@content")
    texts = (h if isinstance(h, str) else h.text_content() for h in heads)
    return [" ".join(t.split()).lower() for t in texts if t.strip()]


def _drop_title_heading(content: lxml_html.HtmlElement, titles: list[str]) -> None:
    """The reader shows the headline itself; a copy of it opening the body is dropped."""
    first = next((el for el in content.iter("p", *_HEADINGS) if element_text(el)), None)
    if first is not None and first.tag == "p" and not (first.text or "").strip() and len(first):
        first = first[0] if first[0].tag in ("strong", "b") else None  # old pages: a bold headline
    if first is not None and first.tag != "p" and _is_title(element_text(first), titles):
        remove_keeping_tail(first)


def _is_title(text: str, titles: list[str]) -> bool:
    text = text.lower()
    return any(text == title or text in title for title in titles)


def _unlinked_chars(content: lxml_html.HtmlElement, own: set[str]) -> int:
    """The text that does not lead away: a headline linked to the page itself still counts."""
    away = (a for a in content.iter("a") if _address(a.get("href") or "") not in own)
    return len(element_text(content)) - sum(len(element_text(a)) for a in away)


def _own_addresses(root: lxml_html.HtmlElement, url: str) -> set[str]:
    canonical = root.xpath("//link[@rel='canonical']/@href")
    return {_address(address) for address in (url, *canonical)} - {""}


def _address(url: str) -> str:
    """A page's address as links write it in many ways: no fragment, scheme or final slash."""
    address = url.strip().split("#", 1)[0].rstrip("/").lower()
    return address.split("://", 1)[-1]
