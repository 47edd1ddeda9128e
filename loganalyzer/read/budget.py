"""The memory budget (``--memory-limit``): reader buffer sizes from it, and a check against it.

Polars' CSV reader keeps a few chunks in flight per thread, so with a fixed chunk size its
memory grows with the core count: measured on bench.py's 1 GiB log with 4 MiB chunks, 267 MiB
at 2 threads and 610 MiB at 16. Here the chunk is the reading share of the budget divided
among the threads and the controller files scanned at once (:attr:`Budget.scans`), so the total
stays put whatever the machine and however many scans run. Stream blocks (compressed,
archived, stdin) are sized from the budget too. A stage that still passes the budget says so
in a warning with the figure (:func:`over_budget`); nothing is stopped.
"""

from __future__ import annotations

import os
import resource
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

DEFAULT_LIMIT = 512 << 20
# The share of the budget the scan's buffers may take; the rest is the interpreter, polars,
# the kept lines and the report.
READ_SHARE = 4
# Chunks in flight per reader thread, measured: (610 - 267) MiB over 14 more threads of 4 MiB.
IN_FLIGHT = 8
# Past 2 MiB no faster: at 2 threads, 4 MiB chunks were 2% faster on a 1 GiB log but peaked
# 50 MiB higher on a 10 GiB one (the scan's buffers beside a million writes' columns).
MIN_CHUNK, MAX_CHUNK = 256 << 10, 2 << 20
MIN_BLOCK, MAX_BLOCK = 1 << 20, 8 << 20
# Plain controller files scanned at once. A second scan only starts when each can keep a chunk
# of SCAN_CHUNK: at 16 threads, chunks under 1 MiB raised the peak (README, Performance).
MAX_SCANS, SCAN_CHUNK = 4, 1 << 20
_CHUNK_ENV = "POLARS_CSV_CHUNK_SIZE"
_USER_CHUNK = os.environ.get(_CHUNK_ENV)  # a value set by the user wins


@dataclass(frozen=True)
class Budget:
    """How much memory a run may use, and the reader sizes that follow for ``threads``."""

    limit: int = DEFAULT_LIMIT
    threads: int = 0  # 0: polars' thread pool size

    def thread_count(self) -> int:
        if self.threads:
            return self.threads
        import polars as pl

        return pl.thread_pool_size()

    @property
    def scans(self) -> int:
        """How many plain controller files are scanned at once: no more than the threads
        (polars' pool is shared), and only as many as the read share gives SCAN_CHUNK each.

        >>> Budget(512 << 20, 2).scans, Budget(512 << 20, 16).scans, Budget(2 << 30, 16).scans
        (2, 1, 4)
        """
        threads = self.thread_count()
        fit = self.limit // READ_SHARE // (IN_FLIGHT * threads * SCAN_CHUNK)
        return max(1, min(MAX_SCANS, threads, fit))

    @property
    def csv_chunk(self) -> int:
        """The CSV reader's chunk: the read share split among the chunks in flight of every
        thread of every scan running at once.

        >>> Budget(512 << 20, 2).csv_chunk >> 20, Budget(512 << 20, 16).csv_chunk >> 20
        (2, 1)
        """
        share = self.limit // READ_SHARE // (IN_FLIGHT * self.thread_count() * self.scans)
        return max(MIN_CHUNK, min(MAX_CHUNK, share))

    @property
    def block(self) -> int:
        """A stream's block (a read-ahead thread holds two while one is scanned).

        >>> Budget(512 << 20).block >> 20, Budget(32 << 20).block >> 20
        (8, 1)
        """
        return max(MIN_BLOCK, min(MAX_BLOCK, self.limit // 64))

    @property
    def floor(self) -> int:
        """What the buffers take at their smallest: a budget below it cannot be kept."""
        return MIN_CHUNK * IN_FLIGHT * self.thread_count() * self.scans + 3 * MIN_BLOCK


_current = Budget()


def current() -> Budget:
    return _current


@contextmanager
def using(budget: Budget) -> Iterator[Budget]:
    """Read with ``budget``'s sizes inside the block; polars reads its CSV chunk from the
    environment at each scan, so it is set there for the block and put back after."""
    global _current
    before, _current = _current, budget
    saved = os.environ.get(_CHUNK_ENV)
    if _USER_CHUNK is None:
        os.environ[_CHUNK_ENV] = str(budget.csv_chunk)
    try:
        yield budget
    finally:
        _current = before
        if _USER_CHUNK is None:
            if saved is None:
                os.environ.pop(_CHUNK_ENV, None)
            else:
                os.environ[_CHUNK_ENV] = saved


def peak_rss() -> int:
    """This process's peak resident memory so far, in bytes.

    On Linux the high-water mark ``VmHWM`` (which :func:`run_start` resets); ``getrusage``
    would also keep the peak of threads that have exited, which no reset clears.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


def run_start() -> int:
    """Start measuring a run's memory; returns what the process held before it.

    On Linux the process's high-water mark is reset (``/proc/self/clear_refs``), so the
    peak read later is the run's, and the memory resident now is returned. Elsewhere the
    peak so far is returned: the run is charged only for what it adds above it.
    """
    try:
        with open("/proc/self/clear_refs", "w") as marks:
            marks.write("5")
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * resource.getpagesize()
    except (OSError, ValueError, IndexError):
        return peak_rss()


def over_budget(stage: str, budget: Budget, before: int) -> str | None:
    """A warning when this run's memory has passed the budget, naming ``stage``.

    The run is charged for its peak above ``before`` (:func:`run_start`): a library caller's
    own memory, or its earlier peak, is not the run's.
    """
    peak = peak_rss()
    if peak - before <= budget.limit:
        return None
    return (
        f"peak memory {(peak - before) >> 20} MiB passed --memory-limit "
        f"{budget.limit >> 20} MiB by the end of {stage}"
    )
