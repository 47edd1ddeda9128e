"""Raw lines through polars: the scan, its line count and its progress.

A scan is streamed: lines flow through in batches and only the kept rows stay.
Kept strings are copied, because a slice of a memory-mapped file keeps the
whole mapping resident. The number of lines comes from the same pass: the last
row equal to the input's last line is the last line. That spares a counting pass,
0.15 s of the 2 s bench.py's 1 GiB log takes; it runs only when no row equals the
last line as read here (:func:`lines_from`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import polars as pl

Progress = Callable[[int], None]
_SEPARATOR = "\x1f"
_STEP = 64 << 10


class Scan(NamedTuple):
    """What one pass keeps: line counts, candidate event lines and partial pieces."""

    counts: dict[str, int]
    hits: pl.DataFrame
    pieces: pl.DataFrame
    piece_lines: list[int]


def scan_lines(block: Path | bytes, first_line: int = 1) -> pl.LazyFrame:
    """Every line of a file (or block) as ``line_no`` and ``line``; nothing is parsed."""
    return pl.scan_csv(
        block,
        has_header=False,
        separator=_SEPARATOR,
        quote_char=None,
        encoding="utf8-lossy",
        schema={"line": pl.String},
        row_index_name="line_no",
        row_index_offset=first_line,
    )


def copied(expr: pl.Expr) -> pl.Expr:
    """The strings of ``expr`` in new buffers, so that they do not pin the input."""
    return pl.concat_str([expr, pl.lit("")])


def last_line(data: bytes) -> str | None:
    """The last line of ``data`` as the scan reads it (None: a blank line).

    >>> last_line(b"a\\nb\\r\\n"), last_line(b"a\\n\\n"), last_line(b"a\\nlast")
    ('b', None, 'last')
    """
    end = len(data) - 1 if data.endswith(b"\n") else len(data)  # no copy of a whole block
    last = data[data.rfind(b"\n", 0, end) + 1 : end].removesuffix(b"\r")
    return last.decode("utf-8", "replace") or None


def last_line_of(path: Path) -> str | None:
    """The last line of a file, read backwards from its end however long it is."""
    with path.open("rb") as fh:
        end = fh.seek(0, 2)
        start, data = end, b""
        while start > 0:
            start = max(0, start - _STEP)
            fh.seek(start)
            data = fh.read(end - start)
            # A line end before the last line's own proves the last line is whole.
            if data.rfind(b"\n", 0, len(data) - 1) >= 0:
                break
    return last_line(data)


def last_row(rows: pl.DataFrame) -> int | None:
    """The line number of the last of the kept rows flagged ``last`` (equal to the input's
    last line), if any."""
    ends = rows.filter(pl.col("last")).get_column("line_no")
    return int(ends[-1]) if len(ends) else None  # rows come in line order


def lines_from(last: int | None, first: int, lf: pl.LazyFrame) -> int:
    """The number of lines: from the last line's number (:func:`last_row`), else from a
    counting pass."""
    if last is not None:
        return last - first + 1
    # No row equals the last line as read here: polars decoded it differently.
    return int(lf.select(pl.len()).collect().item())


class Meter:
    """Collects a scan, telling ``progress`` the bytes read so far.

    Polars does not say how far it is through a file, so the position is estimated
    from the line numbers of the batches it returns and the head's bytes per line.
    """

    def __init__(self, progress: Progress | None, size: int, head: bytes) -> None:
        self.progress, self.size, self.told = progress, size, 0
        self.per_line = len(head) / max(1, head.count(b"\n"))

    def batches(self, query: pl.LazyFrame) -> Iterator[pl.DataFrame]:
        """The scan's batches as polars streams them, telling ``progress`` as it goes."""
        # Batches of 64k kept rows (about 32 MiB): fewer calls than one per morsel.
        for batch in query.collect_batches(engine="streaming", chunk_size=1 << 16):
            if batch.height:
                self._tell(int(batch.get_column("line_no")[-1] * self.per_line))
            yield batch
        self.done()

    def done(self) -> None:
        self._tell(self.size)

    def _tell(self, at: int) -> None:
        at = min(at, self.size)
        if self.progress is not None and at > self.told:
            self.progress(at - self.told)
            self.told = at


class Rewindable:
    """A progress callback that a second pass over the same bytes does not advance twice."""

    def __init__(self, progress: Progress) -> None:
        self.progress, self.position, self.told = progress, 0, 0

    def __call__(self, count: int) -> None:
        self.position += count
        if self.position > self.told:
            self.progress(self.position - self.told)
            self.told = self.position

    def rewind(self) -> None:
        self.position = 0


EDGE_BYTES = 64 << 10


def edges_of(block: Path | bytes, edges: list[bytes]) -> list[bytes]:
    """Keep the first block's head and the latest block's tail, whole lines only."""
    if isinstance(block, Path):
        with block.open("rb") as fh:
            head = fh.read(EDGE_BYTES)
            size = fh.seek(0, 2)
            fh.seek(max(0, size - EDGE_BYTES))
            tail = fh.read()
    else:
        head, tail = block[:EDGE_BYTES], block[-EDGE_BYTES:]
    head = head[: head.rfind(b"\n") + 1] or head
    tail = tail[tail.find(b"\n") + 1 :] if len(tail) == EDGE_BYTES else tail
    return [edges[0] if edges else head, tail]
