"""``--context``: each failed spec's merged lines, around its write and its deadline."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import UTC, datetime, tzinfo
from typing import BinaryIO

from loganalyzer.errors import LogAnalyzerError
from loganalyzer.extract.context import Failure, gather
from loganalyzer.formats.times import parse_zone
from loganalyzer.model.report import Report, SpecRow
from loganalyzer.model.specs import TestLog
from loganalyzer.model.status import VerdictKind
from loganalyzer.model.text import scrub
from loganalyzer.report.failure import DEADLINE, DELIVERY_ERROR, WRITE


def test_zone(logs: Sequence[TestLog], test_tz: str | None) -> tzinfo:
    """The zone of zone-less test stamps: ``--test-tz``, else the one the logs were read in.

    >>> test_zone([], "-05:00").utcoffset(None).total_seconds()
    -18000.0
    """
    if test_tz:
        return parse_zone(test_tz)
    for log in logs:
        label = log.zone.split(" (")[0].strip()
        try:
            return parse_zone(label.removeprefix("UTC") or "UTC")
        except LogAnalyzerError:
            continue
    return datetime.now().astimezone().tzinfo or UTC


def failure_of(spec: SpecRow, report: Report) -> Failure:
    """A failed spec's times (its writes and deadline, else its end) and keys."""
    times = [
        datetime.fromisoformat(e.time)
        for e in spec.evidence
        if e.time is not None and e.label in (WRITE, DEADLINE)
    ]
    # A file never written: the first failed try stands for the write.
    tried = [e.time for e in spec.evidence if e.time is not None and e.label == DELIVERY_ERROR]
    times += [datetime.fromisoformat(tried[0])] if tried and not any(
        e.label == WRITE for e in spec.evidence) else []  # fmt: skip
    if not times and spec.ended_at is not None:
        times = [datetime.fromisoformat(spec.ended_at)]
    keys = sorted(keys_of(spec) | {p.key for p in report.pairs if p.spec == spec.name and p.key})
    return Failure(spec.name, times, keys)


def keys_of(spec: SpecRow) -> set[str]:
    """The keys a verdict's reason leads with (``e2e-a, e2e-b: no file was written …``):
    a key never written has no pair to name it."""
    if spec.verdict not in (VerdictKind.NOT_WRITTEN, VerdictKind.VISIBILITY_LATENCY):
        return set()
    head, sep, _ = spec.reason.partition(": ")
    names = head.split(", ")
    return {n for n in names if n and " " not in n} if sep else set()


def with_context(
    report: Report,
    paths: Sequence[str],
    seconds: float,
    zone: tzinfo,
    *,
    stdin: BinaryIO | None = None,
    max_bytes: int,
    max_line: int,
) -> Report:
    """The report with ``context`` set on each failed spec (see ``extract.context``)."""
    failed = [s for s in report.specs if s.verdict is not None]
    if not failed:
        return report
    found = gather(
        [failure_of(s, report) for s in failed], report.inputs, paths, seconds, zone,
        stdin=stdin, max_bytes=max_bytes, max_line=max_line,
    )  # fmt: skip
    contexts = {id(s): scrub(c) for s, c in zip(failed, found, strict=True)}
    specs = [replace(s, context=contexts[id(s)]) if id(s) in contexts else s for s in report.specs]
    return replace(report, specs=specs)
