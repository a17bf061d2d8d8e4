"""Related-reading links: inline "BACA JUGA:" lines, and related lists after the body."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from lxml import html as lxml_html

from habari_tui.extract.html_tree import (
    document_order,
    element_text,
    in_page_chrome,
    remove_keeping_tail,
)
from habari_tui.extract.related_words import BLOCK_NAME, inline_lead
from habari_tui.models import RelatedLink
from habari_tui.text import is_web_url

# Containers named for related posts: "related-posts", "jp-relatedposts", "yarpp", "terkait".
_BLOCK_CLASS = re.compile(r"related|terkait|yarpp", re.IGNORECASE)
_BLOCK_TAGS = ("div", "section", "aside", "ul", "ol", "nav", "footer", "header")
_NAME_TAGS = ("h2", "h3", "h4", "h5", "h6", "p", "div", "span", "strong", "b", "em", "header")
_SHORT_NAME_XPATH = " | ".join(f"//{t}[string-length(normalize-space()) < 50]" for t in _NAME_TAGS)
# What may hold the list under a related heading: WordPress embeds are blockquotes, old
# sites put each link in a table row.
_LIST_TAGS = frozenset(
    {"ul", "ol", "div", "section", "p", "nav", "table", "dl", "blockquote", "article", "tr"}
)
# Wrappers a heading may sit in, alone, before its list is their sibling.
_HEADING_WRAPPERS = 4
_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
_LINE_TAGS = ("p", "div", "li", "h2", "h3", "h4", "h5", "h6", "blockquote")
_NESTED_BLOCKS = _HEADINGS | {"p", "div", "li", "ul", "ol", "table", "blockquote", "section"}
# Words a link block may carry besides its links (dates, "In Category"), at most.
_BLOCK_OTHER_CHARS = 300
# Links are a quarter of a link block's words at least, when they are not most of them.
_LINK_SHARE = 4
# A story card under a related heading: a headline, a date and a line or two of summary.
_TEASER_CARD_CHARS = 400
# Words an inline line may carry after its links ("(video)", a date).
_LINE_OTHER_CHARS = 30
# The home page ("https://site/") or an archive of a tag, category or author: not a story.
_INDEX_PAGE = re.compile(
    r"^https?://[^/?#]+/?(?:[?#].*)?$|/(?:category|kategori|tag|tags|tagi|topik|topics?|author"
    r"|penulis|etiquetas?|temas?|thema|themen|schlagw[oö]rt(?:er|e)?|stichw[oö]rt(?:er)?|sujets?)/",
    re.IGNORECASE,
)
# The site's own lists, whatever their markup is called: not this story's related reading.
_SITE_LIST = re.compile(
    r"trending|terpopuler|populer|popular|most[-_ ]?(?:read|viewed|shared)|terbaru|terkini"
    r"|latest|recent",
    re.IGNORECASE,
)
_TRACKING_PARAM = re.compile(r"^(?:utm_|relatedposts_|fbclid$|gclid$)", re.IGNORECASE)


def take_related_blocks(root: lxml_html.HtmlElement) -> list[RelatedLink]:
    """Remove the related-link blocks from the tree; return their links in document order."""
    order = document_order(root)
    blocks = _named_containers(root) + _named_by_heading(root) + _article_asides(root)
    blocks = _outermost(blocks)
    links: list[RelatedLink] = []
    for block in sorted(blocks, key=lambda group: order.get(group[0], 0)):
        links.extend(_links_in(block))
        for el in block:
            remove_keeping_tail(el)
    return links


def mark_inline_related(root: lxml_html.HtmlElement) -> list[RelatedLink]:
    """Rewrite each inline "BACA JUGA" line as `<strong>label:</strong> <a>title</a>`.

    The line stays where it stood; its links are returned in document order.
    """
    links: list[RelatedLink] = []
    lines = [(el, label) for el in root.iter(*_LINE_TAGS) if (label := inline_label(el))]
    for line, label in lines:
        found = _links_in([line])
        parent = line.getparent()
        if found and parent is not None:
            parent.replace(line, _rewritten_line(label, found, line))
            links.extend(found)
    return links


def merge_related(*groups: Iterable[RelatedLink]) -> tuple[RelatedLink, ...]:
    """All links in the order given, each URL once (fragments ignored)."""
    seen: set[str] = set()
    merged = []
    for link in (link for group in groups for link in group):
        if link.url not in seen:
            seen.add(link.url)
            merged.append(link)
    return tuple(merged)


def inline_label(el: lxml_html.HtmlElement) -> str | None:
    """The label ("BACA JUGA") when the element is one inline related-reading line, else None."""
    if any(d.tag in _NESTED_BLOCKS for d in el.iterdescendants()):
        return None
    first = next((a for a in el.iter("a") if clean_url(a.get("href"))), None)
    if first is None:
        return None
    lead = inline_lead(" ".join(_text_before(el, first).split()))
    if lead is None:
        return None
    label, lead_chars = lead
    link_chars = sum(len(element_text(a)) for a in el.iter("a"))
    if len(element_text(el)) - lead_chars - link_chars > _LINE_OTHER_CHARS:
        return None
    return label


def clean_url(href: str | None) -> str | None:
    """An absolute http(s) URL without its fragment or tracking parameters; None otherwise."""
    href = (href or "").strip()
    # is_web_url refuses what urlsplit cannot read, such as "http://[ccpa-preferences]" (a
    # bracketed host that is no IP address).
    if not is_web_url(href):
        return None
    parts = urlsplit(href)
    pairs = parse_qsl(parts.query, keep_blank_values=True)
    query = [(key, value) for key, value in pairs if not _TRACKING_PARAM.match(key)]
    return urlunsplit((parts.scheme.lower(), parts.netloc, parts.path, urlencode(query), ""))


def is_index_page(url: str) -> bool:
    """A site's home, or a tag, category or author index: a list of stories, not one to read."""
    return _INDEX_PAGE.search(url) is not None


