"""Process plumbing shared by the server fixtures: ports, the account servers run as, waiting."""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import signal
import socket
import stat
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any


class ServerUnavailable(Exception):
    """A server cannot be started here: the reason is shown when the test is skipped or failed."""


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on at the time of asking."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@dataclass(frozen=True, slots=True)
class Account:
    """The account the servers run as: PostgreSQL and tt-rss refuse root, so root hands them one."""

    name: str
    uid: int
    gid: int
    home: str

    @classmethod
    def for_servers(cls) -> Account:
        """Ourselves, unless we are root: then `HABARI_SERVERS_USER`, `postgres` or `nobody`."""
        if os.geteuid() != 0:
            entry = pwd.getpwuid(os.geteuid())
            return cls(entry.pw_name, entry.pw_uid, entry.pw_gid, entry.pw_dir)
        wanted = os.environ.get("HABARI_SERVERS_USER")
        for name in ([wanted] if wanted else []) + ["postgres", "nobody"]:
            try:
                entry = pwd.getpwnam(name)
            except KeyError:
                continue
            return cls(entry.pw_name, entry.pw_uid, entry.pw_gid, entry.pw_dir)
        raise ServerUnavailable("running as root and no unprivileged account to run servers as")

    @property
    def is_self(self) -> bool:
        return self.uid == os.geteuid()

    def own(self, *paths: Path) -> None:
        """Give `paths` (and what is under them) to this account."""
        if self.is_self:
            return
        for top in paths:
            os.chown(top, self.uid, self.gid)
            for dirpath, dirnames, filenames in os.walk(top):
                for name in dirnames + filenames:
                    os.lchown(os.path.join(dirpath, name), self.uid, self.gid)

    def popen_kwargs(self) -> dict[str, Any]:
        """Arguments for subprocess that run the child as this account."""
        if self.is_self:
            return {}
        return {"user": self.uid, "group": self.gid, "extra_groups": []}

    def temp_parent(self) -> Path:
        """The temp dir, if this account can reach into it; /tmp otherwise (TMPDIR under root's
        home would keep PostgreSQL out of its own data directory)."""
        tmp = Path(tempfile.gettempdir())
        if self.is_self:
            return tmp
        for directory in (tmp, *tmp.parents):
            if not directory.stat().st_mode & stat.S_IXOTH:
                return Path("/tmp")
        return tmp

    def env(self, **extra: str) -> dict[str, str]:
        """A small environment for a server child, with `extra` added."""
        env = {
            "PATH": os.environ.get("PATH", "/usr/local/bin:/usr/bin:/bin"),
            "HOME": self.home if not self.is_self else os.environ.get("HOME", self.home),
            "LANG": "C.UTF-8",
            "TZ": "UTC",
        }
        env.update(extra)
        return env

    def run(
        self,
        args: list[str],
        *,
        env: dict[str, str] | None = None,
        timeout: float = 60,
        cwd: Path | None = None,
    ) -> subprocess.CompletedProcess[str]:
        """Run `args` as this account; a non-zero exit raises ServerUnavailable with its output."""
        try:
            done = subprocess.run(
                args,
                env=env if env is not None else self.env(),
                cwd=cwd,
                capture_output=True,
                text=True,
                timeout=timeout,
                check=False,
                **self.popen_kwargs(),
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise ServerUnavailable(f"{args[0]}: {exc}") from exc
        if done.returncode != 0:
            tail = (done.stderr or done.stdout).strip().splitlines()[-5:]
            raise ServerUnavailable(f"{' '.join(args[:2])} exited {done.returncode}: {tail}")
        return done


def find_program(name: str, *extra_dirs: Path) -> str | None:
    """`name` on PATH or in one of `extra_dirs`."""
    found = shutil.which(name)
    if found:
        return found
    for directory in extra_dirs:
        candidate = directory / name
        if candidate.is_file() and os.access(candidate, os.X_OK):
            return str(candidate)
    return None


def wait_http(
    url: str,
    proc: subprocess.Popen[bytes] | None,
    *,
    timeout: float = 30.0,
    log: Path | None = None,
) -> None:
    """Wait until `url` answers at all (any HTTP status); fail early if `proc` died."""
    deadline = time.monotonic() + timeout
    while True:
        if proc is not None and proc.poll() is not None:
            raise ServerUnavailable(f"{url}: the server exited {proc.returncode}{_log_tail(log)}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except urllib.error.HTTPError:
            return
        except OSError:
            pass
        if time.monotonic() > deadline:
            raise ServerUnavailable(f"{url}: no answer after {timeout:.0f} s{_log_tail(log)}")
        time.sleep(0.05)


def stop_process(proc: subprocess.Popen[bytes] | None, *, timeout: float = 10.0) -> None:
    """SIGTERM, then SIGKILL after `timeout`; the process group when it has one of its own."""
    if proc is None or proc.poll() is not None:
        return
    with contextlib.suppress(ProcessLookupError):
        proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            proc.kill()
        proc.wait(timeout=timeout)


def _log_tail(log: Path | None) -> str:
    if log is None or not log.exists():
        return ""
    lines = log.read_text(errors="replace").strip().splitlines()[-5:]
    return f"; log: {lines}"


def write_pid(path: Path, proc: subprocess.Popen[bytes]) -> None:
    """Note a server's pid, so that a later test run can end it if this one was killed."""
    path.write_text(f"{proc.pid}\n")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _cmdline(pid: int) -> str:
    try:
        raw = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return ""
    return raw.replace(b"\0", b" ").decode(errors="replace")


def reap_orphans(tmp: Path, prefix: str) -> int:
    """End the servers of earlier test runs that were killed before their teardown.

    A run's dir `tmp/prefix*` holds `owner.pid` (the pytest process) and `*.pid` files of its
    servers, plus PostgreSQL's own `postmaster.pid`. When the owner is gone, each server whose
    command line still names the program it was is sent SIGKILL (PostgreSQL SIGQUIT), and the
    dir is removed. Returns how many dirs were cleared.
    """
    cleared = 0
    for run_dir in tmp.glob(f"{prefix}*"):
        try:
            owner = int((run_dir / "owner.pid").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue
        if _alive(owner):
            continue
        targets: list[tuple[int, str, signal.Signals]] = []
        for pid_file in [*run_dir.glob("*.pid"), *run_dir.glob("*/*.pid")]:
            if pid_file.name == "owner.pid":
                continue
            try:
                pid = int(pid_file.read_text().split()[0])
            except (OSError, ValueError, IndexError):
                continue
            program = pid_file.stem  # miniflux.pid, php.pid
            targets.append((pid, program, signal.SIGKILL))
        try:
            postmaster = int((run_dir / "pgdata" / "postmaster.pid").read_text().split()[0])
            targets.append((postmaster, "postgres", signal.SIGQUIT))
        except (OSError, ValueError, IndexError):
            pass
        for pid, program, sig in targets:
            if _alive(pid) and program in _cmdline(pid):
                with contextlib.suppress(OSError):
                    if os.getpgid(pid) == pid:  # PHP's workers are in the group of the first
                        os.killpg(pid, sig)
                    else:
                        os.kill(pid, sig)
        shutil.rmtree(run_dir, ignore_errors=True)
        cleared += 1
    return cleared
