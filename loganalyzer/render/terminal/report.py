"""``--format terminal`` (the default): rich tables for a person debugging a failed run."""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from rich.cells import cell_len
from rich.console import Console
from rich.progress import (
    BarColumn,
    DownloadColumn,
    TextColumn,
    TimeRemainingColumn,
    TransferSpeedColumn,
)
from rich.progress import Progress as RichProgress
from rich.table import Table
from rich.text import Text

from loganalyzer.model.report import PairRow, Report
from loganalyzer.render.compare_cells import key_cell, spec_cell
from loganalyzer.render.wording import gap_summary, gap_text, headline, short_time, spec_label
from loganalyzer.report.compare import Comparison


def _console(buffer: io.StringIO, width: int | None, color: bool) -> Console:
    return Console(
        file=buffer,
        width=width or 120,
        color_system="standard" if color and "NO_COLOR" not in os.environ else None,
        force_terminal=color,
        highlight=False,
        emoji=False,
    )


_STATUS_STYLE = {"observed": "green", "unobserved": "bold red", "orphan": "yellow"}


def render(report: Report, width: int | None = None, *, color: bool = False) -> str:
    """Render to a string; colour only when asked (the CLI asks when stdout is a terminal)."""
    buffer = io.StringIO()
    console = _console(buffer, width, color)
    console.print(Text("loganalyzer", style="bold") + Text(f"  {headline(report)}"))
    console.print(f"gap write→seen: {gap_summary(report)}")
    zone = report.summary.get("test_zone")
    if zone:
        console.print(f"test times: {zone}", markup=False)
    for warning in report.warnings:
        console.print(Text("warning: ", style="yellow") + Text(warning))
    finding = (report.summary.get("load") or {}).get("finding")
    if finding:
        console.print(Text("load: ") + Text(finding))
    if report.summary.get("sentence"):
        console.print(Text("advice: ") + Text(report.summary["sentence"]))
    failed = [s for s in report.specs if s.verdict]
    if failed:
        # One block per spec: the reasons are sentences and read badly in narrow cells.
        console.print()
        flaky = any(s.verdict == "flaky" for s in failed)
        console.print(Text("Failed or flaky specs" if flaky else "Failed specs", style="bold"))
        for spec in failed:
            where = f" (process {spec.process})" if spec.process else ""
            console.print(Text("✗ ", style="red") + Text(spec.name + where, style="bold"))
            console.print(
                Text("  ")
                + Text(spec.verdict or "", style="bold red")
                + Text(": ")
                + Text(spec.reason)
            )
            for evidence in spec.evidence:
                console.print(Text(f"    {evidence['at']}", style="dim"), overflow="fold")
            if spec.longer_timeout:
                console.print(Text(f"  longer wait? {spec.longer_timeout}"))
    if report.pairs:
        # The link and the full spec names are in the JSON and Markdown reports.
        console.print()
        rows = [_pair_cells(pair) for pair in report.pairs]
        fast = pairs_table_fast(rows, width, color)
        if fast is None:
            console.print(pairs_table(rows))
        else:
            buffer.write(fast)
    console.print()
    table = Table(title="Inputs", title_justify="left", expand=True)
    for name in ("File", "Format", "Lines", "Used", "Skipped", "Note"):
        numeric = name in ("Lines", "Used", "Skipped")
        table.add_column(
            name,
            justify="right" if numeric else "left",
            overflow="fold",
            no_wrap=numeric,
            ratio=None if numeric else 3 if name != "Format" else 2,
        )
    for row in report.inputs:
        table.add_row(  # paths and notes quote the input: text, never markup
            Text(row.path),
            row.format or "-",
            str(row.lines),
            str(row.used),
            str(row.skipped),
            Text(row.note),
        )
    console.print(table)
    return buffer.getvalue()


Cells = tuple[str, str, str, str, str]


def _pair_cells(pair: PairRow) -> Cells:
    who = spec_label(pair.spec, 40) + (f" ({pair.process})" if pair.process else "")
    return (pair.key or "-", short_time(pair.written_at), pair.status, gap_text(pair), who)


