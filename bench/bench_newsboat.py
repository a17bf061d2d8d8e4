"""habari-tui against newsboat, side by side, over loopback corpora.

Generates two corpora of 300 feeds x 50 items (see corpus.py): a plain one (RSS 2.0, paragraphs
of plain words, ~32 MB) and a realistic one (figures with lazy images and captions, entities,
accented words, embeds, categories, a quarter of the feeds Atom 1.0; ~45 MB). Each is served
on 127.0.0.1 with ETag/Last-Modified, and `habari-tui refresh` and `newsboat -x reload`
(reload-threads 1 and 8) run alternately as whole processes, printing medians and ratios for:
cold refresh, warm refresh (nothing changed) and warm refresh with 10% of feeds changed. Then,
on the plain corpus, start-up to first headlines on a 15,000- and a 100,000-item cache, and
with Pilot on the 100,000-item cache: next headline, opening a cached 40-paragraph article,
next story inside an article, a refresh where 10 of 300 feeds never answer while keys are
pressed, and a reader at work (j, opening and closing stories) while the TUI refreshes that
full cache with every feed changed and then saves the new stories' pages.

Usage: .venv/bin/python bench/bench_newsboat.py [--runs N] [--quick] [--refresh-only]
                                                [--keys-under-refresh]
Not run by CI. newsboat is installed with apt when missing (as root).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import pty
import resource
import select
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import CorpusServer, change, make_corpus  # noqa: E402

HABARI = str(Path(sys.executable).with_name("habari-tui"))
CHANGED_SHARE = 0.10


# -- running whole processes --------------------------------------------------------------


def run(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float, int]:
    """Wall seconds, peak RSS (MB: the process's own, or with its workers, the larger) and
    exit code of one whole process."""
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env or os.environ.copy()
    )
    peak = 0.0
    while True:
        pid, status = os.waitpid(proc.pid, os.WNOHANG)
        if pid:
            break
        peak = max(peak, vm_hwm(proc.pid), tree_rss(proc.pid))
        time.sleep(0.05)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return wall, peak, proc.returncode


def tree_rss(pid: int) -> float:
    """Resident memory (MB) of a process and all its descendants (worker processes) now."""
    children: dict[int, list[int]] = {}
    rss: dict[int, float] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            fields = stat[stat.rindex(")") + 2 :].split()
        except (OSError, ValueError):
            continue
        children.setdefault(int(fields[1]), []).append(int(entry.name))
        rss[int(entry.name)] = int(fields[21]) * resource.getpagesize() / 2**20
    total, pending = 0.0, [pid]
    while pending:
        current = pending.pop()
        total += rss.get(current, 0.0)
        pending.extend(children.get(current, ()))
    return total


def vm_hwm(pid: int) -> float:
    """Peak resident memory (MB) of a running process; rusage would count the bench's fork."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return 0.0


def ensure_newsboat() -> str:
    found = shutil.which("newsboat")
    if found:
        return found
    print("newsboat is missing: installing it with apt-get (Debian package `newsboat`)…")
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(["apt-get", "install", "-y", "-qq", "newsboat"], check=True)
    return shutil.which("newsboat") or "newsboat"


class Habari:
    name = "habari"

    def __init__(self, root: Path, urls: list[str], *, timeout: int = 20) -> None:
        self.dir = root / "habari"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.config = self.dir / "config.toml"
        self.data = self.dir / "data"
        self.config.write_text(self._config_text(urls, timeout, pages="none"))
        # The same feeds and cache, saving every new story's page for offline reading (the
        # corpus's stories are older than the two days the default "recent" saves).
        self.config_pages = self.dir / "config-pages.toml"
        self.config_pages.write_text(self._config_text(urls, timeout, pages="all"))

    @staticmethod
    def _config_text(urls: list[str], timeout: int, *, pages: str) -> str:
        lines = [
            "[settings]",
            "refresh_on_start = false",
            f'prefetch_articles = "{pages}"',  # newsboat fetches no pages
            "concurrency = 16",
            f"timeout = {timeout}",
            "keep_days = 3650",
            "",
        ]
        for n, url in enumerate(urls):
            region = ("Kalimantan Selatan", "Nasional", "Dunia")[n % 3]
            lines += ["[[feed]]", f'url = "{url}"', f'region = "{region}"', ""]
        return "\n".join(lines)

    def index_for_search(self) -> None:
        """Index what a command-line refresh left waiting, as the TUI does after start, so
        that the probes do not measure the TUI taking in a whole cache at once."""
        from habari_tui.store import Store

        store = Store(self.data / "cache.db")
        try:
            store.index_pending()
        finally:
            store.close()

    def reset(self) -> None:
        shutil.rmtree(self.data, ignore_errors=True)

    def refresh(self) -> tuple[float, float, int]:
        return run([HABARI, "--config", str(self.config), "--data-dir", str(self.data), "refresh"])

    def startup(self, marker: str) -> tuple[float, float]:
        cmd = [HABARI, "--config", str(self.config), "--data-dir", str(self.data)]
        return first_screen(cmd, marker)


class Newsboat:
    def __init__(self, root: Path, urls: list[str], threads: int) -> None:
        self.name = f"newsboat-t{threads}"
        self.dir = root / self.name
        self.dir.mkdir(parents=True, exist_ok=True)
        self.urls = self.dir / "urls"
        self.urls.write_text("\n".join(urls) + "\n")
        self.config = self.dir / "config"
        self.config.write_text(f"reload-threads {threads}\nshow-read-feeds yes\n")
        self.cache = self.dir / "cache.db"
        self.env = {**os.environ, "HOME": str(self.dir), "XDG_CONFIG_HOME": str(self.dir)}

    def reset(self) -> None:
        for p in self.dir.glob("cache.db*"):
            p.unlink()

    def _cmd(self, *extra: str) -> list[str]:
        return ["newsboat", "-u", str(self.urls), "-c", str(self.cache), "-C", str(self.config)]

    def refresh(self) -> tuple[float, float, int]:
        return run([*self._cmd(), "-x", "reload"], self.env)

    def print_unread(self) -> tuple[float, float, int]:
        return run([*self._cmd(), "-x", "print-unread"], self.env)


def first_screen(cmd: list[str], marker: str, timeout: float = 30.0) -> tuple[float, float]:
    """Seconds from process start until `marker` is drawn on a 120x40 pty; then quit (peak RSS)."""
    import fcntl
    import struct
    import termios

    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "40"}
    start = time.perf_counter()
    proc = subprocess.Popen(
        cmd, stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True
    )
    os.close(slave)
    seen = b""
    needle = marker.encode()
    elapsed = float("nan")
    while time.perf_counter() - start < timeout:
        ready, _, _ = select.select([master], [], [], 0.05)
        if ready:
            try:
                seen += os.read(master, 65536)
            except OSError:
                break
            if needle in seen:
                elapsed = time.perf_counter() - start
                break
    os.write(master, b"q")
    deadline = time.time() + 10
    peak = vm_hwm(proc.pid)
    while proc.poll() is None and time.time() < deadline:
        peak = max(peak, vm_hwm(proc.pid))
        if select.select([master], [], [], 0.05)[0]:
            try:
                os.read(master, 65536)
            except OSError:
                break
    if proc.poll() is None:
        proc.kill()
        proc.wait()
    os.close(master)
    return elapsed, peak


