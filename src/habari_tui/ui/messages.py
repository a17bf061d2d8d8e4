"""What screens tell the app: a story or a link to open, a link to copy.

Screens post these and the app acts on them, as frogmouth's Omnibox and Viewer do; a screen
never calls the app's methods for them, and the app never reaches into a screen's widgets.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.message import Message

from habari_tui.models import Article


class OpenStory(Message):
    """Show a story of the cache in the article screen.

    `article` is the story as the screen that asks has it (so the article screen need not
    read it again before showing its headline). `stories` is the list that `n`/`p` walk
    (search results); without it they follow the region's headlines. `then_unread` is how
    many more `N` the reader pressed while the story was being found: the article screen
    takes them in turn once open. When the article screen closes, the app hands the id of
    the story it showed last to the screen that asked, through `StoryReader.back_from_story`.
    """

    def __init__(
        self,
        article: Article,
        *,
        region: str | None,
        stories: Sequence[int] | None = None,
        then_unread: int = 0,
    ) -> None:
        super().__init__()
        self.article = article
        self.region = region
        self.stories = tuple(stories) if stories is not None else None
        self.then_unread = then_unread


class OpenLink(Message):
    """Open a URL in the system's web browser (http and https only)."""

    def __init__(self, url: str | None) -> None:
        super().__init__()
        self.url = url


class CopyLink(Message):
    """Put a URL on the clipboard."""

    def __init__(self, url: str | None) -> None:
        super().__init__()
        self.url = url
