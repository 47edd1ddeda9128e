"""``--format terminal`` (the default): rich tables for a person debugging a failed run."""

from __future__ import annotations

import io
import os

from rich.console import Console
from rich.table import Table
from rich.text import Text

from loganalyzer.renderers.text import gap_summary, gap_text, headline, short_time, spec_label
from loganalyzer.report import Report

_STATUS_STYLE = {"observed": "green", "unobserved": "bold red", "orphan": "yellow"}


def render(report: Report, width: int | None = None, *, color: bool = False) -> str:
    """Render to a string; colour only when asked (the CLI asks when stdout is a terminal)."""
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        width=width or 120,
        color_system="standard" if color and "NO_COLOR" not in os.environ else None,
        force_terminal=color,
        highlight=False,
        emoji=False,
    )
    console.print(Text("loganalyzer", style="bold") + Text(f"  {headline(report)}"))
    console.print(f"gap write→seen: {gap_summary(report)}")
    zone = report.summary.get("test_zone")
    if zone:
        console.print(f"test times: {zone}", markup=False)
    for warning in report.warnings:
        console.print(Text("warning: ", style="yellow") + Text(warning))
    failed = [s for s in report.specs if s.verdict]
    if failed:
        table = Table(title="Failed specs", title_justify="left", expand=True)
        table.add_column("Spec", ratio=3)
        table.add_column("Verdict", no_wrap=True)
        table.add_column("Reason", ratio=4)
        table.add_column("Evidence", ratio=2)
        for spec in failed:
            table.add_row(
                spec.name,
                Text(spec.verdict or "", style="bold red"),
                spec.reason,
                "\n".join(e["at"] for e in spec.evidence),
            )
        console.print(table)
    if report.pairs:
        table = Table(title="Files written", title_justify="left", expand=True)
        table.add_column("Key", ratio=2)
        table.add_column("Written", no_wrap=True)
        table.add_column("Status", no_wrap=True)
        table.add_column("Gap", ratio=2)
        table.add_column("Spec (process)", ratio=3)
        table.add_column("Link", no_wrap=True)
        for pair in report.pairs:
            who = spec_label(pair.spec, 60) + (f" ({pair.process})" if pair.process else "")
            table.add_row(
                pair.key or "-",
                short_time(pair.written_at),
                Text(pair.status, style=_STATUS_STYLE.get(pair.status, "")),
                gap_text(pair),
                who,
                pair.link or "-",
            )
        console.print(table)
    table = Table(title="Inputs", title_justify="left", expand=True)
    for name in ("File", "Format", "Lines", "Used", "Skipped", "Note"):
        table.add_column(name, justify="right" if name in ("Lines", "Used", "Skipped") else "left")
    for row in report.inputs:
        table.add_row(
            row.path, row.format or "-", str(row.lines), str(row.used), str(row.skipped), row.note
        )
    console.print(table)
    return buffer.getvalue()
