"""A machine running habari-tui: its own config (with a [sync] table) and data dir, driven
through the command line as a user's scripts would."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path

from habari_tui.cli import main


@dataclass(frozen=True)
class Result:
    code: int
    out: str
    err: str


class Machine:
    """One habari-tui installation; `sync_table` is the [sync] table's text."""

    def __init__(self, root: Path, sync_table: str) -> None:
        root.mkdir(parents=True, exist_ok=True)
        self.root = root
        self.config = root / "config.toml"
        self.data = root / "data"
        self.write_config(sync_table)

    def write_config(self, sync_table: str) -> None:
        self.config.write_text(
            "[settings]\nrefresh_on_start = false\nprefetch_articles = false\ntimeout = 5\n\n"
            + sync_table,
            encoding="utf-8",
        )
        os.chmod(self.config, 0o600)

    @property
    def common(self) -> list[str]:
        return ["--config", str(self.config), "--data-dir", str(self.data)]

    def run(self, *args: str) -> Result:
        out, err = io.StringIO(), io.StringIO()
        with redirect_stdout(out), redirect_stderr(err):
            code = main([*self.common, *args])
        return Result(code, out.getvalue(), err.getvalue())

    def spawn(self, *args: str) -> subprocess.Popen[bytes]:
        """habari-tui in a process of its own (to be killed)."""
        command = [sys.executable, "-m", "habari_tui", *self.common, *args]
        return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def sync(self) -> dict[str, object]:
        done = self.run("sync", "--json")
        assert done.code == 0, done.err
        summary: dict[str, object] = json.loads(done.out)
        return summary

    def stories(self) -> dict[str, dict[str, object]]:
        """Every story in the cache by title."""
        done = self.run("list", "--json")
        assert done.code == 0, done.err
        return {s["title"]: s for s in json.loads(done.out)}

    def state(self) -> dict[str, tuple[bool, bool]]:
        """(read, starred) of every story by title."""
        return {t: (bool(s["read"]), bool(s["starred"])) for t, s in self.stories().items()}

    def mark(self, titles: list[str], *flags: str) -> None:
        ids = [str(self.stories()[t]["id"]) for t in titles]
        done = self.run("mark", *ids, *flags)
        assert done.code == 0, done.err

    def queued(self) -> int:
        from habari_tui.store import Store
        from habari_tui.store.sync import SyncTables

        store = Store(self.data / "cache.db")
        try:
            return SyncTables(store).queued()
        finally:
            store.close()
