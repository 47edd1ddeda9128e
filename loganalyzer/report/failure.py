"""Failure first: each failed spec's labelled evidence, once per line, in time order.

A verdict cites lines (``source:line``); this names what each shows (the write, the
wait's start, the deadline, a sighting, a delivery error) and dates it, so that a
reader follows the failure on one clock. A line cited twice (a JSON report's failure
line stands for every line of a multi-line message) is listed once.
"""

from __future__ import annotations

from datetime import datetime

from loganalyzer.correlate.pairs import Correlation, Evidence, Pair
from loganalyzer.diagnose.verdict import Verdict
from loganalyzer.formats.times import iso_utc
from loganalyzer.model.report import EvidenceLine
from loganalyzer.model.specs import Attempt
from loganalyzer.model.status import VerdictKind

WRITE, WAIT, DEADLINE, SIGHTING = "write", "wait start", "deadline", "sighting"
DELIVERY_ERROR = "delivery error"
_OTHER = {
    VerdictKind.NOT_WRITTEN: DELIVERY_ERROR,
    VerdictKind.INFRASTRUCTURE: "setup failure",
}


def judged_attempt(verdict: Verdict) -> Attempt | None:
    """The attempt the verdict speaks of: the last failed one (a flaky spec's first)."""
    failed = [a for a in verdict.spec.attempts if not a.passed]
    if verdict.verdict == VerdictKind.FLAKY:
        return failed[0] if failed else None
    return failed[-1] if failed else None


def failure_evidence(verdict: Verdict, corr: Correlation) -> list[EvidenceLine]:
    """The verdict's lines, labelled, each once, in time order (undated ones last).

    >>> from loganalyzer.model.specs import Spec
    >>> spec = Spec("s", "failed", "g.log", 1)
    >>> corr = Correlation([], [], [], [], {}, {}, {}, [])
    >>> ev = [Evidence("g.log", 9, "[FAILED] x"), Evidence("g.log", 9, "[FAILED] x")]
    >>> [(e.at, e.label) for e in failure_evidence(Verdict(spec, VerdictKind.OTHER, "", ev), corr)]
    [('g.log:9', 'line')]
    """
    if verdict.verdict is None:
        return []
    spec, attempt = verdict.spec, judged_attempt(verdict)
    pairs: list[Pair] = corr.links.get(id(attempt), []) if attempt is not None else []
    known: dict[tuple[str, int], tuple[str, datetime | None]] = {}
    for pair in pairs:
        if pair.sighting is not None:
            ev = pair.sighting.evidence
            known.setdefault((ev.source, ev.line), (SIGHTING, pair.sighting.at))
        if pair.write is not None:
            known[(pair.write.source, pair.write.line)] = (WRITE, pair.write.at)
    cited = list(verdict.evidence)
    if attempt is not None:
        step = corr.waited.get(id(attempt))
        if step is not None and pairs:
            known[(spec.source, step.line_no)] = (WAIT, step.at)
            cited.append(Evidence(spec.source, step.line_no, step.text, step.at))
        if attempt.deadline_line is not None:
            known[(spec.source, attempt.deadline_line)] = (DEADLINE, attempt.deadline)
    fallback = _OTHER.get(verdict.verdict, "line")
    out: dict[tuple[str, int], EvidenceLine] = {}
    for ev in cited:
        place = (ev.source, ev.line)
        if place in out:
            continue
        label, at = known.get(place, (fallback, ev.at))
        out[place] = EvidenceLine(ev.cite(), ev.text, label, iso_utc(at or ev.at))
    return sorted(out.values(), key=_order)


def _order(line: EvidenceLine) -> tuple[bool, str, str]:
    return line.time is None, line.time or "", line.at