# -- reporting ----------------------------------------------------------------------------


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]


def report(title: str, results: dict[str, list[float]], goal: float | None = None) -> None:
    print(f"\n{title}")
    habari = median(results.get("habari", []))
    best = None
    for name, values in results.items():
        shown = ", ".join(f"{v:.2f}" for v in values)
        print(f"  {name:<13} median {median(values):6.2f} s   runs: {shown}")
        if name.startswith("newsboat"):
            best = min(best or median(values), median(values))
    if best:
        verdict = ""
        if goal is not None:
            verdict = f"  (goal <= {goal}: {'met' if habari / best <= goal else 'MISSED'})"
        print(f"  ratio habari / newsboat (best threads) = {habari / best:.2f}{verdict}")


# -- the scenarios ------------------------------------------------------------------------


def refresh_scenarios(readers, server, docs, runs: int, label: str) -> None:
    cold: dict[str, list[float]] = {r.name: [] for r in readers}
    rss: dict[str, list[float]] = {r.name: [] for r in readers}
    for _ in range(runs):
        for reader in readers:
            reader.reset()
            wall, peak, code = reader.refresh()
            cold[reader.name].append(wall)
            rss[reader.name].append(peak)
            if code not in (0,):
                print(f"  ! {reader.name} exited {code}")
    report(f"[{label}] Cold refresh, empty cache (300 feeds, 15,000 items)", cold, goal=0.4)
    print("  peak RSS with workers (MB): " + ", ".join(f"{k} {max(v):.0f}" for k, v in rss.items()))
    warm: dict[str, list[float]] = {r.name: [] for r in readers}
    for _ in range(runs):
        for reader in readers:
            warm[reader.name].append(reader.refresh()[0])
    report(f"[{label}] Warm refresh, nothing changed", warm, goal=0.2)
    changed: dict[str, list[float]] = {r.name: [] for r in readers}
    share = int(len(docs) * CHANGED_SHARE)
    for round_ in range(runs):
        for doc in docs[round_ * share % len(docs) :][:share]:
            change(doc)
        for reader in readers:
            changed[reader.name].append(reader.refresh()[0])
    report(f"[{label}] Warm refresh, {share} feeds changed (5 new items each)", changed, goal=0.3)


