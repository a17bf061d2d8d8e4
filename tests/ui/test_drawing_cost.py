"""What a refresh's progress and a change of screen cost the event loop: nothing is laid out
or composed again that looks the same."""

from __future__ import annotations

from habari_tui.ui.widgets.refresh_bar import RefreshBar
from habari_tui.ui.widgets.status_line import StatusLine


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
