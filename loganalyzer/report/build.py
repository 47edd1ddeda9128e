"""Build the Report from the correlation and the verdicts: every row and the summary, once."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from loganalyzer.correlate.observations import skew_advice
from loganalyzer.correlate.pairs import Correlation, cite
from loganalyzer.diagnose.advice import (
    Advice,
    Measured,
    gap_histogram,
    load_summary,
    longer_wait,
    measure,
    need_span,
    recommend,
    seen_span,
    visibility_span,
)
from loganalyzer.diagnose.coverage import decide, percentiles
from loganalyzer.diagnose.verdict import Verdict
from loganalyzer.formats.times import iso_utc, iso_utc_many
from loganalyzer.model.report import InputRow, PairRow, Report, SpecRow
from loganalyzer.model.specs import Tally
from loganalyzer.model.status import PairStatus, SpecState, VerdictKind
from loganalyzer.model.summary import ClockSkew, SpecCounts, Summary
from loganalyzer.model.text import scrub
from loganalyzer.report.failure import failure_evidence
from loganalyzer.report.pair_rows import indexed, pair_table, split
from loganalyzer.report.pair_table import PairTable


def build_report(
    inputs: list[InputRow],
    corr: Correlation,
    verdicts: list[Verdict],
    warnings: list[str],
    zone: str | None,
    poll: float | None = None,
    poll_source: str = "",
    not_run: int = 0,
    *,
    skew: float = 0.0,
    artifact: str = "file",
    packs: dict[str, str] | None = None,
    tally: Tally | None = None,
    columnar: bool = True,
) -> Report:
    """Rows for every pair and spec, and the summary: counts, load, advice and clock skew.

    ``skew`` is the ``--skew`` applied; ``artifact`` the noun of what was paired, and
    ``packs`` the packs used (name -> noun). ``tally``, when given, is the spec counts
    the test logs' own counters give: the summary's spec totals follow it. With
    ``columnar``, the rows of files no spec touched stay polars columns (``pair_table``);
    without, every row is an object: the report is the same.
    """
    everything = indexed(corr, columnar)
    touched, untouched = split(everything) if columnar else (everything, [])
    measured_touched = measure(corr, [p for _, p in touched])
    rows = sorted(
        ((*_pair_order(row), n), row, m)
        for (n, _), m, row in zip(
            touched, measured_touched, _pair_rows(measured_touched), strict=True
        )
    )
    objects, measured = [row for _, row, _ in rows], [m for _, _, m in rows]
    pairs = pair_table(objects, [order for order, _, _ in rows], untouched, corr, columnar)
    advice = recommend(measured, poll, poll_source, artifact)
    unreliable = _unreliable(corr, measured, zone)
    specs = [_spec_row(v, corr, measured, advice, artifact, unreliable) for v in verdicts]
    summary = _summary(measured, pairs, specs, corr, zone, not_run, advice, skew, artifact)
    if tally is not None:
        unrun = tally.not_run
        counts = SpecCounts(tally.ran, tally.passed, tally.failed, tally.flaky, unrun, unrun)
        summary = replace(summary, specs=counts)
    if unreliable:
        warnings = [*warnings, f"verdicts are unreliable: {unreliable}"]
    report = Report(inputs, summary, pairs, specs, warnings, artifact, dict(packs or {}))
    return scrub(report)  # type: ignore[no-any-return]


def _pair_order(row: PairRow) -> tuple[bool, str, str, str]:
    return (
        row.written_at is None,
        row.written_at or row.observed_at or "",
        row.key or "",
        row.path,
    )


def _pair_rows(measured: list[Measured]) -> list[PairRow]:
    """A row per measured pair; the times are written a column at a time (``iso_utc_many``)."""
    pairs = [m.pair for m in measured]
    times = zip(
        *(
            iso_utc_many(column)
            for column in (
                [p.write.at if p.write is not None else None for p in pairs],
                [p.seen_by if p.status in _SEEN else None for p in pairs],
                [p.sighting.at if p.sighting is not None else None for p in pairs],
                [p.seen_after if p.status in _SEEN else None for p in pairs],
                [m.deadline for m in measured],
                [p.wait_start for p in pairs],
            )
        ),
        strict=True,
    )
    return [_pair_row(m, *texts) for m, texts in zip(measured, times, strict=True)]


_SEEN = frozenset({PairStatus.OBSERVED, PairStatus.ORPHAN})


def _pair_row(
    m: Measured,
    written: str | None,
    observed: str | None,
    sighted: str | None,
    after: str | None,
    deadline_at: str | None,
    wait_started: str | None,
) -> PairRow:
    # Runs once per file a spec touched: up to a million times for a large run.
    pair, gap, deadline = m.pair, m.gap, m.deadline
    write, spec, sighting, attempt = pair.write, pair.spec, pair.sighting, pair.attempt
    evidence: dict[str, str] = {}
    if write is not None:
        evidence["write"] = cite(write.source, write.line)
    if (seen := pair.cite_observation()) is not None:
        evidence["observation"] = seen
    if sighting is not None:
        evidence["sighting"] = sighting.evidence.cite()
    if attempt is not None and attempt.deadline_line and deadline:
        evidence["deadline"] = cite(spec.source if spec else "", attempt.deadline_line)
    return PairRow(
        key=pair.key,
        path=pair.path,
        written_at=written,
        observed_at=observed,
        gap_seconds=gap.best,
        gap_min_seconds=gap.low,
        gap_max_seconds=gap.high,
        status=pair.status,
        spec=spec.name if spec else None,
        process=spec.process if spec else None,
        link=pair.link,
        first_sighting_at=sighted,
        observation=pair.observation,
        observed_after=after,
        deadline_at=deadline_at,
        wait_started_at=wait_started,
        attempt=attempt.number if attempt else None,
        concurrency=m.concurrency,
        skew_seconds=round(pair.skew_seconds, 6) if pair.skew_seconds is not None else None,
        candidates=list(pair.candidates),
        note=pair.note,
        evidence=evidence,
    )


def _unreliable(corr: Correlation, measured: Sequence[Measured], zone: str | None) -> str | None:
    """A guessed zone with an hours-like offset between the two sides makes verdicts unsafe."""
    if zone is None or "a guess" not in zone:
        return None
    offsets = [corr.skew_seconds] if corr.skew_seconds else []
    offsets += [
        (m.pair.write.at - m.deadline).total_seconds()
        for m in measured
        if m.pair.write is not None and m.deadline is not None and m.pair.write.at > m.deadline
    ]
    for ahead in offsets:
        hours = round(ahead / 3600)
        if hours and abs(ahead - hours * 3600) < 120:
            return (
                f"the test log's zone was guessed (this machine's) and its times are about "
                f"{hours} h from the controller's: set --test-tz to the test machine's zone"
            )
    return None


def _spec_row(
    verdict: Verdict,
    corr: Correlation,
    measured: Sequence[Measured],
    advice: Advice,
    noun: str,
    unreliable: str | None = None,
) -> SpecRow:
    spec = verdict.spec
    window = spec.running()
    timeout = advice.timeout
    longer = longer_wait(verdict, measured, timeout, noun) if timeout is not None else None
    return SpecRow(
        name=spec.name,
        state=spec.outcome,
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
        longer_timeout=longer,
        unreliable=unreliable if verdict.verdict is not None else None,
        evidence=failure_evidence(verdict, corr),
        failure_message=spec.failure_message if verdict.verdict is not None else "",
        failure_location=spec.failure_location if verdict.verdict is not None else "",
    )


def _summary(
    measured: Sequence[Measured],
    pairs: PairTable,
    specs: Sequence[SpecRow],
    corr: Correlation,
    zone: str | None,
    not_run: int,
    advice: Advice,
    skew: float,
    noun: str = "file",
) -> Summary:
    statuses = pairs.statuses()
    touched = pairs.rows  # rows in columns have no sighting and no skew
    # A status needs both sides: what was written and what the specs saw.
    writes_known = corr.controllers
    tests_known = orphans_known = corr.tests and corr.controllers

    def count(status: PairStatus, known: bool = True) -> int | None:
        return statuses[status] if known else None

    visible_later = sum(
        1 for p in touched if p.status == PairStatus.UNOBSERVED and p.first_sighting_at is not None
    )
    poll = advice.poll_interval
    needs = [(m.concurrency, n) for m in measured if (n := need_span(m)) is not None]
    procs = max((s.process for s in corr.specs if s.process is not None), default=None)
    current = max((a.wait_seconds for s in corr.specs for a in s.attempts if a.wait_seconds),
                  default=None)  # fmt: skip
    states = [s.state for s in specs if not s.suite_node]
    verdicts: dict[VerdictKind, int] = {}
    for s in specs:
        if s.verdict:
            verdicts[s.verdict] = verdicts.get(s.verdict, 0) + 1
    behind = corr.skew_seconds
    return Summary(
        writes=corr.written if writes_known else None,
        observed=count(PairStatus.OBSERVED, tests_known),
        unobserved=count(PairStatus.UNOBSERVED, tests_known),
        visible_later=visible_later if tests_known else None,
        undetermined=count(PairStatus.UNDETERMINED, tests_known),
        not_waited=count(PairStatus.NOT_WAITED, tests_known),
        orphans=count(PairStatus.ORPHAN, orphans_known),
        skewed=sum(1 for p in touched if p.skew_seconds is not None),
        specs=SpecCounts(
            total=len(states),
            passed=states.count(SpecState.PASSED),
            failed=sum(1 for s in states if s.failed),
            flaky=states.count(SpecState.FLAKY),
            skipped=states.count(SpecState.SKIPPED) + states.count(SpecState.PENDING) + not_run,
            not_run=not_run,
        ),
        verdicts=dict(sorted(verdicts.items())),
        gap_seconds=percentiles([n for m in measured if (n := seen_span(m)) is not None]),
        visibility_gap_seconds=percentiles(
            [n for m in measured if (n := visibility_span(m, poll)) is not None]
        ),
        test_zone=zone,
        suite_failures=[n.name for n in corr.suite_nodes if n.failed],
        gap_histogram=gap_histogram(measured),
        load=load_summary(measured, pairs.loads()),
        coverage=advice.coverage,
        recommended_timeout_seconds=advice.timeout,
        poll_interval_seconds=advice.poll_interval,
        poll_interval_source=advice.poll_source,
        sentence=advice.sentence,
        decision=decide(needs, current, procs, advice.coverage, noun),
        clock_skew=ClockSkew(
            applied_seconds=skew,
            test_behind_at_least_seconds=behind,
            advice=skew_advice(behind) if behind else None,
            zone_guessed=zone is not None and "a guess" in zone,
            unreliable=_unreliable(corr, measured, zone),
        ),
    )
