"""The article screen's back stack: last in, first out, and bounded."""

from __future__ import annotations

import pytest

from habari_tui.ui.back_stack import BackStack


def test_going_back_returns_the_stories_left_newest_first():
    stack: BackStack[str] = BackStack()
    for story in ("a", "b", "c"):
        stack.push(story)
    assert len(stack) == 3
    assert [stack.pop(), stack.pop(), stack.pop()] == ["c", "b", "a"]
    assert stack.pop() is None and not stack


def test_past_its_limit_the_oldest_stories_drop_off():
    stack: BackStack[int] = BackStack(limit=3)
    for story in range(10):
        stack.push(story)
    assert list(stack) == [7, 8, 9]
    assert len(stack) == 3


def test_clear_forgets_everything():
    stack: BackStack[int] = BackStack()
    stack.push(1)
    stack.clear()
    assert stack.pop() is None


def test_a_stack_holds_at_least_one_story():
    with pytest.raises(ValueError):
        BackStack(limit=0)
