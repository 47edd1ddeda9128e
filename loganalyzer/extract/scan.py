"""Controller logs -> events: one lazy polars scan per file, literal prefilter, then regexes.

Raw lines never reach Python on the fast path: a streaming scan counts the
lines each format accounts for and keeps only the lines that contain one of the
packs' literals or are not plain records. A block polars refuses (a line holding
the separator byte) takes the per-line reader, which gives the same events.

The scan earns its place beside that reader: on bench.py's 1 GiB plain log it takes
about 2 s and holds under 300 MiB; the per-line reader takes 26 s and 3.5 GiB (2 cores).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from functools import cached_property
from pathlib import Path

import polars as pl
import regex

from loganalyzer.extract.line_reader import (
    EVENT_SCHEMA,
    TEXT_LIMIT,
    Extraction,
    LineReader,
    finish,
    joins,
    split_lines,
)
from loganalyzer.extract.packs import EventPattern
from loganalyzer.extract.quotes import Quotes
from loganalyzer.extract.write_columns import empty_writes, split_writes
from loganalyzer.formats.ansi import ANSI
from loganalyzer.formats.containers import Wrapper
from loganalyzer.formats.line_format import LineFormat
from loganalyzer.formats.times import (
    UTC_DTYPE,
    fill_leftover_times,
    parse_record_time,
    parse_record_times,
    strptime_to_polars,
)
from loganalyzer.read.lines import (
    Meter,
    Progress,
    Rewindable,
    Scan,
    copied,
    edges_of,
    last_line,
    last_line_of,
    last_row,
    lines_from,
    scan_lines,
)
from loganalyzer.read.sources import MAX_LINE_BYTES, Source, long_lines_note, read_ahead

_LONG_HEAD = 4096  # what is kept of a line past --max-line


def extract(
    source: Source,
    fmt: LineFormat,
    patterns: list[EventPattern],
    wrapper: Wrapper | None = None,
    year: int | None = None,
    progress: Progress | None = None,
    strip: str | None = None,
) -> Extraction:
    """Events and line counts for one controller log, fast path first.

    ``progress`` is told how many bytes have been read since it was last told.

    ``wrapper`` unwraps container-runtime lines (CRI, Docker json-file) first;
    ``year`` completes year-less stamps (klog); ``strip`` is a regex for a constant
    prefix (or indent) before every line, removed in the scan itself. A plain file
    is scanned in one streaming pass; a stream (compressed, archived, stdin) in bounded blocks,
    read ahead in a thread so that decompression overlaps the scan. A file
    polars refuses is read in blocks too, and only the refused blocks per line.
    """
    reader = _Reader(source.name, fmt, patterns, wrapper, year, strip)
    reader.max_line = source.max_line
    told = reader.progress = Rewindable(progress) if progress else None
    if source.path is not None:
        try:
            if _small(source.path, source.max_line):
                return reader.small_file(source.path)
            got = reader.fast_file(source.path)
            if reader.too_long:
                source.notes.append(long_lines_note(reader.too_long, source.max_line))
            return got
        except (pl.exceptions.PolarsError, OSError):  # OSError: bytes polars took for zstd/gzip
            if told:
                told.rewind()  # the blocks read the same bytes again
    return reader.fast(read_ahead(source.chunks()))


def extract_per_line(
    source: Source,
    fmt: LineFormat,
    patterns: list[EventPattern],
    wrapper: Wrapper | None = None,
    year: int | None = None,
    strip: str | None = None,
) -> Extraction:
    """The fallback reader on its own: the reference the fast path must agree with."""
    return LineReader(source.name, fmt, patterns, wrapper, year, strip).read(source.read())


# A plain file up to this size is read line by line: polars' fixed cost per scan (about
# 10 ms of query planning and collects) is more than the per-line reader takes for this many
# bytes, a few thousand lines. The per-line reader is the reference, so the answers are
# the same (``tests/test_small_files.py``).
SMALL_FILE = 128 << 10


def _small(path: Path, max_line: int) -> bool:
    # Every line of a file no longer than max_line fits: the per-line reader skips none.
    return 0 < path.stat().st_size <= min(SMALL_FILE, max_line)


class _Reader(LineReader):
    """The fast path; the per-line methods it inherits handle the rare rebuilt records."""

    progress: Progress | None = None
    max_line: int = MAX_LINE_BYTES
    too_long = 0  # lines of a scanned file longer than max_line: skipped, as streams do

    def fast_file(self, path: Path) -> Extraction:
        """One streaming pass over a whole file: polars reads it, Python never does."""
        edges = edges_of(path, [])
        size = path.stat().st_size
        if not size:
            raise pl.exceptions.NoDataError("empty file")  # the block path has nothing to do
        lf = self._stripped(scan_lines(path))
        meter = Meter(self.progress, size, edges[0])
        sink = _Sink(self)
        for batch in meter.batches(self._kept(lf, self._last(last_line_of(path)))):
            sink.add(batch)
        sink.flush()
        lines = lines_from(sink.last, 1, lf)
        sink.counts.update(lines=lines, records=lines)
        if sink.piece_lines:
            sink.pieces.append(self._tails(lf, sink.piece_lines, 1))
        return self._finish(sink, [], edges)

    def small_file(self, path: Path) -> Extraction:
        """A file of at most :data:`SMALL_FILE` bytes, per line, with the fast path's time range."""
        data = path.read_bytes()
        got = self.read(data)
        got.fallback = False  # chosen for its size, not refused
        got.first_at, got.last_at = self._time_range(edges_of(data, []))
        if self.progress is not None:
            self.progress(len(data))
        return got

    def fast(self, blocks: Iterable[bytes]) -> Extraction:
        """Scan each block of a stream (a slice that ends at a line end) in turn.

        The blocks' rare lines are classified a batch of blocks at a time (:class:`_Sink`),
        which costs less than once per block and holds no more than a batch.
        """
        sink = _Sink(self)
        extra: list[dict[str, object]] = []
        piece_lines: list[int] = []
        offset = 1
        edges: list[bytes] = []
        refused = False
        for block in blocks:
            if self.progress is not None:
                self.progress(len(block))
            edges = edges_of(block, edges)
            lf = self._stripped(scan_lines(block, offset))
            try:
                rows = self._kept(lf, self._last(last_line(block))).collect(engine="streaming")
                lines = lines_from(last_row(rows), offset, lf)
            except (pl.exceptions.PolarsError, OSError):
                # A block polars refuses (a line holding its separator): read it per line.
                line_counts, line_rows, rejoined = self.read_lines(block, offset)
                sink.counts.update(line_counts)
                sink.counts["joined"] += rejoined
                extra += line_rows
                offset += line_counts["lines"]
                refused = True
                continue
            piece_lines += rows.filter(pl.col("maybe_piece")).get_column("line_no").to_list()
            sink.add(rows)
            sink.counts.update(lines=lines, records=lines)
            if piece_lines and piece_lines[-1] + 256 >= offset:
                # A record's pieces may be completed by this block's lines or the next's.
                sink.pieces.append(self._tails(lf, piece_lines, offset))
            offset += lines
        sink.flush()
        result = self._finish(sink, extra, edges)
        result.fallback = refused
        return result

    def _stripped(self, lf: pl.LazyFrame) -> pl.LazyFrame:
        """The lines without the paste's constant prefix: one vectorised replace."""
        if self.strip is None:
            return lf
        return lf.with_columns(pl.col("line").str.replace(self.strip, ""))

    def _last(self, line: str | None) -> str | None:
        return self.unprefixed(line) or None if line is not None else None

    def _finish(
        self, sink: _Sink, extra: list[dict[str, object]], edges: list[bytes]
    ) -> Extraction:
        """The events of every batch, the per-line reader's, then the rebuilt records'."""
        counts = sink.counts
        joined = counts.pop("joined", 0)
        events = pl.concat([*sink.events, pl.DataFrame(extra, schema=EVENT_SCHEMA)])
        writes = pl.concat(sink.writes) if sink.writes else empty_writes()
        # The lines after a partial one are candidates to complete it: none, none needed.
        pieces = sink.pieces if sink.piece_lines else []
        if pieces:
            piece_rows = pl.concat(pieces).unique("line_no").sort("line_no")
            completed, rebuilt = self._rejoin(piece_rows, counts)
            kept = ~pl.col("line_no").is_in(completed)
            events = pl.concat(
                [events.filter(kept), pl.DataFrame(rebuilt, schema=EVENT_SCHEMA)],
                how="vertical",
            )
            writes = writes.filter(kept)
            joined += len(completed)
        result = finish(events, dict(counts), writes, sink.quotes)
        result.joined = joined
        result.first_at, result.last_at = self._time_range(edges)
        return result

    def events_of(self, candidates: pl.DataFrame) -> pl.DataFrame:
        """Every pattern's events in the candidate lines (``line_no``, ``line``)."""
        line = candidates.get_column("line")
        ansi = bool(line.str.contains("\x1b", literal=True).any())
        # Each pattern's regex runs only on the lines holding its literal: polars evaluates
        # both sides of an ``&``, and ten patterns' regexes (``key".*?error"``) over lines
        # none of them matches cost a fifth of the events' time.
        queries = []
        for pattern in self.patterns:
            holding = line.str.contains(pattern.contains, literal=True).fill_null(False)
            if holding.any():
                queries.append(self._events(candidates.filter(holding).lazy(), pattern, ansi))
        if not queries:
            return pl.DataFrame(schema=EVENT_SCHEMA)
        found = pl.concat(queries).collect(engine="streaming")
        return fill_leftover_times(found).select(list(EVENT_SCHEMA)).cast(pl.Schema(EVENT_SCHEMA))

    def _time_range(self, edges: list[bytes]) -> tuple[datetime | None, datetime | None]:
        """First and last record times, read from the first and last 64 KiB only."""
        found: list[datetime] = []
        for edge in edges:
            times = []
            for line in map(self.unprefixed, split_lines(edge)):
                text = line
                if self.wrapper is not None:
                    piece = self.wrapper.unwrap(line)
                    text = piece.payload if piece else ""
                stamp = self.time_re.search(text)
                if stamp and self.fmt.is_record(text):
                    at, _ = parse_record_time(stamp.group(1), self.fmt.time_layout, self.year)
                    if at is not None:
                        times.append(at)
            found += times[:1] + times[-1:]
        return (min(found), max(found)) if found else (None, None)

    @cached_property
    def _alternation(self) -> str:
        # One alternation of literals is one pass (Aho-Corasick), not one pass per literal.
        literals = sorted({p.contains for p in self.patterns})
        return "|".join(regex.escape(lit) for lit in literals) or "$^"

    def _has_literal(self, text: pl.Expr) -> pl.Expr:
        return text.str.contains(self._alternation).fill_null(False)

    def _kept(self, lf: pl.LazyFrame, last: str | None) -> pl.LazyFrame:
        """The query for the rare lines of one pass.

        Only the rare lines leave the scan: those holding a pack literal and those that
        are not plain records (blank, continuation, garbage, partial, unwrapped);
        :meth:`_digest` classifies them. The last line is ``last``: the last row equal
        to it gives the line count, so no second pass is needed to count.
        """
        fmt, line = self.fmt, pl.col("line")
        raw_record = self.wrapper.raw_record(fmt.record) if self.wrapper else fmt.record
        if raw_record is not None:  # no unwrapping in the stream: the raw line is enough
            plain = line.str.contains(raw_record).fill_null(False)
            wanted = self._has_literal(line)
        else:
            assert self.wrapper is not None
            lf = lf.with_columns(self.wrapper.columns(line))
            text = pl.col("payload")
            plain = (pl.col("tag") == "F").fill_null(False) & text.str.contains(fmt.record)
            plain, wanted = plain.fill_null(False), self._has_literal(text)
        is_last = line.is_null() if last is None else (line == last).fill_null(False)
        piece = self.wrapper.maybe_piece(line) if self.wrapper else pl.lit(False)
        # A line past --max-line gives no event; only its head is kept, to classify it.
        long = (line.str.len_bytes() > self.max_line).fill_null(False)
        return lf.filter((wanted & ~long) | ~plain | is_last | long).select(
            "line_no",
            # A copy: a kept slice of the input would pin the whole input in memory.
            copied(pl.when(long).then(line.str.slice(0, _LONG_HEAD)).otherwise(line)).alias("raw"),
            plain.alias("plain"),
            is_last.alias("last"),
            piece.alias("maybe_piece"),
            long.alias("long"),
        )

    def _digest(self, rows: pl.DataFrame) -> Scan:
        """Counts, candidate event lines and (wrapped logs) partial pieces from kept rows;
        the counts leave out the lines that are plain records (``records`` is less them)."""
        rows = rows.drop("last", "maybe_piece")
        if self.wrapper is not None:
            rows = self.wrapper.unwrapped(rows, "raw")
            rows = rows.rename({"payload": "line"})
        else:
            rows = rows.with_columns(
                pl.col("raw").alias("line"),
                pl.lit("F").alias("tag"),
                pl.lit(None, pl.String).alias("stream"),
            )
        wanted = self._has_literal(pl.col("line")) & ~pl.col("long")
        rows = rows.with_columns(wanted.alias("wanted")).drop("long")
        rows = rows.filter(pl.col("wanted") | ~pl.col("plain"))
        odd = rows.filter(~pl.col("plain"))
        counts = {"records": -odd.height}
        counts.update(self._classify(odd))
        counts["records"] += counts.pop("extra_records")
        hits = rows.filter(pl.col("wanted") & (pl.col("tag") == "F")).select("line_no", "line")
        pieces = rows.filter(pl.col("tag") == "P").select(
            "line_no", "stream", "tag", pl.col("line").alias("payload")
        )
        return Scan(counts, hits, pieces, pieces.get_column("line_no").to_list())

    def _classify(self, rows: pl.DataFrame) -> dict[str, int]:
        """Counts for the lines that are not plain records (few, so in memory)."""
        raw, text, tag = pl.col("raw"), pl.col("line"), pl.col("tag")
        blank_raw = raw.is_null() | raw.str.contains(r"^\s*$")
        unwrapped = tag.is_null() & ~blank_raw
        blank = blank_raw | (tag.is_not_null() & (text.is_null() | text.str.contains(r"^\s*$")))
        partial = (tag == "P").fill_null(False)
        whole = ~unwrapped & ~blank & ~partial
        record = whole & text.str.contains(self.fmt.record).fill_null(False)
        cont = whole & ~record & text.str.contains(self.fmt.continuation or "$^").fill_null(False)
        got = rows.select(
            record.sum().alias("records"),
            cont.sum().alias("continuations"),
            blank.sum().alias("blank"),
            partial.sum().alias("partial"),
            unwrapped.sum().alias("unwrapped"),
        ).row(0, named=True)
        extra = int(got.pop("records"))  # records among these rows: counted as records too
        result = {k: int(v) for k, v in got.items()}
        result["extra_records"] = extra
        return result

    def _tails(self, lf: pl.LazyFrame, pieces: list[int], first: int) -> pl.DataFrame:
        """The F lines of this block within 256 lines after a piece: candidates to complete it."""
        window = sorted({n + k for n in pieces for k in range(1, 257) if n + k >= first})
        return (
            lf.with_columns(self.wrapper.columns(pl.col("line")) if self.wrapper else [])
            .filter(pl.col("line_no").is_in(window) & (pl.col("tag") == "F"))
            .select("line_no", "stream", "tag", "payload")
            .collect()
        )

    def _rejoin(
        self, rows: pl.DataFrame, counts: Counter[str]
    ) -> tuple[list[int], list[dict[str, object]]]:
        """Rebuild records split into P pieces; few, so per-line code is fine here.

        Returns the F lines that completed a record (their own events are replaced)
        and the events of the rebuilt records; fixes the counts to match.
        """
        completed: list[int] = []
        events: list[dict[str, object]] = []
        tuples = [
            (r["line_no"], r["stream"], r["tag"], r["payload"] or "")
            for r in rows.iter_rows(named=True)
        ]
        for first, text, tail in joins(tuples):
            if tail is not None:
                completed.append(tail[0])
                counts[self.kind(tail[1])] -= 1  # the tail was counted on its own
            counts[self.kind(text)] += 1
            events.extend(self.events(text, first))
        return completed, events

    def _events(self, hits: pl.LazyFrame, pattern: EventPattern, ansi: bool) -> pl.LazyFrame:
        groups = list(pattern.compiled.groupindex)
        line = pl.col("line")
        matched = hits.filter(
            line.str.contains(pattern.contains, literal=True) & line.str.contains(pattern.regex)
        ).with_columns(line.str.extract_groups(pattern.regex).alias("g"))

        def capture(name: str) -> pl.Expr:
            if name in groups:  # a copy: the struct's buffers hold every group's text
                return copied(pl.col("g").struct.field(name))
            return pl.lit(None, dtype=pl.String)

        stamp = line.str.extract(self.fmt.time, 1)
        rec_at, rec_res = parse_record_times(stamp, self.fmt.time_layout, self.year)
        at, res = rec_at, rec_res
        if pattern.time_from is not None:
            tf = pattern.time_from
            own = (
                capture(tf.capture)
                .str.to_datetime(strptime_to_polars(tf.format), strict=False, time_unit="us")
                .dt.replace_time_zone(tf.tz)
                .dt.convert_time_zone("UTC")
            )
            at = pl.coalesce(own, rec_at)
            res = pl.when(own.is_not_null()).then(pl.lit(tf.resolution)).otherwise(rec_res)
        frame = matched.select(
            pl.lit(self.source).alias("source"),
            pl.col("line_no").cast(pl.Int64),
            pl.lit(pattern.pack).alias("pack"),
            pl.lit(pattern.id).alias("pattern"),
            pl.lit(pattern.kind).alias("kind"),
            capture("key").alias("key"),
            capture("path").alias("path"),
            (
                capture("path")
                if pattern.identity == "path"
                else capture("path").str.extract(r"([^/\\]+)$", 1)
            ).alias("basename"),
            at.cast(UTC_DTYPE).alias("at"),
            res.cast(pl.Float64).alias("res"),
            capture("error").alias("error"),
            (line.str.replace_all(ANSI, "") if ansi else line)
            .str.slice(0, TEXT_LIMIT)
            .alias("text"),
            stamp.alias("_stamp"),
        )
        return frame


