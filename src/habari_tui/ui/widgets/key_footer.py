"""Textual's key footer, without the keys it drew before staying alive, drawn again only
when the keys it shows change.

Each `FooterKey` the footer draws binds its `compact` to the footer's, and Textual keeps that
watcher on the footer until `compact` next changes, which it never does (Textual issue #6666).
The footer is drawn again on every change of screen, so every round of opening and closing a
story left the previous keys alive, and the heap, and the collector's pauses, grew with it.
Drawing it again also cost a new set of keys, their styles and a layout of the screen (about
a tenth of the event loop's time while a reader went in and out of stories), though coming
back to a screen almost never changes its keys: the same keys are now kept.
"""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.widgets import Footer


class KeyFooter(Footer):
    """A `Footer` that lets go of the watchers of keys it has taken down before drawing anew."""

    _drawn: Any = None  # what the keys drawn last show (`_keys_shown`)

    def compose(self) -> ComposeResult:
        self.drop_dead_watchers()
        self._drawn = self._keys_shown()
        yield from super().compose()

    async def recompose(self) -> None:
        """As Textual's, unless the keys the footer would show are those it shows."""
        if self._drawn is not None and self._drawn == self._keys_shown():
            return
        await super().recompose()

    def _keys_shown(self) -> tuple[object, ...]:
        """Everything of the screen's keys that `Footer.compose` draws."""
        if not self._bindings_ready or not self.is_attached:
            return ()
        active = self.screen.active_bindings
        keys = tuple(
            (binding, enabled, tooltip, self.app.get_key_display(binding))
            for _, binding, enabled, tooltip in active.values()
            if binding.show
        )
        palette = None
        if self.show_command_palette and self.app.ENABLE_COMMAND_PALETTE:
            found = active.get(self.app.COMMAND_PALETTE_BINDING)
            palette = found[1:] if found is not None else None
        return (keys, palette, self.combine_groups)

    def drop_dead_watchers(self) -> None:
        """Forget watchers whose widget has been removed (Textual prunes only on a change)."""
        watchers: dict[str, list[tuple[object, object]]] = getattr(self, "__watchers", {})
        for watching in watchers.values():
            watching[:] = [
                (node, callback)
                for node, callback in watching
                if not (getattr(node, "_closing", False) or getattr(node, "_closed", False))
            ]
