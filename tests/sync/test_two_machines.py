"""Two machines, one server account: what one does, the other sees after a sync."""

from __future__ import annotations

import pytest

from tests.sync.accounts import Account


def test_the_first_sync_lists_the_servers_stories_by_its_categories(account: Account, machine):
    account.seed("kalsel", 3, category="Kalsel")
    account.seed("dunia", 2, category="Dunia")
    laptop = machine("laptop", account)
    summary = laptop.sync()
    assert summary["new_articles"] == 5 and summary["errors"] == []
    stories = laptop.stories()
    assert {stories[f"kalsel story {n}"]["region"] for n in range(3)} == {"Kalsel"}
    assert {stories[f"dunia story {n}"]["region"] for n in range(2)} == {"Dunia"}


def test_read_and_star_on_one_machine_show_on_the_other_and_back(account: Account, machine):
    account.seed("kalsel", 4)
    laptop, server_pc = machine("laptop", account), machine("server", account)
    laptop.sync()
    server_pc.sync()

    laptop.mark(["kalsel story 0"], "--read")
    laptop.mark(["kalsel story 1"], "--star")
    assert laptop.sync()["pushed"] == 2
    server_pc.sync()
    assert server_pc.state()["kalsel story 0"] == (True, False)
    assert server_pc.state()["kalsel story 1"] == (False, True)

    server_pc.mark(["kalsel story 0"], "--unread")
    server_pc.mark(["kalsel story 1"], "--unstar", "--read")
    server_pc.mark(["kalsel story 2"], "--star")
    server_pc.sync()
    laptop.sync()
    assert laptop.state() == {
        "kalsel story 0": (False, False),
        "kalsel story 1": (True, False),
        "kalsel story 2": (False, True),
        "kalsel story 3": (False, False),
    }
    assert laptop.state() == server_pc.state() == account.state()


def test_a_sync_with_nothing_new_changes_nothing(account: Account, machine):
    account.seed("kalsel", 3)
    laptop = machine("laptop", account)
    laptop.sync()
    before = laptop.state()
    again = laptop.sync()
    assert (again["pushed"], again["new_articles"], again["errors"]) == (0, 0, [])
    assert laptop.state() == before


def test_new_stories_on_the_server_arrive_at_the_next_sync(account: Account, machine):
    account.seed("kalsel", 2)
    laptop = machine("laptop", account)
    laptop.sync()
    account.add_stories("kalsel", 3, start=2)
    assert laptop.sync()["new_articles"] == 3
    assert len(laptop.stories()) == 5


def test_mark_region_read_marks_exactly_the_stories_the_reader_saw(account: Account, machine):
    """Stories that reach the server after the reader's last sync stay unread there."""
    account.seed("kalsel", 3)
    laptop = machine("laptop", account)
    laptop.sync()
    account.add_stories("kalsel", 2, start=3)  # on the server, not yet seen here
    ids = [str(s["id"]) for s in laptop.stories().values()]
    assert laptop.run("mark", *ids, "--read").code == 0
    laptop_summary = laptop.sync()
    assert laptop_summary["pushed"] == 3
    on_server = account.state()
    assert {t for t, (read, _) in on_server.items() if read} == {
        f"kalsel story {n}" for n in range(3)
    }
    assert not on_server["kalsel story 3"][0] and not on_server["kalsel story 4"][0]


def test_changes_to_both_states_of_one_story_on_two_machines_both_stand(account: Account, machine):
    """Offline, the laptop stars a story; the other machine reads it; both sync: it is read
    and starred everywhere, and no other story changes."""
    account.seed("kalsel", 3)
    laptop, desktop = machine("laptop", account), machine("desktop", account)
    laptop.sync()
    desktop.sync()
    account.stop()
    try:
        laptop.mark(["kalsel story 1"], "--star")
        offline = laptop.run("sync")
        assert offline.code == 1 and offline.err.count("\n") == 1
    finally:
        account.start()
    assert laptop.queued() == 1
    desktop.mark(["kalsel story 1"], "--read")
    desktop.sync()
    laptop.sync()
    desktop.sync()
    expected = {
        "kalsel story 0": (False, False),
        "kalsel story 1": (True, True),
        "kalsel story 2": (False, False),
    }
    assert laptop.state() == desktop.state() == account.state() == expected


def test_the_newer_of_two_changes_to_one_story_wins(account: Account, machine):
    """Offline, the laptop marks a story read; the desktop reads it and makes it unread again.

    Where the protocol tells when a story changed (Miniflux's REST API), the desktop's later
    change wins. Google Reader and tt-rss give no such time: there the change made offline is
    taken as the newer one, so the test makes it the later of the two.
    """
    account.seed("kalsel", 3)
    laptop, desktop = machine("laptop", account), machine("desktop", account)
    laptop.sync()
    desktop.sync()
    if account.knows_change_times:
        laptop.mark(["kalsel story 1"], "--read")  # queued: the laptop is not synced yet
        desktop.mark(["kalsel story 1"], "--read")
        desktop.sync()
        desktop.mark(["kalsel story 1"], "--unread")
        desktop.sync()
        newer = (False, False)
    else:
        desktop.mark(["kalsel story 1"], "--read")
        desktop.sync()
        desktop.mark(["kalsel story 1"], "--unread")
        desktop.sync()
        laptop.mark(["kalsel story 1"], "--read")
        newer = (True, False)
    laptop.sync()
    desktop.sync()
    assert laptop.state()["kalsel story 1"] == newer
    assert desktop.state()["kalsel story 1"] == newer
    assert account.state()["kalsel story 1"] == newer
    untouched = {t: s for t, s in account.state().items() if t != "kalsel story 1"}
    assert set(untouched.values()) == {(False, False)}
    assert laptop.queued() == desktop.queued() == 0


@pytest.mark.parametrize("flag", ["--read", "--star"])
def test_a_change_made_again_after_a_sync_is_sent_again(account: Account, machine, flag):
    account.seed("kalsel", 1)
    laptop = machine("laptop", account)
    laptop.sync()
    undo = {"--read": "--unread", "--star": "--unstar"}[flag]
    for _round in range(2):
        laptop.mark(["kalsel story 0"], flag)
        laptop.sync()
        laptop.mark(["kalsel story 0"], undo)
        laptop.sync()
    assert account.state()["kalsel story 0"] == (False, False)
    laptop.mark(["kalsel story 0"], flag)
    laptop.sync()
    expected = (True, False) if flag == "--read" else (False, True)
    assert account.state()["kalsel story 0"] == expected
