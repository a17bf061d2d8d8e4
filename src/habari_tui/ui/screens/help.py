"""The `?` screen: every key of the screen it was opened from, generated from the bindings."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
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
    """A two-column table of the keys of `screen` and of the app, one row per action."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    table.add_row(Text("j/k, ↑/↓"), Text("Move"))
    keys: dict[str, list[str]] = {}  # description -> the keys that do it
    for active in screen.active_bindings.values():
        binding = active.binding
        if not isinstance(active.node, Screen | App) or not binding.description:
            continue
        label = binding.key_display or key_label(binding.key)
        if label not in keys.setdefault(binding.description, []):
            keys[binding.description].append(label)
    for description, labels in keys.items():
        table.add_row(Text(", ".join(labels)), Text(description))
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
        width: 64;
        max-width: 95%;
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
