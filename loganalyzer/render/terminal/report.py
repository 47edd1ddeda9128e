"""``--format terminal`` (the default): rich tables for a person debugging a failed run."""

from __future__ import annotations

import io
import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

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
from loganalyzer.model.status import PairStatus
from loganalyzer.render.compare_cells import key_cell, spec_cell
from loganalyzer.render.registry import Options
from loganalyzer.render.terminal.failures import print_failures
from loganalyzer.render.terminal.size import DEFAULT_HEIGHT, DEFAULT_WIDTH
from loganalyzer.render.wording import (
    gap_summary,
    gap_text,
    headline,
    plural,
    short_time,
    spec_label,
    title,
    visibility_summary,
)
from loganalyzer.report.compare import Comparison


def _console(buffer: io.StringIO, width: int | None, color: bool) -> Console:
    return Console(
        file=buffer,
        width=width or DEFAULT_WIDTH,
        color_system="standard" if color and "NO_COLOR" not in os.environ else None,
        force_terminal=color,
        highlight=False,
        emoji=False,
        markup=False,  # log text is data: cells given as str are never read as markup
    )


_STATUS_STYLE: dict[str, str] = {
    PairStatus.OBSERVED: "green",
    PairStatus.UNOBSERVED: "bold red",
    PairStatus.UNDETERMINED: "magenta",
    PairStatus.NOT_WAITED: "dim",
    PairStatus.ORPHAN: "yellow",
}


def render(
    report: Report,
    width: int | None = None,
    *,
    color: bool = False,
    height: int = DEFAULT_HEIGHT,
    all_rows: bool = False,
) -> str:
    """Render to a string; colour only when asked (the CLI asks when stdout is a terminal).

    More pairs than ``height`` rows: only those that need a look, up to ``height``, and a line
    saying how many more ``--all`` (``all_rows``) shows."""
    buffer = io.StringIO()
    console = _console(buffer, width, color)
    console.print(Text("loganalyzer", style="bold") + Text(f"  {headline(report)}"))
    console.print(Text(f"seen gap (write→seen by its spec): {gap_summary(report)}"))
    poll = report.summary.poll_interval_seconds
    console.print(Text(f"visibility gap (up to one {poll:g} s poll earlier): ")
                  + Text(visibility_summary(report)))  # fmt: skip
    zone = report.summary.test_zone
    if zone:
        console.print(f"test times: {zone}", markup=False)
    skew = report.summary.clock_skew
    if skew.applied_seconds:
        console.print(Text(f"clock skew applied: --skew {skew.applied_seconds:g} s"))
    if skew.unreliable:
        console.print(Text("verdicts unreliable: ", style="yellow") + Text(skew.unreliable))
    for warning in report.warnings:
        console.print(Text("warning: ", style="yellow") + Text(warning))
    finding = report.summary.load.finding
    if finding:
        console.print(Text("load: ") + Text(finding))
    if report.summary.sentence:
        console.print(Text("advice: ") + Text(report.summary.sentence))
    if report.summary.decision.sentence:
        console.print(Text("concurrency: ") + Text(report.summary.decision.sentence))
    print_failures(console, report)
    if report.pairs:
        # The link and the full spec names are in the JSON and Markdown reports.
        console.print()
        shown = shown_pairs(report.pairs, height, all_rows=all_rows)
        # about two lines of the spec column: the leaf text shows, the row stays short
        limit = max(24, (console.width - 45) * 5 // 13 * 2 - 4)
        cells = [_pair_cells(pair, limit) for pair in shown]
        if shown:
            console.print(pairs_table(cells, report.artifact))
        else:  # none needs a look: say so rather than draw an empty table
            noun = plural(report.artifact)
            console.print(Text(f"{title(noun)} written: none missed, undetermined or orphaned"))
        if len(shown) < len(report.pairs):
            console.print(_more_line(report, shown), markup=False)
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
# What a person must look at when not every row fits: rich lays out every row it prints, and
# a large log has tens of thousands.
NEEDS_A_LOOK = frozenset({PairStatus.UNOBSERVED, PairStatus.UNDETERMINED, PairStatus.ORPHAN})


def _pair_cells(pair: PairRow, limit: int = 40) -> Cells:
    who = spec_label(pair.spec, limit) + (f" ({pair.process})" if pair.process else "")
    return (pair.key or "-", short_time(pair.written_at), pair.status, gap_text(pair), who)


def pairs_table(rows: Sequence[Cells], noun: str = "file") -> Table:
    table = Table(title=f"{title(plural(noun))} written (UTC)", title_justify="left", expand=True)
    table.add_column("Key", ratio=4, overflow="fold", min_width=12)
    table.add_column("Written", no_wrap=True)
    table.add_column("Status", no_wrap=True)
    table.add_column("Gap, s (bounds)", ratio=4, overflow="fold", min_width=12)
    table.add_column("Spec (process)", ratio=5, overflow="fold", min_width=12)
    for key, written, status, gap, who in rows:
        table.add_row(key, written, Text(status, style=_STATUS_STYLE.get(status, "")), gap, who)
    return table


def shown_pairs(
    pairs: Sequence[PairRow], height: int = DEFAULT_HEIGHT, *, all_rows: bool = False
) -> list[PairRow]:
    """The rows the terminal shows: all of them when they fit in ``height`` (or ``all_rows``);
    else the missed, undetermined and orphan ones, in report order, up to ``height``."""
    if all_rows or len(pairs) <= height:
        return list(pairs)
    return [pair for pair in pairs if pair.status in NEEDS_A_LOOK][:height]


def _more_line(report: Report, shown: Sequence[PairRow]) -> str:
    """One line for the rows left out: how many, how many of those were seen, and --all."""
    more = len(report.pairs) - len(shown)
    seen = sum(p.status == PairStatus.OBSERVED for p in report.pairs)
    seen -= sum(p.status == PairStatus.OBSERVED for p in shown)
    rows = "row" if more == 1 else "rows"
    return f"… --all adds {more} more {rows} ({seen} seen by their spec; JSON and HTML list all)"


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
    table = Table(
        title=f"{title(plural(comparison.artifact))} by key", title_justify="left", expand=True
    )
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


def emit(report: Report, options: Options) -> Iterator[str]:
    """The registry's entry: the report, coloured when ``options.color``."""
    height = options.height or DEFAULT_HEIGHT
    yield render(
        report, options.width, color=options.color, height=height, all_rows=options.all_rows
    )


def emit_comparison(comparison: Comparison, options: Options) -> Iterator[str]:
    yield render_comparison(comparison, options.width, color=options.color)
