"""What screens tell the app: a story or a link to open, a link to copy.

Screens post these and the app acts on them, as frogmouth's Omnibox and Viewer do; a screen
never calls the app's methods for them, and the app never reaches into a screen's widgets.
"""

from __future__ import annotations

from collections.abc import Sequence

from textual.message import Message


class OpenStory(Message):
    """Show a story of the cache in the article screen.

    `stories` is the list that `n`/`p` walk (search results); without it they follow the
    region's headlines. When the article screen closes, the app hands the id of the story it
    showed last to the screen that asked, through `StoryReader.back_from_story`.
    """

    def __init__(
        self, article_id: int, *, region: str | None, stories: Sequence[int] | None = None
    ) -> None:
        super().__init__()
        self.article_id = article_id
        self.region = region
        self.stories = tuple(stories) if stories is not None else None


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
