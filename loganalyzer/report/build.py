"""Build the Report from the correlation and the verdicts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from loganalyzer.correlate.pairs import Correlation, Pair, cite
from loganalyzer.diagnose.advice import gap_histogram, load_summary, recommend
from loganalyzer.diagnose.concurrency import Running
from loganalyzer.diagnose.verdict import Verdict
from loganalyzer.diagnose.verdicts import gap_of, judged_deadline, percentile
from loganalyzer.formats.times import iso_utc
from loganalyzer.model.report import InputRow, PairRow, Report, SpecRow
from loganalyzer.model.specs import FLAKY, PASSED, PENDING, SKIPPED


def build_report(
    inputs: list[InputRow],
    corr: Correlation,
    verdicts: list[Verdict],
    warnings: list[str],
    zone: str | None,
    poll: float | None = None,
    poll_source: str = "",
    not_run: int = 0,
) -> Report:
    """Rows for every pair and spec, the summary, the load finding and the advice."""
    concurrency = Running(corr.specs).at if corr.specs else None
    pairs = sorted((_pair_row(pair, concurrency) for pair in corr.pairs), key=_pair_order)
    specs = [_spec_row(v) for v in verdicts]
    summary = _summary(pairs, specs, corr, zone, not_run)
    summary["gap_histogram"] = gap_histogram(pairs)
    summary["load"] = load_summary(pairs)
    summary.update(recommend(pairs, specs, poll, poll_source))
    return Report(inputs, summary, pairs, specs, warnings)


def _pair_order(row: PairRow) -> tuple[int, str, str, str]:
    return (
        row.written_at is None,
        row.written_at or row.observed_at or "",
        row.key or "",
        row.path,
    )


def _pair_row(pair: Pair, concurrency: Callable[[datetime], int] | None) -> PairRow:
    # Runs once per written file: tens of thousands of times for a large log.
    gap = gap_of(pair)
    write, spec, sighting, attempt = pair.write, pair.spec, pair.sighting, pair.attempt
    deadline = judged_deadline(pair)
    evidence: dict[str, str] = {}
    if write is not None:
        evidence["write"] = cite(write.source, write.line)
    if (seen := pair.cite_observation()) is not None:
        evidence["observation"] = seen
    if sighting is not None:
        evidence["sighting"] = sighting.evidence.cite()
    if attempt is not None and attempt.deadline_line and deadline:
        evidence["deadline"] = cite(spec.source if spec else "", attempt.deadline_line)
    observed = pair.status in ("observed", "orphan")
    return PairRow(
        key=pair.key,
        path=pair.path,
        written_at=iso_utc(write.at) if write else None,
        observed_at=iso_utc(pair.seen_by) if observed else None,
        gap_seconds=gap.best,
        gap_min_seconds=gap.low,
        gap_max_seconds=gap.high,
        status=pair.status,
        spec=spec.name if spec else None,
        process=spec.process if spec else None,
        link=pair.link,
        first_sighting_at=iso_utc(sighting.at) if sighting else None,
        observation=pair.observation,
        observed_after=iso_utc(pair.seen_after) if observed else None,
        deadline_at=iso_utc(deadline),
        wait_started_at=iso_utc(pair.wait_start),
        attempt=attempt.number if attempt else None,
        concurrency=concurrency(write.at) if write is not None and concurrency else None,
        skew_seconds=round(pair.skew_seconds, 6) if pair.skew_seconds is not None else None,
        candidates=list(pair.candidates),
        note=pair.note,
        evidence=evidence,
    )


def _spec_row(verdict: Verdict) -> SpecRow:
    spec = verdict.spec
    window = spec.running()
    return SpecRow(
        name=spec.name,
        state=spec.state,
        process=spec.process,
        verdict=verdict.verdict,
        reason=verdict.reason,
        duration_seconds=spec.duration,
        location=spec.location,
        source=f"{spec.source}:{spec.line_no}",
        attempts=len(spec.attempts),
        started_at=iso_utc(window[0]) if window else None,
        ended_at=iso_utc(window[1]) if window else None,
        suite_node=spec.suite_node is not None,
        evidence=[{"at": e.cite(), "text": e.text} for e in verdict.evidence],
    )


def _summary(
    pairs: list[PairRow],
    specs: list[SpecRow],
    corr: Correlation,
    zone: str | None,
    not_run: int,
) -> dict[str, Any]:
    gaps = [p.gap_seconds for p in pairs if p.status == "observed" and p.gap_seconds is not None]
    states = [s.state for s in specs if not s.suite_node]
    verdicts: dict[str, int] = {}
    for s in specs:
        if s.verdict:
            verdicts[s.verdict] = verdicts.get(s.verdict, 0) + 1
    failed = sum(1 for s in states if s not in (PASSED, FLAKY, SKIPPED, PENDING))
    return {
        "writes": len(corr.writes),
        "observed": sum(1 for p in pairs if p.status == "observed"),
        "unobserved": sum(1 for p in pairs if p.status == "unobserved"),
        "orphans": sum(1 for p in pairs if p.status == "orphan"),
        "skewed": sum(1 for p in pairs if p.skew_seconds is not None),
        "specs": {
            "total": len(states),
            "passed": states.count(PASSED),
            "failed": failed,
            "flaky": states.count(FLAKY),
            "skipped": states.count(SKIPPED) + states.count(PENDING) + not_run,
            "not_run": not_run,
        },
        "verdicts": dict(sorted(verdicts.items())),
        "gap_seconds": {
            "p50": percentile(gaps, 0.5),
            "p90": percentile(gaps, 0.9),
            "p99": percentile(gaps, 0.99),
            "max": max(gaps) if gaps else None,
        },
        "test_zone": zone,
        "suite_failures": [n.name for n in corr.suite_nodes if n.failed],
    }
