"""Read every input: detect its format, extract controller events, parse test logs.

The same controller output often arrives more than once (a ``kubectl logs`` copy
beside the CRI file of a ``kind export logs`` tree, whose ``containers/`` and
``pods/`` folders hold the same file twice). Such events are one event: they
are recognised by content and time, never by file name.
"""

from __future__ import annotations

import fnmatch
from collections import Counter
from collections.abc import Callable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import astuple, dataclass, field
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Any, BinaryIO

import polars as pl

from loganalyzer.errors import InputError
from loganalyzer.extract.line_reader import Extraction, all_events, empty_events
from loganalyzer.extract.packs import EventPattern, Pack
from loganalyzer.extract.pasted import (
    account,
    adjust_log,
    forced_paste,
    klog_clock,
    pasted_source,
    test_text,
)
from loganalyzer.extract.quotes import Quotes
from loganalyzer.extract.scan import extract
from loganalyzer.extract.write_columns import empty_writes
from loganalyzer.formats.detect import LINE_FORMATS, TEST_PARSERS, Detection, detect, forced
from loganalyzer.formats.ginkgo import console as ginkgo_text
from loganalyzer.formats.ginkgo.console import GUESSED
from loganalyzer.formats.times import iso_utc, parse_zone
from loganalyzer.model.report import InputRow
from loganalyzer.model.specs import Spec, Tally, TestLog, shift
from loganalyzer.model.text import counted
from loganalyzer.read.budget import current
from loganalyzer.read.lines import Progress
from loganalyzer.read.sources import DEFAULT_MAX_BYTES, MAX_LINE_BYTES, Source, iter_sources

# Events that are the same event seen in two files: same meaning, same second.
_SAME_EVENT = ["kind", "pattern", "key", "basename", "error", "_second"]
_SAME_WRITE = ["pattern", "key", "basename", "_second"]


@dataclass
class Ingested:
    inputs: list[InputRow]
    events: pl.DataFrame  # the events that are not writes
    logs: list[TestLog]
    warnings: list[str] = field(default_factory=list)
    controllers: int = 0
    tally: Tally = field(default_factory=Tally)  # spec counts, the logs' own counters first
    quotes: Quotes = field(default_factory=Quotes)  # the write lines' text
    writes: pl.DataFrame = field(default_factory=empty_writes)  # ``WRITE_SCHEMA``

    @property
    def all_events(self) -> pl.DataFrame:
        """The writes and the other events in one frame (see ``line_reader.all_events``)."""
        return all_events(self.writes, self.events)


