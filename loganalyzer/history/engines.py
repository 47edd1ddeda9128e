"""Ingest engines: one run per task on a local process pool or a Dask cluster.

Workers run ``task.analyse`` and send back plain rows; this client commits them to the store
in batches. A run already committed is skipped (by source before the task, by id after), so
an ingest cut short resumes where it stopped. A lost worker costs its runs an ``error`` row,
never the batch; a rerun retries them.
"""

from __future__ import annotations

import multiprocessing
import sys
import time
from collections.abc import Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from typing import TextIO

from loganalyzer.history.rows import ERROR
from loganalyzer.history.store import Store
from loganalyzer.history.task import Analyse, RunResult, RunTask, analyse


@dataclass
class Tally:
    """What an ingest did."""

    done: int = 0
    failed: int = 0
    skipped: int = 0
    total: int = 0
    started: float = field(default_factory=time.monotonic)

    def line(self) -> str:
        took = max(time.monotonic() - self.started, 1e-9)
        rate = (self.done + self.failed) / took
        left = self.total - self.done - self.failed - self.skipped
        eta = f"{left / rate:.0f}s" if rate > 0 else "?"
        return (
            f"{self.done + self.failed + self.skipped}/{self.total} runs: {self.done} ok, "
            f"{self.failed} failed, {self.skipped} skipped; {rate:.1f} runs/s, ETA {eta}"
        )


def lost(task: RunTask, why: str) -> RunResult:
    """The row of a run whose worker died: recorded, retried by the next ingest."""
    import hashlib
    import json
    from datetime import UTC, datetime

    from loganalyzer import __version__

    run = {
        "run_id": task.run_id or hashlib.sha256(task.source.encode()).hexdigest()[:16],
        "day": (task.started_at or datetime.now(UTC)).date(),
        "job": task.job,
        "started_at": task.started_at,
        "ended_at": None,
        "source": task.source,
        "tool_version": __version__,
        "status": ERROR,
        "error": why,
        "revision": "",
        "meta": json.dumps(dict(task.meta), sort_keys=True),
        "specs": 0,
        "artifacts": 0,
        "warnings": 0,
    }
    return RunResult(run, [], [])


def _local(tasks: Sequence[RunTask], workers: int, fn: Analyse) -> Iterator[RunResult]:
    # spawn, never fork: a forked child of a process running polars' threads can deadlock.
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context)
    try:
        futures: dict[Future[RunResult], RunTask] = {pool.submit(fn, t): t for t in tasks}
        left = set(futures)
        while left:
            finished, left = wait(left, return_when=FIRST_COMPLETED)
            for future in sorted(finished, key=lambda f: futures[f].source):
                try:
                    yield future.result()
                except BrokenProcessPool:
                    # A dead worker breaks the pool: every run not yet back is recorded
                    # as lost, and the next ingest retries them.
                    yield lost(futures[future], "worker lost (a process died mid-batch)")
    finally:
        # On Ctrl-C (or any exit) drop the queued runs at once: what was committed stays,
        # and the next ingest resumes after it.
        pool.shutdown(wait=True, cancel_futures=True)


def _dask(
    tasks: Sequence[RunTask], address: str | None, workers: int, fn: Analyse
) -> Iterator[RunResult]:
    from distributed import Client, LocalCluster, as_completed

    cluster = None
    if address is None:
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=workers,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
    try:
        with Client(address or cluster) as client:  # type: ignore[no-untyped-call]
            futures = client.map(fn, list(tasks), pure=False)
            owner = {f.key: t for f, t in zip(futures, tasks, strict=True)}
            for future in as_completed(futures):  # type: ignore[no-untyped-call]
                try:
                    yield future.result()
                except Exception as exc:  # KilledWorker: a worker died running it, thrice
                    yield lost(owner[future.key], f"worker lost: {type(exc).__name__}: {exc}")
    finally:
        if cluster is not None:
            cluster.close()


class _Stderr:
    """The default progress stream: ``sys.stderr`` as it is when ingest runs (a default of
    ``sys.stderr`` itself would keep whatever stream was current at import)."""


STDERR = _Stderr()


def ingest(
    tasks: Sequence[RunTask],
    store: Store,
    *,
    engine: str = "local",
    address: str | None = None,
    workers: int = 2,
    batch: int = 64,
    fn: Analyse = analyse,
    progress: TextIO | _Stderr | None = STDERR,
    skip_committed: bool = True,
) -> Tally:
    """Analyse every task on the engine and commit the results in batches.

    >>> import tempfile
    >>> ingest([RunTask("/no/such/run")], Store(tempfile.mkdtemp()), progress=None).failed
    1
    """
    if isinstance(progress, _Stderr):
        progress = sys.stderr
    tally = Tally(total=len(tasks))
    store.create()
    done_ids: set[str] = set()
    if skip_committed:
        done_ids = store.committed()
        sources = store.committed_sources()
        todo = [t for t in tasks if t.source not in sources and t.run_id not in done_ids]
        tally.skipped = len(tasks) - len(todo)
    else:
        todo = list(tasks)
    results: Iterator[RunResult]
    if engine == "dask":
        results = _dask(todo, address, workers, fn)
    elif engine == "local":
        results = _local(todo, workers, fn) if workers > 1 else (fn(t) for t in todo)
    else:
        raise ValueError(f"unknown engine {engine!r}: local or dask")
    waiting: list[RunResult] = []
    last = 0.0

    def flush() -> None:
        # Sorted by run id: the same runs give the same files on every engine.
        store.commit(sorted(waiting, key=lambda r: r.run_id))
        waiting.clear()

    for result in results:
        if skip_committed and result.run_id in done_ids:
            tally.skipped += 1
            continue
        done_ids.add(result.run_id)
        waiting.append(result)
        if result.ok:
            tally.done += 1
        else:
            tally.failed += 1
        if len(waiting) >= batch:
            flush()
        if progress is not None and time.monotonic() - last > 1.0:
            last = time.monotonic()
            print(tally.line(), file=progress, flush=True)
    flush()
    if progress is not None:
        print(tally.line(), file=progress, flush=True)
    return tally
