"""``--fail-on``: conditions that turn a report into a failing exit code for CI."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from enum import StrEnum

from loganalyzer.errors import LogAnalyzerError
from loganalyzer.model.report import Report
from loganalyzer.model.status import PairStatus, VerdictKind
from loganalyzer.model.summary import FailOn

VERDICTS = tuple(VerdictKind)
_DURATION = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*(ms|s|m|h)?\s*$")


class ConditionKind(StrEnum):
    UNOBSERVED = "unobserved"  # a written file its spec waited for and gave up on first
    UNDETERMINED = "undetermined"  # a file of a failed multi-key wait; which was missing unknown
    FAILED = "failed"  # a spec failed (not flaky)
    VERDICT = "verdict"  # a failed spec with this verdict
    GAP = "gap"  # a gap over a duration
    SKEW = "skew"  # an observation before its write


@dataclass(frozen=True)
class Condition:
    kind: ConditionKind
    value: str = ""
    seconds: float = 0.0

    @property
    def text(self) -> str:
        if self.kind == ConditionKind.VERDICT:
            return f"verdict={self.value}"
        if self.kind == ConditionKind.GAP:
            return f"gap>{self.value}"
        return self.kind


def parse_duration(text: str) -> float:
    """``4s``, ``500ms``, ``1.5`` (seconds), ``2m`` -> seconds.

    >>> parse_duration("500ms"), parse_duration("2m")
    (0.5, 120.0)
    """
    match = _DURATION.match(text)
    if match is None:
        raise LogAnalyzerError(f"not a duration: {text!r} (for example 4s or 500ms)")
    scale = {"ms": 0.001, "s": 1.0, None: 1.0, "m": 60.0, "h": 3600.0}[match.group(2)]
    return float(match.group(1)) * scale


def parse_condition(text: str) -> Condition:
    """One ``--fail-on`` value: unobserved, undetermined, failed, verdict=NAME, gap>DURATION or
    skew. ``unobserved`` counts only files a spec waited for and gave up on: never a file no
    spec waited for, nor one whose status is unknown."""
    spec = text.strip()
    if spec in (ConditionKind.UNOBSERVED, ConditionKind.UNDETERMINED, ConditionKind.FAILED,
                ConditionKind.SKEW):  # fmt: skip
        return Condition(ConditionKind(spec))
    if spec.startswith("verdict="):
        name = spec.removeprefix("verdict=")
        if name not in VERDICTS:
            raise LogAnalyzerError(f"--fail-on: unknown verdict {name!r} ({', '.join(VERDICTS)})")
        return Condition(ConditionKind.VERDICT, name)
    if spec.startswith("gap>"):
        value = spec.removeprefix("gap>")
        try:
            return Condition(ConditionKind.GAP, value, parse_duration(value))
        except LogAnalyzerError as exc:
            raise LogAnalyzerError(f"--fail-on: {exc}") from exc
    raise LogAnalyzerError(
        f"--fail-on: unknown condition {text!r} (unobserved, undetermined, failed, verdict=NAME, "
        "gap>DURATION, skew)"
    )


def evaluate(report: Report, conditions: list[Condition]) -> list[str]:
    """Why the run should fail, one phrase per condition met; empty when none is."""
    nouns = {c.text: c for c in conditions}
    return [
        f"{hit.condition} ({hit.count} {_noun(nouns[hit.condition], hit.count, report.artifact)})"
        for hit in fired(report, conditions)
    ]


def fired(report: Report, conditions: list[Condition]) -> list[FailOn]:
    """The conditions met, with their counts, for the JSON summary's ``fail_on``."""
    counts = ((cond.text, _count(report, cond)) for cond in conditions)
    return [FailOn(text, count) for text, count in counts if count]


def gated(report: Report, conditions: list[Condition]) -> Report:
    """The report with ``summary.fail_on`` filled in."""
    summary = replace(report.summary, fail_on=fired(report, conditions))
    return replace(report, summary=summary)


def _count(report: Report, cond: Condition) -> int:
    if cond.kind == ConditionKind.UNOBSERVED:
        return sum(1 for p in report.pairs if p.status == PairStatus.UNOBSERVED)
    if cond.kind == ConditionKind.UNDETERMINED:
        return sum(1 for p in report.pairs if p.status == PairStatus.UNDETERMINED)
    if cond.kind == ConditionKind.FAILED:
        return sum(1 for s in report.specs if s.verdict not in (None, VerdictKind.FLAKY))
    if cond.kind == ConditionKind.VERDICT:
        return sum(1 for s in report.specs if s.verdict == cond.value)
    if cond.kind == ConditionKind.GAP:
        return sum(
            1
            for p in report.pairs
            if (p.gap_seconds or 0) > cond.seconds
            or (p.status == PairStatus.UNOBSERVED and (p.gap_min_seconds or 0) > cond.seconds)
        )
    return sum(1 for p in report.pairs if p.skew_seconds is not None)


def _noun(cond: Condition, count: int, artifact: str) -> str:
    plural = "" if count == 1 else "s"
    if cond.kind in (ConditionKind.FAILED, ConditionKind.VERDICT):
        return f"spec{plural}"
    return f"{artifact}{plural}"
