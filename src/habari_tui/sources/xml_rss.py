"""RSS 0.9x, 2.0 and 1.0 (RDF) read from an lxml tree."""

from __future__ import annotations

from collections.abc import Iterable

import lxml.etree

from habari_tui.models import ParsedEntry, ParsedFeed
from habari_tui.sources import xml_fields as fields
from habari_tui.sources.entry import absolute_url, author_name, build_entry, title_line

_CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"
_DC = "{http://purl.org/dc/elements/1.1/}"
_DC_DATE, _DC_SUBJECT, _DC_CREATOR = f"{_DC}date", f"{_DC}subject", f"{_DC}creator"
_RSS1 = "{http://purl.org/rss/1.0/}"
_RDF_ABOUT = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}about"
_ATOM_LINK = "{http://www.w3.org/2005/Atom}link"


def read_rss(root: lxml.etree._Element, url: str, resolve: bool = True) -> ParsedFeed | None:
    """An <rss> document; None when it has no channel (feedparser's verdict decides then).

    `resolve`: whether the items' HTML may hold relative links to make absolute.
    """
    channel = root.find("channel")
    if channel is None:
        return None
    return _feed(channel, channel.iterchildren("item"), url, "", resolve)


def read_rdf(root: lxml.etree._Element, url: str, resolve: bool = True) -> ParsedFeed | None:
    """An RSS 1.0 document: items are the channel's siblings, in the RSS 1.0 namespace."""
    channel = root.find(f"{_RSS1}channel")
    if channel is None:
        return None
    return _feed(channel, root.iterchildren(f"{_RSS1}item"), url, _RSS1, resolve)


def _feed(
    channel: lxml.etree._Element,
    items: Iterable[lxml.etree._Element],
    url: str,
    ns: str,
    resolve: bool,
) -> ParsedFeed | None:
    entries = [entry for item in items if (entry := _item(item, url, ns, resolve)) is not None]
    title = title_line(fields.title_html(fields.text(channel.find(f"{ns}title"))))
    if not entries and not title:
        return None  # an empty document: feedparser tells a page from an empty feed
    link = channel.find(f"{ns}link")
    return ParsedFeed(
        format="rss",
        title=title or None,
        link=absolute_url(url, fields.resolve(link.base if link is not None else url, link.text))
        if link is not None
        else None,
        entries=tuple(entries),
    )


def _item(item: lxml.etree._Element, url: str, ns: str, resolve: bool) -> ParsedEntry | None:
    title = link = guid = summary = content = published = updated = author = None
    guid_is_link = has_link = False
    categories: list[str | None] = []
    for child in item:
        tag = child.tag
        if not isinstance(tag, str):
            continue  # a comment or a processing instruction
        if ns and tag.startswith(ns):
            tag = tag[len(ns) :]
        if tag == "title":
            title = fields.text(child)
        elif tag == "link":
            link, has_link = fields.resolve(child.base, fields.text(child)), True
        elif tag == "description":
            summary = fields.text(child)
        elif tag == _CONTENT:
            content = fields.text(child)
        elif tag == "pubDate":
            published = fields.text(child)
        elif tag == _DC_DATE:
            updated = fields.text(child)
        elif tag in ("category", _DC_SUBJECT):
            categories.append(fields.text(child))
        elif tag == "guid":
            guid, guid_is_link = _guid(child)
        elif tag == "author":
            author = author_name(fields.text(child)) or author
        elif tag == _DC_CREATOR:
            author = author or author_name(fields.text(child))
        elif tag == _ATOM_LINK and not has_link and child.get("rel", "alternate") == "alternate":
            link, has_link = fields.resolve(child.base, child.get("href")), True
    if ns and guid is None:
        guid = item.get(_RDF_ABOUT)
    if not has_link and guid_is_link:  # an empty <link> is no link, and hides the guid too
        link = guid
    return build_entry(
        base_url=url,
        title=fields.title_html(title),
        link=link,
        guid=guid,
        summary_html=summary,
        content_html=fields.absolute_links(content, item.base or url) if resolve else content,
        published=fields.date(published) or fields.date(updated),
        categories=categories,
        author=author,
    )


def _guid(element: lxml.etree._Element) -> tuple[str | None, bool]:
    """The guid, resolved when it is a permalink (as feedparser does), and whether it is one."""
    value = (fields.text(element) or "").strip()
    if element.get("isPermaLink", "true").strip().lower() == "false":
        return value or None, False
    return fields.resolve(element.base, value), True
