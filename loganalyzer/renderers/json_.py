"""``--format json``: the ``loganalyzer.report/1`` document, byte-for-byte deterministic."""

from __future__ import annotations

import json

from loganalyzer.compare import Comparison
from loganalyzer.report import Report


def render(report: Report, width: int | None = None) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False) + "\n"


def render_comparison(comparison: Comparison, width: int | None = None) -> str:
    return json.dumps(comparison.to_dict(), indent=2, ensure_ascii=False) + "\n"
