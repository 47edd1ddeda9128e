"""``--format html``: one self-contained page with the charts and the report's tables.

The Vega, Vega-Lite and vega-embed libraries are inlined and a Content-Security-Policy forbids
every fetch, so the file works offline and a hostile log line cannot make it call out.
"""

from __future__ import annotations

import functools
import html
import json
from collections.abc import Iterator
from typing import Any

import vl_convert as vlc

from loganalyzer.model.report import Report
from loganalyzer.model.status import VerdictKind
from loganalyzer.render.charts import VEGALITE_VERSION, charts
from loganalyzer.render.compare_cells import key_cell, spec_cell
from loganalyzer.render.failures_html import failures_html
from loganalyzer.render.html_legend import MARK_STYLE
from loganalyzer.render.registry import Options
from loganalyzer.render.timeline import items
from loganalyzer.render.timeline_views import CLOSEUPS, closeup, overview
from loganalyzer.render.wording import (
    gap_text,
    headline,
    nouns,
    plural,
    seconds_cell,
    short_time,
    summary_rows,
)
from loganalyzer.render.wording import title as _title
from loganalyzer.report.compare import Comparison

# Vega compiles its expressions with Function(), hence 'unsafe-eval'; nothing may be fetched.
POLICY = (
    "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval'; "
    "style-src 'unsafe-inline'; img-src data: blob:"
)
EXPORTS = "window.vegaEmbed = vegaEmbed; window.vega = vega; window.vegaLite = vegaLite;"
TITLES = {
    "histogram": "Gap distribution",
    "gap-vs-load": "Gap versus load",
}
STYLE = (
    """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:1.5em auto;
max-width:1200px;padding:0 1em;color:#1b1b1b;background:#fff}
h1{font-size:1.5em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.6em}
.headline{font-weight:600}
.scroll{overflow-x:auto;max-width:100%}
table{border-collapse:collapse;margin:.5em 0;width:100%}
th,td{border:1px solid #d0d7de;padding:.25em .5em;text-align:left;vertical-align:top}
th{background:#f3f4f6}td.n{text-align:right;font-variant-numeric:tabular-nums}
.t{white-space:nowrap;font-variant-numeric:tabular-nums}
.unobserved{color:#b42318;font-weight:600}.orphan{color:#9a6700}
.undetermined{color:#8250df}.not-waited{color:#6e7781}
.warning{border-left:4px solid #d29922;background:#fff8c5;padding:.4em .8em;margin:.3em 0}
.chart{overflow-x:auto;margin:.5em 0 1em}.chart-error{color:#b42318}
details{margin:.4em 0}summary{cursor:pointer}
pre{white-space:pre-wrap;word-break:break-all;margin:0;font-size:12px}
""".strip()
    + "\n"
    + MARK_STYLE
)
MAX_PAIR_ROWS = 2000  # past these, the table says the rest are in the JSON report
SCRIPT = """
(function () {
  "use strict";
  var specs = JSON.parse(document.getElementById("loganalyzer-charts").textContent);
  var views = {};
  window.loganalyzerViews = views;
  var options = {actions: false, renderer: "svg"};
  Promise.all(Object.keys(specs).sort().map(function (name) {
    var target = document.getElementById("chart-" + name);
    return Promise.resolve().then(function () {
      return vegaEmbed(target, specs[name], options);
    }).then(function (result) {
      views[name] = result.view;
    }, function (error) {
      target.textContent = "This chart could not be drawn: " + error;
      target.className += " chart-error";
      throw error;
    });
  })).then(function () {
    document.body.setAttribute("data-charts", "ready");
  }, function (error) {
    console.error("loganalyzer: " + error);
    document.body.setAttribute("data-charts", "error");
  });
})();
""".strip()


@functools.cache
def library() -> str:
    """vega-embed, Vega-Lite and Vega as one script, for the Vega-Lite version Altair writes."""
    js = vlc.javascript_bundle(EXPORTS, vl_version=VEGALITE_VERSION)
    if "</script" in js.lower() or "<!--" in js:
        raise RuntimeError("the Vega bundle contains text that would end its <script> element")
    return js


