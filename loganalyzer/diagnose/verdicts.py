"""Verdicts for failed specs and statistics over the pairs.

A verdict says why a spec failed, in terms of its files: written in time but
not seen (visibility-latency), never written (not-written), or something else.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import polars as pl

from loganalyzer.correlate.pairs import Correlation, Evidence, Pair
from loganalyzer.diagnose.infrastructure import spec_infrastructure, suite_verdicts
from loganalyzer.diagnose.verdict import (
    Verdict,
)
from loganalyzer.extract.packs import Signature
from loganalyzer.extract.quotes import Quotes
from loganalyzer.model.specs import Attempt, Spec
from loganalyzer.model.status import PairStatus, SpecState, VerdictKind


@dataclass(frozen=True)
class Gap:
    """A gap estimate with its bounds, in seconds; None where the data cannot bound it."""

    best: float | None
    low: float | None
    high: float | None


def clock(at: datetime | None) -> str:
    """A short UTC clock time for sentences: ``19:18:14.485730Z``."""
    return at.strftime("%H:%M:%S.%fZ") if at else "?"


def gap_of(pair: Pair) -> Gap:
    """Write-to-observation gap; for unobserved files only a lower bound (the deadline)."""
    write = pair.write
    if write is None or pair.skew_seconds is not None or pair.status == PairStatus.UNKNOWN:
        return Gap(None, None, None)
    # Microsecond stamps are as exact as the storage: no slack for them.
    slack = write.res if write.res > 1e-6 else 0.0
    if pair.status == PairStatus.OBSERVED and pair.seen_by is not None:
        after = pair.seen_after or write.at
        low = max(0.0, (after - write.at).total_seconds() - slack)
        high = max(low, (pair.seen_by - write.at).total_seconds())
        return Gap(round((low + high) / 2, 6), round(low, 6), round(high, 6))
    visible: float | None = None
    if pair.sighting is not None:
        visible = round((pair.sighting.at - write.at).total_seconds(), 6)
    if pair.status != PairStatus.UNOBSERVED:
        # Undetermined or never waited for: no seen gap; a sighting still bounds visibility.
        return Gap(None, None, visible if visible is not None and visible >= 0 else None)
    deadline = judged_deadline(pair)
    if deadline is None:
        return Gap(None, None, visible if visible is None or visible >= 0 else None)
    floor = round(max(0.0, (deadline - write.at).total_seconds() - slack), 6)
    if visible is not None and visible < floor:
        visible = None  # sighted before the deadline elsewhere: not a bound on this spec's gap
    return Gap(None, floor, visible)


def judged_deadline(pair: Pair) -> datetime | None:
    """The deadline for this file: its attempt's, unless the failure names another key."""
    attempt = pair.attempt
    if attempt is None or attempt.passed or attempt.deadline is None:
        return None
    if attempt.failed_keys and pair.key not in attempt.failed_keys:
        return None
    return attempt.deadline


def diagnose(
    corr: Correlation,
    events: pl.DataFrame,
    controllers: bool = True,
    signatures: Sequence[Signature] = (),
    not_run: int = 0,
    noun: str = "file",
    quotes: Quotes | None = None,
) -> list[Verdict]:
    """A verdict for every spec, in log order, then one for failed suite setup, if any.

    Without any controller log nothing can be said about writes, so no spec is
    called ``not-written``. ``noun`` is the packs' noun for what was written; ``quotes``
    holds the text of write lines that ``events`` does not.
    """

    errors = events.filter(pl.col("kind") == "error")
    tried = events.filter(pl.col("kind").is_in(["intent", "error"]) & pl.col("key").is_not_null())
    # Keys the controller tried but never wrote, with when: gathered once, not per failed spec.
    unwritten = corr.unwritten(tried.get_column("key").unique().to_list())
    known: dict[str, list[datetime]] = {}
    for key, at in tried.select("key", "at").iter_rows():
        if key in unwritten:
            known.setdefault(key, []).append(at)
    verdicts = []
    for spec in corr.specs:
        if spec.outcome == SpecState.FLAKY:
            failed = [a for a in spec.attempts if not a.passed]
            why = (
                _attempt_verdict(spec, failed[0], corr, errors, known, controllers, noun)
                if failed
                else None
            )
            reason = f"failed on attempt 1, passed on attempt {len(spec.attempts)}"
            if why is not None and why.verdict:
                reason += f"; attempt 1: {why.verdict}: {why.reason}"
            verdicts.append(Verdict(spec, VerdictKind.FLAKY, reason, why.evidence if why else []))
        elif spec.failed:
            verdicts.append(
                spec_infrastructure(spec, signatures)
                or _attempt_verdict(spec, spec.attempts[-1], corr, errors, known, controllers, noun)
            )
        else:
            verdicts.append(Verdict(spec, None, ""))
    verdicts += suite_verdicts(corr, signatures, not_run)
    _quote_writes(verdicts, events, quotes)
    return verdicts


