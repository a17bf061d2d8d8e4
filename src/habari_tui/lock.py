"""One refresh at a time per data dir: an advisory lock file that the OS releases on any exit."""

from __future__ import annotations

import asyncio
import fcntl
import os
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from habari_tui.errors import HabariError

LOCK_NAME = "refresh.lock"
# How long a second refresh waits for the first before giving up with a message.
DEFAULT_WAIT = 10.0
_POLL = 0.1


class RefreshLocked(HabariError):
    """Another habari-tui process is refreshing the same cache."""


@asynccontextmanager
async def refresh_lock(data_dir: Path, *, wait: float | None = None) -> AsyncIterator[None]:
    """Hold the data dir's refresh lock, waiting up to `wait` (default DEFAULT_WAIT) seconds.

    flock() locks belong to the open file: a process killed with SIGKILL loses its lock at
    once, so a crash never leaves the cache locked.
    """
    path = data_dir / LOCK_NAME
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise HabariError(f"{path}: cannot create the refresh lock: {error.strerror}") from error
    try:
        await _acquire(handle, path, DEFAULT_WAIT if wait is None else wait)
        os.ftruncate(handle, 0)
        os.write(handle, f"{os.getpid()}\n".encode())
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
    finally:
        os.close(handle)


async def _acquire(handle: int, path: Path, wait: float) -> None:
    deadline = time.monotonic() + wait
    while True:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return
        except BlockingIOError:
            if time.monotonic() >= deadline:
                raise RefreshLocked(_held_message(path)) from None
            await asyncio.sleep(_POLL)


def _held_message(path: Path) -> str:
    try:
        pid = path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError):
        pid = ""
    holder = f" (process {pid})" if pid.isdigit() else ""
    return (
        f"another habari-tui{holder} is refreshing the cache in {path.parent}; "
        "try again when it has finished"
    )
