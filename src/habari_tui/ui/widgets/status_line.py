"""One line under the lists: what the app is doing, or what it last did."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static


class StatusLine(Static):
    """Shows plain text only: feed URLs and errors are never read as markup."""

    DEFAULT_CSS = """
    StatusLine {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
    }
    """

    def say(self, message: str) -> None:
        # One line high whatever it says: no need to lay the screen out again (a refresh
        # says something several times a second).
        self.update(Text(message, no_wrap=True, overflow="ellipsis"), layout=False)