def startup_scenario(habari: Habari, newsboats, marker: str, runs: int, label: str) -> float:
    results: dict[str, list[float]] = {"habari": []}
    peaks = []
    for _ in range(runs):
        wall, peak = habari.startup(marker)
        results["habari"].append(wall)
        peaks.append(peak)
        for nb in newsboats:
            results.setdefault(nb.name, []).append(nb.print_unread()[0])
    report(f"Start-up to first headlines, {label} cache", results)
    print(
        "  (habari: `habari-tui` on a 120x40 pty, process start until the newest headline's"
        " text is written to the terminal; newsboat: `-x print-unread`)"
    )
    print(f"  habari TUI peak RSS: {max(peaks):.0f} MB")
    return median(results["habari"])


def newest_title(data: Path) -> str:
    from habari_tui.store import Store

    store = Store(data / "cache.db")
    try:
        return store.headlines(limit=1)[0].title[:24]
    finally:
        store.close()


# -- the Pilot probe (run in its own process on the 100k cache) ---------------------------


def forty_paragraphs(n: int) -> str:
    words = [
        "warga",
        "kota",
        "banjir",
        "pasar",
        "sungai",
        "jembatan",
        "gubernur",
        "festival",
        "harga",
        "beras",
        "petani",
    ]
    paragraphs = []
    for p in range(40):
        text = " ".join(words[(p + i + n) % len(words)] for i in range(45))
        if p % 9 == 4:
            text = f"**BACA JUGA:** [{text[:40]}](https://example.id/{n}/{p}/)"
        paragraphs.append(text.capitalize() + ".")
    return "\n\n".join(paragraphs)


async def key_to_paint(app, key: str, painted=None) -> float:
    """Milliseconds from a key event entering the app to the first screen update after it
    (once `painted()` holds, when given). Pilot's press() and pause() wait for the process to
    go idle in 20 ms sleeps, so they would time Pilot, not the app.
    """
    from textual import events

    done = asyncio.Event()
    display = app._display

    def observed(screen, renderable) -> None:
        display(screen, renderable)
        if renderable is not None and (painted is None or painted()):
            done.set()

    app._display = observed
    try:
        start = time.perf_counter()
        app._driver.send_message(events.Key(key, key if len(key) == 1 else None))
        await asyncio.wait_for(done.wait(), 10)
        return (time.perf_counter() - start) * 1000
    finally:
        app._display = display


