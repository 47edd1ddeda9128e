"""Markdown that fits GitHub's limits: 65,536 characters in a comment, 1 MiB in a step summary.

A report over the limit keeps its headline, summary and failed specs, and as many of the
pairs as fit, those that need a look first (never seen, undetermined, orphans, then the
longest gaps); a closing note says how many were left out and where the whole report is.
A comparison keeps its headline and overview, and the specs and keys that changed first.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from loganalyzer.model.report import PairRow, Report
from loganalyzer.model.status import PairStatus
from loganalyzer.render.wording import counted
from loganalyzer.report.compare import Comparison

COMMENT_LIMIT = 65_536  # a GitHub issue or pull-request comment, in characters
SUMMARY_LIMIT = 1 << 20  # a GitHub Actions step summary, in bytes
_ROW_GUESS = 60  # bytes a table row takes at least: where the search for a fit starts
_FENCE = re.compile(r"`{3,}")
CONTEXT_CAPS = (40, 12, 0)  # merged lines kept per failure as a report is cut to fit
_RANK = {PairStatus.UNOBSERVED: 0, PairStatus.UNDETERMINED: 1, PairStatus.ORPHAN: 2}


def fit(report: Report, limit: int, render: Callable[[Report], str], full_report: str = "") -> str:
    """``render(report)`` cut to ``limit`` UTF-8 bytes (so also characters); 0: no limit.

    The merged lines around each failure (``--context``) give way first, down to a few
    lines each, then the rows of pairs, worst kept."""
    if not limit:
        return render(report)
    cap: int | None = None
    for cap in (None, *CONTEXT_CAPS):
        shown = report if cap is None else _trim_context(report, cap)
        if len(shown.pairs) * _ROW_GUESS <= limit:  # may fit: try it whole
            text = render(shown)
            if _size(text) <= limit:
                return text if cap is None else text + _note(report, len(report.pairs), limit,
                                                             full_report, cap)  # fmt: skip
    pairs = list(shown.pairs)  # once: a pair table makes its rows a batch at a time
    order = sorted(range(len(pairs)), key=lambda i: _worst_first(pairs[i], i))
    keep = min(len(order), limit // _ROW_GUESS)
    while True:
        rows = [pairs[i] for i in sorted(order[:keep])]
        note = _note(report, keep, limit, full_report, cap)
        text = render(replace(shown, pairs=rows)) + note
        if _size(text) <= limit or keep == 0:
            break
        keep = int(keep * min(0.9, limit / _size(text)))  # shrink to the fit, a few tries
    if _size(text) > limit:  # even the summary and failed specs overflow: cut at a line
        note = _note(report, 0, limit, full_report, cap)
        text = _cut(text, limit - _size(note)) + note
    return text


def fit_comparison(
    comparison: Comparison, limit: int, render: Callable[[Comparison], str], full: str = ""
) -> str:
    """``render(comparison)`` cut to ``limit`` UTF-8 bytes; 0: no limit. The headline and
    overview stay; of the spec and key rows, those that changed between the runs are kept
    first (state, then verdict, then status), shown in their usual order."""
    text = render(comparison)
    if not limit or _size(text) <= limit:
        return text
    specs, keys = comparison.specs, comparison.keys
    items = [(_spec_rank(s), 0, i) for i, s in enumerate(specs)]
    items += [(_key_rank(k), 1, i) for i, k in enumerate(keys)]
    items.sort()

    def shown(keep: int) -> str:
        chosen = sorted(items[:keep], key=_place)
        spec_rows = [specs[i] for _, kind, i in chosen if kind == 0]
        key_rows = [keys[i] for _, kind, i in chosen if kind == 1]
        note = _comparison_note(comparison, len(spec_rows), len(key_rows), limit, full)
        return render(replace(comparison, specs=spec_rows, keys=key_rows)) + note

    text = _most_that_fit(len(items), shown, limit)
    if _size(text) > limit:  # even the headline and overview overflow: cut at a line
        note = _comparison_note(comparison, 0, 0, limit, full)
        text = _cut(text, limit - _size(note)) + note
    return text


def _most_that_fit(count: int, shown: Callable[[int], str], limit: int) -> str:
    """``shown(keep)`` for about the largest ``keep`` whose text fits ``limit``: a few
    renders, each guessing from the last one's size (rows differ in length)."""
    fits, over = -1, count + 1  # the most known to fit, the fewest known not to
    best = ""
    keep = min(count, limit // _ROW_GUESS)
    for _ in range(12):
        text = shown(keep)
        if _size(text) <= limit:
            fits, best = keep, text
        else:
            over = keep
        if over - fits <= max(1, fits // 50) or (fits == count):
            break
        guess = int(keep * limit / max(_size(text), 1) * 0.98)
        keep = min(max(guess, fits + 1), over - 1)
    return best if fits >= 0 else shown(0)


def _place(item: tuple[int, int, int]) -> tuple[int, int]:
    return item[1], item[2]


def _side(row: dict[str, object], run: str, field: str) -> object:
    side = row[run]
    return side.get(field) if isinstance(side, dict) else None


def _spec_rank(row: dict[str, object]) -> int:
    """0: its state changed; 1: its verdict; 2: in one run only; 3: the same in both."""
    if row["a"] is None or row["b"] is None:
        return 2
    if _side(row, "a", "state") != _side(row, "b", "state"):
        return 0
    return 1 if _side(row, "a", "verdict") != _side(row, "b", "verdict") else 3


def _key_rank(row: dict[str, object]) -> int:
    """Keys after the specs of the same rank: 0 status changed, 2 in one run only, 3 same."""
    if row["a"] is None or row["b"] is None:
        return 2
    return 0 if _side(row, "a", "status") != _side(row, "b", "status") else 3


def _comparison_note(comparison: Comparison, specs: int, keys: int, limit: int, full: str) -> str:
    where = full or "`-f json` output, or `-f markdown --max-chars 0`"
    return (
        f"\n> [!NOTE]\n> Shortened to fit {limit:,} characters: {specs} of "
        f"{counted(len(comparison.specs), 'spec')} and {keys} of "
        f"{counted(len(comparison.keys), 'key')} shown, those that changed first. "
        f"The full comparison: {where}.\n"
    )


def _trim_context(report: Report, cap: int) -> Report:
    """Each failure's merged lines cut to its first ``cap`` that are not controller noise
    (noise is only a count in Markdown); the rest are counted as more."""
    specs = []
    for spec in report.specs:
        context = spec.context
        if context is not None and len(context.lines) > cap:
            kept = [line for line in context.lines if not line.noise][:cap]
            more = context.more + len(context.lines) - len(kept)
            context = replace(context, lines=kept, more=more)
        specs.append(replace(spec, context=context) if context is not spec.context else spec)
    return replace(report, specs=specs)


def _worst_first(pair: PairRow, index: int) -> tuple[int, float, int]:
    return (_RANK.get(pair.status, 3), -(pair.gap_min_seconds or 0.0), index)


def _note(report: Report, kept: int, limit: int, full_report: str, cap: int | None) -> str:
    where = full_report or "`-f json` or `-f html` output, or `-f markdown --max-chars 0`"
    total = len(report.pairs)
    lines = "" if cap is None else f" At most {counted(cap, 'merged line')} per failure."
    return (
        f"\n> [!NOTE]\n> Shortened to fit {limit:,} characters: {kept} of {total} rows shown, "
        f"those that need a look first.{lines} The full report: {where}.\n"
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
