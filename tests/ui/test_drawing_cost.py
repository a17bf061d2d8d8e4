"""What a refresh's progress and a change of screen cost the event loop: nothing is laid out
or composed again that looks the same."""

from __future__ import annotations

from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.strip import Strip
from textual.widgets._footer import FooterKey

from habari_tui.ui.screens.article import ArticleScreen
from habari_tui.ui.widgets.headline_list import HeadlineList
from habari_tui.ui.widgets.key_footer import KeyFooter
from habari_tui.ui.widgets.refresh_bar import RefreshBar
from habari_tui.ui.widgets.status_line import StatusLine

from ..conftest import until


async def test_the_status_line_and_the_progress_bar_change_without_a_layout(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        status, bar = app.screen.query_one(StatusLine), app.screen.query_one(RefreshBar)
        bar.start(300)
        await pilot.pause()
        laid_out = [w._layout_updates for w in (status, *bar.query("Static"))]
        for done in range(1, 6):
            app.status(f"Refreshing: {done}/300 feeds")
            bar.step(done, 300, 0)
        assert [w._layout_updates for w in (status, *bar.query("Static"))] == laid_out
        await pilot.pause()
        assert "5/300 feeds" in str(status.content)
        assert "5/300 feeds" in str(bar.query_one("#refresh-label").content)


def footer_keys(screen) -> list[FooterKey]:
    return list(screen.query_one(KeyFooter).query(FooterKey))


async def test_coming_back_to_the_list_keeps_its_footer_as_drawn(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        main = app.screen
        drawn = footer_keys(main)
        assert [key.description for key in drawn][:3] == ["Quit", "Search", "Star"]
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(app.screen, ArticleScreen), "opening")
        await pilot.pause()
        assert "Next" in [key.description for key in footer_keys(app.screen)]
        await pilot.press("escape")
        await until(pilot, lambda: app.screen is main, "closing")
        await pilot.pause()
        assert footer_keys(main) == drawn  # the same keys, not drawn again


class _Toggled(Screen[None]):
    BINDINGS = [Binding("x", "switch", "Switch"), Binding("y", "other", "Other")]
    other_enabled = True

    def compose(self) -> ComposeResult:
        yield KeyFooter()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return (True if self.other_enabled else None) if action == "other" else True

    def action_switch(self) -> None:
        self.other_enabled = not self.other_enabled
        self.refresh_bindings()


class _ToggleApp(App[None]):
    def on_mount(self) -> None:
        self.push_screen(_Toggled())


async def test_the_footer_is_drawn_again_when_its_keys_change():
    app = _ToggleApp()
    async with app.run_test(size=(80, 10)) as pilot:
        await pilot.pause()
        assert [key.has_class("-disabled") for key in footer_keys(app.screen)][:2] == [False, False]
        await pilot.press("x")
        await pilot.pause()
        assert [key.has_class("-disabled") for key in footer_keys(app.screen)][:2] == [False, True]
        await pilot.press("x")
        await pilot.pause()
        assert [key.has_class("-disabled") for key in footer_keys(app.screen)][:2] == [False, False]


async def test_moving_the_cursor_draws_the_two_rows_it_changes_not_the_list(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        headlines = app.screen.query_one(HeadlineList)
        await pilot.pause()
        assert headlines.option_count > 4 and headlines.highlighted == 0
        drawn: list[int] = []
        render_line = headlines.render_line

        def counted(y: int) -> Strip:
            drawn.append(y)
            return render_line(y)

        headlines.render_line = counted
        await pilot.press("j")
        await pilot.pause()
        assert sorted(set(drawn)) == [0, 1]
        drawn.clear()
        await pilot.press("j", "j")
        await pilot.pause()
        assert sorted(set(drawn)) == [1, 2, 3]
