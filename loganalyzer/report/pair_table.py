"""The report's pair rows: objects for what a spec touched, polars columns for the rest.

Most written files in a large log are never waited for by any spec: their rows differ only
in key, path, write time, status, load and the write's place. Those rows stay columns;
the renderers see one :class:`PairTable`, a ``Sequence[PairRow]`` that makes a row object
only when one is asked for, and the JSON writer encodes the columns a batch at a time.
"""

from __future__ import annotations

import bisect
import itertools
import json
from collections.abc import Iterator, Sequence
from typing import Any, overload

import polars as pl

from loganalyzer.formats.times import ISO_FORMAT, UTC_DTYPE
from loganalyzer.model.report import PairRow, plain
from loganalyzer.model.status import PairStatus
from loganalyzer.model.text import clean

# The columns of an untouched row, in report order (by write time). Times and names that
# repeat are stored compactly and written out a batch at a time.
COLUMNS = pl.Schema(
    {
        "key": pl.String(),
        "path": pl.String(),
        "at": UTC_DTYPE,  # the write time: written_at, as ISO_FORMAT writes it
        "status": pl.Categorical(),
        "concurrency": pl.Int64(),
        "source": pl.Categorical(),  # the write's log (one string per log, not per row)
        "line": pl.Int64(),  # and its line there: the evidence cites source:line
    }
)
# The same set of characters as ``model.text``, in the syntax of polars' regex engine.
_CONTROL = r"[\x{00}-\x{08}\x{0b}-\x{1f}\x{7f}-\x{9f}\x{2028}\x{2029}\x{feff}]"
_STATUS = {s.value: s for s in PairStatus}
BATCH = 4096


def column_row(
    key: str | None,
    path: str,
    written_at: str,
    status: PairStatus,
    concurrency: int | None,
    source: str,
    line: int,
) -> PairRow:
    """The row object for one set of column values: nothing else is known of such a file."""
    return PairRow(
        key=key,
        path=path,
        written_at=written_at,
        observed_at=None,
        gap_seconds=None,
        gap_min_seconds=None,
        gap_max_seconds=None,
        status=status,
        spec=None,
        process=None,
        link=None,
        first_sighting_at=None,
        concurrency=concurrency,
        evidence={"write": f"{source}:{line}"},
    )


class PairTable(Sequence[PairRow]):
    """Pair rows in report order: ``rows`` (objects) sit at ``at`` (sorted positions), and
    ``columns`` (see :data:`COLUMNS`, already scrubbed) fill the other places in order."""

    def __init__(self, rows: list[PairRow], at: list[int], columns: pl.DataFrame) -> None:
        self.rows, self.at, self.columns = rows, at, columns

    def __len__(self) -> int:
        return len(self.rows) + self.columns.height

    @overload
    def __getitem__(self, index: int) -> PairRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[PairRow]: ...

    def __getitem__(self, index: int | slice) -> PairRow | list[PairRow]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step == 1:  # rows made a batch at a time, not one polars call each
                return list(itertools.islice(self, start, max(start, stop)))
            return [self[i] for i in range(start, stop, step)]
        if index < 0:
            index += len(self)
        if not 0 <= index < len(self):
            raise IndexError(index)
        before = bisect.bisect_left(self.at, index)
        if before < len(self.at) and self.at[before] == index:
            return self.rows[before]
        return self._from_columns(self.columns.slice(index - before, 1))[0]

    def __iter__(self) -> Iterator[PairRow]:
        for objects, places, frame in self._windows():
            yield from _merged(objects, places, self._from_columns(frame))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other, strict=True))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"PairTable({len(self.rows)} rows, {self.columns.height} in columns)"

    def statuses(self) -> dict[PairStatus, int]:
        """How many rows have each status, without making the column rows."""
        counts = {s: 0 for s in PairStatus}
        for row in self.rows:
            counts[row.status] += 1
        if self.columns.height:
            tally = self.columns.get_column("status").value_counts()
            for status, n in tally.iter_rows():
                counts[_STATUS[status]] += n
        return counts

    def loads(self) -> dict[int, int]:
        """The column rows counted by the number of specs running at their write."""
        column = self.columns.get_column("concurrency").drop_nulls()
        return dict(column.value_counts().iter_rows())

    def json_rows(self) -> Iterator[list[str]]:
        """Each row as a compact JSON object, in report order, a batch at a time."""
        encode = _json_row()
        for objects, places, frame in self._windows():
            encoded = [_compact(plain(row)) for row in objects]
            yield _merged(encoded, places, frame.select(encode).to_series().to_list())

    def _windows(self) -> Iterator[tuple[list[PairRow], list[int], pl.DataFrame]]:
        """The table :data:`BATCH` places at a time: the object rows there, their places in
        the window, and the column rows that fill the rest (one polars call per window)."""
        used = done = 0  # object rows and column rows given so far
        for start in range(0, len(self), BATCH):
            end = min(start + BATCH, len(self))
            upto = bisect.bisect_left(self.at, end)
            places = [at - start for at in self.at[used:upto]]
            count = end - start - len(places)
            yield self.rows[used:upto], places, self.columns.slice(done, count)
            used, done = upto, done + count

    @staticmethod
    def _from_columns(frame: pl.DataFrame) -> list[PairRow]:
        status = _STATUS
        frame = frame.with_columns(pl.col("at").dt.strftime(ISO_FORMAT))
        return [
            column_row(key, path, written, status[state], load, source, line)
            for key, path, written, state, load, source, line in frame.iter_rows()
        ]