class _Sink:
    """Kept rows -> events, a batch at a time: the rare lines of a large log (a million
    writes) are never all in memory, and the write lines' text is kept compressed
    (:class:`Quotes`). A batch is about :data:`BATCH_BYTES` of kept rows."""

    def __init__(self, reader: _Reader) -> None:
        self.reader = reader
        self.counts: Counter[str] = Counter()
        self.events: list[pl.DataFrame] = []  # the events that are not writes
        self.writes: list[pl.DataFrame] = []
        self.pieces: list[pl.DataFrame] = []
        self.piece_lines: list[int] = []  # the partial (P) lines' numbers
        self.quotes = Quotes()
        self.last: int | None = None  # the line number of the last row equal to the last line
        self._pending: list[pl.DataFrame] = []
        self._size = 0

    def add(self, rows: pl.DataFrame) -> None:
        self._pending.append(rows)
        self._size += int(rows.estimated_size())
        if self._size >= BATCH_BYTES:
            self.flush()

    def flush(self) -> None:
        if not self._pending:
            return
        rows = pl.concat(self._pending)
        self._pending, self._size = [], 0
        if (last := last_row(rows)) is not None:
            self.last = last
        self.reader.too_long += int(rows.get_column("long").sum())
        scan = self.reader._digest(rows)
        del rows
        self.piece_lines += scan.piece_lines
        self.counts.update(scan.counts)
        if scan.pieces.height:
            self.pieces.append(scan.pieces)
        writes, others, texts = split_writes(self.reader.events_of(scan.hits))
        self.quotes.add(texts)
        # In line order, as ``finish`` wants them: then the whole needs no sorted copy.
        order = ["line_no", "pattern"]
        self.writes.append(writes.sort(order).shrink_to_fit())
        # Kept text is copied: a slice would pin the batch's lines in memory.
        others = others.with_columns(copied(pl.col("text")))
        self.events.append(others.sort(order).shrink_to_fit())


# Kept rows per batch: the kept lines of a 1 GiB log with 39,121 writes take about 20 MiB.
BATCH_BYTES = 32 << 20
