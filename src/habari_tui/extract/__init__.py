"""Turning an article's HTML (a whole page, or a feed's full text) into an ArticleBody."""

import logging

from habari_tui.extract.article import EXTRACTOR_VERSION, body_from_feed_html, extract_article

# trafilatura and its helpers log warnings about pages they discard; without a handler
# Python would print them on stderr, on top of the TUI.
for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    logging.getLogger(_name).addHandler(logging.NullHandler())

__all__ = ["EXTRACTOR_VERSION", "body_from_feed_html", "extract_article"]