def _merged(objects: list[Any], places: list[int], rest: list[Any]) -> list[Any]:
    """``objects`` at ``places`` (ascending), ``rest`` in order around them."""
    if not objects:
        return rest
    out: list[Any] = []
    taken = 0
    for obj, place in zip(objects, places, strict=True):
        gap = place - len(out)
        out += rest[taken : taken + gap]
        taken += gap
        out.append(obj)
    out += rest[taken:]
    return out


def scrub_columns(frame: pl.DataFrame) -> pl.DataFrame:
    """Control characters shown as ``\\xNN`` in every text column, as ``model.text.clean``
    does: polars finds the rows that have any, and only those are cleaned one by one.
    Text columns are strings here; :data:`COLUMNS` types are applied afterwards."""
    for name, dtype in frame.schema.items():
        if dtype != pl.String():
            continue
        column = frame.get_column(name)
        hit = column.str.contains(_CONTROL).fill_null(False)
        if hit.any():
            where = hit.arg_true()
            fixed = [clean(v) for v in column.gather(where).to_list()]
            frame = frame.with_columns(column.scatter(where, fixed))
    return frame


# As ``render.json_`` encodes each row: one encoder, compact with spaces after separators.
_compact = json.JSONEncoder(
    ensure_ascii=False, check_circular=False, separators=(", ", ": ")
).encode


def _text(name: str | pl.Expr) -> pl.Expr:
    """A scrubbed text column as a JSON string (``ensure_ascii=False``): after the scrub only
    tab and newline are left among the characters JSON must escape."""
    column = pl.col(name) if isinstance(name, str) else name
    escaped = (
        column.str.replace_all("\\", "\\\\", literal=True)
        .str.replace_all('"', '\\"', literal=True)
        .str.replace_all("\n", "\\n", literal=True)
        .str.replace_all("\t", "\\t", literal=True)
    )
    return pl.when(column.is_null()).then(pl.lit("null")).otherwise('"' + escaped + '"')


def _json_row() -> pl.Expr:
    """The encoder's text for a column row: the fixed fields as it writes them, the varying
    ones from the columns."""
    varying: dict[str, pl.Expr] = {
        "key": _text("key"),
        "path": _text("path"),
        "written_at": _text(pl.col("at").dt.strftime(ISO_FORMAT)),
        "status": _text(pl.col("status").cast(pl.String)),
        "concurrency": pl.col("concurrency").cast(pl.String).fill_null("null"),
        "evidence": pl.concat_str(
            pl.lit('{"write": '),
            _text(pl.concat_str(pl.col("source").cast(pl.String), pl.lit(":"), pl.col("line"))),
            pl.lit("}"),
        ),
    }
    sample: dict[str, Any] = plain(column_row("", "", "", PairStatus.NOT_WAITED, None, "", 0))
    parts: list[pl.Expr | str] = []
    for n, (name, value) in enumerate(sample.items()):
        parts.append(("{" if not n else ", ") + f"{json.dumps(name)}: ")
        parts.append(varying[name] if name in varying else _compact(value))
    parts.append("}")
    merged: list[pl.Expr] = []
    literal = ""
    for part in parts:
        if isinstance(part, str):
            literal += part
            continue
        if literal:
            merged.append(pl.lit(literal))
            literal = ""
        merged.append(part)
    merged.append(pl.lit(literal))
    return pl.concat_str(merged).alias("row")
