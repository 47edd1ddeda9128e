"""The whole pipeline: inputs -> events and specs -> pairs -> verdicts -> report.

The stages (and polars) are imported when called, so that importing the package,
or running ``--help``, stays quick.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from loganalyzer.errors import InputError
from loganalyzer.gc_pause import paused
from loganalyzer.model.report import InputRow, Report

if TYPE_CHECKING:
    from loganalyzer.read.budget import Budget
    from loganalyzer.read.lines import Progress


def analyze(
    paths: Sequence[str],
    *,
    test_tz: str | None = None,
    pattern_dirs: Sequence[Path] = (),
    packs: Sequence[str] | None = None,
    stdin: BinaryIO | None = None,
    max_bytes: int | None = None,
    force: Sequence[str] = (),
    poll_interval: float | None = None,
    skew: float | None = None,
    progress: Progress | None = None,
    max_line: int | None = None,
    context: float | None = None,
    memory_limit: int | None = None,
) -> Report:
    """Analyse controller and test logs and return the report.

    ``context`` (seconds): give each failed spec the lines of all inputs within that
    window around its write and its deadline (``SpecRow.context``).

    ``max_bytes`` caps expanded input (default: the readers' 20 GiB); ``memory_limit`` sets
    the reader's buffers (default 512 MiB, ``read.budget``). ``packs`` names the
    pattern packs to use (default: all); ``report.packs`` and ``report.artifact`` say which
    were used and the noun of what they paired.

    >>> report = analyze(["samples/parallel-run/logs"])
    >>> report.summary.specs.failed, {str(k): n for k, n in report.summary.verdicts.items()}
    (4, {'visibility-latency': 4})
    >>> analyze(["samples/configmap-sync/logs"], packs=["configmap-sync"]).artifact
    'ConfigMap'
    """
    from loganalyzer.read.budget import DEFAULT_LIMIT, Budget, using

    budget = Budget(DEFAULT_LIMIT if memory_limit is None else memory_limit)
    with using(budget):
        return _analyze(
            paths, test_tz, pattern_dirs, packs, stdin, max_bytes, force, poll_interval, skew,
            progress, max_line, context, budget,
        )  # fmt: skip


def _analyze(
    paths: Sequence[str],
    test_tz: str | None,
    pattern_dirs: Sequence[Path],
    packs: Sequence[str] | None,
    stdin: BinaryIO | None,
    max_bytes: int | None,
    force: Sequence[str],
    poll_interval: float | None,
    skew: float | None,
    progress: Progress | None,
    max_line: int | None,
    context: float | None,
    budget: Budget,
) -> Report:
    from loganalyzer.read.budget import over_budget, run_start

    before = run_start()  # this run's peak is measured from here

    from loganalyzer.correlate.join import correlate
    from loganalyzer.correlate.statuses import unknown_sides
    from loganalyzer.correlate.written import WRITE_COLUMNS
    from loganalyzer.diagnose.verdicts import diagnose
    from loganalyzer.extract.ingest import ingest
    from loganalyzer.extract.packs import artifact_noun, load_packs, timed_out_warnings
    from loganalyzer.model.specs import shift
    from loganalyzer.read.sources import DEFAULT_MAX_BYTES, MAX_LINE_BYTES
    from loganalyzer.report.build import build_report

    stages: list[str | None] = []
    chosen = load_packs(pattern_dirs, packs)
    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    line_limit = MAX_LINE_BYTES if max_line is None else max_line
    got = ingest(paths, chosen, test_tz, stdin, limit, force, progress, line_limit)
    stages.append(over_budget("reading", budget, before))
    writers = set(got.writes.get_column("pack").unique())
    if skew:
        for log in got.logs:
            shift(log, timedelta(seconds=skew))
    if not got.controllers and not got.logs:
        skipped = "; ".join(f"{row.path}: {row.note}" for row in got.inputs[:3])
        raise InputError(f"no controller or test logs recognised ({skipped})")
    warnings = list(got.warnings)
    noun = artifact_noun(chosen, writers)
    if not got.controllers:
        warnings.append(
            "no controller log among the inputs: whether the files the tests saw were written "
            "is unknown, so none is counted"
        )
    elif not writers:
        names = ", ".join(p.name for p in chosen) or "none"
        warnings.append(
            f"no writes found in the controller logs (pattern packs: {names}); "
            "use --patterns to add a pack for this controller"
        )
    if not got.logs:
        warnings.append(
            "no test log among the inputs: whether the files written were seen (or waited "
            "for) is unknown, so none is counted; verdicts are unknown"
        )
    with paused():
        # The writes leave ``got`` for the join and are freed after it: the report keeps only
        # what the join made of them (objects and the quiet files' columns).
        writes, got.writes = got.writes.select(WRITE_COLUMNS), got.writes.clear()
        corr = correlate(got.events, got.logs, chosen, writes=writes)
        del writes
        unknown_sides(corr, got.controllers > 0, bool(got.logs))
        warnings.extend(corr.warnings)
        zones = "; ".join(sorted({log.zone for log in got.logs})) or None
        signatures = [s for p in chosen for s in p.signatures]
        not_run = got.tally.not_run
        verdicts = diagnose(
            corr, got.events, got.controllers > 0, signatures, not_run, noun, got.quotes
        )
        warnings.extend(timed_out_warnings())
        got.events = got.events.clear()  # the report needs none of it: free it before the rows
        stages.append(over_budget("correlation and diagnosis", budget, before))
        poll, poll_source = poll_interval, "--poll-interval"
        if poll is None:
            # The packs know how often each mapped spec polls; the slowest one bounds the advice.
            polls = {(m.poll_interval, m.pack) for m in corr.mapped.values() if m.poll_interval}
            if polls:
                poll, pack = max(polls)
                poll_source = f"pattern pack {pack}"
        report = build_report(
            got.inputs, corr, verdicts, warnings, zones, poll, poll_source, not_run,
            skew=skew or 0.0, artifact=noun, packs={p.name: p.artifact for p in chosen},
            tally=got.tally,
        )  # fmt: skip
    stages.append(over_budget("building the report", budget, before))
    if context is not None:
        from loganalyzer.report.context import test_zone, with_context

        zone = test_zone(got.logs, test_tz)
        report = with_context(report, paths, context, zone, stdin=stdin, max_bytes=limit,
                              max_line=line_limit)  # fmt: skip
        stages.append(over_budget("gathering the lines around failures", budget, before))
    # The first stage past the budget: the later ones only stay there.
    report.warnings.extend([s for s in stages if s is not None][:1])
    return report


def survey(
    paths: Sequence[str],
    *,
    test_tz: str | None = None,
    pattern_dirs: Sequence[Path] = (),
    packs: Sequence[str] | None = None,
    stdin: BinaryIO | None = None,
    max_bytes: int | None = None,
    force: Sequence[str] = (),
    max_line: int | None = None,
    memory_limit: int | None = None,
) -> list[InputRow]:
    """What each input was detected as, with its line accounting (``loganalyzer inputs``)."""
    from loganalyzer.extract.ingest import ingest
    from loganalyzer.extract.packs import load_packs
    from loganalyzer.read.sources import DEFAULT_MAX_BYTES, MAX_LINE_BYTES

    limit = DEFAULT_MAX_BYTES if max_bytes is None else max_bytes
    from loganalyzer.model.text import scrub

    line_limit = MAX_LINE_BYTES if max_line is None else max_line
    chosen = load_packs(pattern_dirs, packs)
    from loganalyzer.read.budget import DEFAULT_LIMIT, Budget, using

    with using(Budget(DEFAULT_LIMIT if memory_limit is None else memory_limit)):
        rows = ingest(paths, chosen, test_tz, stdin, limit, force, max_line=line_limit).inputs
    return scrub(rows)  # type: ignore[no-any-return]
