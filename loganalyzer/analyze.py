"""The whole pipeline: inputs -> formats -> events and specs -> pairs -> verdicts -> report."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO

import polars as pl

from loganalyzer.correlate import correlate
from loganalyzer.diagnose import diagnose
from loganalyzer.errors import InputError
from loganalyzer.extract import Extraction, empty_events, extract
from loganalyzer.formats import LINE_FORMATS, Detection, detect, ginkgo_text
from loganalyzer.patterns import Pack, load_packs
from loganalyzer.readers import HEAD_BYTES, Source, open_sources
from loganalyzer.report import InputRow, Report, build_report
from loganalyzer.specs import TestLog
from loganalyzer.timeparse import parse_zone


def analyze(
    paths: Sequence[str],
    *,
    test_tz: str | None = None,
    pattern_dirs: Sequence[Path] = (),
    stdin: BinaryIO | None = None,
) -> Report:
    """Analyse controller and test logs and return the report.

    >>> report = analyze(["samples/parallel-run"])  # doctest: +SKIP
    >>> report.summary["unobserved"]  # doctest: +SKIP
    4
    """
    packs = load_packs(pattern_dirs)
    inputs, frames, logs, warnings = _read(paths, packs, test_tz, stdin)
    if not frames and not logs:
        skipped = "; ".join(f"{row.path}: {row.note}" for row in inputs[:3])
        raise InputError(f"no controller or test logs recognised ({skipped})")
    events = pl.concat(frames, how="vertical") if frames else empty_events()
    if not frames:
        warnings.append("no controller log among the inputs: writes cannot be paired")
    elif events.filter(pl.col("kind") == "write").is_empty():
        names = ", ".join(p.name for p in packs) or "none"
        warnings.append(
            f"no file writes found in the controller logs (pattern packs: {names}); "
            "use --patterns to add a pack for this controller"
        )
    if not logs:
        warnings.append("no test log among the inputs: observations and verdicts are unknown")
    corr = correlate(events, logs, packs)
    warnings.extend(corr.warnings)
    zone_names = sorted({log.zone for log in logs})
    return build_report(
        inputs,
        corr,
        diagnose(corr, events),
        warnings,
        "; ".join(zone_names) if zone_names else None,
    )


def survey(
    paths: Sequence[str],
    *,
    test_tz: str | None = None,
    pattern_dirs: Sequence[Path] = (),
    stdin: BinaryIO | None = None,
) -> list[InputRow]:
    """What each input was detected as, with its line accounting (``loganalyzer inputs``)."""
    return _read(paths, load_packs(pattern_dirs), test_tz, stdin)[0]


def _read(
    paths: Sequence[str], packs: list[Pack], test_tz: str | None, stdin: BinaryIO | None
) -> tuple[list[InputRow], list[pl.DataFrame], list[TestLog], list[str]]:
    zone = parse_zone(test_tz) if test_tz else None
    inputs: list[InputRow] = []
    frames: list[pl.DataFrame] = []
    logs: list[TestLog] = []
    warnings: list[str] = []
    with open_sources(paths, stdin) as sources:
        if not sources:
            raise InputError(f"{', '.join(paths)}: no files found")
        for source in sources:
            head = source.head()
            found = detect(head, truncated=len(head) == HEAD_BYTES)
            if found.format in LINE_FORMATS:
                extraction = _controller(source, found, packs)
                frames.append(extraction.events)
                inputs.append(_controller_row(source, found, extraction, warnings))
            elif found.format == ginkgo_text.NAME:
                log = ginkgo_text.parse(_read_lines(source.path), source.name, zone)
                logs.append(log)
                warnings.extend(log.warnings)
                inputs.append(
                    InputRow(
                        source.name,
                        found.format,
                        found.role,
                        log.lines,
                        log.used,
                        log.skipped,
                        log.skip_reasons,
                        specs=len(log.specs),
                        note=f"test times in {log.zone}",
                    )
                )
            else:
                lines = _count_lines(source.path)
                inputs.append(
                    InputRow(
                        source.name,
                        None,
                        None,
                        lines,
                        0,
                        lines,
                        {"not a log": lines} if lines else {},
                        note=found.reason,
                    )
                )
    return inputs, frames, logs, warnings


def _controller(source: Source, found: Detection, packs: list[Pack]) -> Extraction:
    fmt = LINE_FORMATS[str(found.format)]
    patterns = [e for p in packs for e in p.events if e.role == "controller"]
    return extract(source.path, source.name, fmt, patterns)


def _controller_row(
    source: Source, found: Detection, extraction: Extraction, warnings: list[str]
) -> InputRow:
    note = "read line by line (the fast reader refused it)" if extraction.fallback else ""
    if extraction.untimed:
        warnings.append(
            f"{source.name}: {extraction.untimed} event line(s) had no parsable "
            "time and were left out"
        )
    return InputRow(
        source.name,
        found.format,
        found.role,
        extraction.lines,
        extraction.used,
        extraction.skipped,
        extraction.skip_reasons,
        events=extraction.events.height,
        note=note,
    )


def _read_lines(path: Path) -> list[str]:
    text = path.read_bytes().decode("utf-8", "replace")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return lines


def _count_lines(path: Path) -> int:
    count = 0
    last = b"\n"
    with path.open("rb") as fh:
        while chunk := fh.read(1 << 20):
            count += chunk.count(b"\n")
            last = chunk[-1:]
    return count + (last != b"\n")
