"""The region list: "All", the configured regions and their unread counts."""

from __future__ import annotations

from rich.text import Text
from textual.binding import Binding
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from habari_tui.models import Region
from habari_tui.text import clean_text


def region_prompt(region: Region) -> Text:
    prompt = Text(clean_text(region.name), no_wrap=True, overflow="ellipsis")
    if region.unread:
        prompt.append(f" {region.unread}", style="bold")
    return prompt


class RegionList(OptionList):
    """Regions with unread counts; highlighting one shows its headlines."""

    BINDINGS = [
        Binding("j", "cursor_down", "Down", show=False),
        Binding("k", "cursor_up", "Up", show=False),
    ]

    def show_regions(self, regions: list[Region]) -> None:
        """Replace the list, keeping the highlighted region where it still exists."""
        current = self.selected_region
        self.set_options(Option(region_prompt(r), id=r.name) for r in regions)
        names = [r.name for r in regions]
        self.highlighted = names.index(current) if current in names else 0

    @property
    def selected_region(self) -> str | None:
        option = self.highlighted_option
        return option.id if option is not None else None
