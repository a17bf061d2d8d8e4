"""SQLite cache: the single source of truth for the UI.

`Store` is the one way in; its queries live in a module per subject (feeds, articles,
retention, search, bodies, UI state), the schema and its migrations in `schema`, opening the file
(WAL, a damaged cache moved aside) in `connection`.
"""

from __future__ import annotations

from habari_tui.models import ALL, STARRED
from habari_tui.store.articles import ArticleQueries
from habari_tui.store.bodies import BodyQueries
from habari_tui.store.feeds import EntryToSave, FeedQueries
from habari_tui.store.retention import RetentionQueries
from habari_tui.store.schema import HAS_FTS5, MIGRATIONS, SCHEMA_VERSION
from habari_tui.store.search import SEARCH_FALLBACK_NOTE, SearchQueries, fts_query, search_terms
from habari_tui.store.ui_state import UiStateQueries

__all__ = [
    "ALL",
    "HAS_FTS5",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "SEARCH_FALLBACK_NOTE",
    "STARRED",
    "Store",
    "EntryToSave",
    "fts_query",
    "search_terms",
]


class Store(
    FeedQueries, ArticleQueries, RetentionQueries, SearchQueries, BodyQueries, UiStateQueries
):
    """One SQLite database in WAL mode, safe to share between the event loop and worker threads."""
