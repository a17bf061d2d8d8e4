"""What the app draws of its own accord waits while the reader presses keys, and is drawn in
the next key's frame or once the keys pause: a frame of its own would hold back the next key's."""

from __future__ import annotations

from collections.abc import Callable

from habari_tui.ui.background_drawing import BackgroundDrawing
from habari_tui.ui.widgets.headline_list import HeadlineList

from .test_background_refresh import quick_and_late, rows, site, until  # noqa: F401  (site: a fixture)


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


class Timers:
    """One-off timers fired by hand: (when, callback)."""

    def __init__(self, clock: Clock) -> None:
        self.clock = clock
        self.set: list[tuple[float, Callable[[], None]]] = []

    def set_timer(self, delay: float, callback: Callable[[], None]) -> object:
        self.set.append((self.clock.now + delay, callback))
        return None

    def run_due(self) -> None:
        due = [t for t in self.set if t[0] <= self.clock.now]
        self.set = [t for t in self.set if t[0] > self.clock.now]
        for _, callback in due:
            callback()


def drawing() -> tuple[BackgroundDrawing, Clock, Timers, list[str]]:
    clock = Clock()
    timers = Timers(clock)
    return BackgroundDrawing(timers, pause=0.5, clock=clock), clock, timers, []


def press(drawer: BackgroundDrawing) -> None:
    """A key comes in and its action runs."""
    drawer.key_pressed()
    drawer.key_handled()


def test_with_no_key_pressed_an_update_is_drawn_at_once():
    drawer, _, timers, drawn = drawing()
    drawer.draw("progress", lambda: drawn.append("progress"))
    assert drawn == ["progress"] and not timers.set


def test_an_update_during_keys_waits_for_the_next_key():
    drawer, clock, _, drawn = drawing()
    press(drawer)
    clock.now += 0.1
    drawer.draw("progress", lambda: drawn.append("progress"))
    assert drawn == [] and drawer.waiting == 1
    clock.now += 0.1
    press(drawer)
    assert drawn == ["progress"] and drawer.waiting == 0


def test_what_waits_is_drawn_after_the_key_is_handled_not_before():
    drawer, _, _, drawn = drawing()
    press(drawer)
    drawer.draw("progress", lambda: drawn.append("progress"))
    drawer.key_pressed()
    assert drawn == []  # drawn now, its frame would come before the key's
    drawer.key_handled()
    assert drawn == ["progress"]


def test_an_update_is_drawn_once_the_keys_pause():
    drawer, clock, timers, drawn = drawing()
    press(drawer)
    clock.now += 0.2
    drawer.draw("counts", lambda: drawn.append("counts"))
    assert [when for when, _ in timers.set] == [100.5]
    clock.now = 100.5
    timers.run_due()
    assert drawn == ["counts"]


def test_keys_that_go_on_keep_what_comes_after_them_waiting():
    drawer, clock, timers, drawn = drawing()
    press(drawer)
    drawer.draw("progress", lambda: drawn.append("first"))
    clock.now += 0.4
    press(drawer)  # draws "first"
    drawer.draw("progress", lambda: drawn.append("second"))
    clock.now = 100.5  # the first timer fires, but a key came 0.1 s ago
    timers.run_due()
    assert drawn == ["first"]
    assert [when for when, _ in timers.set] == [100.9]
    clock.now = 100.9
    timers.run_due()
    assert drawn == ["first", "second"]


def test_a_newer_update_replaces_the_one_of_the_same_name_still_waiting():
    drawer, _, _, drawn = drawing()
    press(drawer)
    drawer.draw("progress", lambda: drawn.append("3/300"))
    drawer.draw("counts", lambda: drawn.append("counts"))
    drawer.draw("progress", lambda: drawn.append("4/300"))
    press(drawer)
    assert drawn == ["counts", "4/300"]


async def test_a_key_draws_what_waits_once_its_action_has_run(reader_app):
    app = await reader_app()
    async with app.run_test(size=(100, 30)) as pilot:
        app.background_drawing = BackgroundDrawing(app, pause=60)
        await pilot.press("j")
        seen: list[int | None] = []
        headlines = app.screen.query_one(HeadlineList)
        app.background_drawing.draw("probe", lambda: seen.append(headlines.highlighted))
        await pilot.pause()
        assert seen == []
        await pilot.press("j")
        assert seen == [2]  # drawn once the second `j` has moved the cursor, in its frame


async def test_refresh_progress_waits_for_the_readers_next_key(service_for, site):  # noqa: F811
    app = quick_and_late(service_for, site)
    async with app.run_test(size=(100, 30)) as pilot:
        app.background_drawing = BackgroundDrawing(app, pause=60)
        await pilot.press("r")
        await until(pilot, lambda: len(rows(app)) == 3 and app.background_drawing.waiting == 1)
        assert app.status_text == "Refreshing 2 feeds…"  # the quick feed's progress waits
        await pilot.press("j")
        assert app.status_text == "Refreshing: 1/2 feeds"
        site.release.set()
        await until(pilot, lambda: not app.refreshing)
        assert app.status_text == "Refreshed 2/2 feeds, 5 new stories."


def test_a_costly_update_waits_for_the_keys_to_pause_not_for_the_next_key():
    drawer, clock, timers, drawn = drawing()
    press(drawer)
    drawer.draw("counts", lambda: drawn.append("counts"), with_key=False)
    drawer.draw("progress", lambda: drawn.append("progress"))
    clock.now += 0.3
    press(drawer)
    assert drawn == ["progress"] and drawer.waiting == 1
    clock.now = 100.5
    timers.run_due()  # a key 0.2 s ago: still waiting
    assert drawn == ["progress"]
    clock.now = 100.8
    timers.run_due()
    assert drawn == ["progress", "counts"]


async def test_new_counts_wait_while_the_reader_presses_keys(reader_app):
    app = await reader_app()
    clock = Clock()
    async with app.run_test(size=(100, 30)) as pilot:
        app.background_drawing = BackgroundDrawing(app, pause=0.5, clock=clock)
        await pilot.press("j")
        main = app.screen
        shown = list(main.regions.regions)
        story = main.headlines.current
        assert story is not None
        app.service.set_read(story.id)  # the counts change, as during a refresh
        main.show_new_stories()
        await until(pilot, lambda: app.background_drawing.waiting == 1)
        await pilot.press("j")
        assert main.regions.regions == shown  # not drawn with the key
        clock.now += 1  # the keys pause
        await until(pilot, lambda: app.background_drawing.waiting == 0)
        assert main.regions.regions[0].unread == shown[0].unread - 1  # "All"
