"""Textual's key footer, without the keys it drew before staying alive.

Each `FooterKey` the footer draws binds its `compact` to the footer's, and Textual keeps that
watcher on the footer until `compact` next changes, which it never does (Textual issue #6666).
The footer is drawn again on every change of screen, so every round of opening and closing a
story left the previous keys alive, and the heap, and the collector's pauses, grew with it.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.widgets import Footer


class KeyFooter(Footer):
    """A `Footer` that lets go of the watchers of keys it has taken down before drawing anew."""

    def compose(self) -> ComposeResult:
        self.drop_dead_watchers()
        yield from super().compose()

    def drop_dead_watchers(self) -> None:
        """Forget watchers whose widget has been removed (Textual prunes only on a change)."""
        watchers: dict[str, list[tuple[object, object]]] = getattr(self, "__watchers", {})
        for watching in watchers.values():
            watching[:] = [
                (node, callback)
                for node, callback in watching
                if not (getattr(node, "_closing", False) or getattr(node, "_closed", False))
            ]
