"""The terminal's failure section: verdict, failure message, evidence, merged lines."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from loganalyzer.model.report import Context, Report, SpecRow
from loganalyzer.render.failure_wording import (
    context_rows,
    context_title,
    evidence_cells,
    failed_at,
    heading,
    message_lines,
    place,
    section_title,
    verdict_sentence,
)


def print_failures(console: Console, report: Report) -> None:
    """One block per failed spec: sentences wrap under their indent; evidence and merged
    lines are cut at the width, one per line."""
    failed = [s for s in report.specs if s.verdict]
    if not failed:
        return
    console.print()
    console.print(Text(section_title(failed), style="bold"))
    for spec in failed:
        _spec(console, spec)


def _spec(console: Console, spec: SpecRow) -> None:
    _indented(console, Text(heading(spec), style="bold"), 2, first=Text("✗ ", style="red"))
    verdict = verdict_sentence(spec)
    head, _, rest = verdict.partition(": ")
    _indented(console, Text(head, style="bold red") + Text(": " + rest if rest else ""), 2)
    where = failed_at(spec)
    _indented(console, Text("failed" + (f" at {where}" if where else ""), style="bold"), 2)
    for text in message_lines(spec):
        _indented(console, Text(_flat(text)), 4)
    if spec.evidence:
        _evidence(console, spec)
    if spec.context is not None:
        _context(console, spec.context)
    if spec.longer_timeout:
        console.print(Text(f"  longer wait? {spec.longer_timeout}"))


def _evidence(console: Console, spec: SpecRow) -> None:
    console.print(Text("  evidence (UTC):", style="bold"))
    width = max(len(e.label) for e in spec.evidence)
    wide = max(len(place(e.at)) for e in spec.evidence)
    for evidence in spec.evidence:
        label, at, cited, text = evidence_cells(evidence)
        row = Text(f"    {label:<{width}}  {at:<16}  ")
        row += Text(f"{place(cited):<{wide}}", style="dim") + Text(f"  {_flat(text)}")
        console.print(row, no_wrap=True, overflow="ellipsis")


def _context(console: Console, context: Context) -> None:
    console.print(Text(f"  {context_title(context)}:", style="bold"))
    rows = context_rows(context, fold=True)
    wide = max((len(r.at) for r in rows), default=0)
    local = max((len(r.local) for r in rows), default=0)
    for row in rows:
        if row.note:
            shown = Text(f"    {row.text}", style="dim")
        else:
            shown = Text(f"    {row.utc:<16}  {row.local:<{local}}  ")
            shown += Text(f"{row.at:<{wide}}", style="dim") + Text(f"  {_flat(row.text)}")
        console.print(shown, no_wrap=True, overflow="ellipsis")


def _flat(text: str) -> str:
    # A tab would jump to the next stop and push the text off a cut line.
    return text.replace("\t", "  ")


def _indented(console: Console, text: Text, indent: int, first: Text | None = None) -> None:
    """Print ``text`` wrapped, every line indented (rich's wrap would start at column 0);
    ``first`` replaces the first line's indent (a bullet)."""
    for n, line in enumerate(text.wrap(console, max(20, console.width - indent))):
        line.rstrip()
        lead = first if first is not None and n == 0 else Text(" " * indent)
        console.print(lead + line, soft_wrap=True)
