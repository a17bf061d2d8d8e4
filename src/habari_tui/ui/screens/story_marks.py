"""`m` and `s` on whichever story a screen has in hand, written once for every screen."""

from __future__ import annotations

from typing import Literal

from habari_tui.models import Article
from habari_tui.service import Service

Mark = Literal["read", "starred"]


class StoryMarks:
    """Mixed into a screen: `action_toggle_read` and `action_toggle_star` change the story
    that `marked_story` names and hand the changed story to `story_marked` to show."""

    service: Service

    def marked_story(self) -> Article | None:
        """The story `m` and `s` act on now, or None (the screen says why if it must)."""
        raise NotImplementedError

    def story_marked(self, article: Article, mark: Mark) -> None:
        """Show `article` as it is after `mark` changed."""
        raise NotImplementedError

    def action_toggle_read(self) -> None:
        article = self.marked_story()
        if article is not None:
            self.service.toggle_read(article.id)
            self.story_marked(self.service.article(article.id), "read")

    def action_toggle_star(self) -> None:
        article = self.marked_story()
        if article is not None:
            self.service.toggle_star(article.id)
            self.story_marked(self.service.article(article.id), "starred")
