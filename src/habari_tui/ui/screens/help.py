"""The `?` screen: the reader's keys of the screen it was opened from, from their bindings."""

from __future__ import annotations

from dataclasses import dataclass

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen, Screen
from textual.widgets import Static

_KEY_NAMES = {
    "question_mark": "?",
    "slash": "/",
    "backspace": "backspace",
    "pagedown": "pgdn",
    "pageup": "pgup",
    "ctrl+p": "ctrl+p",
}
MOVE = (("j/k, ↑/↓", "Move"), ("g/G, home/end", "First, last story"))
PALETTE = ("ctrl+p", "Command palette")


def key_label(key: str) -> str:
    return ", ".join(_KEY_NAMES.get(k.strip(), k.strip()) for k in key.split(","))


@dataclass(frozen=True, slots=True)
class ReaderKey:
    """A key of ours: how it shows, what it does, and whose action it runs (the first
    key's, when several under one description differ, like 1-9 or j/k)."""

    label: str
    description: str
    action: str
    node: DOMNode


def declared_bindings(node: DOMNode) -> list[Binding]:
    """The bindings habari's own classes declare for `node`, subclass first: Textual's
    built-ins (focus next, copy selected text, ctrl+q…) are none of the reader's keys."""
    found: list[Binding] = []
    for cls in type(node).__mro__:
        if cls.__module__.startswith("habari_tui."):
            declared = vars(cls).get("BINDINGS", ())
            found += [b for b in declared if isinstance(b, Binding) and b.description]
    return found


def reader_keys(screen: Screen) -> list[ReaderKey]:
    """The keys of `screen`, then the app's when the screen lets them through: one entry per
    description, every key for it in its label. A key that a focused widget also uses (enter
    on a list) is listed all the same: the screen's binding is what it does there."""
    nodes: list[DOMNode] = [screen] if screen.is_modal else [screen, screen.app]
    labels: dict[str, list[str]] = {}
    owners: dict[str, tuple[str, DOMNode]] = {}
    for node in nodes:
        for binding in declared_bindings(node):
            if node.check_action(binding.action, ()) is False:
                continue
            label = binding.key_display or key_label(binding.key)
            description = binding.tooltip or binding.description  # the footer's is short
            shown = labels.setdefault(description, [])
            if label not in shown:
                shown.append(label)
            owners.setdefault(description, (binding.action, node))
    return [
        ReaderKey(", ".join(shown), description, *owners[description])
        for description, shown in labels.items()
    ]


def bindings_table(screen: Screen) -> Table:
    """A two-column table of the reader's keys on `screen`, one row per description."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", max_width=16)  # a long list of keys wraps at its commas
    table.add_column(min_width=12)
    keys = reader_keys(screen)
    if not any("j" in key.label.split(", ") for key in keys):  # the lists' keys, not a page's
        for label, description in MOVE:
            table.add_row(Text(label), Text(description))
    for key in keys:
        table.add_row(Text(key.label), Text(key.description))
    if not screen.is_modal:
        table.add_row(Text(PALETTE[0]), Text(PALETTE[1]))
    return table


class HelpScreen(ModalScreen[None]):
    """Lists the keys of the screen below it; any of escape, q or ? closes it."""

    BINDINGS = [
        Binding("escape,q,question_mark", "dismiss", "Close"),
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

    def on_mount(self) -> None:
        self.app.clear_notifications()  # the reader asked to read this box: nothing covers it

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
