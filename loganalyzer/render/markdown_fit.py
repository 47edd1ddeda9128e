"""Markdown that fits GitHub's limits: 65,536 characters in a comment, 1 MiB in a step summary.

A report over the limit keeps its headline, summary and failed specs, and as many of the
pairs as fit, those that need a look first (never seen, undetermined, orphans, then the
longest gaps); a closing note says how many were left out and where the whole report is.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from loganalyzer.model.report import PairRow, Report
from loganalyzer.model.status import PairStatus

COMMENT_LIMIT = 65_536  # a GitHub issue or pull-request comment, in characters
SUMMARY_LIMIT = 1 << 20  # a GitHub Actions step summary, in bytes
_ROW_GUESS = 60  # bytes a table row takes at least: where the search for a fit starts
_FENCE = re.compile(r"`{3,}")
_RANK = {PairStatus.UNOBSERVED: 0, PairStatus.UNDETERMINED: 1, PairStatus.ORPHAN: 2}


def fit(report: Report, limit: int, render: Callable[[Report], str], full_report: str = "") -> str:
    """``render(report)`` cut to ``limit`` UTF-8 bytes (so also characters); 0: no limit."""
    if not limit or len(report.pairs) * _ROW_GUESS <= limit:  # may fit: try it whole
        text = render(report)
        if not limit or _size(text) <= limit:
            return text
    pairs = list(report.pairs)  # once: a pair table makes its rows a batch at a time
    order = sorted(range(len(pairs)), key=lambda i: _worst_first(pairs[i], i))
    keep = min(len(order), limit // _ROW_GUESS)
    while True:
        rows = [pairs[i] for i in sorted(order[:keep])]
        text = render(replace(report, pairs=rows)) + _note(report, keep, limit, full_report)
        if _size(text) <= limit or keep == 0:
            break
        keep = int(keep * min(0.9, limit / _size(text)))  # shrink to the fit, a few tries
    if _size(text) > limit:  # even the summary and failed specs overflow: cut at a line
        note = _note(report, 0, limit, full_report)
        text = _cut(text, limit - _size(note)) + note
    return text


def _worst_first(pair: PairRow, index: int) -> tuple[int, float, int]:
    return (_RANK.get(pair.status, 3), -(pair.gap_min_seconds or 0.0), index)


def _note(report: Report, kept: int, limit: int, full_report: str) -> str:
    where = full_report or "`-f json` or `-f html` output, or `-f markdown --max-chars 0`"
    total = len(report.pairs)
    return (
        f"\n> [!NOTE]\n> Shortened to fit {limit:,} characters: {kept} of {total} rows shown, "
        f"those that need a look first. The full report: {where}.\n"
    )


def _cut(text: str, budget: int) -> str:
    """Whole lines within ``budget`` bytes, closing a code fence left open."""
    out: list[str] = []
    used = 0
    fence = ""
    for line in text.splitlines(keepends=True):
        used += _size(line)
        if used > budget - 16:  # room for a closing fence
            break
        out.append(line)
        opened = _FENCE.match(line)
        if opened:
            fence = "" if fence else opened.group()
    return "".join(out) + (f"{fence}\n" if fence else "")


def _size(text: str) -> int:
    return len(text.encode("utf-8"))
