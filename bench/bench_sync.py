"""Sync with 10,000 stories on a real server: a first sync, then one with nothing new.

    python bench/bench_sync.py [--stories N] [--rounds R] [--services miniflux,greader,ttrss]

Starts the test fixtures' PostgreSQL, Miniflux and (when asked) tt-rss in a temp dir, puts N
stories (default 10,000) on the server in one feed, then runs `habari-tui sync --json` in a
process of its own against a fresh data dir: seconds, HTTP requests and peak memory (max
RSS) of the first sync, and the median of R syncs with nothing new. Needs what
tests/servers/install.sh installs.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.servers.feedserver import FeedServer, make_items  # noqa: E402
from tests.servers.miniflux import Miniflux, find_miniflux  # noqa: E402
from tests.servers.postgres import Postgres  # noqa: E402
from tests.servers.procs import Account  # noqa: E402
from tests.servers.ttrss import TinyTinyRSS, find_ttrss  # noqa: E402

# `habari-tui sync --json` in a child that reports its own peak memory on its last stderr line.
_CHILD = """
import resource, sys
from habari_tui.cli import main
code = main(["--config", sys.argv[1], "--data-dir", sys.argv[2], "sync", "--json"])
print("peak-kib", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


def sync_once(config: Path, data: Path) -> tuple[float, dict[str, object], float]:
    """One `habari-tui sync --json`: seconds, its summary, and its peak RSS in MiB."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(config), str(data)],
        capture_output=True,
        text=True,
        check=False,
    )
    took = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"sync failed: {done.stderr.strip()}")
    peak = int(done.stderr.strip().splitlines()[-1].split()[1])
    return took, json.loads(done.stdout), peak / 1024


def config_for(root: Path, name: str, table: str) -> Path:
    path = root / f"{name}.toml"
    path.write_text(
        "[settings]\nrefresh_on_start = false\nprefetch_articles = false\ntimeout = 60\n\n" + table,
        encoding="utf-8",
    )
    os.chmod(path, 0o600)
    return path


def measure(name: str, config: Path, root: Path, rounds: int, stories: int) -> None:
    data = root / f"data-{name}"
    took, first, peak = sync_once(config, data)
    print(
        f"{name:<9} first sync       {took:7.2f} s  {first['requests']:>4} requests  "
        f"{first['new_articles']:>6} new  peak RSS {peak:6.1f} MiB"
    )
    if first["new_articles"] != stories:
        print(f"  (expected {stories} new stories)")
    runs = [sync_once(config, data) for _ in range(rounds)]
    seconds = statistics.median(r[0] for r in runs)
    requests = [int(r[1]["requests"]) for r in runs]  # type: ignore[call-overload]
    new = sum(int(r[1]["new_articles"]) for r in runs)  # type: ignore[call-overload]
    print(
        f"{name:<9} nothing new      {seconds:7.2f} s  {statistics.median(requests):>4g} requests"
        f"  {new:>6} new  (median of {rounds} processes, start-up included; requests {requests})"
    )
    inside = [sync_in_process(config, data) for _ in range(rounds)]
    print(
        f"{name:<9} nothing new      {statistics.median(inside):7.2f} s  the sync itself"
        f" (median of {rounds}, in one process)"
    )


def sync_in_process(config: Path, data: Path) -> float:
    """Seconds of Service.sync() alone, without the process start."""
    from habari_tui.config import load_config
    from habari_tui.service import Service

    service = Service.open(load_config(config), data)
    try:
        started = time.perf_counter()
        asyncio.run(service.sync())
        return time.perf_counter() - started
    finally:
        service.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--stories", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--services", default="miniflux,greader")
    args = parser.parse_args()
    services = args.services.split(",")

    account = Account.for_servers()
    root = Path(tempfile.mkdtemp(prefix="habari-sync-bench-"))
    root.chmod(0o755)
    account.own(root)
    feeds = FeedServer()
    feeds.set_feed("bench", make_items("bench", args.stories))
    pg = Postgres(root, account)
    servers: list[Miniflux | TinyTinyRSS] = []
    try:
        pg.start()
        if {"miniflux", "greader"} & set(services):
            miniflux = Miniflux(root, pg, find_miniflux())
            servers.append(miniflux)
            miniflux.setup()
            started = time.perf_counter()
            miniflux.subscribe(feeds.url("bench"), category="Bench")
            print(f"Miniflux took {args.stories} stories in {time.perf_counter() - started:.1f} s")
            if "miniflux" in services:
                table = (
                    f'[sync]\nservice = "miniflux"\nurl = "{miniflux.base_url}"\n'
                    f'user = "{miniflux.username}"\npassword = "{miniflux.password}"\n'
                )
                measure(
                    "miniflux", config_for(root, "miniflux", table), root, args.rounds, args.stories
                )
            if "greader" in services:
                table = (
                    f'[sync]\nservice = "greader"\nurl = "{miniflux.base_url}"\n'
                    f'user = "{miniflux.reader_username}"\n'
                    f'password = "{miniflux.reader_password}"\n'
                )
                measure(
                    "greader", config_for(root, "greader", table), root, args.rounds, args.stories
                )
        if "ttrss" in services:
            ttrss = TinyTinyRSS(root, account, pg, find_ttrss(), feeds.proxy_address)
            servers.append(ttrss)
            ttrss.setup()
            started = time.perf_counter()
            ttrss.refresh(ttrss.subscribe(ttrss.feed_url(feeds, "bench"), category="Bench"))
            print(f"tt-rss took {args.stories} stories in {time.perf_counter() - started:.1f} s")
            table = (
                f'[sync]\nservice = "ttrss"\nurl = "{ttrss.base_url}"\n'
                f'user = "{ttrss.username}"\npassword = "{ttrss.password}"\n'
            )
            measure("ttrss", config_for(root, "ttrss", table), root, args.rounds, args.stories)
    finally:
        for server in servers:
            server.close()
        pg.stop()
        feeds.close()
        shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
