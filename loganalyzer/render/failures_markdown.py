"""The Markdown failure section: per failed spec, the verdict, the test's failure message
and source line, the labelled evidence, and the merged lines around it (collapsed)."""

from __future__ import annotations

from loganalyzer.model.report import Report, SpecRow
from loganalyzer.render.failure_wording import (
    context_rows,
    context_title,
    evidence_cells,
    failed_at,
    heading,
    message_lines,
    section_title,
)
from loganalyzer.render.markdown import cell, fence


def failure_sections(report: Report) -> list[str]:
    """``## Failed specs`` with one ``###`` block per failed spec (or "None.")."""
    failed = [s for s in report.specs if s.verdict]
    out = [f"## {section_title(failed)}", ""]
    if not failed:
        return [*out, "None.", ""]
    for spec in failed:
        out += _spec(spec)
    return out


def _spec(spec: SpecRow) -> list[str]:
    out = [f"### ✗ {cell(heading(spec))}", "", f"**{spec.verdict}**: {cell(spec.reason)}", ""]
    where = failed_at(spec)
    out += [f"Failed at {cell(where)}:" if where else "Failed:", ""]
    out += [*fence(message_lines(spec)), ""]
    if spec.evidence:
        out += ["| Evidence | Time (UTC) | Line | Text |", "|---|---|---|---|"]
        for line in spec.evidence:
            label, at, cited, text = evidence_cells(line)
            out.append(f"| {label} | {at} | {cell(cited)} | {cell(text)} |")
        out.append("")
    if spec.context is not None:
        rows = context_rows(spec.context, fold=True)
        shown = [r.text if r.note else f"{r.utc}  {r.local:<30}  {r.at}  {r.text}" for r in rows]
        out += [f"<details><summary>{cell(context_title(spec.context))}</summary>", ""]
        out += [*fence(shown), "", "</details>", ""]
    return out
