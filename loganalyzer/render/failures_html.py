"""The HTML failure section: each failed spec's verdict, failure message and source line,
labelled evidence, its close-up timeline, and every line of every input within the context
window.

Self-contained (its own small style), so the page lays it out wherever it is placed.
Unlike the terminal and Markdown, controller lines naming none of the spec's keys are
shown, dimmed, rather than counted.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape

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

STYLE = (
    "<style>"
    ".failure{border-left:4px solid #b42318;padding:.2em .8em;margin:.8em 0}"
    ".failure h3{font-size:1.05em;margin:.3em 0;overflow-wrap:anywhere}"
    ".failure .msg{background:#fff1f0;padding:.4em .6em}"
    ".failure .ctx{overflow-x:auto}"
    ".failure .ctx td{white-space:pre;font:12px ui-monospace,monospace}"
    ".failure tr.noise td{color:#8c959f}.failure td.at{white-space:nowrap}"
    "</style>"
)


def _e(value: object) -> str:
    return escape("-" if value is None or value == "" else str(value))


def failures_html(
    report: Report, closeup: Callable[[int], list[str]] | None = None, closeups: int = 0
) -> list[str]:
    """``<section>`` with one block per failed spec; nothing when none failed. The first
    ``closeups`` blocks hold ``closeup(index)``, the timeline around that spec (by its
    index in ``report.specs``)."""
    failed = [i for i, s in enumerate(report.specs) if s.verdict]
    if not failed:
        return []
    title = f"Why the {section_title([report.specs[i] for i in failed])[:-6].lower()} specs failed"
    out = [STYLE, '<section id="failures">', f"<h2>{_e(title)}</h2>"]
    for n, index in enumerate(failed):
        drawn = closeup(index) if closeup is not None and n < closeups else []
        out += _spec(report.specs[index], drawn)
    if closeup is not None and len(failed) > closeups:
        more = len(failed) - closeups
        out.append(f"<p>The last {more} of these failed specs have no close-up timeline.</p>")
    return [*out, "</section>"]


def _spec(spec: SpecRow, timeline: list[str]) -> list[str]:
    out = ['<div class="failure">', f"<h3>✗ {_e(heading(spec))}</h3>"]
    out.append(f"<p><strong>{_e(spec.verdict)}</strong>: {_e(spec.reason)}</p>")
    where = failed_at(spec)
    out.append(f"<p>Failed at <code>{_e(where)}</code>:</p>" if where else "<p>Failed:</p>")
    out.append(f'<pre class="msg">{escape(chr(10).join(message_lines(spec)))}</pre>')
    if spec.evidence:
        out.append("<table><tr><th>Evidence</th><th>Time (UTC)</th><th>Line</th><th>Text</th></tr>")
        for line in spec.evidence:
            label, at, cited, text = evidence_cells(line)
            out.append(
                f'<tr><td>{_e(label)}</td><td class="at">{_e(at)}</td>'
                f"<td><code>{_e(cited)}</code></td><td><pre>{_e(text)}</pre></td></tr>"
            )
        out.append("</table>")
    out += timeline
    if spec.context is not None:
        out.append(f"<details><summary>{_e(context_title(spec.context))}</summary>")
        out.append('<div class="ctx"><table>')
        for row in context_rows(spec.context, fold=False):
            if row.note:
                out.append(f'<tr><td colspan="4">{_e(row.text)}</td></tr>')
                continue
            kind = ' class="noise"' if row.noise else ""
            out.append(
                f'<tr{kind}><td class="at">{_e(row.utc)}</td><td class="at">{escape(row.local)}'
                f'</td><td class="at">{_e(row.at)}</td><td>{escape(row.text)}</td></tr>'
            )
        out += ["</table></div>", "</details>"]
    return [*out, "</div>"]
