"""``--format json``: the ``loganalyzer.report/2`` document, byte-for-byte deterministic."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from loganalyzer.model.report import Report, plain
from loganalyzer.render.registry import Options
from loganalyzer.report.compare import Comparison


def render(report: Report, width: int | None = None) -> str:
    """Pretty at the top, one line per input, pair and spec.

    That reads and diffs well, and lets the C encoder do the bulk: ``indent`` would
    force the pure-Python encoder on every item of a large report.
    """
    return "".join(pieces(report))


def pieces(report: Report) -> Iterator[str]:
    """:func:`render` in pieces, so that a large report is written while it is encoded."""
    return dump_pieces(report.sections())


# One encoder for every item: json.dumps would build a new one per call. Rows are
# plain values without cycles, so the circular-reference bookkeeping is skipped too.
_compact = json.JSONEncoder(
    ensure_ascii=False, check_circular=False, separators=(", ", ": ")
).encode
_ROWS_PER_PIECE = 4096


def dump(document: dict[str, Any]) -> str:
    return "".join(dump_pieces(document.items()))


def dump_pieces(entries: Iterable[tuple[str, Any]]) -> Iterator[str]:
    """The document's entries, each row of a list on one line; model values become plain
    (:func:`~loganalyzer.model.report.plain`) a slice of rows at a time."""
    yield "{"
    for n, (key, value) in enumerate(entries):
        yield ("," if n else "") + f"\n  {json.dumps(key)}: "
        if (encoded := getattr(value, "json_rows", None)) is not None and len(value):
            # The pair table encodes its column rows itself, a batch at a time.
            for start, rows in enumerate(encoded()):
                yield ("[\n    " if not start else ",\n    ") + ",\n    ".join(rows)
            yield "\n  ]"
        elif isinstance(value, list) and value:
            for start in range(0, len(value), _ROWS_PER_PIECE):
                chunk = map(plain, value[start : start + _ROWS_PER_PIECE])
                rows = ",\n    ".join(map(_compact, chunk))
                yield ("[\n    " if not start else ",\n    ") + rows
            yield "\n  ]"
        elif isinstance(value, list) or getattr(value, "json_rows", None) is not None:
            yield "[]"
        else:
            yield json.dumps(plain(value), indent=2, ensure_ascii=False).replace("\n", "\n  ")
    yield "\n}\n"


def render_comparison(comparison: Comparison, width: int | None = None) -> str:
    return dump(comparison.to_dict())


def emit(report: Report, options: Options) -> Iterator[str]:
    """The registry's entry: the document in pieces, as it is encoded."""
    return pieces(report)


def emit_comparison(comparison: Comparison, options: Options) -> Iterator[str]:
    yield render_comparison(comparison)
