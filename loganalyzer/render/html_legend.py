"""The timeline's marks: their look (CSS) and the legend that names each one drawn.

A mark's class is ``m-KIND`` and its ``data-mark`` is ``KIND``; the legend's entry for it
carries the same ``data-mark`` and a swatch drawn with the same class, so what the legend
shows is what the lanes show.
"""

from __future__ import annotations

MARK_STYLE = """
.tl{margin:.5em 0 1.2em}.tl figcaption{font-weight:600;margin-bottom:.3em}
.tl-grid{display:grid;grid-template-columns:minmax(6em,15em) minmax(0,1fr);
column-gap:.6em;align-items:start;overflow:hidden}
.tl-group{grid-column:1/-1;font-weight:600;font-size:.9em;border-bottom:1px solid #d0d7de;
margin-top:.5em;color:#424a53}
.tl-lane{font-size:12px;line-height:18px;white-space:nowrap;overflow:hidden;
text-overflow:ellipsis;color:#424a53}
.tl-track,.tl-axis{display:block;width:100%;overflow:visible}
.tl-track{border-bottom:1px solid #eaeef2}
.tl svg text{font:11px system-ui,sans-serif;fill:#1b1b1b}
.tl-axis text{fill:#57606a}
.grid{stroke:#eaeef2;stroke-width:1}
.m-spec-passed rect{fill:#59a14f;fill-opacity:.45}.m-spec-failed rect{fill:#e15759;fill-opacity:.5}
.m-spec-flaky rect{fill:#f28e2b;fill-opacity:.5}.m-spec-other rect{fill:#bab0ac;fill-opacity:.5}
.m-write{fill:#1f3b73}.m-seen{fill:#17becf}
.m-gap-seen{stroke:#1f3b73;stroke-width:2}
.m-gap-never{stroke:#b42318;stroke-width:2;stroke-dasharray:5 3}
.m-bracket{stroke:#17becf;stroke-width:6;stroke-opacity:.55}
.m-deadline{stroke:#000;stroke-width:2}.m-wait{stroke:#6e7781;stroke-width:1.5}
.m-sighting{fill:#fff;stroke:#9a6700;stroke-width:1.5}
.m-bin rect{fill:#4e79a7}.m-bin-missed rect{fill:#e15759}
.legend{list-style:none;padding:0;margin:.4em 0;display:flex;flex-wrap:wrap;gap:.3em 1.2em;
font-size:12px}.legend li{display:flex;align-items:center;gap:.35em}
.legend svg{flex:none}
""".strip()

_BAR = '<svg class="m-{k}" width="24" height="14"><rect width="24" height="14" rx="2"/></svg>'
_LINE = '<line x1="2" x2="26" y1="7" y2="7" class="m-{k}"/>'
_DOT = '<circle cx="14" cy="7" r="4" class="m-{k}"/>'
_TICK = '<line x1="14" x2="14" y1="0" y2="14" class="m-{k}"/>'
# kind -> (swatch inside a 28x14 svg, words); in the legend's order
MARKS: dict[str, tuple[str, str]] = {
    "spec-passed": (_BAR, "spec that passed"),
    "spec-failed": (_BAR, "spec that failed"),
    "spec-flaky": (_BAR, "flaky spec (failed, then passed)"),
    "spec-other": (_BAR, "spec skipped, pending or interrupted"),
    "write": (_DOT, "written"),
    "wait": (_TICK, "its spec started waiting"),
    "gap-seen": (_LINE, "gap, write to seen (best estimate)"),
    "gap-never": (_LINE, "never seen: the gap is at least this"),
    "seen": ('<path d="M14 2L19 7 14 12 9 7z" class="m-{k}"/>', "seen (exact time)"),
    "bracket": (_LINE, "seen between two test lines"),
    "deadline": (_TICK, "deadline: its spec gave up"),
    "sighting": (_DOT, "first sighting: another spec, or after the deadline"),
    "bin": (_BAR, "writes per time slice (height: how many)"),
    "bin-missed": (_BAR, "never-seen writes per time slice"),
}
WORDS = {k: words for k, (_, words) in MARKS.items()}


def legend(drawn: set[str]) -> list[str]:
    """One entry per kind of mark drawn, in a fixed order."""
    unknown = drawn - set(MARKS)
    if unknown:
        raise ValueError(f"marks without a legend entry: {sorted(unknown)}")
    items = []
    for kind, (swatch, words) in MARKS.items():
        if kind not in drawn:
            continue
        inner = swatch.format(k=kind)
        art = inner if inner.startswith("<svg") else f'<svg width="28" height="14">{inner}</svg>'
        items.append(f'<li data-mark="{kind}">{art}<span>{words}</span></li>')
    return ['<ul class="legend">', *items, "</ul>"] if items else []
