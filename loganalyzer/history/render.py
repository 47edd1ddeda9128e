"""A ``HistoryReport`` as terminal text, Markdown, JSON or offline HTML (no scripts, no CDN).

Log text never becomes markup: every value in HTML is escaped.
"""

from __future__ import annotations

import html
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict

from loganalyzer.history.trends import GapRow, HistoryReport, Rate
from loganalyzer.model.text import counted


def _pct(rate: Rate) -> str:
    return f"{rate.rate:.0%} [{rate.low:.0%}–{rate.high:.0%}]"


def _num(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def _spec_rows(report: HistoryReport) -> list[list[str]]:
    return [
        [
            s.name,
            str(s.runs),
            _pct(s.failed),
            _pct(s.flaky),
            ", ".join(f"{v} {k}" for k, v in s.verdicts.items()) or "–",
            s.last_failure or "–",
        ]
        for s in report.specs
    ]


SPEC_HEAD = ["spec", "runs", "fail (95% CI)", "flake (95% CI)", "verdicts", "last failure"]
GAP_HEAD = [
    "bucket",
    "writes",
    "unseen",
    "gap p50",
    "gap p90",
    "min p50",
    "max p90",
    "wait 95% [low–high]",
    "recommended",
]


def _wait(g: GapRow) -> str:
    """The Kaplan–Meier estimate of the wait covering 95%, with its bounds."""
    if not g.waited:
        return "–"
    high = "∞" if g.wait_95_high is None else f"{g.wait_95_high:.2f}"
    return f"{_num(g.wait_95_estimate)} [{_num(g.wait_95_low)}–{high}]"


def _gap_rows(rows: list[GapRow]) -> list[list[str]]:
    return [
        [
            g.bucket,
            str(g.writes),
            str(g.unobserved),
            _num(g.gap_p50),
            _num(g.gap_p90),
            _num(g.gap_min_p50),
            _num(g.gap_max_p90),
            _wait(g),
            "none safe" if g.waited and g.recommended_wait is None else _num(g.recommended_wait),
        ]
        for g in rows
    ]


def _findings(report: HistoryReport) -> list[str]:
    lines = [r.sentence + f" (q = {r.q:.3g})" for r in report.regressions]
    lines += [
        f"`{name}` is flaky: it passes only on a retry in some runs." for name in report.flaky
    ]
    return lines or ["No regression and no flaky spec at the default threshold."]


def terminal(report: HistoryReport) -> str:
    """Plain text tables (no colour)."""

    def table(head: list[str], rows: list[list[str]]) -> list[str]:
        widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
        fmt = "  ".join(f"{{:<{w}}}" for w in widths)
        return [fmt.format(*head), fmt.format(*("-" * w for w in widths))] + [
            fmt.format(*r) for r in rows
        ]

    out = [
        f"History {report.since} .. {report.until}: {counted(report.runs, 'run')} "
        f"({report.failed_runs} could not be read); recent from {report.recent_from}",
        "",
    ]
    out += ["Findings:", *(f"  - {line}" for line in _findings(report)), ""]
    out += ["Specs:", *table(SPEC_HEAD, _spec_rows(report)), ""]
    out += ["Gaps per week (seconds):", *table(GAP_HEAD, _gap_rows(report.gaps_weekly)), ""]
    out += ["Gaps per concurrency:", *table(GAP_HEAD, _gap_rows(report.gaps_by_concurrency))]
    return "\n".join(out) + "\n"


def _md_table(head: list[str], rows: list[list[str]]) -> list[str]:
    def cell(text: str) -> str:
        return text.replace("|", "\\|").replace("\n", " ")

    return ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)] + [
        "| " + " | ".join(cell(c) for c in row) + " |" for row in rows
    ]


def markdown(report: HistoryReport) -> str:
    out = [
        f"# History: {counted(report.runs, 'run')}",
        "",
        f"{report.since} .. {report.until}; recent window from {report.recent_from}; "
        f"{counted(report.failed_runs, 'run')} could not be read.",
        "",
        "## Findings",
        "",
    ]
    out += [f"- {line}" for line in _findings(report)]
    out += ["", "## Specs", "", *_md_table(SPEC_HEAD, _spec_rows(report))]
    out += ["", "## Gaps per week", "", *_md_table(GAP_HEAD, _gap_rows(report.gaps_weekly))]
    out += ["", "## Gaps per concurrency", ""]
    out += _md_table(GAP_HEAD, _gap_rows(report.gaps_by_concurrency))
    return "\n".join(out) + "\n"


def json_(report: HistoryReport) -> str:
    return json.dumps(asdict(report), indent=2, sort_keys=False) + "\n"


COLOURS = {
    "passed": "#3c9a45",
    "flaky": "#9b59b6",
    "skipped": "#bbbbbb",
    "": "#ffffff",
    "failed:visibility-latency": "#e67e22",
    "failed:not-written": "#c0392b",
    "failed:infrastructure": "#555555",
}


