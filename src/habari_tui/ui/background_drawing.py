"""What the app draws of its own accord (a refresh's progress, new unread counts) keeps out of
the way of the reader's keys.

Textual draws at most one frame per 1/60 s: a frame drawn for the progress bar holds back the
frame of a key pressed just after it by up to 17 ms. While the reader presses keys, such an
update waits: a cheap one (a status line) is drawn once a key has been handled, with it, a
costly one (a list redrawn) once the keys pause. With no key pressed lately it is drawn at once.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Protocol, runtime_checkable

# The reader counts as pressing keys this long (seconds) after the last one.
KEYS_PAUSE = 0.5


class Timers(Protocol):
    """What is needed of the app: a one-off timer (Textual's `set_timer`)."""

    def set_timer(self, delay: float, callback: Callable[[], None]) -> object: ...


@runtime_checkable
class DrawsInBackground(Protocol):
    """An app that keeps its own updates out of the way of the reader's keys."""

    background_drawing: BackgroundDrawing


class BackgroundDrawing:
    """Updates the reader did not ask for, each kept under a name: a newer one of the same name
    replaces the one still waiting."""

    def __init__(
        self,
        timers: Timers,
        *,
        pause: float = KEYS_PAUSE,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._timers = timers
        self._pause = pause
        self._clock = clock
        self._last_key = float("-inf")
        self._waiting: dict[str, tuple[Callable[[], None], bool]] = {}
        self._timer_set = False

    @property
    def waiting(self) -> int:
        """How many updates wait for the keys to pause (or for the next key)."""
        return len(self._waiting)

    def key_pressed(self) -> None:
        """A key has come in: updates from now on wait."""
        self._last_key = self._clock()

    def key_handled(self) -> None:
        """The key's action has run: what waits to be drawn with a key is drawn now, in the
        frame that shows the key (drawn before it, it would hold that frame back)."""
        self._draw_waiting(with_key=True)

    def draw(self, name: str, update: Callable[[], None], *, with_key: bool = True) -> None:
        """Run `update` now if the reader is not pressing keys, else once the keys pause or,
        `with_key`, with the next key if that comes first."""
        quiet_for = self._clock() - self._last_key
        if quiet_for >= self._pause and not self._waiting:
            update()
            return
        self._waiting.pop(name, None)  # the newest goes last, as if it had come alone
        self._waiting[name] = (update, with_key)
        if not self._timer_set:
            self._timer_set = True
            self._timers.set_timer(max(self._pause - quiet_for, 0.0), self._on_timer)

    def _on_timer(self) -> None:
        self._timer_set = False
        if not self._waiting:
            return
        quiet_for = self._clock() - self._last_key
        if quiet_for >= self._pause:
            self._draw_waiting()
        else:  # keys came meanwhile: what came since, or waits for a pause, waits on
            self._timer_set = True
            self._timers.set_timer(self._pause - quiet_for, self._on_timer)

    def _draw_waiting(self, *, with_key: bool = False) -> None:
        drawn = [n for n, (_, on_keys) in self._waiting.items() if on_keys or not with_key]
        for name in drawn:
            update, _ = self._waiting.pop(name)
            update()
