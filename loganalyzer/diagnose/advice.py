"""Advice from the pairs: the load finding, the timeout that would have passed, clock skew."""

from __future__ import annotations

import math
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from loganalyzer.diagnose.concurrency import buckets, spearman, verdict_on_load
from loganalyzer.diagnose.verdict import NOT_WRITTEN, VISIBILITY_LATENCY
from loganalyzer.diagnose.verdicts import percentile
from loganalyzer.model.report import PairRow, SpecRow


def load_summary(pairs: Sequence[PairRow]) -> dict[str, Any]:
    """Gap by concurrency bucket, the rank correlation, and one sentence about it.

    Unobserved files count at their lower bound: the truth is at least that.
    """
    known = [(p.concurrency, _gap(p)) for p in pairs if p.concurrency is not None]
    points = [(c, g) for c, g in known if c is not None and g is not None]
    rows = []
    for low, high in buckets([c for c, _ in known if c is not None]):
        inside = [p for p in pairs if p.concurrency is not None and low <= p.concurrency <= high]
        seen = [g for p in inside if p.status == "observed" and (g := p.gap_seconds) is not None]
        floors = [
            p.gap_min_seconds
            for p in inside
            if p.status == "unobserved" and p.gap_min_seconds is not None
        ]
        rows.append(
            {
                "concurrency": str(low) if low == high else f"{low}-{high}",
                "writes": len(inside),
                "observed": sum(1 for p in inside if p.status == "observed"),
                "unobserved": sum(1 for p in inside if p.status == "unobserved"),
                "gap_p50": percentile(seen, 0.5),
                "gap_p90": percentile(seen, 0.9),
                "gap_max": max(seen) if seen else None,
                "unobserved_gap_at_least": max(floors) if floors else None,
            }
        )
    rho = spearman([float(c) for c, _ in points], [g for _, g in points])
    return {
        "buckets": rows,
        "spearman": rho,
        "points": len(points),
        "finding": verdict_on_load(rho, len(points)),
    }


def _gap(pair: PairRow) -> float | None:
    if pair.status == "observed":
        return pair.gap_seconds
    if pair.status == "unobserved" and pair.deadline_at is not None:
        return pair.gap_min_seconds
    return None


def recommend(
    pairs: Sequence[PairRow], specs: Sequence[SpecRow], poll: float | None, poll_source: str
) -> dict[str, Any]:
    """The smallest wait that covers every observed file, plus one poll; whom it would save."""
    needs = [n for p in pairs if p.status == "observed" and (n := _need(p)) is not None]
    interval = poll if poll is not None else 1.0
    if not needs:
        return {
            "recommended_timeout_seconds": None,
            "poll_interval_seconds": interval,
            "poll_interval_source": poll_source if poll is not None else "assumed",
            "sentence": "No file was observed, so no timeout can be derived from the data.",
        }
    timeout = math.ceil((max(needs) + interval) * 10) / 10
    source = poll_source if poll is not None else "assumed; set --poll-interval"
    sentence = (
        f"A wait of {timeout:.1f} s would have covered every observed file: the slowest "
        f"was seen at most {max(needs):.3f} s after its test began waiting (or after the "
        f"write), plus one {interval:g} s poll ({source})."
    )
    for spec in specs:
        spec.longer_timeout = _saved(spec, pairs, timeout)
    return {
        "recommended_timeout_seconds": timeout,
        "poll_interval_seconds": interval,
        "poll_interval_source": poll_source if poll is not None else "assumed",
        "sentence": sentence,
    }


def _need(pair: PairRow) -> float | None:
    """How long this file's test had to wait for it: from the wait start, else from the write."""
    seen = _time(pair.observed_at)
    start = _time(pair.wait_started_at) or _time(pair.written_at)
    if seen is None or start is None or pair.observation == "loose":
        return pair.gap_max_seconds if pair.observation != "loose" else None
    return max(0.0, (seen - start).total_seconds())


def _saved(spec: SpecRow, pairs: Sequence[PairRow], timeout: float) -> str | None:
    if spec.verdict is None:
        return None
    if spec.verdict == NOT_WRITTEN or spec.verdict == "infrastructure":
        return "no: a longer wait cannot help when the file was never written"
    if spec.verdict != VISIBILITY_LATENCY:
        return "unknown"
    mine = [
        p
        for p in pairs
        if p.spec == spec.name and p.status == "unobserved" and p.deadline_at is not None
    ]
    for pair in mine:
        start, seen = _time(pair.wait_started_at), _time(pair.first_sighting_at)
        if start is not None and seen is not None:
            need = (seen - start).total_seconds()
            if need <= timeout:
                return f"yes: the file was visible {need:.3f} s into the wait"
            return f"no: the file was visible only {need:.3f} s into the wait"
    return "unknown: the file was never seen, so its gap has no upper bound"


def _time(iso: str | None) -> datetime | None:
    return datetime.fromisoformat(iso.replace("Z", "+00:00")) if iso else None


def gap_histogram(pairs: Sequence[PairRow]) -> list[dict[str, Any]]:
    """Files per one-second gap bin: seen ones by best estimate, unseen ones by lower bound."""
    seen = [p.gap_seconds for p in pairs if p.status == "observed" and p.gap_seconds is not None]
    floors = [
        p.gap_min_seconds
        for p in pairs
        if p.status == "unobserved" and p.gap_min_seconds is not None and p.deadline_at
    ]
    if not seen and not floors:
        return []
    top = int(max([*seen, *floors]))
    rows = []
    for second in range(top + 1):
        rows.append(
            {
                "from_seconds": float(second),
                "to_seconds": float(second + 1),
                "observed": sum(1 for g in seen if second <= g < second + 1),
                "unobserved_at_least": sum(1 for g in floors if second <= g < second + 1),
            }
        )
    return rows
