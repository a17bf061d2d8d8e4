"""Turning an article's HTML (a whole page, or a feed's full text) into an ArticleBody."""

from habari_tui.extract.article import EXTRACTOR_VERSION, body_from_feed_html, extract_article

__all__ = ["EXTRACTOR_VERSION", "body_from_feed_html", "extract_article"]
