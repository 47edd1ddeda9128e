"""Controller logs -> events: one lazy polars scan per file, literal prefilter, then regexes.

Raw lines never reach Python on the fast path: a streaming scan counts the
lines each format accounts for and keeps only the lines that contain one of the
packs' literals. Input that polars refuses (a line holding the separator byte)
takes the per-line fallback, which gives the same events.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import regex

from loganalyzer.formats.line_format import LineFormat
from loganalyzer.patterns import EventPattern, match_event
from loganalyzer.timeparse import (
    UTC_DTYPE,
    parse_leftover,
    parse_record_time,
    parse_record_times,
    strptime_to_polars,
)

EVENT_SCHEMA: dict[str, pl.DataType] = {
    "source": pl.String(),
    "line_no": pl.Int64(),
    "pack": pl.String(),
    "pattern": pl.String(),
    "kind": pl.String(),
    "key": pl.String(),
    "path": pl.String(),
    "basename": pl.String(),
    "at": UTC_DTYPE,
    "res": pl.Float64(),
    "error": pl.String(),
    "text": pl.String(),
}
_ANSI = r"\x1b\[[0-9;]*[A-Za-z]"
_TEXT_LIMIT = 400
_SEPARATOR = "\x1f"


@dataclass
class Extraction:
    """The events of one file and how its lines were accounted for."""

    events: pl.DataFrame
    lines: int = 0
    used: int = 0
    skip_reasons: dict[str, int] = field(default_factory=dict)
    untimed: int = 0
    fallback: bool = False

    @property
    def skipped(self) -> int:
        return sum(self.skip_reasons.values())


def empty_events() -> pl.DataFrame:
    return pl.DataFrame(schema=EVENT_SCHEMA)


def scan_lines(path: Path) -> pl.LazyFrame:
    """Every line of a file as ``line_no`` (1-based) and ``line``; nothing is parsed."""
    return pl.scan_csv(
        path,
        has_header=False,
        separator=_SEPARATOR,
        quote_char=None,
        encoding="utf8-lossy",
        schema={"line": pl.String},
        row_index_name="line_no",
        row_index_offset=1,
    )


def extract(path: Path, source: str, fmt: LineFormat, patterns: list[EventPattern]) -> Extraction:
    """Events and line counts for one controller file, fast path first.

    >>> from loganalyzer.formats.zap_console import FORMAT  # doctest: +SKIP
    >>> extract(Path("controller.log"), "controller.log", FORMAT, packs[0].events)
    """
    try:
        return _fast(path, source, fmt, patterns)
    except pl.exceptions.PolarsError:
        return _fallback(path, source, fmt, patterns)


def _fast(path: Path, source: str, fmt: LineFormat, patterns: list[EventPattern]) -> Extraction:
    lf = scan_lines(path)
    line = pl.col("line")
    blank = line.is_null() | (line.str.strip_chars() == "")
    record = line.str.contains(fmt.record).fill_null(False)
    cont = ~record & line.str.contains(fmt.continuation or "$^").fill_null(False) & ~blank
    counts_lf = lf.select(
        pl.len().alias("lines"),
        record.sum().alias("records"),
        cont.sum().alias("continuations"),
        blank.sum().alias("blank"),
    )
    literals = sorted({p.contains for p in patterns})
    plans = [counts_lf]
    if literals:
        wanted = pl.any_horizontal([line.str.contains(lit, literal=True) for lit in literals])
        plans.append(lf.filter(wanted.fill_null(False)))
    frames = pl.collect_all(plans, engine="streaming")
    counts = frames[0].row(0, named=True)
    hits = frames[1] if literals else pl.DataFrame(schema={"line_no": pl.UInt32, "line": pl.String})
    events = pl.concat(
        [_events_fast(hits, source, fmt, p) for p in patterns] or [empty_events()],
        how="vertical",
    )
    return _finish(
        events,
        int(counts["lines"]),
        int(counts["records"]),
        int(counts["continuations"]),
        int(counts["blank"]),
    )


def _events_fast(
    hits: pl.DataFrame, source: str, fmt: LineFormat, pattern: EventPattern
) -> pl.DataFrame:
    groups = list(pattern.compiled.groupindex)
    line = pl.col("line")
    matched = hits.filter(
        line.str.contains(pattern.contains, literal=True) & line.str.contains(pattern.regex)
    ).with_columns(line.str.extract_groups(pattern.regex).alias("g"))

    def capture(name: str) -> pl.Expr:
        if name in groups:
            return pl.col("g").struct.field(name)
        return pl.lit(None, dtype=pl.String)

    stamp = line.str.extract(fmt.time, 1)
    rec_at, rec_res = parse_record_times(stamp)
    at, res = rec_at, rec_res
    if pattern.time_from is not None:
        tf = pattern.time_from
        own = (
            capture(tf.capture)
            .str.to_datetime(strptime_to_polars(tf.format), strict=False, time_unit="us")
            .dt.replace_time_zone(tf.tz if tf.tz != "UTC" else "UTC")
            .dt.convert_time_zone("UTC")
        )
        at = pl.coalesce(own, rec_at)
        res = pl.when(own.is_not_null()).then(pl.lit(tf.resolution)).otherwise(rec_res)
    frame = matched.select(
        pl.lit(source).alias("source"),
        pl.col("line_no").cast(pl.Int64),
        pl.lit(pattern.pack).alias("pack"),
        pl.lit(pattern.id).alias("pattern"),
        pl.lit(pattern.kind).alias("kind"),
        capture("key").alias("key"),
        capture("path").alias("path"),
        capture("path").str.extract(r"([^/\\]+)$", 1).alias("basename"),
        at.cast(UTC_DTYPE).alias("at"),
        res.cast(pl.Float64).alias("res"),
        capture("error").alias("error"),
        line.str.replace_all(_ANSI, "").str.slice(0, _TEXT_LIMIT).alias("text"),
        stamp.alias("_stamp"),
    )
    return _leftover_times(frame).select(list(EVENT_SCHEMA))


def _leftover_times(frame: pl.DataFrame) -> pl.DataFrame:
    """dateutil for the few stamps no vectorised format took."""
    todo = frame.filter(pl.col("at").is_null() & pl.col("_stamp").is_not_null())
    if todo.is_empty():
        return frame
    values = todo.get_column("_stamp").unique().to_list()
    lookup = pl.DataFrame(
        {"_stamp": values, "_fixed": [parse_leftover(v) for v in values]},
        schema={"_stamp": pl.String, "_fixed": UTC_DTYPE},
    )
    return (
        frame.join(lookup, on="_stamp", how="left")
        .with_columns(pl.coalesce("at", "_fixed").alias("at"))
        .drop("_fixed")
    )


def _finish(events: pl.DataFrame, lines: int, records: int, conts: int, blank: int) -> Extraction:
    untimed = events.filter(pl.col("at").is_null()).height
    events = events.filter(pl.col("at").is_not_null()).sort(["source", "line_no", "pattern"])
    reasons = {"blank": blank, "unrecognised": lines - records - conts - blank}
    return Extraction(
        events=events,
        lines=lines,
        used=records + conts,
        skip_reasons={k: v for k, v in reasons.items() if v},
        untimed=untimed,
    )


def _fallback(path: Path, source: str, fmt: LineFormat, patterns: list[EventPattern]) -> Extraction:
    """Per-line reading for files polars refuses; must give the fast path's answers."""
    rows: list[dict[str, object]] = []
    counts: Counter[str] = Counter()
    time_re = regex.compile(fmt.time)
    ansi = regex.compile(_ANSI)
    for line_no, line in enumerate(_read_lines(path), 1):
        counts["lines"] += 1
        if not line.strip():
            counts["blank"] += 1
            continue
        if fmt.is_record(line):
            counts["records"] += 1
        elif fmt.is_continuation(line):
            counts["continuations"] += 1
        for pattern in patterns:
            got = match_event(pattern, line)
            if got is None:
                continue
            stamp_match = time_re.search(line)
            stamp = stamp_match.group(1) if stamp_match else None
            at, res = parse_record_time(stamp) if stamp else (None, 1.0)
            if at is None and stamp:
                at = parse_leftover(stamp)
            tf = pattern.time_from
            if tf is not None and tf.capture in got:
                with contextlib.suppress(ValueError):
                    at, res = tf.parse(got[tf.capture]), tf.resolution
            path_value = got.get("path")
            rows.append(
                {
                    "source": source,
                    "line_no": line_no,
                    "pack": pattern.pack,
                    "pattern": pattern.id,
                    "kind": pattern.kind,
                    "key": got.get("key"),
                    "path": path_value,
                    "basename": regex.split(r"[/\\]", path_value)[-1] if path_value else None,
                    "at": at,
                    "res": res,
                    "error": got.get("error"),
                    "text": ansi.sub("", line)[:_TEXT_LIMIT],
                }
            )
    events = pl.DataFrame(rows, schema=EVENT_SCHEMA) if rows else empty_events()
    result = _finish(
        events, counts["lines"], counts["records"], counts["continuations"], counts["blank"]
    )
    result.fallback = True
    return result


def _read_lines(path: Path) -> list[str]:
    data = path.read_bytes().decode("utf-8", "replace")
    lines = data.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]