def save_bodies(store) -> None:
    """Every story a probe opens (among the first 320 headlines) has a saved page."""
    from habari_tui.extract import EXTRACTOR_VERSION
    from habari_tui.models import ArticleBody

    for n, article in enumerate(store.headlines(limit=320)):
        body = ArticleBody(
            markdown=forty_paragraphs(n), source="page", extractor_version=EXTRACTOR_VERSION
        )
        store.save_body(article.id, body)


def body_painted(app) -> bool:
    """The article's body is on screen once _show_body has finished: it rewrites the status."""
    from textual.widgets import Static

    from habari_tui.ui.screens.article import ArticleScreen

    screen = app.screen
    if not isinstance(screen, ArticleScreen) or screen.body is None:
        return False
    return "Loading" not in str(screen.query_one("#status", Static).content)


async def probe(config: Path, data: Path) -> dict[str, Any]:
    from habari_tui.config import load_config
    from habari_tui.service import Service
    from habari_tui.store import Store
    from habari_tui.ui.app import HabariApp

    store = Store(data / "cache.db")
    service = Service(load_config(config), store)
    save_bodies(store)
    out: dict[str, Any] = {}
    app = HabariApp(service)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        moves = [await key_to_paint(app, "j") for _ in range(200)]
        out["next_headline_ms"] = moves

        def painted() -> bool:
            return body_painted(app)

        opens, steps = [], []
        for _ in range(30):
            opens.append(await key_to_paint(app, "enter", painted))
            await pilot.pause()
            for _ in range(2):
                steps.append(await key_to_paint(app, "n", painted))
                await pilot.pause()
            await pilot.press("q")
            await pilot.pause()
            await pilot.press("j")
        out["open_article_ms"] = opens
        out["next_story_ms"] = steps
    store.close()
    out["probe_peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return out


async def probe_hanging(config: Path, data: Path) -> dict[str, Any]:
    """Refresh on an empty cache where 10 feeds never answer, pressing `j` all along.

    Keys are pressed once the first stories are listed (before that `j` has nothing to move,
    so nothing would be drawn for it). How late a 10 ms timer fires is recorded all along:
    that is how long the event loop, and so every key, could have been kept waiting.
    """
    from habari_tui.config import load_config
    from habari_tui.service import Service
    from habari_tui.store import Store
    from habari_tui.ui.app import HabariApp
    from habari_tui.ui.widgets.headline_list import HeadlineList

    store = Store(data / "cache.db")
    cfg = load_config(config)
    service = Service(cfg, store)
    app = HabariApp(service)
    keys: list[float] = []
    lags: list[float] = []

    async def watch_the_loop() -> None:
        while True:
            asked = time.perf_counter()
            await asyncio.sleep(0.01)
            lags.append((time.perf_counter() - asked - 0.01) * 1000)

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        start = time.perf_counter()
        watcher = asyncio.create_task(watch_the_loop())
        app.action_refresh()
        await pilot.pause()
        listed_at = None
        while app.refreshing and time.perf_counter() - start < 120:
            if app.screen.query_one(HeadlineList).articles:
                listed_at = listed_at or time.perf_counter() - start
                keys.append(await key_to_paint(app, "j"))
            await asyncio.sleep(0.05)
        took = time.perf_counter() - start
        watcher.cancel()
        status = app.status_text
    store.close()
    return {
        "hanging_refresh_s": took,
        "hanging_deadline_s": cfg.settings.timeout * 2,
        "hanging_keys_ms": keys,
        "hanging_listed_s": listed_at,
        "hanging_loop_lag_ms": lags,
        "hanging_status": status,
    }


# The event loop held this long (ms) is a stall: a key pressed then waits at least as long.
STALL_MS = 50


def main_thread_times() -> tuple[float, float]:
    """Milliseconds this thread has run on a core, and waited for one (Linux's schedstat)."""
    try:
        ran, queued, _ = Path("/proc/thread-self/schedstat").read_text().split()
    except (OSError, ValueError):
        return time.thread_time() * 1000, 0.0
    return int(ran) / 1e6, int(queued) / 1e6


def refresh_phase(app) -> str | None:
    """What the app is doing in the background: "feeds", "pages", or None (idle)."""
    if app.refreshing:
        return "feeds"
    if getattr(app, "saving_pages", False) or any(
        w.group == "prefetch" and not w.is_finished for w in app.workers
    ):
        return "pages"
    return None


async def probe_refresh(config: Path, data: Path, idle_rounds: int = 12) -> dict[str, Any]:
    """A reader at work on the full cache while a refresh in the TUI finds every feed changed
    and then saves the new stories' pages.

    The reader does rounds of four `j` and one story opened (`enter`, its body drawn, then
    `q` back to the list), 50 ms apart: first `idle_rounds` rounds with nothing running,
    then from the moment `r` is pressed until the feeds and the pages are done (at most
    180 s). Each key is timed from the key event to the screen update that shows it; a
    10 ms timer records how late the event loop ran all along.
    """
    from habari_tui.config import load_config
    from habari_tui.service import Service
    from habari_tui.store import Store
    from habari_tui.ui.app import HabariApp
    from habari_tui.ui.screens.main import MainScreen
    from habari_tui.ui.widgets.headline_list import HeadlineList

    store = Store(data / "cache.db")
    save_bodies(store)
    service = Service(load_config(config), store)
    app = HabariApp(service)
    samples: dict[str, dict[str, list[float]]] = {}
    phase = "idle"
    marks: dict[str, float] = {}
    pressed = [time.perf_counter()]  # when `r` was pressed: stalls are placed from then

    def note(kind: str, value: float) -> None:
        samples.setdefault(phase, {}).setdefault(kind, []).append(value)

    async def watch_the_loop() -> None:
        while True:
            asked, (cpu, queued) = time.perf_counter(), main_thread_times()
            await asyncio.sleep(0.01)
            late = (time.perf_counter() - asked - 0.01) * 1000
            note("loop_lag_ms", late)
            if late > STALL_MS:  # and how it was spent by the event loop's thread
                cpu_after, queued_after = main_thread_times()
                note("stall_ms", late)
                note("stall_cpu_ms", cpu_after - cpu)
                note("stall_queued_ms", queued_after - queued)
                note("stall_at_s", asked - pressed[0])

    def on_list() -> bool:
        return isinstance(app.screen, MainScreen)

    async def one_round() -> None:
        headlines = app.screen.query_one(HeadlineList)
        if (headlines.highlighted or 0) > 250:  # stay among the stories with saved pages
            await pilot.press("home")
            await asyncio.sleep(0.05)
        for _ in range(4):
            note("j_ms", await key_to_paint(app, "j"))
            await asyncio.sleep(0.05)
        note("open_ms", await key_to_paint(app, "enter", lambda: body_painted(app)))
        await asyncio.sleep(0.05)
        note("back_ms", await key_to_paint(app, "q", on_list))
        await asyncio.sleep(0.05)

    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause(2.0)  # past the app's settling and its first search indexing
        watcher = asyncio.create_task(watch_the_loop())
        for _ in range(idle_rounds):
            await one_round()
        start = pressed[0] = time.perf_counter()
        app.action_refresh()
        await asyncio.sleep(0.05)
        while time.perf_counter() - start < 180:
            now = refresh_phase(app)
            if now is None:
                break
            if now != phase:
                marks[now] = time.perf_counter() - start
                phase = now
            await one_round()
        marks["done"] = time.perf_counter() - start
        phase = "after"
        watcher.cancel()
        status = app.status_text
    store.close()
    return {"refresh_samples": samples, "refresh_marks": marks, "refresh_status": status}


def print_refresh_probe(data: dict[str, Any]) -> None:
    marks = data["refresh_marks"]
    print(
        "\nA reader at work while the TUI refreshes the 100,000-story cache, every feed changed"
        f" (feeds done after {marks.get('pages', marks['done']):.1f} s,"
        f" pages after {marks['done']:.1f} s); status: {data['refresh_status']!r}"
    )
    print("  keys 50 ms apart: rounds of 4 j and one story opened and closed")
    print_phases(data["refresh_samples"])
    print_verdict(data["refresh_samples"])


# While a refresh runs (its feeds, then its pages): `j` p95 and opening a story p95 under
# these (ms), and no event-loop stall over STALL_MS.
REFRESH_GOALS = {"j_ms": 20.0, "open_ms": 100.0}


def print_verdict(samples: dict[str, dict[str, list[float]]]) -> None:
    """Whether the keys met the goals while the feeds were refreshed and the pages saved."""
    busy = [samples[phase] for phase in ("feeds", "pages") if phase in samples]
    if not busy:
        return
    parts, met = [], True
    for key, goal in REFRESH_GOALS.items():
        worst = max((p95(got[key]) for got in busy if got.get(key)), default=0.0)
        met = met and worst < goal
        parts.append(f"{key[:-3]} p95 {worst:.1f} (< {goal:.0f})")
    stalls = sum(len(got.get("stall_ms", [])) for got in busy)
    met = met and stalls == 0
    parts.append(f"stalls over {STALL_MS} ms: {stalls} (none)")
    print(f"  goal while refreshing, worst phase: {', '.join(parts)}: {'met' if met else 'MISSED'}")


def print_phases(samples: dict[str, dict[str, list[float]]]) -> None:
    """Keys and event-loop lateness with nothing running, while feeds are refreshed, while
    pages are saved."""
    for phase, label in (("idle", "idle"), ("feeds", "feeds"), ("pages", "pages")):
        got = samples.get(phase)
        if not got:
            continue
        parts = []
        for key, name in (("j_ms", "j"), ("open_ms", "open"), ("back_ms", "back")):
            values = got.get(key, [])
            if values:
                parts.append(
                    f"{name} p50 {median(values):.1f} p95 {p95(values):.1f}"
                    f" max {max(values):.1f} (n={len(values)})"
                )
        lags = got.get("loop_lag_ms", [])
        if lags:
            parts.append(f"loop late max {max(lags):.1f} p95 {p95(lags):.1f}")
        print(f"  {label:<6} " + "; ".join(parts) + " ms")
        stalls = got.get("stall_ms", [])
        if stalls:
            ran, queued = sum(got["stall_cpu_ms"]) / 1000, sum(got["stall_queued_ms"]) / 1000
            print(
                f"         {len(stalls)} stalls over {STALL_MS} ms, {sum(stalls) / 1000:.1f} s"
                f" in all: the event loop's thread ran {ran:.1f} s, waited for a core"
                f" {queued:.1f} s, and was blocked (locks, I/O) the rest"
            )


def run_probe(*probe_args: str) -> dict[str, Any] | None:
    """Run one probe in a process of its own, as the app always runs: one app per process."""
    out = subprocess.run(
        [sys.executable, __file__, *probe_args], capture_output=True, text=True, check=False
    )
    if out.returncode != 0:
        print("Pilot probe failed:\n" + out.stderr[-3000:])
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def change_every_feed(docs, server: CorpusServer) -> None:
    """Two new stories in every feed, teasers whose pages the server serves."""
    for doc in docs:
        change(doc, new_items=2, page_base=server.base)


def refresh_keys_scenario(habari: Habari, docs, server: CorpusServer, runs: int) -> None:
    """Keys while the TUI refreshes every feed of the full cache and saves the new pages,
    `runs` times, alternating with the idle probe; each in a process of its own."""
    merged: dict[str, dict[str, list[float]]] = {}
    for run_no in range(runs):
        idle = run_probe("--probe", str(habari.config), str(habari.data))
        if idle is not None:
            print(
                f"\n[run {run_no + 1}] idle probe: j p50 {median(idle['next_headline_ms']):.1f}"
                f" p95 {p95(idle['next_headline_ms']):.1f};"
                f" open p50 {median(idle['open_article_ms']):.1f}"
                f" p95 {p95(idle['open_article_ms']):.1f} ms"
            )
        change_every_feed(docs, server)
        pages_before = server.pages
        data = run_probe("--probe-refresh", str(habari.config_pages), str(habari.data))
        if data is None:
            continue
        print(f"[run {run_no + 1}] pages served: {server.pages - pages_before}", end="")
        print_refresh_probe(data)
        for phase, got in data["refresh_samples"].items():
            for key, values in got.items():
                merged.setdefault(phase, {}).setdefault(key, []).extend(values)
    if runs > 1:
        print(f"\nAll {runs} runs together:")
        print_phases(merged)
        print_verdict(merged)


def pilot_scenario(habari: Habari, never: Habari, docs, server: CorpusServer) -> None:
    data: dict[str, Any] = {}
    for probe_args in (
        ["--probe", str(habari.config), str(habari.data)],
        ["--probe-hanging", str(never.config), str(never.data)],
    ):
        got = run_probe(*probe_args)
        if got is None:
            return
        data.update(got)
    print("\nInside the TUI (Pilot, headless 120x40, 100,000-item cache)")
    for key, goal, label in (
        ("next_headline_ms", 20, "next headline (j)"),
        ("open_article_ms", 100, "open a cached 40-paragraph article (enter)"),
        ("next_story_ms", 100, "next story inside an article (n)"),
    ):
        values = data[key]
        verdict = "met" if p95(values) < goal else "MISSED"
        print(
            f"  {label:<44} p50 {median(values):6.1f} ms  p95 {p95(values):6.1f} ms"
            f"  (goal p95 < {goal} ms: {verdict}, n={len(values)})"
        )
    keys = data["hanging_keys_ms"]
    print(
        "\nRefresh of 300 feeds, 10 never answer"
        f" (per-feed deadline {data['hanging_deadline_s']} s):"
        f" ended after {data['hanging_refresh_s']:.1f} s; status: {data['hanging_status']!r}"
    )
    if data["hanging_listed_s"] is not None:
        print(f"  first stories listed after {data['hanging_listed_s']:.1f} s")
    if keys:
        print(
            f"  keys pressed during it: n={len(keys)}, p50 {median(keys):.1f} ms,"
            f" p95 {p95(keys):.1f} ms, max {max(keys):.1f} ms"
        )
    lags = data["hanging_loop_lag_ms"]
    if lags:
        print(
            f"  event loop lateness (10 ms timer, n={len(lags)}): p50 {median(lags):.1f} ms,"
            f" p95 {p95(lags):.1f} ms, max {max(lags):.1f} ms"
        )
    change_every_feed(docs, server)
    got = run_probe("--probe-refresh", str(habari.config_pages), str(habari.data))
    if got is not None:
        print_refresh_probe(got)


# -- main ---------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per reader and scenario")
    parser.add_argument("--quick", action="store_true", help="2 runs each, no reload-threads 1")
    parser.add_argument(
        "--tui-only", action="store_true", help="only habari on the 100k cache: start-up, Pilot"
    )
    parser.add_argument(
        "--refresh-only", action="store_true", help="only the refresh scenarios, both corpora"
    )
    parser.add_argument(
        "--corpus",
        choices=("both", "realistic", "plain"),
        default="both",
        help="which corpus the refresh scenarios use (default: both)",
    )
    parser.add_argument(
        "--keys-under-refresh",
        action="store_true",
        help="only keys on the 100k cache, idle and while the TUI refreshes every feed"
        " (--runs times, alternating)",
    )
    parser.add_argument("--probe", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--probe-hanging", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--probe-refresh", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.probe:
        config, data = (Path(p) for p in args.probe)
        print(json.dumps(asyncio.run(probe(config, data))))
        return
    if args.probe_hanging:
        config, data = (Path(p) for p in args.probe_hanging)
        print(json.dumps(asyncio.run(probe_hanging(config, data))))
        return
    if args.probe_refresh:
        config, data = (Path(p) for p in args.probe_refresh)
        print(json.dumps(asyncio.run(probe_refresh(config, data))))
        return
    runs = 2 if args.quick else args.runs
    if args.keys_under_refresh:
        keys_under_refresh(runs)
        return
    nb_path = ensure_newsboat()
    version = subprocess.run([nb_path, "--version"], capture_output=True, text=True).stdout
    print(f"{version.splitlines()[0]}; habari-tui at {HABARI}")
    started = time.perf_counter()
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {machine()}")
    threads = (8,) if args.quick else (1, 8)
    with tempfile.TemporaryDirectory(prefix="habari-bench-") as tmp:
        root = Path(tmp)
        if not args.tui_only:
            for label in ("realistic", "plain"):
                if args.corpus not in ("both", label):
                    continue
                docs = make_corpus(300, realistic=label == "realistic")
                size = sum(len(d.body) for d in docs) / 1e6
                print(f"\n{label} corpus: {len(docs)} feeds x 50 items, {size:.1f} MB; {runs} runs")
                with CorpusServer(docs) as server:
                    urls = [server.url(n) for n in range(len(docs))]
                    habari = Habari(root / label, urls)
                    newsboats = [Newsboat(root / label, urls, t) for t in threads]
                    refresh_scenarios([habari, *newsboats], server, docs, runs, label)
            if args.refresh_only:
                print(f"\nbench took {time.perf_counter() - started:.0f} s")
                return
        tui_scenarios(root, runs, tui_only=args.tui_only)
    print(f"\nbench took {time.perf_counter() - started:.0f} s")


def machine() -> str:
    """The CPU model and core count, for the figures' record."""
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{model}, {os.cpu_count()} cores"


def tui_scenarios(root: Path, runs: int, *, tui_only: bool) -> None:
    """Start-up on a 15,000- and a 100,000-item cache, then the Pilot probes (plain corpus)."""
    docs = make_corpus(300)
    with CorpusServer(docs) as server:
        urls = [server.url(n) for n in range(len(docs))]
        habari = Habari(root / "startup", urls)
        nb = Newsboat(root / "startup", urls, 8)
        if not tui_only:
            habari.refresh()
            nb.refresh()
            marker = newest_title(habari.data)
            startup_scenario(habari, [nb], marker, runs, "15,000-item")
        big_docs = make_corpus(300, items=334, seed=7)
        print(f"\n100k corpus: {sum(len(d.items) for d in big_docs)} items")
        with CorpusServer(big_docs) as big:
            big_urls = [big.url(n) for n in range(len(big_docs))]
            big_habari = Habari(root / "big", big_urls)
            big_nb = Newsboat(root / "big", big_urls, 8)
            wall, peak, _ = big_habari.refresh()
            print(f"  habari refresh to build it: {wall:.1f} s, peak RSS {peak:.0f} MB")
            big_habari.index_for_search()
            if not tui_only:
                wall, peak, _ = big_nb.refresh()
                print(f"  newsboat-t8 reload to build it: {wall:.1f} s, peak RSS {peak:.0f} MB")
            marker = newest_title(big_habari.data)
            startup_scenario(big_habari, [] if tui_only else [big_nb], marker, runs, "100,000-item")
            never_urls = urls[:290] + [server.never_url(n) for n in range(10)]
            never = Habari(root / "never", never_urls, timeout=5)
            pilot_scenario(big_habari, never, big_docs, big)


def keys_under_refresh(runs: int) -> None:
    started = time.perf_counter()
    print(f"habari-tui at {HABARI}; {runs} runs")
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {machine()}")
    big_docs = make_corpus(300, items=334, seed=7)
    with tempfile.TemporaryDirectory(prefix="habari-bench-") as tmp, CorpusServer(big_docs) as big:
        habari = Habari(Path(tmp), [big.url(n) for n in range(len(big_docs))])
        wall, peak, _ = habari.refresh()
        print(f"100k cache built by `habari-tui refresh` in {wall:.1f} s, peak RSS {peak:.0f} MB")
        habari.index_for_search()
        refresh_keys_scenario(habari, big_docs, big, runs)
    print(f"\nbench took {time.perf_counter() - started:.0f} s")


if __name__ == "__main__":
    main()
