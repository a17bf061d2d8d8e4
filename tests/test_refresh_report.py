"""`habari-tui refresh` tells its progress in one line on a terminal, a line per feed in a log."""

from __future__ import annotations

import io
from collections.abc import Set as AbstractSet

from habari_tui.cli import RefreshReport
from habari_tui.models import FeedOutcome
from habari_tui.service import RefreshProgress


def _feeds(report: RefreshReport, total: int, failing: AbstractSet[int] = frozenset()) -> None:
    for n in range(1, total + 1):
        ok = n not in failing
        outcome = FeedOutcome(url=f"https://x.example/{n}", ok=ok, error=None if ok else "HTTP 500")
        report.feed(RefreshProgress(done=n, total=total, outcome=outcome))


def _pages(report: RefreshReport, total: int, failing: AbstractSet[int] = frozenset()) -> None:
    for n in range(1, total + 1):
        ok = n not in failing
        outcome = FeedOutcome(
            url=f"https://x.example/p/{n}", ok=ok, error=None if ok else "HTTP 404 Not Found"
        )
        report.page(RefreshProgress(done=n, total=total, outcome=outcome))


def test_on_a_terminal_one_line_is_updated_in_place():
    stream = io.StringIO()
    ticks = iter(range(10_000))
    report = RefreshReport(stream, on_terminal=True, clock=lambda: next(ticks) * 0.05)

    _feeds(report, 300, failing={7})
    _pages(report, 40, failing={3, 4})
    report.finish()

    written = stream.getvalue()
    assert written.count("\n") == 1 and written.endswith("\n")
    assert written.count("\r") < 200  # redrawn at most every 0.1 s, and at the end of each part
    assert written.rsplit("\r", 1)[1] == "feeds 300/300, pages 40/40, 3 failed\x1b[K\n"


def test_in_a_log_a_line_per_feed_and_a_summary_of_the_pages():
    stream = io.StringIO()
    report = RefreshReport(stream, on_terminal=False)

    _feeds(report, 3, failing={2})
    _pages(report, 40, failing=set(range(1, 8)))
    report.finish()

    assert stream.getvalue().splitlines() == [
        "[1/3] https://x.example/1: 0 new",
        "[2/3] https://x.example/2: FAILED: HTTP 500",
        "[3/3] https://x.example/3: 0 new",
        "pages: 33 saved, 7 failed",
        *(f"  page failed: https://x.example/p/{n}: HTTP 404 Not Found" for n in range(1, 6)),
        "  … and 2 more",
    ]


def test_quiet_says_nothing_either_way():
    for on_terminal in (True, False):
        stream = io.StringIO()
        report = RefreshReport(stream, quiet=True, on_terminal=on_terminal)
        _feeds(report, 3, failing={1})
        _pages(report, 2, failing={1})
        report.finish()
        assert stream.getvalue() == ""
