"""The region list: "All", the configured regions and their unread counts."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from habari_tui.models import Region
from habari_tui.text import clean_text
from habari_tui.ui.widgets.headline_list import fit, row_width

# The pane is as wide as its longest name and count need, within these bounds (and the CSS's
# max-width): what it does not need goes to the headlines.
PANE_WIDTH = (12, 32)


def pane_width(regions: list[Region], chrome: int) -> int:
    """Cells for the region pane: the longest name, a space and the widest count, plus the
    `chrome` (borders and padding) around them."""
    counts = max((len(str(r.unread)) for r in regions if r.unread), default=0)
    names = max((cell_len(clean_text(r.name)) for r in regions), default=0)
    low, high = PANE_WIDTH
    return max(low, min(high, names + (counts + 1 if counts else 0) + chrome))


def region_prompt(region: Region, width: int) -> Text:
    """The name cut to fit, the unread count right-aligned: one line at any width."""
    count = str(region.unread) if region.unread else ""
    name = fit(clean_text(region.name), max(width - len(count) - 1, 1))
    prompt = Text(name)
    if count:
        prompt.append(" " * max(width - cell_len(name) - len(count), 1))
        prompt.append(count, style="bold")
    return prompt


class RegionList(OptionList):
    """Regions with unread counts; highlighting one shows its headlines."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def __init__(self, **kwargs) -> None:
        super().__init__(**kwargs)
        self.regions: list[Region] = []

    def show_regions(self, regions: list[Region]) -> None:
        """Replace the list, keeping the highlighted region where it still exists."""
        current = self.selected_region
        self.regions = list(regions)
        self._fit_width()
        self._render_rows()
        names = [r.name for r in regions]
        self.highlighted = names.index(current) if current in names else 0

    def _fit_width(self) -> None:
        padding = self.get_component_styles("option-list--option").padding.width
        chrome = padding + self.styles.gutter.width  # the option's padding, border, padding
        width = pane_width(self.regions, chrome)
        if self.styles.width is None or self.styles.width.value != width:
            self.styles.width = width

    def _render_rows(self) -> None:
        width = row_width(self)
        highlighted = self.highlighted
        # No ids from names: a region may be called anything, even like the list's own entries.
        self.set_options(Option(region_prompt(r, width)) for r in self.regions)
        self.highlighted = highlighted

    def on_resize(self) -> None:
        if self.regions:
            self._render_rows()

    @property
    def selected_region(self) -> str | None:
        index = self.highlighted
        return self.regions[index].name if index is not None and index < len(self.regions) else None
