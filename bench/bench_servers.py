"""How long the sync tests' real servers take: start, set-up, reset, subscribe and refresh.

    python bench/bench_servers.py [--resets N]

Starts the same PostgreSQL, Miniflux and tt-rss as the test fixtures (tests/servers/), in a temp
dir of its own, and prints seconds per step (the median of N resets). Needs what
tests/servers/install.sh installs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.servers.feedserver import FeedServer, make_items  # noqa: E402
from tests.servers.miniflux import Miniflux, find_miniflux  # noqa: E402
from tests.servers.postgres import Postgres  # noqa: E402
from tests.servers.procs import Account  # noqa: E402
from tests.servers.ttrss import TinyTinyRSS, find_ttrss  # noqa: E402


def timed(label: str, action: Callable[[], object]) -> float:
    started = time.perf_counter()
    action()
    took = time.perf_counter() - started
    print(f"{label:<40} {took:7.3f} s")
    return took


def median_of(label: str, count: int, action: Callable[[], object]) -> None:
    runs = []
    for _ in range(count):
        started = time.perf_counter()
        action()
        runs.append(time.perf_counter() - started)
    print(f"{label:<40} {statistics.median(runs):7.3f} s  (median of {count})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--resets", type=int, default=5)
    args = parser.parse_args()

    account = Account.for_servers()
    root = Path(tempfile.mkdtemp(prefix="habari-servers-bench-", dir=account.temp_parent()))
    root.chmod(0o755)
    (root / "owner.pid").write_text(f"{os.getpid()}\n")
    account.own(root)
    feeds = FeedServer()
    pg = Postgres(root, account)
    miniflux = Miniflux(root, pg, find_miniflux())
    ttrss = TinyTinyRSS(root, account, pg, find_ttrss(), feeds.proxy_address)
    try:
        timed("PostgreSQL initdb + start", pg.start)
        timed("Miniflux migrate + admin + key + start", miniflux.setup)
        timed("tt-rss copy + schema + start", ttrss.setup)
        median_of("Miniflux reset", args.resets, miniflux.reset)
        median_of("tt-rss reset", args.resets, ttrss.reset)

        feeds.set_feed("bench", make_items("bench", 50))
        feed_id = 0

        def subscribe_miniflux() -> None:
            nonlocal feed_id
            feed_id = miniflux.subscribe(miniflux.feed_url(feeds, "bench"))

        timed("Miniflux subscribe (50 items, fetched)", subscribe_miniflux)
        timed("Miniflux refresh of that feed", lambda: miniflux.refresh(feed_id))

        def subscribe_ttrss() -> None:
            nonlocal feed_id
            feed_id = ttrss.subscribe(ttrss.feed_url(feeds, "bench"))

        timed("tt-rss subscribe", subscribe_ttrss)
        timed("tt-rss refresh (update.php, 50 items)", lambda: ttrss.refresh(feed_id))
        timed("tt-rss refresh of every feed (forced)", ttrss.refresh)
    finally:
        ttrss.close()
        miniflux.close()
        pg.stop()
        feeds.close()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
