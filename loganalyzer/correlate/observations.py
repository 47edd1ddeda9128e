"""Observed, unobserved or orphan: judging each linked file from what its spec printed."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from datetime import datetime, timedelta

import regex

from loganalyzer.correlate.pairs import (
    Correlation,
    Evidence,
    Pair,
    Seen,
    Sighting,
    waiting,
)
from loganalyzer.extract.packs import SpecMapping
from loganalyzer.model.specs import Attempt, TestLine
from loganalyzer.model.status import LinkKind, ObservationKind, PairStatus
from loganalyzer.model.text import counted


def observe(
    pair: Pair, seen: Sequence[Seen], step: TestLine | None, mapping: SpecMapping | None
) -> None:
    """Decide observed/unobserved for a linked write, and find its first sighting."""
    attempt, write = pair.attempt, pair.write
    assert write is not None
    own = [s for s in seen if s.attempt is attempt and waiting(s)] if attempt is not None else []
    if own:
        first = (
            own[0]
            if len(own) == 1
            else min(own, key=lambda s: (s.line.lo or write.at, s.line.line_no))
        )
        pair.status = PairStatus.OBSERVED
        pair.observation = ObservationKind.EXACT if first.line.timed else ObservationKind.BRACKETED
        pair.seen_after, pair.seen_by = first.line.lo, first.line.latest
        pair.observed_line = first.line
    elif attempt is not None:
        _unmentioned(pair, attempt, step, mapping)
    if seen:
        _sight(pair, seen)


def _unmentioned(
    pair: Pair, attempt: Attempt, step: TestLine | None, mapping: SpecMapping | None
) -> None:
    """Judge a file its spec never named: from the wait step, the spec's fate, the key order."""
    write = pair.write
    assert write is not None
    poll = None
    if attempt.deadline is not None and attempt.wait_seconds:
        # "Timed out after 5.001s" dates the start of the poll that failed; the deadline's
        # stamp is truncated, so the poll began before the stamp's end minus the wait.
        res = next((ln.res for ln in attempt.lines if ln.line_no == attempt.deadline_line), 0.0)
        poll = attempt.deadline + timedelta(seconds=res - attempt.wait_seconds)
    pair.wait_start = poll or (step.at if step else None)
    if attempt.passed and step is not None:
        pair.status, pair.observation = PairStatus.OBSERVED, ObservationKind.BRACKETED
        pair.seen_after, pair.seen_by = step.at, _next_event(attempt, step)
        pair.observed_line = step
    elif attempt.passed:
        pair.status, pair.observation = PairStatus.OBSERVED, ObservationKind.LOOSE
        pair.seen_after = max(write.at, attempt.start) if attempt.start else write.at
        pair.seen_by = attempt.end
    elif attempt.failed_keys and pair.key not in attempt.failed_keys:
        failed = ", ".join(sorted(attempt.failed_keys))
        order = _order(mapping, pair.key, attempt.failed_keys)
        if order == "before" and step is not None:
            # The spec waits for its keys in turn: this one was seen before it moved on.
            pair.status, pair.observation = PairStatus.OBSERVED, ObservationKind.BRACKETED
            pair.seen_after, pair.seen_by = step.at, poll or attempt.deadline
            pair.observed_line = step
            pair.note = f"seen before the spec went on to wait for {failed}"
        elif order == "after":
            pair.note = f"never waited for: the spec failed first, waiting for {failed}"
        else:
            pair.note = (
                f"the spec failed waiting for {failed}; whether it waited for this is unknown"
            )


def _order(mapping: SpecMapping | None, key: str | None, failed: set[str]) -> str | None:
    """Is ``key`` waited for before or after the failed keys, in an ordered mapping?"""
    if mapping is None or not mapping.ordered or key is None:
        return None
    mine = mapping.position(key)
    theirs = [p for k in failed if (p := mapping.position(k)) is not None]
    if mine is None or not theirs:
        return None
    return "before" if mine < min(theirs) else "after" if mine > min(theirs) else None


