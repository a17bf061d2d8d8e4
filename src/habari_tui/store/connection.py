"""Opening the cache: one SQLite connection in WAL mode, a damaged file moved aside, and the
transactions and queries every subject's queries run through."""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from habari_tui.errors import StoreError
from habari_tui.store.schema import migrate

_CORRUPT_CODES = frozenset({11, 26})  # SQLITE_CORRUPT, SQLITE_NOTADB
_FULL_CODES = frozenset({13})  # SQLITE_FULL


def _is_corrupt(error: sqlite3.DatabaseError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in _CORRUPT_CODES
    text = str(error)
    return "not a database" in text or "malformed" in text


def _move_aside(path: Path) -> Path:
    """Rename a damaged cache (and its WAL files) out of the way; it is kept, never deleted."""
    stamp = time.strftime("%Y%m%d-%H%M%S")
    target = path.with_name(f"{path.name}.corrupt-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.corrupt-{stamp}-{n}")
    try:
        path.rename(target)
        for suffix in ("-wal", "-shm"):
            side = path.with_name(path.name + suffix)
            if side.exists():
                side.rename(target.with_name(target.name + suffix))
    except OSError as error:
        raise StoreError(
            f"{path}: the cache is damaged and could not be moved aside: {error.strerror}"
        ) from error
    return target


def _write_failure(error: sqlite3.Error) -> str:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF in _FULL_CODES:
        return "the disk is full"
    return str(error)


def _open_failure(path: Path, error: BaseException) -> str:
    """One line saying why the cache cannot be opened, in the user's terms."""
    folder = path.parent
    code = getattr(error, "sqlite_errorcode", None)
    if (
        isinstance(error, OSError)
        and error.errno == errno.ENOSPC
        or (code is not None and code & 0xFF in _FULL_CODES)
    ):
        return f"{path}: cannot open the cache: the disk is full"
    if folder.is_dir() and not os.access(folder, os.W_OK):
        return f"{path}: cannot open the cache: the data directory {folder} is not writable"
    if path.exists() and not os.access(path, os.W_OK):
        return f"{path}: cannot open the cache: the file is read-only"
    reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
    return f"{path}: cannot open the cache: {reason}"


_WAL_ATTEMPTS = 100  # 0.05 s apart: five seconds, as long as busy_timeout


class Connection:
    """One SQLite database in WAL mode, safe to share between the event loop and worker threads.

    Writes go through one connection, one transaction at a time; reads through connections
    of their own (WAL lets them run beside a writer, here or in another process), so a read
    never waits for a write. An in-memory cache has only the one connection.
    """

    full_text: bool  # False: search() falls back to LIKE

    def __init__(self, path: Path | str, *, now: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self.now = now  # the clock: time.time, or a fixed one in tests
        self._lock = threading.RLock()  # the writing connection's
        self._readers: list[sqlite3.Connection] = []  # idle reading connections
        self._readers_lock = threading.Lock()  # held only to take one from the list or put back
        self._closed = False
        self.moved_aside: Path | None = None  # where a corrupt cache was put, when one was
        try:
            self._open()
        except sqlite3.DatabaseError as error:
            if not _is_corrupt(error) or self.in_memory:
                raise StoreError(_open_failure(self.path, error)) from error
            self.moved_aside = _move_aside(self.path)
            try:
                self._open()
            except (sqlite3.Error, OSError) as again:
                raise StoreError(_open_failure(self.path, again)) from again
        except OSError as error:
            raise StoreError(_open_failure(self.path, error)) from error

    @property
    def in_memory(self) -> bool:
        """An in-memory cache (tests): no file, so nothing another connection could open."""
        return str(self.path) == ":memory:"

    @property
    def notice(self) -> str | None:
        """A line for the user when opening the cache needed a repair, else None."""
        if self.moved_aside is None:
            return None
        return f"the cache was damaged: moved it to {self.moved_aside} and started a new one"

    def _open(self) -> None:
        if not self.in_memory:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        # The wait for a lock is set before anything else: switching to WAL needs one too, and
        # another habari-tui starting at the same moment may hold it.
        self._db = sqlite3.connect(
            str(self.path), check_same_thread=False, isolation_level=None, timeout=5.0
        )
        try:
            self._db.row_factory = sqlite3.Row
            self._db.execute("PRAGMA busy_timeout=5000")
            self._use_wal()
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA foreign_keys=ON")
            migrate(self)
        except BaseException:
            self._db.close()
            raise

    def _use_wal(self) -> None:
        """Switch to WAL, waiting out another process doing the same on a new cache.

        Two processes switching at once is a lock upgrade deadlock that SQLite answers with
        "database is locked" at once, without waiting for busy_timeout: so retry, bounded.
        """
        for attempt in range(_WAL_ATTEMPTS):
            try:
                if self._db.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    self._db.execute("PRAGMA journal_mode=WAL")
                return
            except sqlite3.OperationalError as error:
                if "locked" not in str(error) or attempt == _WAL_ATTEMPTS - 1:
                    raise
                time.sleep(0.05)

    def close(self) -> None:
        with self._lock, self._readers_lock:
            self._closed = True
            self._db.close()
            for reader in self._readers:
                reader.close()
            self._readers.clear()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                try:
                    yield self._db
                except BaseException:
                    # SQLite rolls back by itself on some errors (a full disk); a second
                    # ROLLBACK would then fail and hide the real reason.
                    if self._db.in_transaction:
                        self._db.execute("ROLLBACK")
                    raise
                self._db.execute("COMMIT")
            except sqlite3.Error as error:
                if self._db.in_transaction:  # a failed COMMIT leaves it open
                    self._db.execute("ROLLBACK")
                raise StoreError(f"cache write failed: {_write_failure(error)}") from error

    def _query(self, sql: str, params: Sequence[object] = ()) -> list[sqlite3.Row]:
        if self.in_memory:
            with self._lock:
                return self._read(self._db, sql, params)
        reader = self._take_reader()
        try:
            return self._read(reader, sql, params)
        finally:
            self._put_back(reader)

    @staticmethod
    def _read(db: sqlite3.Connection, sql: str, params: Sequence[object]) -> list[sqlite3.Row]:
        try:
            return db.execute(sql, params).fetchall()
        except sqlite3.Error as error:
            raise StoreError(f"cache read failed: {error}") from error

    def _take_reader(self) -> sqlite3.Connection:
        """An idle reading connection, or a new one when every one is busy (one per thread
        reading at the same moment: a handful at most)."""
        with self._readers_lock:
            if self._closed:
                raise StoreError("cache read failed: the cache is closed")
            if self._readers:
                return self._readers.pop()
        try:
            reader = sqlite3.connect(
                str(self.path), check_same_thread=False, isolation_level=None, timeout=5.0
            )
            reader.row_factory = sqlite3.Row
        except sqlite3.Error as error:
            raise StoreError(f"cache read failed: {error}") from error
        return reader

    def _put_back(self, reader: sqlite3.Connection) -> None:
        with self._readers_lock:
            if self._closed:
                reader.close()
            else:
                self._readers.append(reader)

    @property
    def schema_version(self) -> int:
        return int(self._query("PRAGMA user_version")[0][0])
