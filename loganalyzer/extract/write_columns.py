"""The write events in a frame of their own, from the scan on.

A large log writes a million files, and its writes are nearly all of its events. Kept among
the other events, each write would carry their columns (kind, error and text, all null for
a write: 16 bytes a row each) and its path whole, directory included. Here a write keeps
its folder as a category (one string per folder, 4 bytes a row) beside its name; the path
is put back together (:func:`path_of`) only for the rows shown. The lines' text is kept
compressed apart (``quotes``).
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl

from loganalyzer.formats.times import UTC_DTYPE

WRITE_SCHEMA = pl.Schema(
    {
        "source": pl.Categorical(),
        "line_no": pl.Int64(),
        "pack": pl.Categorical(),
        "pattern": pl.Categorical(),
        "key": pl.String(),
        "folder": pl.Categorical(),  # the path less its basename ("" when they are the same)
        "basename": pl.String(),
        "at": UTC_DTYPE,
        "res": pl.Float64(),
    }
)
_IS_WRITE = pl.col("kind") == "write"


def empty_writes() -> pl.DataFrame:
    return pl.DataFrame(schema=WRITE_SCHEMA)


def folder_of(path: pl.Expr, basename: pl.Expr) -> pl.Expr:
    """``path`` less ``basename`` (a suffix of it: its last part, or the whole path); the
    whole path when there is no basename, so that :func:`path_of` gives it back."""
    cut = path.str.len_chars() - basename.str.len_chars()
    return pl.when(basename.is_null()).then(path).otherwise(path.str.head(cut))


def path_of(folder: str = "folder", basename: str = "basename") -> pl.Expr:
    """The path again, from its folder and basename (null when the path was)."""
    return pl.concat_str([pl.col(folder).cast(pl.String), pl.col(basename).fill_null("")]).alias(
        "path"
    )


def split_writes(events: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    """``events`` (``EVENT_SCHEMA``) as the writes (:data:`WRITE_SCHEMA`), the other events,
    and the writes' text (``source``, ``line_no``, ``text``) for ``quotes``."""
    rows = events.filter(_IS_WRITE)
    others = events.filter(~_IS_WRITE)
    texts = rows.filter(pl.col("text").is_not_null()).select("source", "line_no", "text")
    writes = rows.select(
        "source",
        "line_no",
        "pack",
        "pattern",
        "key",
        folder_of(pl.col("path"), pl.col("basename")).alias("folder"),
        "basename",
        "at",
        "res",
    ).cast(WRITE_SCHEMA)
    return writes, others, texts


def as_events(writes: pl.DataFrame, schema: Mapping[str, pl.DataType]) -> pl.DataFrame:
    """The writes as events of ``schema`` (``EVENT_SCHEMA``), with no text or error."""
    return writes.select(
        pl.col("source"),
        "line_no",
        "pack",
        "pattern",
        pl.lit("write").alias("kind"),
        "key",
        path_of(),
        "basename",
        "at",
        "res",
        pl.lit(None, pl.String).alias("error"),
        pl.lit(None, pl.String).alias("text"),
    ).cast(pl.Schema(schema))
