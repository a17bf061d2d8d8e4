"""The article screen's way back: what the reader read before, newest last, bounded."""

from __future__ import annotations

from collections import deque
from collections.abc import Iterator
from typing import Generic, TypeVar

T = TypeVar("T")

BACK_LIMIT = 100  # stories remembered; following links all afternoon must not grow it for ever


class BackStack(Generic[T]):
    """`push` what is being left, `pop` to go back to it; past `limit` the oldest drop off."""

    def __init__(self, limit: int = BACK_LIMIT) -> None:
        if limit < 1:
            raise ValueError("a back stack holds at least one story")
        self._items: deque[T] = deque(maxlen=limit)

    def push(self, item: T) -> None:
        self._items.append(item)

    def pop(self) -> T | None:
        """The story left last, or None when there is nothing to go back to."""
        return self._items.pop() if self._items else None

    def clear(self) -> None:
        self._items.clear()

    def __len__(self) -> int:
        return len(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def __iter__(self) -> Iterator[T]:
        """Oldest first."""
        return iter(self._items)
