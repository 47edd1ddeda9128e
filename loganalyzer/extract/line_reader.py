"""Events: the frame every controller reader produces, and the per-line reader.

The per-line reader is the reference: it reads files polars refuses, rebuilds
records split into partial container lines, and the fast path must give its answers.
"""

from __future__ import annotations

import contextlib
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import polars as pl
import regex

from loganalyzer.extract.packs import EventPattern, match_event
from loganalyzer.extract.quotes import Quotes
from loganalyzer.extract.write_columns import as_events, empty_writes, split_writes
from loganalyzer.formats.ansi import strip_ansi
from loganalyzer.formats.containers import Wrapper
from loganalyzer.formats.line_format import LineFormat
from loganalyzer.formats.times import UTC_DTYPE, parse_record_time

EVENT_SCHEMA: dict[str, pl.DataType] = {
    # A log, pack, pattern and kind repeat on every row: categories, 4 bytes a row.
    "source": pl.Categorical(),
    "line_no": pl.Int64(),
    "pack": pl.Categorical(),
    "pattern": pl.Categorical(),
    "kind": pl.Categorical(),
    "key": pl.String(),
    "path": pl.String(),
    "basename": pl.String(),
    "at": UTC_DTYPE,
    "res": pl.Float64(),
    "error": pl.String(),
    "text": pl.String(),
}
TEXT_LIMIT = 400


@dataclass
class Extraction:
    """The events of one file and how its lines were accounted for: the writes
    (``write_columns.WRITE_SCHEMA``) apart from the others (:data:`EVENT_SCHEMA`)."""

    others: pl.DataFrame
    writes: pl.DataFrame = field(default_factory=empty_writes)
    lines: int = 0
    used: int = 0
    skip_reasons: dict[str, int] = field(default_factory=dict)
    untimed: int = 0
    fallback: bool = False
    joined: int = 0  # records rebuilt from partial (P) container lines
    first_at: datetime | None = None  # the time range of the log's records
    last_at: datetime | None = None
    quotes: Quotes = field(default_factory=Quotes)  # the write lines' text, when not in events

    @property
    def skipped(self) -> int:
        return sum(self.skip_reasons.values())

    @property
    def events(self) -> pl.DataFrame:
        """Every event in one frame, in line order (writes without their text)."""
        return all_events(self.writes, self.others)

    def quoted_events(self) -> pl.DataFrame:
        """The events with every line's text, the writes' included (kept in ``quotes``)."""
        return self.quotes.fill(self.events)

    def shifted(self, by: timedelta) -> None:
        """Every event's time moved ``by``."""
        later = pl.col("at") + by
        self.others = self.others.with_columns(later)
        self.writes = self.writes.with_columns(later)


def empty_events() -> pl.DataFrame:
    return pl.DataFrame(schema=EVENT_SCHEMA)


def all_events(writes: pl.DataFrame, others: pl.DataFrame) -> pl.DataFrame:
    """The writes (``WRITE_SCHEMA``) and the other events in one frame of every event, in
    line order, the writes without their text: for a check or a small log, not the hot path."""
    if writes.is_empty():
        return others
    every = pl.concat([as_events(writes, EVENT_SCHEMA), others])
    return every.sort(["source", "line_no", "pattern"], maintain_order=True)


class LineReader:
    """Reads lines one at a time with the same rules as the fast path."""

    def __init__(
        self,
        source: str,
        fmt: LineFormat,
        patterns: list[EventPattern],
        wrapper: Wrapper | None,
        year: int | None,
        strip: str | None = None,
    ) -> None:
        self.source, self.fmt, self.patterns = source, fmt, patterns
        self.wrapper, self.year = wrapper, year
        self.time_re = regex.compile(fmt.time)
        # A constant prefix or indent a paste put before every line (formats.paste).
        self.strip = strip
        self._strip_re = regex.compile(strip) if strip else None

    def unprefixed(self, line: str) -> str:
        return self._strip_re.sub("", line, count=1) if self._strip_re else line

    def kind(self, text: str) -> str:
        if not text.strip():
            return "blank"
        if self.fmt.is_record(text):
            return "records"
        if self.fmt.is_continuation(text):
            return "continuations"
        return "unrecognised"

    def read(self, data: bytes) -> Extraction:
        """Per-line reading for files polars refuses; must give the fast path's answers."""
        counts, rows, joined = self.read_lines(data, 1)
        events = pl.DataFrame(rows, schema=EVENT_SCHEMA) if rows else empty_events()
        result = finish(events, dict(counts))
        result.fallback, result.joined = True, joined
        return result

    def read_lines(
        self, data: bytes, first: int
    ) -> tuple[Counter[str], list[dict[str, object]], int]:
        """Counts, event rows and rejoined records of ``data``, numbered from ``first``."""
        counts: Counter[str] = Counter()
        rows: list[dict[str, object]] = []
        pending: dict[str, list[tuple[int, str]]] = {}
        joined = 0
        for line_no, raw in enumerate(split_lines(data), first):
            counts["lines"] += 1
            text = line = self.unprefixed(raw)
            if self.wrapper is not None:
                piece = self.wrapper.unwrap(line)
                if piece is None:
                    counts["blank" if not line.strip() else "unwrapped"] += 1
                    continue
                if piece.tag == "P":
                    counts["partial"] += 1
                    pending.setdefault(piece.stream, []).append((line_no, piece.payload))
                    continue
                text = piece.payload
                parts = pending.pop(piece.stream, [])
                if parts:
                    joined += 1
                    line_no, text = parts[0][0], "".join(p for _, p in parts) + text
            counts[self.kind(text)] += 1
            rows.extend(self.events(text, line_no))
        for parts in pending.values():  # pieces never completed: the file ended first
            counts[self.kind("".join(p for _, p in parts))] += 1
            rows.extend(self.events("".join(p for _, p in parts), parts[0][0]))
        return counts, rows, joined

    def events(self, text: str, line_no: int) -> list[dict[str, object]]:
        rows: list[dict[str, object]] = []
        for pattern in self.patterns:
            got = match_event(pattern, text)
            if got is None:
                continue
            stamp_match = self.time_re.search(text)
            stamp = stamp_match.group(1) if stamp_match else None
            at, res = (
                parse_record_time(stamp, self.fmt.time_layout, self.year) if stamp else (None, 1.0)
            )
            tf = pattern.time_from
            if tf is not None and tf.capture in got:
                with contextlib.suppress(ValueError):
                    at, res = tf.parse(got[tf.capture]), tf.resolution
            path_value = got.get("path")
            rows.append(
                {
                    "source": self.source,
                    "line_no": line_no,
                    "pack": pattern.pack,
                    "pattern": pattern.id,
                    "kind": pattern.kind,
                    "key": got.get("key"),
                    "path": path_value,
                    "basename": pattern.name_of(path_value) if path_value else None,
                    "at": at,
                    "res": res,
                    "error": got.get("error"),
                    "text": strip_ansi(text)[:TEXT_LIMIT],
                }
            )
        return rows