def ingest(
    paths: Sequence[str],
    packs: list[Pack],
    test_tz: str | None,
    stdin: BinaryIO | None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    force: Sequence[str] = (),
    progress: Progress | None = None,
    max_line: int = MAX_LINE_BYTES,
) -> Ingested:
    """Read all inputs; every file gets an InputRow, recognised or not.

    A controller log that is a plain file is scanned in a worker thread, so that
    the test logs after it are parsed (in Python) while polars scans (without
    the GIL). Up to ``Budget.scans`` plain controller files are scanned at once; the
    budget sizes each scan's chunks for that many, which bounds memory. A stream waits
    for the scans before it. Results, errors included, are taken in input order.
    """
    zone = parse_zone(test_tz) if test_tz else None
    patterns = [e for p in packs for e in p.events if e.role == "controller"]
    overrides = _overrides(force)
    jobs: list[Future[_Read]] = []
    seen: set[str] = set()
    scans = current().scans
    with ThreadPoolExecutor(max_workers=scans, thread_name_prefix="loganalyzer-scan") as pool:
        try:
            for i, source in enumerate(iter_sources(paths, stdin, max_bytes, max_line)):
                same = str(source.path.resolve()) if source.path is not None else source.name
                if same in seen:  # the same file given twice is read once
                    again: Future[_Read] = Future()
                    row = InputRow(source.name, None, None, 0, 0, 0, note=ONCE)
                    again.set_result(_Read(row))
                    jobs.append(again)
                    continue
                seen.add(same)
                det = next(
                    (d for glob, d in overrides if fnmatch.fnmatchcase(source.name, glob)),
                    None,
                )
                det = (
                    forced_paste(det, source.head)
                    if det is not None
                    else detect(source.head, truncated=source.truncated)
                )
                if source.problem:
                    det = Detection(None, None, source.problem)
                if det.format in LINE_FORMATS and source.path is not None:
                    jobs.append(
                        pool.submit(_guarded, _controller, i, source, det, patterns, progress)
                    )
                    continue
                if det.format in LINE_FORMATS:
                    _settle(jobs)  # a stream is scanned here: not beside another scan
                done: Future[_Read] = Future()
                done.set_result(_guarded(_read, i, source, det, patterns, progress, zone))
                jobs.append(done)
        except BaseException:
            _settle(jobs)  # an earlier input's error is the one to report
            raise
        reads = [job.result() for job in jobs]
    if not reads:
        raise InputError(f"{', '.join(paths)}: no files found")
    _zone_from_reports([r for r in reads if r.log is not None])
    rows = [r.row for r in reads]
    warnings = [w for r in reads for w in r.warnings]
    tests = [r for r in reads if r.log is not None]
    logs = [r.log for r in tests if r.log is not None]
    tallies = {id(log): log.tally() for log in logs}
    for read in tests:
        if read.log is not None:
            warnings += _reconcile(read.log, read.row)
    joined: set[tuple[str, str]] = set()
    merged = merge_test_logs(logs, [r.format for r in tests], joined)
    runs = _runs(logs, joined)
    if len(runs) > 1:
        names = " | ".join(", ".join(log.source for log in run) for run in runs)
        warnings.append(
            f"the inputs hold {len(runs)} different test runs ({names}); their specs are "
            "counted together. To compare runs, use: loganalyzer compare RUN_A RUN_B"
        )
    tally = sum((_run_tally([tallies[id(log)] for log in run]) for run in runs), Tally())
    for row in rows:
        if merged.get(row.path):
            row.note = "; ".join(
                filter(
                    None,
                    [
                        row.note,
                        f"{counted(merged[row.path], 'spec')} also in a more precise report, "
                        "merged",
                    ],
                )
            )
    run_year = _year(logs)
    frames, write_frames = [], []
    quotes = Quotes()
    for read in reads:
        if read.got is None:
            continue
        got = read.got
        quotes.extend(got.quotes)
        if read.klog:  # klog has no year: the test logs know the run's
            got.others = _set_year(got.others, run_year)
            got.writes = _set_year(got.writes, run_year)
            if (got.others.height or got.writes.height) and run_year is not None:
                read.row.first_at = _with_year(read.row.first_at, run_year)
                read.row.last_at = _with_year(read.row.last_at, run_year)
        frames.append(got.others.with_columns(pl.lit(read.index).alias("_input")))
        write_frames.append(got.writes.with_columns(pl.lit(read.index).alias("_input")))
        read.got = None  # the frames above hold its events now
    events, dupes = _dedupe(frames, _SAME_EVENT, empty_events())
    writes, write_dupes = _dedupe(write_frames, _SAME_WRITE, empty_writes())
    for i, count in (dupes + write_dupes).items():
        rows[i].duplicates = count
    return Ingested(
        rows, events, logs, warnings, controllers=len(frames), tally=tally, quotes=quotes,
        writes=writes,
    )  # fmt: skip


ONCE = "the same file as an earlier input: read once"


def _reconcile(log: TestLog, row: InputRow) -> list[str]:
    """Check what was read against the file's own counters; say so when they disagree."""
    found = log.disagreements()
    if not found:
        return []
    said = ", ".join(
        f"parsed {parsed} {_WORDS[name]}, the log says {stated}" for name, parsed, stated in found
    )
    row.note = "; ".join(filter(None, [row.note, f"counters disagree: {said}"]))
    return [f"{log.source}: {said}; the totals follow the log's own counters"]


_WORDS = {"specs": "specs", "total": "specs in all", "ran": "specs that ran",
          "passed": "passed", "failed": "failed", "flaked": "flaked",
          "pending": "pending", "skipped": "skipped"}  # fmt: skip