def _bars(points: Sequence[tuple[str, float | None]], unit: str) -> str:
    """An inline SVG bar chart (offline); a None value has no bar, and says so."""
    if not points:
        return "<p>No data.</p>"
    top = max(v or 0.0 for _, v in points) or 1.0
    w, h = 28, 120
    bars = []
    for i, (label, value) in enumerate(points):
        height = (value or 0.0) / top * h
        said = "not reached" if value is None else f"{value:.3g} {unit}"
        bars.append(
            f'<rect x="{i * w + 4}" y="{h - height + 10:.1f}" width="{w - 6}" '
            f'height="{height:.1f}" fill="#2e86c1"><title>{html.escape(label)}: '
            f"{said}</title></rect>"
            f'<text x="{i * w + 4}" y="{h + 24}" font-size="8">{html.escape(label[-3:])}</text>'
        )
    return f'<svg width="{len(points) * w + 10}" height="{h + 30}">{"".join(bars)}</svg>'


def html_(report: HistoryReport) -> str:
    esc = html.escape
    rows = []
    for name, cells in report.grid.items():
        tds = "".join(
            f'<td style="background:{COLOURS.get(c, "#c0392b")}" title="{esc(r.run_id)} '
            f'{esc(r.day)}: {esc(c or "not run")}"></td>'
            for c, r in zip(cells, report.grid_runs, strict=True)
        )
        rows.append(f'<tr><th class="spec">{esc(name)}</th>{tds}</tr>')
    regs = "".join(
        f"<tr><td>{esc(r.spec)}</td><td>{esc(r.kind)}</td><td>{r.p:.3g}</td><td>{r.q:.3g}</td>"
        f"<td>{esc(r.sentence)}</td></tr>"
        for r in report.regressions
    )
    fail_by_week: dict[str, list[float]] = {}
    for spec in report.specs:
        for week, _, fail, flake in spec.weekly:
            fail_by_week.setdefault(week, []).append(fail + flake)
    fails = [(w, sum(v) / len(v)) for w, v in sorted(fail_by_week.items())]
    gaps = [(g.bucket, g.gap_p90 or 0.0) for g in report.gaps_weekly]
    waits = [(g.bucket, g.wait_95_estimate) for g in report.gaps_weekly]
    legend = "".join(
        f'<span style="background:{c};padding:0 8px;margin-right:4px"></span>{esc(k or "none")} '
        for k, c in COLOURS.items()
    )

    def table(head: list[str], rows: list[list[str]], cls: str) -> str:
        body = "".join("<tr>" + "".join(f"<td>{esc(c)}</td>" for c in r) + "</tr>" for r in rows)
        heads = "".join(f"<th>{esc(h)}</th>" for h in head)
        return f'<table class="{cls}"><tr>{heads}</tr>{body}</table>'

    spec_table = table(SPEC_HEAD, _spec_rows(report), "specs")
    weekly = table(GAP_HEAD, _gap_rows(report.gaps_weekly), "gaps-weekly")
    by_load = table(GAP_HEAD, _gap_rows(report.gaps_by_concurrency), "gaps-concurrency")
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>loganalyzer history</title>
<style>body{{font:13px sans-serif;margin:1em}} table{{border-collapse:collapse}}
td,th{{border:1px solid #ddd;padding:2px 4px}} .grid td{{width:10px;height:14px;padding:0}}
th.spec{{text-align:left;font-weight:normal;white-space:nowrap}}</style></head><body>
<h1>History: {counted(report.runs, "run")}</h1>
<p>{esc(report.since)} .. {esc(report.until)}; recent from {esc(report.recent_from)}.</p>
<h2>Findings</h2><ul>{"".join(f"<li>{esc(x)}</li>" for x in _findings(report))}</ul>
<h2>Runs (newest left)</h2><p>{legend}</p>
<table class="grid">{"".join(rows)}</table>
<h2>Fail and flake rate per week</h2>{_bars(fails, "of runs")}
<h2>Gap p90 per week</h2>{_bars(gaps, "s")}
<h2>Wait covering 95% per week (Kaplan–Meier estimate)</h2>{_bars(waits, "s")}
<h2>Gaps and waits per week (seconds)</h2>{weekly}
<h2>Gaps and waits per concurrency</h2>{by_load}
<h2>Regressions</h2><table><tr><th>spec</th><th>kind</th><th>p</th><th>q</th><th>why</th></tr>
{regs}</table>
<h2>Specs</h2>{spec_table}
</body></html>
"""


RENDERERS: dict[str, Callable[[HistoryReport], str]] = {
    "terminal": terminal,
    "markdown": markdown,
    "json": json_,
    "html": html_,
}
