"""Statistics and advice from the pairs: the gap histogram, the load finding, the recommended wait.

Everything here reads the correlation's pairs (datetimes), measured once by :func:`measure`;
the report's rows are built afterwards, from the same measures.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from loganalyzer.correlate.pairs import Correlation, Pair
from loganalyzer.diagnose.concurrency import Running, buckets, spearman, verdict_on_load
from loganalyzer.diagnose.coverage import INF, Span, coverage, wait_text
from loganalyzer.diagnose.verdict import Verdict
from loganalyzer.diagnose.verdicts import Gap, gap_of, judged_deadline, percentile
from loganalyzer.model.status import PairStatus, VerdictKind
from loganalyzer.model.summary import Coverage, HistogramBin, Load, LoadBucket

OBSERVED, UNOBSERVED = PairStatus.OBSERVED, PairStatus.UNOBSERVED
UNDETERMINED = PairStatus.UNDETERMINED


@dataclass(frozen=True, slots=True)
class Measured:
    """A pair with what diagnosis works out for it: its gap, deadline and the load at its write."""

    pair: Pair
    gap: Gap
    deadline: datetime | None  # the deadline this file is judged by (``judged_deadline``)
    concurrency: int | None  # specs running when it was written


def measure(corr: Correlation, pairs: Sequence[Pair] | None = None) -> list[Measured]:
    """Each pair's gap, deadline and load (``pairs``: default every pair), in their order."""
    running = Running(corr.specs).at if corr.specs else None
    return [
        Measured(
            pair,
            gap_of(pair),
            judged_deadline(pair),
            running(pair.write.at) if running is not None and pair.write is not None else None,
        )
        for pair in (corr.pairs if pairs is None else pairs)
    ]


def load_summary(measured: Sequence[Measured], others: Mapping[int, int] | None = None) -> Load:
    """Gap by concurrency bucket, the rank correlation, and one sentence about it.

    Unobserved files count at their lower bound: the truth is at least that. ``others``
    counts, by concurrency, the writes not in ``measured``: none waited for, no gap.
    """
    others = others or {}
    known = [(m.concurrency, _gap(m)) for m in measured if m.concurrency is not None]
    points = [(c, g) for c, g in known if c is not None and g is not None]
    rows = []
    for low, high in buckets([*(c for c, _ in known if c is not None), *others]):
        inside = [m for m in measured if m.concurrency is not None and low <= m.concurrency <= high]
        unmeasured = sum(n for c, n in others.items() if low <= c <= high)
        seen = [g for m in inside if m.pair.status == OBSERVED and (g := m.gap.best) is not None]
        floors = [
            m.gap.low for m in inside if m.pair.status == UNOBSERVED and m.gap.low is not None
        ]
        rows.append(
            LoadBucket(
                concurrency=str(low) if low == high else f"{low}-{high}",
                writes=len(inside) + unmeasured,
                observed=sum(1 for m in inside if m.pair.status == OBSERVED),
                unobserved=sum(1 for m in inside if m.pair.status == UNOBSERVED),
                gap_p50=percentile(seen, 0.5),
                gap_p90=percentile(seen, 0.9),
                gap_max=max(seen) if seen else None,
                unobserved_gap_at_least=max(floors) if floors else None,
            )
        )
    rho = spearman([float(c) for c, _ in points], [g for _, g in points])
    return Load(rows, rho, len(points), verdict_on_load(rho, len(points)))


def _gap(m: Measured) -> float | None:
    if m.pair.status == OBSERVED:
        return m.gap.best
    if m.pair.status == UNOBSERVED and m.deadline is not None:
        return m.gap.low
    return None


@dataclass(frozen=True)
class Advice:
    """The wait that covers 95% of files (Kaplan–Meier), or None when no safe wait follows."""

    timeout: float | None
    poll_interval: float
    poll_source: str
    sentence: str
    coverage: Coverage


def recommend(
    measured: Sequence[Measured], poll: float | None, poll_source: str, noun: str = "file"
) -> Advice:
    """The wait that covers 95% of the waited-for files, never-seen ones counted as censored
    (``noun``: what was paired)."""
    cover = coverage([n for m in measured if (n := need_span(m)) is not None])
    interval = poll if poll is not None else 1.0
    source = poll_source if poll is not None else "assumed"
    nouns = noun + "s"
    if not cover.files:
        sentence = f"No {noun} was waited for, so no wait can be derived from the data."
        return Advice(None, interval, source, sentence, cover)
    need95 = wait_text(cover.wait_95_low, cover.wait_95_high)
    need99 = wait_text(cover.wait_99_low, cover.wait_99_high)
    km = cover.wait_95_estimate
    estimate = f"{km:.1f} s" if km is not None else "not reached"
    data = (
        f"over {cover.files} {nouns} waited for, {cover.never_seen} never seen; Kaplan–Meier "
        f"estimate with those censored where their spec gave up: {estimate}; waits measured "
        "from the start of each spec's wait"
    )
    if not cover.safe:
        share = round(100 * cover.never_seen / cover.files)
        sentence = (
            f"{cover.never_seen} of {cover.files} {nouns} waited for ({share}%) were never seen "
            f"by their spec: with more than 20% never seen, no safe wait follows from this run. "
            f"The wait covering 95% is {need95} ({data})."
        )
        return Advice(None, interval, source, sentence, cover)
    high = cover.wait_95_high
    timeout = math.ceil(high * 10) / 10 if high is not None else None
    sentence = f"The wait covering 95% of {nouns} is {need95}, 99% {need99} ({data})." + (
        f" A wait of {timeout:.1f} s covers 95%." if timeout is not None else ""
    )
    return Advice(timeout, interval, source, sentence, cover)