def _zone_from_reports(tests: list[_Read]) -> None:
    """A console log whose zone was only guessed takes it from a report that states it.

    Without this, a console log and the JSON report of the same run do not overlap in
    time, so their specs are not recognised as the same and are counted twice.
    """
    offsets = Counter(r.log.offset for r in tests if r.log is not None and r.log.offset is not None)
    local = datetime.now().astimezone().utcoffset()
    if not offsets or local is None:
        return
    offset = offsets.most_common(1)[0][0]
    for read in tests:
        log = read.log
        if log is None or not log.zone.endswith(GUESSED):
            continue
        shift(log, local - offset)
        old, minutes = log.zone, int(offset.total_seconds() // 60)
        label = f"UTC{'-' if minutes < 0 else '+'}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
        log.zone = f"{label} (from a report given with it)"
        log.warnings = [w for w in log.warnings if "--test-tz" not in w]
        read.warnings = [w for w in read.warnings if "--test-tz" not in w]
        read.row.note = read.row.note.replace(old, log.zone)
        read.row.first_at, read.row.last_at = _span_of(log)


@dataclass
class _Read:
    """What one input gave: its row and warnings, and its test log or events."""

    row: InputRow
    warnings: list[str] = field(default_factory=list)
    log: TestLog | None = None
    format: str = ""
    got: Extraction | None = None  # a controller log's events
    klog: bool = False
    index: int = 0  # its place among the inputs


def parse_test_log(
    data: bytes, name: str, det: Detection, zone: tzinfo | None
) -> tuple[TestLog, list[str]]:
    """A test log as detected, pasted or wrapped copies normalised first; with notes on that."""
    assert det.format is not None
    if det.format == ginkgo_text.NAME and (det.paste or det.wrapper):
        text = test_text(data, det)
        log = ginkgo_text.parse(text.lines, name, zone)
        adjust_log(log, text)
        return log, text.notes
    return TEST_PARSERS[det.format](data, name, zone), []


def _read(
    i: int,
    source: Source,
    det: Detection,
    patterns: list[EventPattern],
    progress: Progress | None,
    zone: tzinfo | None,
) -> _Read:
    if det.format in TEST_PARSERS:
        data = source.read()
        if progress is not None:
            progress(len(data))  # the bar counts every input, not only the scanned ones
        log, notes = parse_test_log(data, source.name, det, zone)
        row = _test_row(source, det, log)
        row.note = "; ".join(filter(None, [row.note, *notes]))
        return _Read(row, list(log.warnings), log, det.format)
    if det.format in LINE_FORMATS:
        return _controller(i, source, det, patterns, progress)
    lines = _count_lines(source) if source.problem is None else 0
    reasons = {"not a log": lines} if lines else {}
    return _Read(InputRow(source.name, None, None, lines, 0, lines, reasons, note=det.reason))


# What a hostile or broken input raises while it is read: its value, not a bug of ours.
# polars' PanicException derives from BaseException, so it is named here too.
_INPUT_FAULTS: tuple[type[BaseException], ...] = (
    ValueError,  # bad dates, offsets, numbers; UnicodeError; JSON
    OverflowError,
    RecursionError,
    LookupError,  # an unknown encoding
    NotImplementedError,  # a compression method zipfile cannot read
    EOFError,
    OSError,
    pl.exceptions.PolarsError,
    pl.exceptions.PanicException,
)


def _guarded(read: Callable[..., _Read], i: int, source: Source, *args: Any) -> _Read:
    """``read(i, source, ...)``; an input that cannot be read is skipped with its reason.

    The rest of the run goes on: one bad file, or a value in it no reader expected, costs
    that file, listed in ``inputs`` with the reason and warned about, never the run.
    """
    try:
        got = read(i, source, *args)
        got.warnings.extend(f"{source.name}: {note}" for note in source.notes)
        return got
    except InputError:
        raise
    except _INPUT_FAULTS as exc:
        reason = f"could not be read: {type(exc).__name__}: {_first_line(str(exc))}"
        row = InputRow(source.name, None, None, 0, 0, 0, {}, note=reason)
        return _Read(row, [f"{source.name}: {reason}; the file was left out"])


def _first_line(text: str) -> str:
    line = text.strip().split("\n", 1)[0]
    return line if len(line) <= 200 else line[:197] + "..."


def _controller(
    i: int, source: Source, det: Detection, patterns: list[EventPattern], progress: Progress | None
) -> _Read:
    fmt = LINE_FORMATS[str(det.format)]
    year = (source.mtime or datetime.now(UTC)).year
    klog = fmt.time_layout == "klog"
    warnings: list[str] = []
    notes: list[str] = []
    clock = klog_clock(source, det.wrapper, fmt) if klog and det.wrapper else None
    offset = clock.offset if clock else timedelta(0)
    if clock is not None:  # the runtime's stamps date klog: not the test logs' year
        year, klog = clock.year, False
        notes += [clock.note] if clock.note else []
        warnings += [clock.warning] if clock.warning else []
    read_from, paste, strip = source, None, None
    if det.paste:
        found = pasted_source(source, fmt, det.wrapper is not None)
        if found is not None:
            read_from, paste = found
        elif det.strip:
            strip = det.strip
            notes.append("too big for a paste: only its constant prefix and indent stripped")
    got = extract(read_from, fmt, patterns, det.wrapper, year, progress, strip)
    if paste is not None:
        account(got, paste)
        notes.append(paste.note())
    if offset:
        got.shifted(offset)
        got.first_at = got.first_at + offset if got.first_at else None
        got.last_at = got.last_at + offset if got.last_at else None
    row = _controller_row(source, det, got, warnings)
    row.note = "; ".join(filter(None, [row.note, *notes]))
    return _Read(row, warnings, got=got, klog=klog, index=i)


def _settle(jobs: list[Future[_Read]]) -> None:
    """Wait for the jobs started so far; the first one that failed raises its error."""
    for job in jobs:
        job.result()


def merge_test_logs(
    logs: list[TestLog], formats: list[str], joined: set[tuple[str, str]] | None = None
) -> dict[str, int]:
    """One spec per spec run: when several reports describe it, keep the most precise.

    Specs are the same when their names match and their windows overlap, so the
    same spec in two different runs stays two specs. Returns, per source, how many
    of its specs gave way; ``joined`` collects the pairs of sources that shared a spec.
    """
    rank = {name: i for i, name in enumerate(TEST_PARSERS)}
    order = sorted(range(len(logs)), key=lambda i: rank[formats[i]])
    kept: dict[str, list[Spec]] = {}
    merged: dict[str, int] = {}
    for i in order:
        log = logs[i]
        for group in ("specs", "suite_nodes"):
            mine: list[Spec] = getattr(log, group)
            survivors = []
            for spec in mine:
                twins = kept.setdefault(spec.name, [])
                twin = next(
                    (t for t in twins if t.source != spec.source and _overlap(spec, t)), None
                )
                if twin is not None:
                    merged[log.source] = merged.get(log.source, 0) + 1
                    if joined is not None:
                        joined.add((twin.source, log.source))
                    continue
                twins.append(spec)
                survivors.append(spec)
            setattr(log, group, survivors)
    return merged


def _runs(logs: list[TestLog], joined: set[tuple[str, str]]) -> list[list[TestLog]]:
    """Group the test logs by run: logs that share a spec, or whose times overlap.

    A log with no time at all (only counters) joins the run whose counters it repeats,
    or the only run there is.
    """
    runs: list[list[TestLog]] = []
    untimed: list[TestLog] = []
    for log in logs:
        span = _window(log)
        if span is None:
            untimed.append(log)
            continue
        mine = [
            run
            for run in runs
            if any(
                (other.source, log.source) in joined
                or (log.source, other.source) in joined
                or _meets(span, _window(other))
                for other in run
            )
        ]
        for run in mine[1:]:
            mine[0].extend(run)
            runs.remove(run)
        if mine:
            mine[0].append(log)
        else:
            runs.append([log])
    for log in untimed:
        same = [r for r in runs if any(o.tally() == log.tally() for o in r)]
        target = same[0] if same else (runs[0] if len(runs) == 1 else None)
        if target is not None:
            target.append(log)
        else:
            runs.append([log])
    return runs


def _window(log: TestLog) -> tuple[datetime, datetime] | None:
    starts = [s.start for s in log.specs + log.suite_nodes if s.start is not None]
    ends = [s.end for s in log.specs + log.suite_nodes if s.end is not None]
    return (min(starts), max(ends)) if starts and ends else None


def _meets(a: tuple[datetime, datetime], b: tuple[datetime, datetime] | None) -> bool:
    return b is not None and a[0] <= b[1] and b[0] <= a[1]


def _run_tally(tallies: list[Tally]) -> Tally:
    """One run described by several logs: each count is the largest any of them gives."""
    return Tally(*(max(values) for values in zip(*map(astuple, tallies), strict=True)))


def _overlap(a: Spec, b: Spec) -> bool:
    if a.start is None or a.end is None or b.start is None or b.end is None:
        return False
    return a.start <= b.end and b.start <= a.end


def _overrides(force: Sequence[str]) -> list[tuple[str, Detection]]:
    try:
        return [forced(spec) for spec in force]
    except ValueError as exc:
        raise InputError(str(exc)) from exc


def _set_year(frame: pl.DataFrame, year: int | None) -> pl.DataFrame:
    """Move a klog file's events into the run's year (the file's date was only a guess)."""
    if year is None or frame.is_empty():
        return frame
    years = pl.lit(year) - pl.col("at").dt.year().cast(pl.Int32)
    return frame.with_columns(pl.col("at").dt.offset_by(pl.format("{}y", years)))


def _with_year(stamp: str | None, year: int) -> str | None:
    return f"{year:04d}{stamp[4:]}" if stamp else None


def _year(logs: list[TestLog]) -> int | None:
    """The year of the run, for year-less klog stamps: taken from the test logs."""
    years: Counter[int] = Counter()
    for log in logs:
        for spec in log.specs:
            if spec.start is not None:
                years[spec.start.year] += 1
    return years.most_common(1)[0][0] if years else None


def _dedupe(
    frames: list[pl.DataFrame], same: list[str], empty: pl.DataFrame
) -> tuple[pl.DataFrame, Counter[int]]:
    """Keep each event once, from the first input that has it (the same ``same`` columns);
    count what each input repeated."""
    if not frames:
        return empty, Counter()
    if len(frames) == 1:  # one input repeats nothing
        return frames[0].drop("_input"), Counter()
    events = pl.concat(frames, how="vertical").with_columns(
        pl.col("at").dt.truncate("1s").alias("_second")
    )
    first = pl.col("_input").min().over(same, mapping_strategy="group_to_rows")
    marked = events.with_columns((pl.col("_input") != first).alias("_dupe"))
    counts = marked.filter("_dupe").group_by("_input").len()
    dupes = Counter({int(r["_input"]): int(r["len"]) for r in counts.iter_rows(named=True)})
    kept = marked.filter(~pl.col("_dupe")).drop("_input", "_second", "_dupe")
    return kept, dupes


def _span_of(log: TestLog) -> tuple[str | None, str | None]:
    """The earliest and latest time of a test log (not its first and last lines')."""
    starts = [s.start for s in log.specs + log.suite_nodes if s.start is not None]
    ends = [s.end for s in log.specs + log.suite_nodes if s.end is not None]
    return (iso_utc(min(starts)) if starts else None), (iso_utc(max(ends)) if ends else None)


def _test_row(source: Source, det: Detection, log: TestLog) -> InputRow:
    first, last = _span_of(log)
    return InputRow(
        source.name,
        det.label,
        det.role,
        log.lines,
        log.used,
        log.skipped,
        log.skip_reasons,
        specs=len(log.specs),
        first_at=first,
        last_at=last,
        note="; ".join([*([det.reason] if det.reason else []), f"test times: {log.zone}"]),
    )


def _controller_row(
    source: Source, det: Detection, got: Extraction, warnings: list[str]
) -> InputRow:
    notes = [det.reason] if det.reason else []
    if got.fallback:
        notes.append("read line by line (the fast reader refused it)")
    if got.joined:
        notes.append(f"{counted(got.joined, 'record')} rejoined from partial lines")
    # The first and last lines bound nothing in a log whose lines are out of order: the
    # range is the earliest and latest time, of those lines and of every event.
    times: list[datetime] = [t for t in (got.first_at, got.last_at) if t is not None]
    for frame in (got.others, got.writes):
        column = frame.get_column("at")
        times += [t for t in (column.min(), column.max()) if isinstance(t, datetime)]
    if got.untimed:
        warnings.append(
            f"{source.name}: {counted(got.untimed, 'event line')} without a parsable time left out"
        )
    return InputRow(
        source.name,
        det.label,
        det.role,
        got.lines,
        got.used,
        got.skipped,
        got.skip_reasons,
        events=got.others.height + got.writes.height,
        first_at=iso_utc(min(times)) if times else None,
        last_at=iso_utc(max(times)) if times else None,
        note="; ".join(notes),
    )


def _count_lines(source: Source) -> int:
    count = 0
    last = b"\n"
    for chunk in source.chunks():
        count += chunk.count(b"\n")
        last = chunk[-1:]
    return count + (last != b"\n")