def _sight(pair: Pair, seen: Sequence[Seen]) -> None:
    """The earliest mention that is not the observation: the file was visible by then."""
    write = pair.write
    assert write is not None
    others = [
        s
        for s in seen
        if not (
            pair.observed_line
            and s.line.line_no == pair.observed_line.line_no
            and s.attempt is pair.attempt
        )
    ]
    if others:
        first = (
            others[0]
            if len(others) == 1
            else min(others, key=lambda s: (s.line.latest or write.at, s.line.line_no))
        )
        at = first.line.latest
        if at is not None:
            pair.sighting = Sighting(
                at,
                first.spec.name,
                Evidence(first.spec.source, first.line.line_no, first.line.text, first.line.at),
            )


def _next_event(attempt: Attempt, step: TestLine) -> datetime | None:
    """The next timed line after ``step`` in print order (line numbers may repeat)."""
    after = attempt.lines[attempt.lines.index(step) + 1 :]
    later = [ln for ln in after if ln.timed and not ln.restated]
    return later[0].latest if later else attempt.end


def orphans(
    unwritten: dict[str, list[Seen]], shapes: list[str], keys: Mapping[str, str] | None = None
) -> list[Pair]:
    """File names the tests saw that no controller log says were written; ``keys`` gives the
    key of a name an observation event found (else the packs' file-name ``shapes`` tell it)."""
    pairs = []
    for basename in sorted(b for b, seen in unwritten.items() if seen):
        seen = unwritten[basename]
        key = keys.get(basename) if keys else None
        for shape in () if key is not None else shapes:
            match = regex.fullmatch(shape, basename)
            if match and "key" in match.groupdict():
                key = match.group("key")
                break
        first = min(seen, key=lambda s: (s.spec.source, s.line.line_no))
        pair = Pair(
            key,
            basename,
            basename,
            PairStatus.ORPHAN,
            spec=first.spec,
            attempt=first.attempt,
            link=LinkKind.FILE_NAME,
        )
        pair.observation = ObservationKind.EXACT if first.line.timed else ObservationKind.BRACKETED
        pair.seen_after, pair.seen_by = first.line.lo, first.line.latest
        pair.observed_line = first.line
        pairs.append(pair)
    return pairs


def check_skew(state: Correlation) -> None:
    """An observation before its write is clock skew or a wrong zone, never a latency."""
    worst = 0.0
    count = 0
    for pair in state.pairs:
        if pair.write is None or pair.status != PairStatus.OBSERVED or pair.seen_by is None:
            continue
        if pair.write.at > pair.seen_by:
            ahead = (pair.write.at - pair.seen_by).total_seconds()
            pair.skew_seconds = ahead
            worst, count = max(worst, ahead), count + 1
    if count:
        state.skew_seconds = worst
        precede = "precedes its write" if count == 1 else "precede their writes"
        state.warnings.append(
            f"{counted(count, 'observation')} {precede} (by up to {worst:.3f} s): clock skew "
            "between controller and test machines, or a wrong zone for the test log; "
            f"{skew_advice(worst)}; those gaps are not reported"
        )


def skew_advice(ahead: float) -> str:
    """What to pass to correct a test clock at least ``ahead`` seconds behind the controller's.

    >>> print(skew_advice(18000.4))
    the offset is about 5 h: check the test log's zone (--test-tz)
    >>> skew_advice(7.31)
    'the test clock is at least 7.310 s behind (a bound, not a measure): --skew 7.4s at least'
    """
    hours = round(ahead / 3600)
    if hours and abs(ahead - hours * 3600) < 120:
        return f"the offset is about {hours} h: check the test log's zone (--test-tz)"
    return (
        f"the test clock is at least {ahead:.3f} s behind (a bound, not a measure): "
        f"--skew {math.ceil(ahead * 10) / 10}s at least"
    )
