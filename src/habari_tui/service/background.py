"""A refresh started by the TUI, run in a process of its own.

Fetching, parsing, storing and saving pages all happen in a child process (with the worker
pool a large refresh uses there), started at a lower priority than the reader's, so none of
it holds the interpreter or the cores the reader's keys need. The child prints what it did as
JSON lines on its stdout; the app reads the cache on its own connections and is told what
changed. The job goes to the child pickled on its stdin: the config as the app holds it, feeds
subscribed during the session included.
"""

from __future__ import annotations

import asyncio
import json
import pickle
import signal
import sys
import time
from collections.abc import Callable
from contextlib import suppress
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from habari_tui.config import Config
from habari_tui.errors import HabariError
from habari_tui.models import FeedOutcome, RefreshSummary
from habari_tui.service.refresh import ProgressCallback, Refreshing, RefreshProgress

# How much lower the child's priority is than the app's (nice(2)): when the cores are busy the
# reader's keys get them first and the refresh takes what the app leaves. The child stays in
# the app's session: where Linux shares the cores between sessions first (autogroup), the
# refresh takes from the app's share rather than having one of its own, and is not starved
# by other sessions' work either.
CHILD_NICENESS = 10
# The child lowers its priority before importing anything heavy.
_CHILD_MAIN = (
    f"import os; os.nice({CHILD_NICENESS}); from habari_tui.service.background import main; main()"
)
# A first refresh's summary lists every new story's id on one line.
_LINE_LIMIT = 64 * 1024 * 1024
# The end of the child's stderr kept to explain a crash.
_STDERR_TAIL = 4000
# Seconds a child asked to stop (the app is quitting) is given before it is killed.
_STOP_WAIT = 3.0

FeedsDone = Callable[[RefreshSummary], None]


@dataclass(frozen=True, slots=True)
class RefreshJob:
    """What the child is asked to do."""

    config: Config
    cache: Path
    clock_offset: float  # the cache's clock less time.time(): the child keeps the app's time
    save_pages: bool  # after the feeds, save the new stories' pages for offline reading


def _outcome_fields(outcome: FeedOutcome) -> dict[str, Any]:
    return asdict(outcome)


def _outcome(fields: dict[str, Any]) -> FeedOutcome:
    return FeedOutcome(**{**fields, "new_ids": tuple(fields.get("new_ids", ()))})


def _progress_fields(step: RefreshProgress) -> dict[str, Any]:
    return {"done": step.done, "total": step.total, "outcome": _outcome_fields(step.outcome)}


def _summary(outcomes: list[dict[str, Any]]) -> RefreshSummary:
    return RefreshSummary(outcomes=tuple(_outcome(o) for o in outcomes))


# -- the app's side ------------------------------------------------------------------------


class BackgroundRefreshing(Refreshing):
    """The refresh the TUI starts: feeds, then their new stories' pages."""

    _refresh_child: RefreshChild | None = None

    async def refresh_and_save_pages(
        self, on_feed: ProgressCallback, on_feeds_done: FeedsDone, on_page: ProgressCallback
    ) -> RefreshSummary:
        """Refresh every feed, then save the new stories' pages when the config asks for it;
        the pages' summary (empty when none were saved).

        Runs in a child process; in this one only for a cache no other process can open (in
        memory) or pages served from this process (the demo's).
        """
        if self.offline:
            raise HabariError("offline: refresh needs the network")
        if self.store.in_memory or self._local_pages is not None:
            summary = await self.refresh(on_feed)
            on_feeds_done(summary)
            return await self.prefetch(summary.new_ids, on_page)
        job = RefreshJob(
            config=self.config,
            cache=self.store.path,
            clock_offset=self.store.now() - time.time(),
            save_pages=self.prefetches_pages,
        )
        self._refresh_child = child = RefreshChild(job)
        try:
            return await child.run(on_feed, on_feeds_done, on_page)
        finally:
            self._refresh_child = None

    async def stop_refresh(self) -> bool:
        """End a refresh running in a child process (the app is closing), waiting until it
        has; whether there was one. refresh_and_save_pages then raises RefreshStopped."""
        child = self._refresh_child
        if child is None:
            return False
        await child.stop()
        return True


class RefreshStopped(HabariError):
    """The refresh's process was asked to stop before it had finished."""


