"""Gap percentiles as bounds, the wait that covers 95% (Kaplan–Meier), and the concurrency a
wait holds: every waited-for file counts, those never seen as right-censored data.

A file never seen by its spec has only a lower bound: its spec gave up then. Dropping such
files would drop the slowest ones, so percentiles take every file's lower bound for the
percentile's lower bound and every upper bound (infinite for a never-seen file) for its upper
bound; the wait that covers a share of files is a Kaplan–Meier quantile with those files
censored where their spec gave up.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from loganalyzer.model.summary import Coverage, Decision, GapBound, GapPercentiles

INF = math.inf
TOO_MANY_UNSEEN = 0.2  # more never-seen files than this share: no safe wait follows


@dataclass(frozen=True, slots=True)
class Span:
    """A quantity known to lie in ``[low, high]`` (``high`` infinite: never seen)."""

    low: float
    high: float
    best: float | None = None  # the point estimate of a seen file


def quantile(values: Sequence[float], q: float) -> float:
    """Linear-interpolated quantile (numpy's default), infinite when an infinite value weighs.

    >>> quantile([1.0, 2.0, 3.0, 4.0], 0.5), quantile([1.0, INF], 0.5), quantile([1.0, INF], 0.0)
    (2.5, inf, 1.0)
    """
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    frac = pos - lo
    if frac == 0 or ordered[hi] == ordered[lo]:
        return ordered[lo]
    if math.isinf(ordered[hi]):
        return INF
    return ordered[lo] + (ordered[hi] - ordered[lo]) * frac


def percentiles(spans: Sequence[Span]) -> GapPercentiles:
    """Bounds on the p50, p90, p99 and max of quantities known only as spans.

    A percentile is monotone in every value, so the percentile of the lower bounds bounds it
    from below and that of the upper bounds from above.

    >>> p = percentiles([Span(1.0, 2.0, 1.5), Span(3.0, INF)])
    >>> p.p50, p.unbounded
    (GapBound(low=2.0, high=None, best=1.5), 1)
    """
    if not spans:
        return GapPercentiles()
    lows = [s.low for s in spans]
    highs = [s.high for s in spans]
    best = [s.best for s in spans if s.best is not None]

    def bound(q: float) -> GapBound:
        high = quantile(highs, q)
        estimate = quantile(best, q) if best else None
        return GapBound(
            round(quantile(lows, q), 6),
            None if math.isinf(high) else round(high, 6),
            round(estimate, 6) if estimate is not None else None,
        )

    unbounded = sum(1 for s in spans if math.isinf(s.high))
    quantiles = bound(0.5), bound(0.9), bound(0.99), bound(1.0)
    return GapPercentiles(len(spans), unbounded, *quantiles)


def survival(
    times: Sequence[float], seen: Sequence[bool], counts: Sequence[int] | None = None
) -> list[tuple[float, float]]:
    """Kaplan–Meier: ``(t, S(t))`` after each time a file was seen; censored ones leave the
    risk set at their time (after the events at the same time). ``counts``: how many files
    each entry stands for (one each by default), so many files can be given as a tally.

    >>> survival([1.0, 2.0, 3.0, 4.0], [True, False, True, True])
    [(1.0, 0.75), (3.0, 0.375), (4.0, 0.0)]
    >>> survival([1.0, 2.0, 3.0, 4.0], [True, False, True, True], [2, 1, 1, 1])
    [(1.0, 0.6), (3.0, 0.3), (4.0, 0.0)]
    """
    weights = counts if counts is not None else [1] * len(times)
    order = sorted(zip(times, seen, weights, strict=True), key=lambda ts: (ts[0], not ts[1]))
    at_risk, s, steps = sum(weights), 1.0, []
    i = 0
    while i < len(order):
        t = order[i][0]
        events = censored = 0
        while i < len(order) and order[i][0] == t:
            if order[i][1]:
                events += order[i][2]
            else:
                censored += order[i][2]
            i += 1
        if events:
            s *= 1 - events / at_risk
            steps.append((t, s))
        at_risk -= events + censored
    return steps


def km_quantile(
    times: Sequence[float], seen: Sequence[bool], q: float, counts: Sequence[int] | None = None
) -> float | None:
    """The smallest wait that covers share ``q`` of the files; None when the data never does.

    >>> km_quantile([1.0, 2.0, 3.0], [True, True, False], 0.5)
    2.0
    >>> print(km_quantile([1.0, 5.0], [True, False], 0.95))
    None
    """
    for t, s in survival(times, seen, counts):
        if 1 - s >= q - 1e-12:
            return t
    return None


def covered(times: Sequence[float], seen: Sequence[bool], wait: float) -> float:
    """The share of files a wait of ``wait`` covers (files censored at ``wait`` or later were
    not seen by then, so not covered)."""
    s = 1.0
    for t, after in survival(times, seen):
        if t >= wait:
            break
        s = after
    return 1 - s


def order_statistic(
    values: Sequence[float], q: float, counts: Sequence[int] | None = None
) -> float:
    """The smallest value with at least share ``q`` of the values at or below it (``counts``:
    how many values each entry stands for).

    >>> order_statistic([1.0, 2.0, 3.0, 4.0], 0.5), order_statistic([1.0, INF], 0.95)
    (2.0, inf)
    >>> order_statistic([1.0, 2.0], 0.5, [3, 1])
    1.0
    """
    if counts is None:
        ordered = sorted(values)
        return ordered[max(0, math.ceil(q * len(ordered) - 1e-9) - 1)]
    need = max(1, math.ceil(q * sum(counts) - 1e-9))
    seen = 0
    for value, count in sorted(zip(values, counts, strict=True)):
        seen += count
        if seen >= need:
            return value
    return max(values)


@dataclass(frozen=True, slots=True)
class CountedSpans:
    """Many spans as counts of distinct values: how a store of runs gives them (see
    :func:`coverage_of_tally`). ``times``/``seen``: the Kaplan–Meier times, as in
    :func:`coverage`; each list has its own counts."""

    lows: Sequence[float]
    low_counts: Sequence[int]
    highs: Sequence[float]  # infinite: never seen
    high_counts: Sequence[int]
    times: Sequence[float]
    seen: Sequence[bool]
    time_counts: Sequence[int]


def coverage(needs: Sequence[Span]) -> Coverage:
    """The wait covering 95% and 99% of files, bounded: at least the share's order statistic
    with never-seen files counted at their lower bound, at most the same with every seen file
    at its longest possible wait and never-seen ones unbounded; between them the Kaplan–Meier
    estimate, never-seen files right-censored at their lower bound."""
    if not needs:
        return Coverage()
    seen = [not math.isinf(n.high) for n in needs]
    # Seen files at their best estimate, never-seen ones censored at their lower bound.
    censored = [
        (n.best if n.best is not None else n.high) if s else n.low
        for n, s in zip(needs, seen, strict=True)
    ]
    ones = [1] * len(needs)
    lows = [n.low for n in needs]
    highs = [n.high for n in needs]
    return coverage_of_tally(CountedSpans(lows, ones, highs, ones, censored, seen, ones), fast=True)


def coverage_of_tally(tally: CountedSpans, *, fast: bool = False) -> Coverage:
    """:func:`coverage` of spans given as counts (``fast``: every count is one).

    >>> one = coverage([Span(1.0, 2.0, 1.5), Span(1.0, 2.0, 1.5), Span(3.0, INF)])
    >>> one == coverage_of_tally(CountedSpans([1.0, 3.0], [2, 1], [2.0, INF], [2, 1],
    ...                                [1.5, 3.0], [True, False], [2, 1]))
    True
    """
    files = sum(tally.time_counts)
    if not files:
        return Coverage()
    unseen = sum(c for s, c in zip(tally.seen, tally.time_counts, strict=True) if not s)
    low_counts = None if fast else tally.low_counts
    high_counts = None if fast else tally.high_counts
    time_counts = None if fast else tally.time_counts

    def at(q: float) -> tuple[float, float | None, float | None]:
        high = order_statistic(tally.highs, q, high_counts)
        km = km_quantile(tally.times, tally.seen, q, time_counts)
        return (
            round(order_statistic(tally.lows, q, low_counts), 6),
            None if math.isinf(high) else round(high, 6),
            round(km, 6) if km is not None else None,
        )

    safe = unseen <= TOO_MANY_UNSEEN * files
    return Coverage(files, unseen, *at(0.95), *at(0.99), safe)


def decide(
    needs: Sequence[tuple[int | None, Span]],
    current: float | None,
    procs: int | None,
    overall: Coverage,
    noun: str = "file",
) -> Decision:
    """The largest concurrency at which ``current`` (the specs' timeout) still covered 95% of
    the files written at that many specs or fewer, and the wait this run's own concurrency needs.
    """
    nouns = noun + "s"
    holds: int | None = None
    levels = sorted({c for c, _ in needs if c is not None})
    if current is not None:
        # Just under the timeout: a file censored at the timeout was not seen within it.
        wait = current - 0.01
        for level in levels:
            upto = [n for c, n in needs if c is not None and c <= level]
            seen = [not math.isinf(n.high) for n in upto]
            times = [n.high if s else n.low for n, s in zip(upto, seen, strict=True)]
            if covered(times, seen, wait) >= 0.95:
                holds = level
            else:
                break
    low, high = overall.wait_95_low, overall.wait_95_high
    need = wait_text(low, high)
    many = "es" if procs != 1 else ""
    at = f"at this run's {procs} parallel process{many}" if procs else "in this run"
    data = f"{overall.files} {nouns}, {overall.never_seen} never seen"
    if current is None:
        sentence = (
            f"No spec timed out, so its wait is not known; {at} the wait covering 95% of "
            f"{nouns} is {need} ({data})."
        )
    elif holds is None:
        sentence = (
            f"A {current:.1f} s wait covered 95% of {nouns} at no concurrency seen in this run; "
            f"{at} it needs {need} ({data})."
        )
    else:
        sentence = (
            f"A {current:.1f} s wait holds up to about {holds} specs at once; {at} it needs "
            f"{need} ({data})."
        )
    return Decision(current, holds, procs, low, high, sentence)


def wait_text(low: float | None, high: float | None) -> str:
    if low is None and high is None:
        return "unknown"
    if high is None:
        return f"more than {low:.1f} s"
    if low is None or high - low < 0.05:
        return f"about {math.ceil(high * 10) / 10:.1f} s"
    return f"{math.floor(low * 10) / 10:.1f}–{math.ceil(high * 10) / 10:.1f} s"