def _quote_writes(verdicts: list[Verdict], events: pl.DataFrame, quotes: Quotes | None) -> None:
    """Fill in the text of the controller lines cited (writes carry only their place)."""
    places = {(e.source, e.line) for v in verdicts for e in v.evidence if not e.text}
    if not places:
        return
    sources, lines = zip(*places, strict=True)
    wanted = pl.DataFrame({"source": sources, "line_no": lines}, schema=_PLACE)
    found = events.join(wanted, on=["source", "line_no"], how="semi")
    text = {(src, line): quoted for src, line, quoted in found.select(_TEXT).rows() if quoted}
    if quotes is not None and len(text) < len(places):
        text.update(quotes.find(places - text.keys()))
    for verdict in verdicts:
        verdict.evidence = [
            e._replace(text=text.get((e.source, e.line), e.text)) for e in verdict.evidence
        ]


_PLACE = {"source": pl.Categorical, "line_no": pl.Int64}  # as EVENT_SCHEMA
_TEXT = ["source", "line_no", "text"]


def _attempt_verdict(
    spec: Spec,
    attempt: Attempt,
    corr: Correlation,
    errors: pl.DataFrame,
    known: dict[str, list[datetime]],
    controllers: bool,
    noun: str,
) -> Verdict:
    pairs = corr.links.get(id(attempt), [])
    deadline_ev = [
        Evidence(spec.source, line.line_no, line.text, attempt.deadline or line.at)
        for line in attempt.lines
        if line.line_no == attempt.deadline_line
    ]
    # A key the controller tried and never wrote explains the failure, whatever the others did.
    missing = sorted(_expected_keys(spec, attempt, corr, known)) if controllers else []
    if missing:
        others = sorted({p.key for p in pairs if p.key is not None and p.write is not None})
        return _not_written(spec, missing, others, errors, deadline_ev, noun)
    late = [
        p
        for p in pairs
        if p.status == PairStatus.UNOBSERVED
        and judged_deadline(p) is not None
        and p.write is not None
        and attempt.deadline is not None
        and p.write.at <= attempt.deadline
    ]
    if late:
        first = min(late, key=lambda p: (p.write.at if p.write else attempt.deadline, p.path))
        return Verdict(
            spec,
            VerdictKind.VISIBILITY_LATENCY,
            _latency_reason(first, attempt),
            _cite(first) + deadline_ev,
        )
    after = [
        p
        for p in pairs
        if p.write is not None
        and attempt.deadline is not None
        and p.write.at > attempt.deadline
        and judged_deadline(p) is not None
    ]
    if after:
        p = after[0]
        assert p.write is not None and attempt.deadline is not None
        secs = (p.write.at - attempt.deadline).total_seconds()
        return Verdict(
            spec,
            VerdictKind.NOT_WRITTEN,
            f"{p.key}: written {secs:.3f} s after the test gave up at {clock(attempt.deadline)}",
            _cite(p) + deadline_ev,
        )
    unsure = [
        p
        for p in pairs
        if p.status == PairStatus.UNDETERMINED
        and p.write is not None
        and attempt.deadline is not None
        and p.write.at <= attempt.deadline
    ]
    if unsure:
        names = ", ".join(sorted({p.key or p.basename for p in unsure}))
        return Verdict(
            spec,
            VerdictKind.VISIBILITY_LATENCY,
            f"one of {names} (all written before the deadline at {clock(attempt.deadline)}) "
            "was not seen in time; the log does not say which",
            [e for p in unsure for e in _cite(p)] + deadline_ev,
        )
    mapping = corr.mapped.get(id(spec))
    waited = mapping is not None and not pairs and corr.waited.get(id(attempt)) is not None
    if controllers and waited:
        assert mapping is not None
        return _no_write(spec, mapping.keys, deadline_ev, noun)
    message = spec.failure_message.splitlines()[0] if spec.failure_message else "no message"
    where = f" at {spec.failure_location}" if spec.failure_location else ""
    return Verdict(spec, VerdictKind.OTHER, f"{message}{where}", deadline_ev)


