"""The newer change wins when both sides changed one story."""

from __future__ import annotations

from habari_tui.store.sync import KnownState
from habari_tui.sync.engine import resolve, server_states
from habari_tui.sync.models import Change, ServerState, StateReport

BASE = {"1": KnownState(article_id=10, server_read=False, server_starred=False)}


def test_a_change_the_server_did_not_see_changed_is_sent():
    change = Change("1", "read", True, changed_at=100.0)
    plan = resolve([change], {}, BASE)
    assert plan.to_push == (change,)


def test_a_later_change_on_the_server_wins():
    """Marked read here at 100 (queued); there read and back to unread at 200: unread wins."""
    change = Change("1", "read", True, changed_at=100.0)
    unread_later = ServerState("1", read=False, starred=False, changed_at=200.0)
    plan = resolve([change], {"1": unread_later}, BASE)
    assert plan.overruled == (change,) and plan.to_push == ()


def test_a_later_change_of_the_other_state_does_not_overrule():
    """Starred here at 100; read there at 200: both stand."""
    change = Change("1", "starred", True, changed_at=100.0)
    read_later = ServerState("1", read=True, starred=False, changed_at=200.0)
    assert resolve([change], {"1": read_later}, BASE).to_push == (change,)


def test_an_earlier_change_on_the_server_loses():
    change = Change("1", "read", True, changed_at=300.0)
    unread_before = ServerState("1", read=False, starred=False, changed_at=200.0)
    assert resolve([change], {"1": unread_before}, BASE).to_push == (change,)


def test_without_a_time_from_the_server_the_change_made_here_is_sent():
    change = Change("1", "starred", True, changed_at=300.0)
    unstarred = ServerState("1", read=False, starred=False, changed_at=None)
    assert resolve([change], {"1": unstarred}, BASE).to_push == (change,)


def test_a_change_the_server_already_has_is_not_sent():
    change = Change("1", "read", True, changed_at=100.0)
    there = ServerState("1", read=True, starred=False, changed_at=50.0)
    plan = resolve([change], {"1": there}, BASE)
    assert plan.already == (change,) and plan.to_push == ()


def test_complete_id_sets_report_only_the_stories_that_changed_there():
    known = {
        "1": KnownState(10, server_read=False, server_starred=False),
        "2": KnownState(11, server_read=True, server_starred=False),
        "3": KnownState(12, server_read=False, server_starred=True),
    }
    report = StateReport(unread=frozenset({"1", "2"}), starred=frozenset())
    found = server_states(report, known)
    assert found == {
        "2": ServerState("2", read=False, starred=False),
        "3": ServerState("3", read=True, starred=False),
    }
