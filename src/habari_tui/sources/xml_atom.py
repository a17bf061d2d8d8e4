"""Atom 1.0 read from an lxml tree."""

from __future__ import annotations

import lxml.etree

from habari_tui.models import ParsedEntry, ParsedFeed
from habari_tui.sources import xml_fields as fields
from habari_tui.sources.entry import absolute_url, build_entry, title_line

ATOM = "{http://www.w3.org/2005/Atom}"
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def read_atom(root: lxml.etree._Element, url: str, resolve: bool = True) -> ParsedFeed | None:
    """An Atom 1.0 <feed>; None when it is empty (feedparser's verdict decides then).

    `resolve`: whether the entries' HTML may hold relative links to make absolute.
    """
    entries = [
        entry
        for element in root.iterchildren(f"{ATOM}entry")
        if (entry := _entry(element, url, resolve))
    ]
    title = title_line(fields.atom_html(root.find(f"{ATOM}title")))
    if not entries and not title:
        return None
    return ParsedFeed(
        format="atom",
        title=title or None,
        link=absolute_url(url, _alternate(root)),
        entries=tuple(entries),
    )


def _entry(entry: lxml.etree._Element, url: str, resolve: bool) -> ParsedEntry | None:
    title = summary = content = guid = published = updated = author = None
    categories: list[str | None] = []
    for child in entry:
        tag = child.tag
        if not isinstance(tag, str) or not tag.startswith(ATOM):
            continue
        tag = tag[len(ATOM) :]
        if tag == "title":
            title = fields.atom_html(child)
        elif tag == "summary":
            summary = fields.atom_html(child)
        elif tag == "content" and content is None and child.get("src") is None:
            content = fields.atom_html(child)
        elif tag == "id":
            guid = _id(child)
        elif tag == "published":
            published = fields.text(child)
        elif tag == "updated":
            updated = fields.text(child)
        elif tag == "category":
            categories.append(child.get("label") or child.get("term"))
        elif tag == "author" and author is None:
            author = fields.text(child.find(f"{ATOM}name"))
    link = _alternate(entry) or guid  # no alternate link: the id, when it is a web address
    return build_entry(
        base_url=url,
        title=title,
        link=link,
        guid=guid,
        summary_html=summary,
        content_html=fields.absolute_links(content, entry.base or url) if resolve else content,
        published=fields.date(published) or fields.date(updated),
        categories=categories,
        author=author,
    )


def _alternate(element: lxml.etree._Element) -> str | None:
    """The href of the first alternate link, preferring one that is a web page."""
    found = None
    for link in element.iterchildren(f"{ATOM}link"):
        if link.get("rel", "alternate") != "alternate" or not link.get("href"):
            continue
        href = fields.resolve(link.base, link.get("href"))
        if link.get("type", "text/html") in _HTML_TYPES:
            return href
        found = found or href
    return found


def _id(element: lxml.etree._Element) -> str | None:
    # feedparser resolves a scheme-less id against the base; keeping that keeps stored ids.
    value = (fields.text(element) or "").strip()
    if not value or ":" in value.split("/", 1)[0]:
        return value or None
    return fields.resolve(element.base, value)