def _links_in(elements: list[lxml_html.HtmlElement]) -> list[RelatedLink]:
    links = []
    for a in (a for el in elements for a in el.iter("a")):
        url = clean_url(a.get("href"))
        title = element_text(a) or " ".join((a.get("title") or "").split())
        if url and title and not is_index_page(url):
            links.append(RelatedLink(title=title, url=url))
    return list(merge_related(links))


def _named_containers(root: lxml_html.HtmlElement) -> list[list[lxml_html.HtmlElement]]:
    return [
        [el]
        for el in root.iter(*_BLOCK_TAGS)
        if _BLOCK_CLASS.search(f"{el.get('class') or ''} {el.get('id') or ''}")
        and not _is_site_list(el)
        and _is_link_block(el)
        and not inline_label(el)
    ]


def _is_site_list(el: lxml_html.HtmlElement) -> bool:
    """A "Trending" or "Terpopuler" list, by its name or by its first heading."""
    if _SITE_LIST.search(f"{el.get('class') or ''} {el.get('id') or ''}"):
        return True
    heading = next(el.iter("h2", "h3", "h4", "h5", "h6"), None)
    return heading is not None and _SITE_LIST.search(element_text(heading)) is not None


def _named_by_heading(root: lxml_html.HtmlElement) -> list[list[lxml_html.HtmlElement]]:
    blocks = []
    # Names are short: let XPath skip the long elements before Python looks at any text.
    for el in root.xpath(_SHORT_NAME_XPATH):
        name = element_text(el).rstrip(":").strip()
        # A name may link its topic's index: "Más sobre <a href=/etiqueta/…>La Tercera AM</a>".
        links = [a.get("href") or "" for a in el.iter("a")]
        if name and BLOCK_NAME.fullmatch(name) and all(map(is_index_page, links)):
            block = _heading_block(el)
            if block:
                blocks.append(block)
    return blocks


