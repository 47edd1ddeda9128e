"""Worker processes that run numbered cases, with a hang limit the parent enforces.

Each worker builds its case runner once (``setup(folder)``: inputs read, packs loaded), then
runs the cases it is sent, one at a time, in its own process. The parent sends a worker its
next case when it has answered the last. A worker that spends more than ``hang`` seconds on a
case is killed and replaced, and the case comes back as a :class:`Lost` hang; a worker that
dies comes back as a :class:`Lost` death; a worker's memory is capped (:data:`MEMORY_LIMIT`).
Nothing a case does can stop the run.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import resource
import shutil
import signal
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.context import SpawnContext, SpawnProcess
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")


@dataclass(frozen=True)
class Lost:
    """A case that gave no answer: ``hang`` (killed past the limit) or ``died`` (its process)."""

    why: str
    detail: str


def default_jobs() -> int:
    """The CPUs this process may use."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


# A worker's address space (a worker uses about 1.5 GiB of it): a case that would take all
# memory gets a MemoryError, a finding, instead of the machine's memory.
MEMORY_LIMIT = 4 << 30


def _serve(setup: Callable[[Path], Callable[[int], T]], folder: Path, conn: Connection) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT, MEMORY_LIMIT))
    run = setup(folder)
    conn.send(None)  # ready: the hang clock starts only with a case
    while (index := conn.recv()) is not None:
        conn.send((index, run(index)))


class _Worker(Generic[T]):
    def __init__(
        self, ctx: SpawnContext, setup: Callable[[Path], Callable[[int], T]], folder: Path
    ) -> None:
        self.folder = folder
        self.conn, there = ctx.Pipe()
        # The pool is the parallelism: one polars thread per worker, not one per core each.
        saved = os.environ.get("POLARS_MAX_THREADS")
        os.environ["POLARS_MAX_THREADS"] = "1"
        try:
            self.process: SpawnProcess = ctx.Process(
                target=_serve, args=(setup, folder, there), daemon=True
            )
            self.process.start()
        finally:
            if saved is None:
                del os.environ["POLARS_MAX_THREADS"]
            else:
                os.environ["POLARS_MAX_THREADS"] = saved
        there.close()
        self.ready = False
        self.case: int | None = None
        self.since = 0.0

    def send(self, index: int) -> None:
        self.case, self.since = index, time.monotonic()
        self.conn.send(index)

    def stop(self) -> None:
        if self.process.is_alive() and self.ready and self.case is None:
            with contextlib.suppress(OSError):
                self.conn.send(None)
            self.process.join(2)
        if self.process.is_alive():
            self.process.kill()
        self.process.join()
        self.conn.close()


def run_cases(
    setup: Callable[[Path], Callable[[int], T]],
    indices: Iterable[int],
    jobs: int,
    hang: float,
) -> Iterator[tuple[int, T | Lost]]:
    """Run ``setup(folder)(i)`` for each index in ``jobs`` worker processes, in any order.

    ``setup`` must be picklable (a module-level function or class, or a partial of one):
    the workers are spawned, not forked, since polars' threads do not survive a fork.
    """
    ctx = multiprocessing.get_context("spawn")
    todo = iter(indices)
    with tempfile.TemporaryDirectory(prefix="loganalyzer-fuzz-") as tmp:
        folders = [Path(tmp) / f"worker{n}" for n in range(max(1, jobs))]
        for folder in folders:
            folder.mkdir()
        workers = [_Worker(ctx, setup, folder) for folder in folders]
        left = True
        try:
            while True:
                for worker in workers:
                    if left and worker.ready and worker.case is None:
                        index = next(todo, None)
                        if index is None:
                            left = False
                        else:
                            worker.send(index)
                waiting = [w for w in workers if w.case is not None or not w.ready]
                if not left and not any(w.case is not None for w in workers):
                    return
                now = time.monotonic()
                deadline = min((w.since + hang for w in waiting if w.case is not None),
                               default=now + hang)  # fmt: skip
                ready = wait([w.conn for w in waiting], max(0.0, deadline - now))
                for n, worker in enumerate(workers):
                    if worker.conn in ready:
                        got = _answer(worker)
                        if got is not None:
                            yield got
                        if not worker.process.is_alive() and worker.case is None:
                            workers[n] = _replace(ctx, setup, worker)
                for n, worker in enumerate(workers):
                    if worker.case is not None and time.monotonic() - worker.since > hang:
                        index = worker.case
                        worker.process.kill()
                        worker.case = None
                        workers[n] = _replace(ctx, setup, worker)
                        yield index, Lost("hang", f"over {hang:g} s; the worker was killed")
        finally:
            for worker in workers:
                worker.stop()


def _answer(worker: _Worker[T]) -> tuple[int, T | Lost] | None:
    """What a worker said: ready (None), a case's result, or its death."""
    try:
        message = worker.conn.recv()
    except (EOFError, OSError) as exc:
        worker.process.join()
        code = worker.process.exitcode
        if worker.case is None:
            raise RuntimeError(f"a fuzz worker died as it started (exit {code})") from exc
        index, worker.case = worker.case, None
        return index, Lost("died", f"the worker process died (exit {code})")
    if message is None:
        worker.ready = True
        return None
    index, result = message
    worker.case = None
    return index, result


def _replace(
    ctx: SpawnContext, setup: Callable[[Path], Callable[[int], T]], old: _Worker[T]
) -> _Worker[T]:
    old.stop()
    shutil.rmtree(old.folder)  # what the lost case left
    old.folder.mkdir()
    return _Worker(ctx, setup, old.folder)
