"""``--format markdown``: GitHub-flavoured Markdown to paste into an issue."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Sequence
from pathlib import PurePosixPath
from urllib.parse import quote

from loganalyzer.model.report import InputRow, Report
from loganalyzer.render.compare_cells import key_cell, spec_cell
from loganalyzer.render.markdown_fit import fit, fit_comparison
from loganalyzer.render.registry import Options
from loganalyzer.render.wording import (
    gap_text,
    headline,
    nouns,
    plural,
    seconds_cell,
    short_time,
    summary_rows,
    title,
)
from loganalyzer.report.compare import Comparison

# Where GitHub makes an @mention: an @ not inside a word (user@host is none) before a name.
_MENTION = re.compile(r"(?<![A-Za-z0-9_!#$%&*@/])@(?=[A-Za-z0-9])")
# Text that cell() would return unchanged: single-spaced words free of anything to escape.
_PLAIN = re.compile(r"[^\s&<>|`@\\\[\]*~]+(?: [^\s&<>|`@\\\[\]*~]+)*")
_MARKDOWN = re.compile(r"([\\\[\]*~])")  # ![](x) is no image once [ is escaped


def cell(text: object) -> str:
    """Escape log text for a table cell: pipes, HTML, backticks, @mentions, newlines.

    >>> cell("a | <b> `c` @team")
    'a \\\\| &lt;b&gt; \\\\`c\\\\` @\\u200bteam'
    >>> cell("mail ops@example.com")  # no mention inside a word: the text stays exact
    'mail ops@example.com'
    """
    if text is None or text == "":
        return "-"
    if isinstance(text, str) and _PLAIN.fullmatch(text):
        return text  # most cells, thousands of them in a large report
    value = _MARKDOWN.sub(r"\\\1", html.escape(str(text), quote=False))
    value = value.replace("|", "\\|").replace("`", "\\`")
    value = _MENTION.sub("@\u200b", value)
    return " ".join(value.split())


def fence(lines: list[str]) -> list[str]:
    longest = max((len(m) for line in lines for m in re.findall(r"`+", line)), default=0)
    fence = "`" * max(3, longest + 1)
    return [f"{fence}text", *lines, fence]  # no mentions in code: copied text stays exact


def render(report: Report, width: int | None = None, *, charts: Sequence[str] = ()) -> str:
    """The report; ``charts`` are relative paths of PNG/SVG charts to link (``--charts``)."""
    from loganalyzer.render.failures_markdown import failure_sections  # it uses cell()

    out: list[str] = ["# loganalyzer report", "", f"**{headline(report)}**", ""]
    out += _summary_table(report)
    out += _charts(charts)
    if report.warnings:
        out += ["> [!WARNING]"] + [f"> {cell(w)}  " for w in report.warnings] + [""]
    out += failure_sections(report)
    out += [f"## {nouns(report)} written and seen", ""]
    if report.pairs:
        out += [
            "| Key | Written (UTC) | Status | Gap | Seen via | Spec | Link |",
            "|---|---|---|---|---|---|---|",
        ]
        out += [
            f"| {cell(p.key)} | {short_time(p.written_at)} | {p.status} | {cell(gap_text(p))} "
            f"| {cell(p.observation)} | {cell(p.spec)} | {cell(p.link)} |"
            for p in report.pairs
        ]
    else:
        out.append(f"No {report.artifact} writes were found.")
    out += _histogram(report) + _load(report) + _advice(report)
    out += ["", "## Inputs", "", *inputs_table(report.inputs)]
    return "\n".join(out).rstrip() + "\n"


def inputs_table(rows: Sequence[InputRow]) -> list[str]:
    """One row per input: what it was read as and how its lines were used (also
    ``loganalyzer inputs -f markdown``)."""
    out = [
        "| File | Format | Role | Lines | Used | Skipped | Note |",
        "|---|---|---|---:|---:|---:|---|",
    ]
    out += [
        f"| {cell(i.path)} | {cell(i.format)} | {cell(i.role)} | {i.lines} | {i.used} | "
        f"{i.skipped} | {cell(i.note)} |"
        for i in rows
    ]
    return out


def render_comparison(comparison: Comparison, width: int | None = None) -> str:
    a, b = comparison.labels
    out = [
        "# loganalyzer comparison",
        "",
        f"**{cell(comparison.headline)}**",
        "",
        f"| | {cell(a)} | {cell(b)} |",
        "|---|---|---|",
        *(
            f"| {cell(r['measure'])} | {cell(r['a'])} | {cell(r['b'])} |"
            for r in comparison.overview
        ),
        "",
        "## Specs",
        "",
        f"| Spec | {cell(a)} | {cell(b)} |",
        "|---|---|---|",
    ]
    out += [
        f"| {cell(s['name'])} | {cell(spec_cell(s['a']))} | "
        f"{'**' if s['changed'] else ''}{cell(spec_cell(s['b']))}{'**' if s['changed'] else ''} |"
        for s in comparison.specs
    ]
    by_key = f"## {title(plural(comparison.artifact))} by key"
    out += ["", by_key, "", f"| Key | {cell(a)} | {cell(b)} |", "|---|---|---|"]
    out += [
        f"| {cell(k['key'])} | {cell(key_cell(k['a']))} | {cell(key_cell(k['b']))} |"
        for k in comparison.keys
    ]
    out += [
        "",
        "Gaps are write-to-observation seconds, best estimate (bounds); "
        f"@N is the number of specs running when the {comparison.artifact} was written.",
    ]
    return "\n".join(out) + "\n"


def _load(report: Report) -> list[str]:
    load = report.summary.load
    rows = load.buckets
    if not rows:
        return []
    out = [
        "",
        "## Gap by load",
        "",
        load.finding,
        "",
        f"| Specs running | {nouns(report)} | Seen | Never seen | Seen gap p50 (s) "
        "| Seen gap p90 (s) | Seen gap max (s) | Never seen, seen gap at least (s) |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    out += [
        f"| {r.concurrency} | {r.writes} | {r.observed} | {r.unobserved} | "
        f"{seconds_cell(r.gap_p50)} | {seconds_cell(r.gap_p90)} | {seconds_cell(r.gap_max)} | "
        f"{seconds_cell(r.unobserved_gap_at_least)} |"
        for r in rows
    ]
    return out


def _advice(report: Report) -> list[str]:
    sentence = report.summary.sentence
    if not sentence:
        return []
    out = ["", "## Recommendation", "", cell(sentence)]
    failed = [s for s in report.specs if s.longer_timeout]
    if failed:
        out += ["", "| Failed spec | Would that wait have passed it? |", "|---|---|"]
        out += [f"| {cell(s.name)} | {cell(s.longer_timeout)} |" for s in failed]
    return out


def _summary_table(report: Report) -> list[str]:
    rows = summary_rows(report)
    return ["| | |", "|---|---|", *(f"| {name} | {cell(value)} |" for name, value in rows), ""]


def _histogram(report: Report) -> list[str]:
    rows = report.summary.gap_histogram
    if not rows:
        return []
    out = [
        "",
        "## Gap distribution",
        "",
        "| Seen gap (s) | Seen | Never seen (seen gap at least) |",
        "|---|---:|---:|",
    ]
    out += [
        f"| {r.from_seconds:.0f}–{r.to_seconds:.0f} | {r.observed} | {r.unobserved_at_least} |"
        for r in rows
    ]
    return out


def _charts(links: Sequence[str]) -> list[str]:
    """Each PNG shown inline, linking to its SVG twin."""
    pngs = [link for link in links if link.endswith(".png")]
    out = ["## Charts", ""] if pngs else []
    for png in pngs:
        out += [f"[![{PurePosixPath(png).stem}]({quote(png)})]({quote(png[:-4] + '.svg')})", ""]
    return out


def emit(report: Report, options: Options) -> Iterator[str]:
    """The registry's entry: the report, linking ``options.charts``, within
    ``options.max_chars`` (see ``markdown_fit``)."""

    def whole(shown: Report) -> str:
        return render(shown, options.width, charts=options.charts)

    yield fit(report, options.max_chars, whole, options.full_report)


def emit_comparison(comparison: Comparison, options: Options) -> Iterator[str]:
    """The registry's entry for ``compare``, within ``options.max_chars``."""

    def whole(shown: Comparison) -> str:
        return render_comparison(shown, options.width)

    yield fit_comparison(comparison, options.max_chars, whole, options.full_report)