def _heading_block(heading: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    """The heading (or its wrapper) and the link lists right after it."""
    node = heading
    for _ in range(_HEADING_WRAPPERS):
        lists = _link_siblings(node)
        if lists:
            return [node, *lists]
        parent = node.getparent()
        # Climb only through wrappers that hold nothing but the heading.
        if parent is None or element_text(parent) != element_text(node):
            break
        node = parent
    return []


def _link_siblings(node: lxml_html.HtmlElement) -> list[lxml_html.HtmlElement]:
    lists = []
    for sibling in node.itersiblings():
        if not isinstance(sibling.tag, str) or not element_text(sibling):
            continue
        # A link right beside the name makes an inline "Baca juga: <a>" line, not a list.
        if sibling.tag not in _LIST_TAGS or inline_label(sibling):
            break
        if not (_is_link_block(sibling) or _is_teaser_list(sibling)):
            break
        lists.append(sibling)
    return lists


def _article_asides(root: lxml_html.HtmlElement) -> list[list[lxml_html.HtmlElement]]:
    # Asides outside the article are page sidebars (popular, archives), not this story's reading.
    asides = root.xpath("//article//aside | //main//aside | //*[@role='main']//aside")
    return [[el] for el in asides if not in_page_chrome(el) and _is_link_block(el)]


def _outermost(blocks: list[list[lxml_html.HtmlElement]]) -> list[list[lxml_html.HtmlElement]]:
    taken = {el for block in blocks for el in block}
    kept, seen = [], set()
    for block in blocks:
        inner = any(a in taken for el in block for a in el.iterancestors())
        if not inner and block[0] not in seen:
            seen.add(block[0])
            kept.append(block)
    return kept


def _is_link_block(el: lxml_html.HtmlElement) -> bool:
    """Mostly links: a related list, not a stretch of story text."""
    link_chars = sum(len(element_text(a)) for a in el.iter("a") if clean_url(a.get("href")))
    other_chars = len(element_text(el)) - link_chars
    if link_chars >= other_chars:
        return link_chars > 0
    # A few words beside the links (dates, "In Category"), never a sentence around one link.
    return other_chars <= _BLOCK_OTHER_CHARS and link_chars * _LINK_SHARE >= other_chars


def _is_teaser_list(el: lxml_html.HtmlElement) -> bool:
    """Story cards (headline, date, a line of summary), two or more, each with its link."""
    items = el.xpath(".//article | .//li") or list(el)
    cards = [item for item in items if isinstance(item.tag, str) and element_text(item)]
    return len(cards) >= 2 and all(
        len(element_text(card)) <= _TEASER_CARD_CHARS and _links_in([card]) for card in cards
    )


def _text_before(el: lxml_html.HtmlElement, stop: lxml_html.HtmlElement) -> str:
    """The text of `el` that comes before `stop` in reading order."""
    parts: list[str] = []

    def walk(node: lxml_html.HtmlElement) -> bool:
        if node is stop:
            return True
        if isinstance(node.tag, str):
            parts.append(node.text or "")
        for child in node:
            if walk(child):
                return True
            parts.append(child.tail or "")
        return False

    walk(el)
    return "".join(parts)


def _rewritten_line(
    label: str, links: list[RelatedLink], old: lxml_html.HtmlElement
) -> lxml_html.HtmlElement:
    # The line keeps its names: a "related" box stays one for the engine that finds the text.
    names = {key: value for key in ("class", "id") if (value := old.get(key))}
    line = lxml_html.Element("p", names)
    strong = lxml_html.Element("strong")
    strong.text, strong.tail = f"{label}:", " "
    line.append(strong)
    for index, link in enumerate(links):
        anchor = lxml_html.Element("a", href=link.url)
        anchor.text, anchor.tail = link.title, (" · " if index < len(links) - 1 else "")
        line.append(anchor)
    line.tail = old.tail
    return line