def script_json(value: Any) -> str:
    """JSON safe inside ``<script>``: no ``<``, ``>`` or ``&`` can close or comment it out.

    >>> script_json({"line": "</script><!--"})
    '{"line":"\\\\u003c/script\\\\u003e\\\\u003c!--"}'
    """
    text = json.dumps(value, sort_keys=True, separators=(",", ":"), allow_nan=False)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def esc(value: object) -> str:
    return html.escape("-" if value is None or value == "" else str(value))


def _table(head: list[str], rows: list[list[str]], numeric: set[int] | None = None) -> list[str]:
    """Rows of already escaped cells; ``numeric`` columns are right-aligned."""
    out = ['<div class="scroll"><table>']
    if head:
        out.append("<tr>" + "".join(f"<th>{html.escape(h)}</th>" for h in head) + "</tr>")
    for row in rows:
        cells = [
            f'<td class="n">{c}</td>' if i in (numeric or set()) else f"<td>{c}</td>"
            for i, c in enumerate(row)
        ]
        out.append("<tr>" + "".join(cells) + "</tr>")
    return [*out, "</table></div>"]


def _verdicts(report: Report) -> list[str]:
    failed = [s for s in report.specs if s.verdict]
    flaky = any(s.verdict == VerdictKind.FLAKY for s in failed)
    title = "Failed or flaky specs" if flaky else "Failed specs"
    out = [f"<h2>{title}</h2>"]
    if not failed:
        return [*out, "<p>None.</p>"]
    rows = [
        [
            esc(s.name),
            esc(s.state),
            esc(s.process),
            f"<strong>{esc(s.verdict)}</strong>",
            esc(s.reason),
            esc(s.longer_timeout),
        ]
        for s in failed
    ]
    head = ["Spec", "State", "Process", "Verdict", "Reason", "Would the recommended wait do?"]
    return out + _table(head, rows, {2})


def _pairs(report: Report) -> list[str]:
    out = [f"<h2>{esc(nouns(report))} written and seen</h2>"]
    if not report.pairs:
        return [*out, f"<p>No {esc(report.artifact)} writes were found.</p>"]
    shown = report.pairs[:MAX_PAIR_ROWS]
    rows = [
        [
            f'<span title="{esc(p.path)}">{esc(p.key)}</span>',
            f'<span class="t">{esc(short_time(p.written_at))}</span>',
            f'<span class="{esc(p.status)}">{esc(p.status)}</span>',
            esc(gap_text(p)),
            esc(p.concurrency),
            esc(p.observation),
            esc(p.spec),
            esc(p.link),
        ]
        for p in shown
    ]
    head = ["Key", "Written (UTC)", "Status", "Gap", "Specs running", "Seen via", "Spec", "Link"]
    out += _table(head, rows, {4})
    left = len(report.pairs) - len(shown)
    if left:
        out.append(
            f'<p class="warning">The first {len(shown):,} of {len(report.pairs):,} rows; '
            f"the other {left:,} are in the JSON report (--format json).</p>"
        )
    return out


def _load(report: Report) -> list[str]:
    load = report.summary.load
    buckets = load.buckets
    if not buckets:
        return []
    head = [
        "Specs running",
        nouns(report),
        "Seen",
        "Never seen",
        "Seen gap p50 (s)",
        "Seen gap p90 (s)",
    ]
    head += ["Seen gap max (s)", "Never seen, seen gap at least (s)"]
    rows = [
        [esc(b.concurrency), esc(b.writes), esc(b.observed), esc(b.unobserved)]
        + [seconds_cell(v) for v in (b.gap_p50, b.gap_p90, b.gap_max, b.unobserved_gap_at_least)]
        for b in buckets
    ]
    table = _table(head, rows, set(range(8)))
    return ["<h2>Gap by load</h2>", f"<p>{esc(load.finding)}</p>", *table]


