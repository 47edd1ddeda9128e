"""The text of the write lines, kept compressed until a verdict quotes one.

A large log writes a million files and a report quotes a handful: the lines a failed
spec's verdict cites. Held as strings, their text is most of the events' memory (about
400 bytes a write); held as zstd-compressed Arrow batches, about a tenth of that.
"""

from __future__ import annotations

import io
from collections.abc import Iterable

import polars as pl

_SCHEMA = pl.Schema({"source": pl.String(), "line_no": pl.Int64(), "text": pl.String()})


class Quotes:
    """Write lines' text by place (source, line), compressed a batch at a time."""

    def __init__(self) -> None:
        self._batches: list[bytes] = []

    def add(self, rows: pl.DataFrame) -> None:
        """Keep ``rows`` (``source``, ``line_no``, ``text``)."""
        if rows.height:
            out = io.BytesIO()
            rows.select(list(_SCHEMA)).cast(_SCHEMA).write_ipc(out, compression="zstd")
            self._batches.append(out.getvalue())

    def extend(self, other: Quotes) -> None:
        self._batches += other._batches

    def __len__(self) -> int:
        return len(self._batches)

    def fill(self, events: pl.DataFrame) -> pl.DataFrame:
        """``events`` with the kept text where theirs is missing (the whole text, as the
        per-line reader gives it)."""
        if not self._batches:
            return events
        kept = pl.concat([pl.read_ipc(io.BytesIO(b)) for b in self._batches])
        kept = kept.unique(["source", "line_no"], keep="first").rename({"text": "_kept"})
        kept = kept.cast({"source": events.schema["source"]})
        joined = events.join(kept, on=["source", "line_no"], how="left", maintain_order="left")
        return joined.with_columns(pl.coalesce("text", "_kept").alias("text")).drop("_kept")

    def find(self, places: Iterable[tuple[str, int]]) -> dict[tuple[str, int], str]:
        """The text kept for each of ``places`` that has one."""
        wanted = pl.DataFrame(list(places), schema=["source", "line_no"], orient="row")
        if wanted.is_empty() or not self._batches:
            return {}
        wanted = wanted.cast({"source": pl.String(), "line_no": pl.Int64()})
        found: dict[tuple[str, int], str] = {}
        for batch in self._batches:
            rows = pl.read_ipc(io.BytesIO(batch)).join(wanted, on=["source", "line_no"])
            for source, line, text in rows.iter_rows():
                found.setdefault((source, line), text)
        return found