def joins(
    rows: list[tuple[int, str, str, str]],
) -> list[tuple[int, str, tuple[int, str] | None]]:
    """Group P pieces with the next F line of the same stream.

    ``rows`` are (line_no, stream, tag, payload) sorted by line number; returns
    (first line, joined text, (tail line, tail text) or None at end of file).
    """
    pending: dict[str, list[tuple[int, str]]] = {}
    out: list[tuple[int, str, tuple[int, str] | None]] = []
    for line_no, stream, tag, payload in rows:
        if tag == "P":
            pending.setdefault(stream, []).append((line_no, payload))
        elif stream in pending:
            parts = pending.pop(stream)
            out.append((parts[0][0], "".join(p for _, p in parts) + payload, (line_no, payload)))
    for parts in pending.values():
        out.append((parts[0][0], "".join(p for _, p in parts), None))
    return out


def finish(
    events: pl.DataFrame,
    counts: dict[str, int],
    writes: pl.DataFrame | None = None,
    quotes: Quotes | None = None,
) -> Extraction:
    """The extraction of ``events`` (:data:`EVENT_SCHEMA`) and ``writes`` (split already),
    the writes' text kept in ``quotes``; untimed events are counted and left out."""
    quotes = Quotes() if quotes is None else quotes
    more, events, texts = split_writes(events)  # the per-line reader's writes, if any
    quotes.add(texts)
    if writes is None:
        writes = more
    elif more.height:
        writes = pl.concat([writes, more])
    untimed = 0
    frames = []
    order = ["source", "line_no", "pattern"]
    for frame in (events, writes):
        if frame.get_column("at").null_count():
            timed = frame.filter(pl.col("at").is_not_null())
            untimed += frame.height - timed.height
            frame = timed
        if not in_order(frame, order):  # a million events in order need no sorted copy
            frame = frame.sort(order)
        frames.append(frame)
    events, writes = frames
    lines = counts.get("lines", 0)
    used = counts.get("records", 0) + counts.get("continuations", 0) + counts.get("partial", 0)
    blank, unwrapped = counts.get("blank", 0), counts.get("unwrapped", 0)
    reasons = {
        "blank": blank,
        "not a container log line": unwrapped,
        "unrecognised": lines - used - blank - unwrapped,
    }
    return Extraction(
        others=events,
        writes=writes,
        quotes=quotes,
        lines=lines,
        used=used,
        skip_reasons={k: v for k, v in reasons.items() if v},
        untimed=untimed,
    )


def in_order(frame: pl.DataFrame, keys: Sequence[str | pl.Expr]) -> bool:
    """Are the rows in the order ``frame.sort(keys)`` gives (ties in any order, no key null)?
    One pass over the keys: cheaper than the sorted copy it spares."""
    if frame.height < 2:
        return True
    columns = [pl.col(k) if isinstance(k, str) else k for k in keys]
    ordered = pl.lit(True)  # at or after the row before, lexicographically
    for now in reversed(columns):
        before = now.shift(1)
        ordered = (now > before) | ((now == before) & ordered)
    nulls = pl.any_horizontal([k.is_null().any() for k in columns])
    return bool(frame.select(~nulls & ordered.slice(1).all()).item())


def split_lines(raw: bytes) -> list[str]:
    data = raw.decode("utf-8", "replace")
    lines = data.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line.removesuffix("\r") for line in lines]