def _inputs(report: Report) -> list[str]:
    rows = [
        [esc(v) for v in (i.path, i.format, i.role, i.lines, i.used, i.skipped, i.note)]
        for i in report.inputs
    ]
    head = ["File", "Format", "Role", "Lines", "Used", "Skipped", "Note"]
    return ["<h2>Inputs</h2>", *_table(head, rows, {3, 4, 5})]


def _charts(specs: dict[str, Any], noun: str) -> list[str]:
    if not specs:
        return [f"<p>No charts: the report has no timed specs or {esc(noun)} writes.</p>"]
    out = []
    for name in specs:
        out += [f"<h2>{esc(TITLES.get(name, name))}</h2>", f'<div class="chart" id="chart-{name}">']
        out += ["<noscript>Charts need JavaScript; the tables below hold the same data.</noscript>"]
        out.append("</div>")
    return out


def _page(title: str, headline_text: str, body: list[str]) -> str:
    head = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{POLICY}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(title)}</title>",
        f"<style>\n{STYLE}\n</style>",
        "</head>",
        "<body>",
        f"<h1>{esc(title)}</h1>",
        f'<p class="headline">{esc(headline_text)}</p>',
    ]
    return "\n".join([*head, *body, "</body>", "</html>"]) + "\n"


def render(report: Report, width: int | None = None) -> str:
    """The page; ``width`` is ignored (the timeline and the tables follow the window)."""
    specs = charts(report, ("histogram", "gap-vs-load"))
    made = items(report)
    out = _table([], [[esc(k), esc(v)] for k, v in summary_rows(report)])
    out += [f'<p class="warning">{esc(w)}</p>' for w in report.warnings]
    sentence = report.summary.sentence
    if sentence:
        out += ["<h2>Recommendation</h2>", f"<p>{esc(sentence)}</p>"]
    # Failed specs first: why each failed (verdict, message, evidence, its close-up
    # timeline, merged lines), then the table of them.
    out += failures_html(report, lambda index: closeup(report, made, index), CLOSEUPS)
    out += _verdicts(report)
    out += ["<h2>Timeline</h2>", *overview(report, made)]
    out += _charts(specs, report.artifact) + _pairs(report) + _load(report) + _inputs(report)
    out += [
        f"<script>\n{library()}\n</script>",
        f'<script id="loganalyzer-charts" type="application/json">{script_json(specs)}</script>',
        f"<script>\n{SCRIPT}\n</script>",
    ]
    return _page("loganalyzer report", headline(report), out)


def render_comparison(comparison: Comparison, width: int | None = None) -> str:
    """``compare --format html``: the comparison's tables, no charts and no script."""
    a, b = comparison.labels
    out = _table(["", a, b], [[esc(r["measure"]), esc(r["a"]), esc(r["b"])]
                              for r in comparison.overview])  # fmt: skip
    specs = [
        [esc(s["name"]), esc(spec_cell(s["a"])), f"<strong>{esc(spec_cell(s['b']))}</strong>"
         if s["changed"] else esc(spec_cell(s["b"]))]
        for s in comparison.specs
    ]  # fmt: skip
    keys = [[esc(k["key"]), esc(key_cell(k["a"])), esc(key_cell(k["b"]))] for k in comparison.keys]
    out += ["<h2>Specs</h2>", *_table(["Spec", a, b], specs)]
    out += [f"<h2>{esc(_title(plural(comparison.artifact)))} by key</h2>"]
    out += _table(["Key", a, b], keys)
    out.append(
        "<p>Gaps are write-to-observation seconds, best estimate (bounds); "
        f"@N is the number of specs running when the {esc(comparison.artifact)} was written.</p>"
    )
    return _page("loganalyzer comparison", comparison.headline, out)


def emit(report: Report, options: Options) -> Iterator[str]:
    """The registry's entry: the page."""
    yield render(report, options.width)


def emit_comparison(comparison: Comparison, options: Options) -> Iterator[str]:
    yield render_comparison(comparison, options.width)
