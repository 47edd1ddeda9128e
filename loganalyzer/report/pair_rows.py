"""Which pairs become row objects and which stay columns, and the table that holds both.

A pair no spec touched (no spec, attempt, sighting, observation, candidate or note: a
write nobody waited for, or one whose test side is unknown) has a row that follows from its
write alone. Those rows are made by polars, a column at a time (``report.pair_table``).
"""

from __future__ import annotations

from operator import itemgetter

import polars as pl

from loganalyzer.correlate.pairs import Correlation, Pair
from loganalyzer.correlate.written import writes_of
from loganalyzer.diagnose.concurrency import Running
from loganalyzer.extract.line_reader import in_order
from loganalyzer.extract.write_columns import path_of
from loganalyzer.formats.times import ISO_FORMAT, UTC_DTYPE
from loganalyzer.model.report import PairRow
from loganalyzer.model.status import PairStatus
from loganalyzer.model.text import any_control, scrub
from loganalyzer.report.pair_table import COLUMNS, PairTable, scrub_columns

Indexed = list[tuple[int, Pair]]  # pairs with their place in the correlation
Order = tuple[bool, str, str, str, int]  # a row's place in the report (``build._pair_order``)
_PLAIN = frozenset({PairStatus.NOT_WAITED, PairStatus.UNKNOWN})


def indexed(corr: Correlation, columnar: bool = True) -> Indexed:
    """Every pair with its place: a write's index in time order, after them the others in
    the correlation's order. Without ``columnar``, the quiet files are pairs too."""
    found: Indexed = []
    after = corr.written
    for pair in corr.pairs:
        if pair.write is not None:
            found.append((pair.write.index, pair))
        else:
            found.append((after, pair))
            after += 1
    if not columnar and corr.quiet is not None and corr.quiet.height:
        status = corr.quiet_status
        quiet = [(w.index, Pair(w.key, w.path, w.basename, status, write=w))
                 for w in writes_of(corr.quiet)]  # fmt: skip
        found = sorted([*quiet, *found], key=itemgetter(0))
    return found


def split(pairs: Indexed) -> tuple[Indexed, Indexed]:
    """The pairs a spec touched (row objects) and the others (columns), each with its index."""
    touched: Indexed = []
    untouched: Indexed = []
    for n, pair in pairs:
        write = pair.write
        plain = (
            write is not None
            and pair.status in _PLAIN
            and pair.attempt is None
            and pair.spec is None
            and pair.sighting is None
            and pair.observed_line is None
            and pair.logged is None
            and pair.link is None
            and pair.observation is None
            and pair.seen_by is None
            and pair.seen_after is None
            and pair.wait_start is None
            and pair.skew_seconds is None
            and not pair.candidates
            and not pair.note
        )
        (untouched if plain else touched).append((n, pair))
    return touched, untouched


def pair_table(
    objects: list[PairRow],
    orders: list[Order],
    untouched: Indexed,
    corr: Correlation,
    quiet: bool = True,
) -> PairTable:
    """The table: ``objects`` (sorted, with their ``orders``) and ``untouched`` as columns,
    merged in report order, with the quiet files' unless they are among the ``objects``
    already. Sorting uses the text before the scrub, as for objects."""
    frame = _columns(untouched, corr, quiet)
    order = [pl.col("written_at"), pl.col("key").fill_null(""), pl.col("path"), pl.col("index")]
    if not in_order(frame, order):  # files written in time order are in report order already
        frame = frame.sort(order)
    at = _places(orders, frame)
    columns = frame.select(COLUMNS.names())
    rows = _scrubbed(objects)
    return PairTable(rows, at, scrub_columns(columns).cast(COLUMNS))


def _places(orders: list[Order], frame: pl.DataFrame) -> list[int]:
    """Where the object rows (``orders``, sorted) go among the column rows (``frame``, in
    report order): each object's place is the column rows before it plus the objects before
    it. One binary search on the write time finds them all; only the column rows written at
    the same instant as an object are compared with it."""
    ats = frame.get_column("written_at")
    timed = pl.Series([at for last, at, *_ in orders if not last], dtype=pl.String)
    lows = iter(ats.search_sorted(timed, "left").to_list())
    highs = iter(ats.search_sorted(timed, "right").to_list())
    places = []
    for n, (last, _, k, p, i) in enumerate(orders):
        if last:  # no write time: after every column row, which all have one
            places.append(frame.height + n)
            continue
        lo, hi = next(lows), next(highs)
        if hi > lo:
            key, path, index = pl.col("key").fill_null(""), pl.col("path"), pl.col("index")
            less = (key < k) | ((key == k) & ((path < p) | ((path == p) & (index < i))))
            lo += int(frame.slice(lo, hi - lo).select(less.sum()).item())
        places.append(lo + n)
    return places


def _scrubbed(rows: list[PairRow]) -> list[PairRow]:
    """The rows scrubbed (``model.text.scrub``). The fields that can hold log text are searched
    in one pass first, so a clean table (the usual case) costs no walk of each row. Times
    are ours (ISO); sources are named with control characters shown already (``read``)."""
    texts = [f"{r.key}\n{r.path}\n{r.spec}\n{r.note}" for r in rows]
    texts += [c for r in rows for c in r.candidates]
    texts += [c for r in rows for c in r.evidence.values()]
    if any_control(texts):
        scrub(rows)
    return rows


def _columns(untouched: Indexed, corr: Correlation, quiet: bool) -> pl.DataFrame:
    """The untouched pairs' columns and the quiet files', with their place."""
    writes = [p.write for _, p in untouched]
    at = pl.Series("at", [w.at for w in writes if w is not None], dtype=UTC_DTYPE)
    frame = pl.DataFrame(
        {
            "index": [n for n, _ in untouched],
            "key": [p.key for _, p in untouched],
            "path": [p.path for _, p in untouched],
            "at": at,
            "status": [p.status.value for _, p in untouched],
            "source": [w.source for w in writes if w is not None],
            "line": [w.line for w in writes if w is not None],
        },
        schema={
            "index": pl.Int64(),
            "key": pl.String(),
            "path": pl.String(),
            "at": UTC_DTYPE,
            "status": pl.Categorical(),
            "source": pl.Categorical(),
            "line": pl.Int64(),
        },
    )
    if quiet and corr.quiet is not None and corr.quiet.height:
        status = pl.lit(corr.quiet_status.value).cast(pl.Categorical).alias("status")
        rows = corr.quiet.select(
            "index", "key", path_of(), "at", status, "source", pl.col("line_no").alias("line")
        )
        # The quiet rows are in index order: a copy only when other rows go among them.
        frame = pl.concat([frame, rows]).sort("index") if frame.height else rows
        at = frame.get_column("at")
    if corr.specs and frame.height:
        load = Running(corr.specs).at_many(at.dt.epoch("us"))
    else:
        load = pl.Series("concurrency", [None] * frame.height, dtype=pl.Int64())
    return frame.with_columns(
        pl.col("at").dt.strftime(ISO_FORMAT).alias("written_at"),
        load.alias("concurrency"),
    )