def pairs_table(rows: Sequence[Cells]) -> Table:
    table = Table(title="Files written (UTC)", title_justify="left", expand=True)
    table.add_column("Key", ratio=4, overflow="fold", min_width=12)
    table.add_column("Written", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Gap, s (bounds)", ratio=4, overflow="fold", min_width=12)
    table.add_column("Spec (process)", ratio=5, overflow="fold", min_width=12)
    for key, written, status, gap, who in rows:
        table.add_row(key, written, Text(status, style=_STATUS_STYLE.get(status, "")), gap, who)
    return table


def pairs_table_fast(rows: Sequence[Cells], width: int | None, color: bool) -> str | None:
    """The pairs table as rich prints it, without rich laying out every row.

    rich spends a third of a millisecond per row, seconds for a large log. Column
    widths depend only on each column's widest cell and longest word, so rich lays
    out a sample holding those rows and one row per status; the other rows are
    spelt out here, with rich folding each distinct overlong cell once. None (use
    rich) unless every cell is plain single-width text and the sample's rows come
    out exactly as rich's did.
    """
    columns = [list(column) for column in zip(*rows, strict=True)]
    distinct = [set(column) for column in columns]  # cells repeat: check each text once
    if not rows or not all(_plain(cell) for texts in distinct for cell in texts):
        return None
    sample = sorted(_sample(columns, distinct))
    buffer = io.StringIO()
    _console(buffer, width, color).print(pairs_table([rows[i] for i in sample]))
    lines = buffer.getvalue().splitlines(keepends=True)
    body = next((i + 1 for i, line in enumerate(lines) if line.startswith("┡")), 0)
    bottom = lines[-1].rstrip("\n")
    if not body or not bottom.endswith("┘") or set(bottom) - set("└─┴┘"):
        return None  # a table wider than the terminal is cropped
    widths = [len(part) for part in bottom[1:-1].split("┴")]
    folded = [
        _folded({t for t in texts if len(t) > w - 2}, w)
        for texts, w in zip(distinct, widths, strict=True)
    ]
    w1, w2, w3, w4, w5 = (w - 1 for w in widths)  # the cell and its right padding
    # The status's colour covers the spaces that justify it, not the cell's padding.
    status_cell = {s: " " + _styled(s.ljust(w3 - 1), width, color) + " " for s in distinct[2]}

    def tall(row: Cells) -> str:
        cells = [
            folded[j].get(text) or [f" {text:<{w - 1}}"]
            for j, (text, w) in enumerate(zip(row, widths, strict=True))
        ]
        cells[2] = [status_cell[row[2]]]
        height = max(map(len, cells))
        blank = [[" " * w] * (height - len(cell)) for cell, w in zip(cells, widths, strict=True)]
        return "".join(
            f"│{'│'.join(parts)}│\n"
            for parts in zip(*(c + b for c, b in zip(cells, blank, strict=True)), strict=True)
        )

    def line(row: Cells) -> str:
        key, written, status, gap, who = row
        if key in folded[0] or gap in folded[3] or who in folded[4]:
            return tall(row)
        return f"│ {key:<{w1}}│ {written:<{w2}}│{status_cell[status]}│ {gap:<{w4}}│ {who:<{w5}}│\n"

    if folded[1] or folded[2] or "".join(lines[body:-1]) != "".join(line(rows[i]) for i in sample):
        return None
    return "".join(lines[:body]) + "".join(map(line, rows)) + lines[-1]


def _folded(texts: set[str], width: int) -> dict[str, list[str]]:
    """The lines of each text as rich folds it in a cell ``width`` wide, padding included."""
    if not texts:
        return {}
    ordered = sorted(texts)
    table = Table(show_header=False, show_lines=True)
    table.add_column(overflow="fold", width=width - 2)
    for text in ordered:
        table.add_row(text)
    buffer = io.StringIO()
    _console(buffer, width + 2, False).print(table)
    blocks: list[list[str]] = [[]]
    for line in buffer.getvalue().splitlines()[1:-1]:
        if line.startswith("├"):
            blocks.append([])
        else:
            blocks[-1].append(line[1:-1])
    return dict(zip(ordered, blocks, strict=True))


def _plain(text: str) -> bool:
    # Markup, tabs, wide or zero-width characters: rich's own layout is needed.
    return (
        text.isprintable() and "[" not in text and (text.isascii() or cell_len(text) == len(text))
    )


def _sample(columns: list[list[str]], distinct: list[set[str]]) -> set[int]:
    """Rows with each column's widest cell and longest word (rich's measures), each status."""
    picked = {0, len(columns[0]) - 1}
    for column, texts in zip(columns, distinct, strict=True):
        picked.add(column.index(max(texts, key=len)))
        picked.add(column.index(max(texts, key=_longest_word)))
    return picked | {columns[2].index(status) for status in distinct[2]}


def _longest_word(text: str) -> int:
    return max(map(len, text.split()), default=0) if " " in text else len(text)


def _styled(status: str, width: int | None, color: bool) -> str:
    buffer = io.StringIO()
    style = _STATUS_STYLE.get(status.strip(), "")
    _console(buffer, width, color).print(Text(status, style=style), end="")
    return buffer.getvalue()


def render_comparison(
    comparison: Comparison, width: int | None = None, *, color: bool = False
) -> str:
    buffer = io.StringIO()
    console = _console(buffer, width, color)
    a, b = comparison.labels
    console.print(Text("loganalyzer compare", style="bold") + Text(f"  {comparison.headline}"))
    table = Table(expand=True)
    table.add_column("", ratio=2)
    table.add_column(a, ratio=2, overflow="fold")
    table.add_column(b, ratio=2, overflow="fold")
    for row in comparison.overview:
        table.add_row(row["measure"], row["a"], row["b"])
    console.print(table)
    table = Table(title="Specs", title_justify="left", expand=True)
    table.add_column("Spec", ratio=3, overflow="fold")
    table.add_column(a, min_width=22, overflow="fold")
    table.add_column(b, min_width=22, overflow="fold")
    for spec in comparison.specs:
        style = "bold red" if spec["changed"] else ""
        table.add_row(spec["name"], spec_cell(spec["a"]), Text(spec_cell(spec["b"]), style=style))
    console.print(table)
    table = Table(title="Files by key", title_justify="left", expand=True)
    table.add_column("Key", ratio=2, overflow="fold")
    table.add_column(a, ratio=2, overflow="fold")
    table.add_column(b, ratio=2, overflow="fold")
    for key in comparison.keys:
        table.add_row(key["key"], key_cell(key["a"]), key_cell(key["b"]))
    console.print(table)
    return buffer.getvalue()


@contextmanager
def progress_bar(total: int | None) -> Iterator[Callable[[int], None]]:
    """Bytes read, rate and (when the total is known) time left, on stderr."""
    columns: list[Any] = [
        TextColumn("reading logs"),
        BarColumn(),
        DownloadColumn(),
        TransferSpeedColumn(),
    ]
    if total:
        columns.append(TimeRemainingColumn())
    with RichProgress(*columns, console=Console(stderr=True), transient=True) as bar:
        task = bar.add_task("read", total=total)
        yield lambda done: bar.advance(task, done)