class RefreshChild:
    """One refresh in a child process, and what it reports."""

    def __init__(self, job: RefreshJob) -> None:
        self._job = job
        self._process: asyncio.subprocess.Process | None = None
        self._stopping = False

    async def run(
        self, on_feed: ProgressCallback, on_feeds_done: FeedsDone, on_page: ProgressCallback
    ) -> RefreshSummary:
        """Start the child and pass on what it reports until it ends; the pages' summary."""
        try:
            child = self._process = await asyncio.create_subprocess_exec(
                sys.executable,
                "-P",  # not the working directory's modules: only the installed habari_tui
                "-c",
                _CHILD_MAIN,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                limit=_LINE_LIMIT,
            )
        except OSError as error:
            raise HabariError(f"could not start the refresh: {error.strerror or error}") from error
        assert child.stdin is not None and child.stdout is not None and child.stderr is not None
        errors = asyncio.create_task(_tail(child.stderr))
        pages = RefreshSummary()
        failure: str | None = None
        finished = False
        try:
            child.stdin.write(pickle.dumps(self._job))
            await child.stdin.drain()
            child.stdin.close()
            while line := await child.stdout.readline():
                event = json.loads(line)
                kind = event["event"]
                if kind == "feed":
                    on_feed(_step(event))
                elif kind == "page":
                    on_page(_step(event))
                elif kind == "feeds":
                    on_feeds_done(_summary(event["outcomes"]))
                elif kind == "pages":
                    pages = _summary(event["outcomes"])
                elif kind == "error":
                    failure = event["message"]
                elif kind == "finished":
                    finished = True
            await child.wait()
        except BaseException:  # cancelled: the child ends before this task does
            await _end(child)
            raise
        finally:
            stderr = await errors
        if self._stopping:
            raise RefreshStopped("the refresh was stopped")
        if failure is not None:
            raise HabariError(failure)
        if not finished:
            last = stderr.strip().splitlines()[-1:] or [f"exit status {child.returncode}"]
            raise HabariError(f"the refresh stopped: {last[0]}")
        return pages

    async def stop(self) -> None:
        """Ask the child to stop and wait until it has ended (killed if it takes too long)."""
        self._stopping = True
        if self._process is not None:
            await _end(self._process)


def _step(event: dict[str, Any]) -> RefreshProgress:
    return RefreshProgress(
        done=event["done"], total=event["total"], outcome=_outcome(event["outcome"])
    )


async def _tail(stream: asyncio.StreamReader) -> str:
    """Read a stream to its end (a full pipe would stop the child), keeping its last part."""
    kept = b""
    while chunk := await stream.read(65536):
        kept = (kept + chunk)[-_STDERR_TAIL:]
    return kept.decode("utf-8", "replace")


async def _end(child: asyncio.subprocess.Process) -> None:
    if child.returncode is not None:
        return
    with suppress(ProcessLookupError):
        child.terminate()
    try:
        await asyncio.wait_for(child.wait(), _STOP_WAIT)
    except TimeoutError:
        with suppress(ProcessLookupError):
            child.kill()
        await child.wait()


# -- the child's side ----------------------------------------------------------------------


def main() -> None:
    """The child: read the job from stdin, do it, print events as JSON lines on stdout."""
    job: RefreshJob = pickle.load(sys.stdin.buffer)
    out = sys.stdout.buffer

    def emit(kind: str, **fields: Any) -> None:
        out.write(json.dumps({"event": kind, **fields}).encode() + b"\n")
        out.flush()

    try:
        asyncio.run(_work(job, emit))
    except HabariError as error:
        emit("error", message=str(error) or type(error).__name__)
        return
    except asyncio.CancelledError:  # asked to stop: the app is quitting
        return
    emit("finished")


async def _work(job: RefreshJob, emit: Callable[..., None]) -> None:
    from habari_tui.service import Service
    from habari_tui.store import Store

    task = asyncio.current_task()
    assert task is not None
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, task.cancel)
    store = Store(job.cache, now=lambda: time.time() + job.clock_offset)
    try:
        service = Service(job.config, store)
        summary = await service.refresh(lambda step: emit("feed", **_progress_fields(step)))
        emit("feeds", outcomes=[_outcome_fields(o) for o in summary.outcomes])
        if job.save_pages and summary.new_ids:
            pages = await service.prefetch(
                summary.new_ids, lambda step: emit("page", **_progress_fields(step))
            )
            emit("pages", outcomes=[_outcome_fields(o) for o in pages.outcomes])
        # Taken into the search index here rather than in the app: nothing waits for it.
        await asyncio.to_thread(service.index_for_search)
    finally:
        store.close()
