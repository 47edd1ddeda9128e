"""``--format json``: the ``loganalyzer.report/1`` document, byte-for-byte deterministic."""

from __future__ import annotations

import json
from typing import Any

from loganalyzer.compare import Comparison
from loganalyzer.report import Report


def render(report: Report, width: int | None = None) -> str:
    """Pretty at the top, one line per input, pair and spec.

    That reads and diffs well, and lets the C encoder do the bulk: ``indent`` would
    force the pure-Python encoder on every item of a large report.
    """
    return dump(report.to_dict(copy=False))


# One encoder for every item: json.dumps would build a new one per call. Rows are
# plain values without cycles, so the circular-reference bookkeeping is skipped too.
_compact = json.JSONEncoder(
    ensure_ascii=False, check_circular=False, separators=(", ", ": ")
).encode


def dump(document: dict[str, Any]) -> str:
    parts = []
    for key, value in document.items():
        if isinstance(value, list):
            body = "[\n    " + ",\n    ".join(map(_compact, value)) + "\n  ]" if value else "[]"
        else:
            body = json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\n  ")
        parts.append(f"  {json.dumps(key)}: {body}")
    return "{\n" + ",\n".join(parts) + "\n}\n"


def render_comparison(comparison: Comparison, width: int | None = None) -> str:
    return dump(comparison.to_dict())