def _expected_keys(
    spec: Spec, attempt: Attempt, corr: Correlation, known: dict[str, list[datetime]]
) -> set[str]:
    """Keys this attempt waited for that the controller tried without writing them: named in
    its output, or matching its pack mapping and tried while it ran."""
    mapping = corr.mapped.get(id(spec))
    found: set[str] = set()
    if mapping is not None and attempt.failed_keys:
        # Its failure names a key it was mapped to wait for, and nothing wrote it.
        found = corr.unwritten(attempt.failed_keys)
    named = corr.named_keys.get(id(attempt), set()) | attempt.failed_keys
    found |= {k for k in named if k in known}
    if mapping is not None:
        start, end = attempt.start, attempt.deadline or attempt.end
        # A key the mapping names literally is this spec's; one a pattern matches (shared by
        # specs) counts only when the controller tried it while this attempt ran.
        found |= {
            k
            for k, times in known.items()
            if mapping.matches_key(k)
            and (
                k in mapping.keys
                or any((start is None or start <= t) and (end is None or t <= end) for t in times)
            )
        }
    return found


def _no_write(
    spec: Spec, patterns: tuple[str, ...], deadline_ev: list[Evidence], noun: str
) -> Verdict:
    shown = ", ".join(patterns)
    return Verdict(
        spec, VerdictKind.NOT_WRITTEN, f"no {noun} was written for a key matching {shown}",
        deadline_ev,
    )  # fmt: skip


def _not_written(
    spec: Spec,
    missing: list[str],
    others: list[str],
    errors: pl.DataFrame,
    deadline_ev: list[Evidence],
    noun: str,
) -> Verdict:
    rows = errors.filter(pl.col("key").is_in(missing)).sort("at")
    evidence = [
        Evidence(r["source"], r["line_no"], r["text"], r["at"]) for r in rows.iter_rows(named=True)
    ]
    reason = f"{missing[0]}: no {noun} was written for it"
    if len(missing) > 1:
        reason = f"{', '.join(missing)}: no {noun} was written for them"
    if others:
        reason += f" (its other keys were written: {', '.join(others)})"
    if rows.height:
        first = rows.row(0, named=True)
        detail = first["error"] or first["pattern"]
        reason += f"; delivery error: {detail}"
        if rows.height > 1:
            reason += f" (+{rows.height - 1} more error lines)"
    return Verdict(spec, VerdictKind.NOT_WRITTEN, reason, evidence[:5] + deadline_ev)


def _latency_reason(pair: Pair, attempt: Attempt) -> str:
    write = pair.write
    assert write is not None and attempt.deadline is not None
    before = (attempt.deadline - write.at).total_seconds()
    text = (
        f"{pair.key}: written at {clock(write.at)}, {before:.3f} s before the deadline at "
        f"{clock(attempt.deadline)}, and not seen by this spec"
    )
    if pair.wait_start is not None:
        waited = attempt.wait_seconds or (attempt.deadline - pair.wait_start).total_seconds()
        text += f" (it polled for {waited:.3f} s)"
    sighting = pair.sighting
    if sighting is not None and sighting.spec is None:
        where = sighting.evidence.source
        if sighting.at < attempt.deadline:
            ahead = (attempt.deadline - sighting.at).total_seconds()
            text += (
                f"; yet visible by {clock(sighting.at)}, found by {where} "
                f"{ahead:.3f} s before this spec's deadline"
            )
        else:
            text += f"; visible by {clock(sighting.at)} (found by {where})"
    elif (
        sighting is not None and sighting.at < attempt.deadline and sighting.spec != pair.spec_name
    ):
        ahead = (attempt.deadline - sighting.at).total_seconds()
        text += (
            f"; yet visible by {clock(sighting.at)}, listed by another spec "
            f"({sighting.spec}) {ahead:.3f} s before this spec's deadline"
        )
    elif sighting is not None:
        who = (
            "this spec itself after its deadline"
            if sighting.spec == pair.spec_name
            else sighting.spec
        )
        text += f"; visible by {clock(sighting.at)} (listed by {who})"
    return text


def _cite(pair: Pair) -> list[Evidence]:
    cited = [pair.write.evidence] if pair.write else []
    if pair.sighting is not None:
        cited.append(pair.sighting.evidence)
    return cited


def percentile(values: list[float], q: float) -> float | None:
    """Linear-interpolated percentile, as numpy's default; None for no values.

    >>> percentile([1.0, 2.0, 3.0, 4.0], 0.5)
    2.5
    """
    if not values:
        return None
    ordered = sorted(values)
    pos = (len(ordered) - 1) * q
    lo = int(pos)
    hi = min(lo + 1, len(ordered) - 1)
    return round(ordered[lo] + (ordered[hi] - ordered[lo]) * (pos - lo), 6)
