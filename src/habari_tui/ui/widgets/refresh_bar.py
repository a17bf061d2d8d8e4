"""While a refresh runs: a progress bar of feeds done out of all, and how many failed."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static


def progress_label(done: int, total: int, failed: int) -> Text:
    text = Text(f"{done}/{total} feeds")
    if failed:
        text.append(f" · {failed} failed", style="bold red")
    return text


class RefreshBar(Horizontal):
    """Hidden until a refresh starts; `step` after each feed, `finish` when it is over."""

    DEFAULT_CSS = """
    RefreshBar {
        height: 1;
        padding: 0 1;
        display: none;
    }
    RefreshBar.-running {
        display: block;
    }
    RefreshBar > ProgressBar {
        width: auto;
    }
    RefreshBar > Static {
        width: 1fr;
        padding-left: 1;
    }
    """

    def compose(self) -> ComposeResult:
        yield ProgressBar(show_eta=False, id="refresh-progress")
        yield Static(id="refresh-label")

    def start(self, total: int) -> None:
        self.add_class("-running")
        self.query_one(ProgressBar).update(total=total, progress=0)
        self.query_one(Static).update(progress_label(0, total, 0))

    def step(self, done: int, total: int, failed: int) -> None:
        self.add_class("-running")
        self.query_one(ProgressBar).update(total=total, progress=done)
        # The label's box is the bar's line, whatever it says: no layout needed.
        self.query_one(Static).update(progress_label(done, total, failed), layout=False)

    def finish(self) -> None:
        self.remove_class("-running")
