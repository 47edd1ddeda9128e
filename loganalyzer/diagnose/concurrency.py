"""Load: how many specs were running when each file was written, and whether gaps grow with it."""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

import polars as pl

from loganalyzer.formats.times import UTC_ZONE
from loganalyzer.model.specs import Spec


@dataclass(frozen=True)
class LoadBucket:
    """Gap statistics for the writes made while ``low``..``high`` specs were running."""

    low: int
    high: int
    writes: int
    observed: int
    unobserved: int
    p50: float | None
    p90: float | None
    max: float | None

    @property
    def label(self) -> str:
        return str(self.low) if self.low == self.high else f"{self.low}-{self.high}"


class Running:
    """How many specs (not suite nodes) were running at an instant, by their point estimates.

    Two sorted lists answer each question with two binary searches: the specs that
    had started by then, less those that had already ended. Times are compared as
    whole microseconds: comparing zone-aware datetimes costs more than converting.
    """

    def __init__(self, specs: Sequence[Spec]) -> None:
        windows = [w for spec in specs if (w := spec.running()) is not None]
        self._starts = sorted(_micros(start) for start, _ in windows)
        self._ends = sorted(_micros(end) for _, end in windows)

    def at(self, when: datetime) -> int:
        micros = _micros(when)
        return bisect.bisect_right(self._starts, micros) - bisect.bisect_left(self._ends, micros)

    def at_many(self, micros: pl.Series) -> pl.Series:
        """:meth:`at` for a column of instants given as microseconds since the epoch."""
        starts = pl.Series(self._starts, dtype=pl.Int64())
        ends = pl.Series(self._ends, dtype=pl.Int64())
        started = starts.search_sorted(micros, side="right").cast(pl.Int64())
        return (started - ends.search_sorted(micros, side="left").cast(pl.Int64())).alias(
            "concurrency"
        )


_EPOCH = datetime(1970, 1, 1, tzinfo=UTC_ZONE)
_MICROSECOND = timedelta(microseconds=1)


def _micros(at: datetime) -> int:
    return (at - _EPOCH) // _MICROSECOND


def buckets(values: Sequence[int]) -> list[tuple[int, int]]:
    """At most five contiguous concurrency ranges covering the values seen.

    >>> buckets([1, 2, 3, 7, 12])
    [(1, 3), (7, 9), (10, 12)]
    """
    if not values:
        return []
    low, high = min(values), max(values)
    if high - low < 5:
        return [(v, v) for v in range(low, high + 1) if v in values]
    width = -(-(high - low + 1) // 4)
    edges = range(low, high + 1, width)
    ranges = [(start, min(start + width - 1, high)) for start in edges]
    return [(lo, hi) for lo, hi in ranges if any(lo <= v <= hi for v in values)]


def spearman(xs: Sequence[float], ys: Sequence[float]) -> float | None:
    """Spearman's rank correlation with average ranks for ties; None when undefined.

    >>> spearman([1, 2, 3, 4], [10, 20, 30, 45])
    1.0
    """
    if len(xs) != len(ys) or len(xs) < 3:
        return None
    rx, ry = _ranks(xs), _ranks(ys)
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    cov = sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True))
    vx = sum((a - mx) ** 2 for a in rx)
    vy = sum((b - my) ** 2 for b in ry)
    if vx == 0 or vy == 0:
        return None
    return round(cov / float((vx * vy) ** 0.5), 3)


def _ranks(values: Sequence[float]) -> list[float]:
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1
        i = j + 1
    return ranks


def verdict_on_load(rho: float | None, n: int) -> str:
    """One plain sentence on whether the data supports "latency grows with load"."""
    if rho is None or n < 5:
        return f"Too few writes with a known gap ({n}) to say whether latency grows with load."
    strength = "strongly " if rho >= 0.7 else ""
    if rho >= 0.4:
        return (
            f'The data {strength}supports "latency grows with load": the seen gap rises with '
            f"the number of specs running (Spearman ρ = {rho:.2f} over {n} writes)."
        )
    if rho <= -0.4:
        return (
            f'The data contradicts "latency grows with load": seen gaps shrink as load rises '
            f"(Spearman ρ = {rho:.2f} over {n} writes)."
        )
    return (
        f'The data does not support "latency grows with load" (Spearman ρ = {rho:.2f} '
        f"over {n} writes)."
    )