def need_span(m: Measured) -> Span | None:
    """How long this file's spec had to wait for it, from its wait start (else the write);
    infinite above for a file never seen (censored where its spec gave up)."""
    pair = m.pair
    write = pair.write
    if write is None or pair.skew_seconds is not None:
        return None
    start = pair.wait_start or write.at
    if pair.status == OBSERVED and pair.seen_by is not None:
        after = max(pair.seen_after or write.at, write.at)
        low = max(0.0, (after - start).total_seconds())
        high = max(low, (pair.seen_by - start).total_seconds())
        return Span(low, high, (low + high) / 2)
    if pair.status == UNOBSERVED and m.deadline is not None:
        return Span(max(0.0, (m.deadline - start).total_seconds()), INF)
    if pair.status == UNDETERMINED:
        return Span(0.0, INF)
    return None


def seen_span(m: Measured) -> Span | None:
    """The seen gap's bounds: write to the waiting spec's observation."""
    gap, pair = m.gap, m.pair
    if pair.status == OBSERVED and gap.low is not None and gap.high is not None:
        return Span(gap.low, gap.high, gap.best)
    if pair.status == UNOBSERVED and gap.low is not None and m.deadline is not None:
        return Span(gap.low, INF)
    if pair.status == UNDETERMINED and pair.write is not None and pair.skew_seconds is None:
        # Its spec cannot have seen it before it began waiting.
        start = pair.wait_start
        return Span(max(0.0, (start - pair.write.at).total_seconds()) if start else 0.0, INF)
    return None


def visibility_span(m: Measured, poll: float) -> Span | None:
    """The visibility gap's bounds: write to when the file could be seen, which is up to one
    poll before its spec saw it; a sighting bounds it from above even for a missed file."""
    seen = seen_span(m)
    if seen is None:
        return None
    high = seen.high
    if m.gap.high is not None and m.pair.status != OBSERVED:
        high = m.gap.high  # visible by a sighting
    return Span(max(0.0, seen.low - poll), high)


def longer_wait(
    verdict: Verdict, measured: Sequence[Measured], timeout: float, noun: str = "file"
) -> str | None:
    """Would a wait of ``timeout`` have saved this failed spec? None for a spec that passed."""
    if verdict.verdict is None:
        return None
    if verdict.verdict in (VerdictKind.NOT_WRITTEN, VerdictKind.INFRASTRUCTURE):
        return f"no: a longer wait cannot help when the {noun} was never written"
    if verdict.verdict != VerdictKind.VISIBILITY_LATENCY:
        return "unknown"
    name = verdict.spec.name
    for m in measured:
        pair = m.pair
        if pair.spec_name != name or pair.status != UNOBSERVED or m.deadline is None:
            continue
        start, sighting = pair.wait_start, pair.sighting
        if start is not None and sighting is not None:
            need = (sighting.at - start).total_seconds()
            if need <= timeout:
                return f"yes: the {noun} was visible {need:.3f} s into the wait"
            return f"no: the {noun} was visible only {need:.3f} s into the wait"
    return f"unknown: the {noun} was never seen, so its gap has no upper bound"


MAX_BINS = 60


def gap_histogram(measured: Sequence[Measured]) -> list[HistogramBin]:
    """Files per one-second gap bin: seen ones by best estimate, unseen ones by lower bound."""
    seen = [g for m in measured if m.pair.status == OBSERVED and (g := m.gap.best) is not None]
    floors = [
        g
        for m in measured
        if m.pair.status == UNOBSERVED and (g := m.gap.low) is not None and m.deadline
    ]
    if not seen and not floors:
        return []
    # Bounded: one-second bins up to MAX_BINS, then one bin for everything longer (a write
    # dated a year early must not make a row per second of that year).
    longest = max([*seen, *floors])
    top, last = min(int(longest), MAX_BINS), float(int(longest) + 1)
    return [
        HistogramBin(
            from_seconds=float(second),
            to_seconds=float(second + 1) if second < MAX_BINS else last,
            observed=sum(
                1 for g in seen if second <= g < (second + 1 if second < MAX_BINS else last)
            ),
            unobserved_at_least=sum(
                1 for g in floors if second <= g < (second + 1 if second < MAX_BINS else last)
            ),
        )
        for second in range(top + 1)
    ]
