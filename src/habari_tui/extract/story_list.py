"""Pages that list stories (a home page, a category, tag or search page) rather than tell one."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from lxml import html as lxml_html

from habari_tui.extract.html_tree import element_text, in_page_chrome

STORY_LIST = "this page is a list of stories, not an article: open it in the browser"

# The home page, an archive of a category, tag, author or date, a search, a further page of any.
_INDEX_PATH = re.compile(
    r"^/?$|/(?:category|categories|kategori|tag|tags|topik|topic|author|penulis|search|cari"
    r"|indeks|index|page)(?:/|$)|^/\d{4}/(?:\d{2}/)?$",
    re.IGNORECASE,
)
_SEARCH_QUERY = re.compile(r"(?:^|&)(?:s|q|query|search|keyword)=", re.IGNORECASE)
_PAGINATION = re.compile(r"pagination|page-numbers|nav-links|pager|paging", re.IGNORECASE)
_LIST_BODY_CLASS = re.compile(r"\b(?:home|blog|archive|category|tag|search|search-results)\b")
# Headlines that link elsewhere: a list has many, an article at most a few in a related block.
_TEASER_XPATH = " | ".join(f"//{tag}//a[@href]" for tag in ("h1", "h2", "h3", "h4", "li"))
_HEADLINE_CHARS = 15
_MIN_TEASERS = 4


def is_story_list(root: lxml_html.HtmlElement, url: str) -> bool:
    """Whether the page indexes stories: its address or markup, and its teasers, agree."""
    if _declares_article(root) or len(_linked_headlines(root)) < _MIN_TEASERS:
        return False
    listed_by_markup = _has_pagination(root) or _declares_website(root)
    if _is_index_address(url):
        return listed_by_markup or _has_list_body_class(root)
    # WordPress names its list pages on <body>; a list of <article> teasers, pages further on.
    teasers = len(root.xpath("//article[.//a[@href]]"))
    return _has_list_body_class(root) and _has_pagination(root) and teasers >= _MIN_TEASERS


def _has_list_body_class(root: lxml_html.HtmlElement) -> bool:
    body = root.find("body")
    return body is not None and _LIST_BODY_CLASS.search(body.get("class") or "") is not None


def _is_index_address(url: str) -> bool:
    parts = urlsplit(url)
    return bool(_INDEX_PATH.search(parts.path) or _SEARCH_QUERY.search(parts.query))


def _has_pagination(root: lxml_html.HtmlElement) -> bool:
    if root.xpath("//link[@rel='next'] | //a[@rel='next']"):
        return True
    return any(
        _PAGINATION.search(f"{el.get('class') or ''} {el.get('id') or ''}")
        for el in root.iter("nav", "div", "ul")
    )


def _declares_article(root: lxml_html.HtmlElement) -> bool:
    kinds = root.xpath("//meta[@property='og:type']/@content")
    return any(kind.strip().lower() == "article" for kind in kinds)


def _declares_website(root: lxml_html.HtmlElement) -> bool:
    kinds = root.xpath("//meta[@property='og:type']/@content")
    return any(kind.strip().lower() == "website" for kind in kinds)


def _linked_headlines(root: lxml_html.HtmlElement) -> set[str]:
    """Distinct targets of headline links: a heading or list item that is mostly one link."""
    targets = set()
    for a in root.xpath(_TEASER_XPATH):
        holder = next(a.iterancestors("h1", "h2", "h3", "h4", "li"))
        text = element_text(a)
        mostly_link = len(text) >= _HEADLINE_CHARS and len(text) * 2 >= len(element_text(holder))
        if mostly_link and not in_page_chrome(holder):
            targets.add(a.get("href", "").split("#")[0])
    return targets
