"""The `?` screen: every key of the screen it was opened from, generated from the bindings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

_KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "backspace": "backspace",
    "ctrl+p": "ctrl+p",
}


def key_label(key: str) -> str:
    return ", ".join(_KEY_NAMES.get(k.strip(), k.strip()) for k in key.split(","))


def bindings_table(screen: Screen) -> Table:
    """A two-column table of the keys active on `screen` (its own, then the app's)."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    seen: set[str] = set()
    for _key, active in screen.active_bindings.items():
        binding = active.binding
        if not binding.description or binding.action in seen:
            continue
        seen.add(binding.action)
        label = binding.key_display or key_label(binding.key)
        table.add_row(Text(label), Text(binding.description))
    return table


class HelpScreen(ModalScreen[None]):
    """Lists the keys of the screen below it; any of escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close help"),
    ]

    DEFAULT_CSS = """
    HelpScreen {
        align: center middle;
    }
    HelpScreen > VerticalScroll {
        width: auto;
        max-width: 90%;
        height: auto;
        max-height: 90%;
        border: round $accent;
        padding: 0 1;
        background: $surface;
    }
    """

    def __init__(self, source: Screen) -> None:
        super().__init__()
        self._table = bindings_table(source)

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "Keys"
            yield Static(self._table)

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
