"""Charts of a Report as Vega-Lite specs built with Altair, and their PNG/SVG export.

The HTML renderer embeds these specs; ``write_charts`` turns them into files with vl-convert,
which runs Vega in-process (no browser, no network).
"""

from __future__ import annotations

import textwrap
from datetime import datetime
from pathlib import Path
from typing import Any

import altair as alt
import vl_convert as vlc

from loganalyzer.model.report import Report, SpecRow
from loganalyzer.model.status import ObservationKind, PairStatus, SpecState, VerdictKind
from loganalyzer.render.lanes import SPEC_GROUP, Layout, layout
from loganalyzer.render.timeline import short_name
from loganalyzer.render.wording import gap_text, plural, short_time

Spec = dict[str, Any]

WIDTH = 820
LANE_HEIGHT = 26
BAND = 0.8  # of a lane, the spec bar's part
VEGALITE_VERSION = alt.SCHEMA_VERSION.lstrip("v").rsplit(".", 1)[0]  # "6.4", what Altair writes
OUTCOMES = {"passed": "#59a14f", "failed": "#e15759", "flaky": "#f28e2b", "other": "#bab0ac"}
SEEN, AT_LEAST = "seen (best estimate)", "never seen (at least)"
KINDS = [SEEN, AT_LEAST]
NAVY, TEAL = "#1f3b73", "#17becf"
MIN_LANE_HEIGHT, TALL = 10, 1300  # pixels: lanes shrink toward the first past the second
SPEC_ROOM = 60  # characters of a spec's name on the lane axis
TIMELINE_KEY = (
    "Bars: specs by outcome. Per {noun}: ● written · ◆ seen (exact) · ▬ seen between two "
    "test lines · ┃ deadline · line: gap, write → seen (dashed: never seen, gap at least)."
)


def _tips(*fields: str) -> list[alt.Tooltip]:
    """``"field:T|title"`` strings -> tooltips."""
    return [alt.Tooltip(f.split("|")[0], title=f.split("|")[-1].split(":")[0]) for f in fields]


def _scale(domain: list[str], range_: list[Any]) -> alt.Scale:
    return alt.Scale(domain=domain, range=range_)


def _ms(iso: str | None) -> float | None:
    """ISO time -> epoch milliseconds: numbers, so no browser parses dates in its own zone."""
    if not iso:
        return None
    return round(datetime.fromisoformat(iso).timestamp() * 1000, 3)


def outcome(spec: SpecRow) -> str:
    if spec.verdict == VerdictKind.FLAKY:
        return "flaky"
    return spec.state if spec.state in (SpecState.PASSED, SpecState.FAILED) else "other"


def lane_names(made: Layout) -> dict[str, str]:
    """Each lane's name on the chart's axis, as the HTML timeline has them: ``process 4``
    only when the log names the process, else the spec's name (cut in the middle), and
    ``no spec``; each name unique, as the axis needs."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for lane in made.lanes:
        name = short_name(lane.label, SPEC_ROOM) if lane.group == SPEC_GROUP else lane.label
        if name in taken:
            name = lane.label
        while name in taken:  # a spec named like another lane: told apart invisibly
            name += " "
        names[lane.key] = name
        taken.add(name)
    return names


def _spec_row(s: SpecRow, lane: str) -> dict[str, Any]:
    return {
        "lane": lane, "spec": s.name, "outcome": outcome(s), "verdict": s.verdict or "-",
        "process": "not in the log" if s.process is None else str(s.process),
        "start": _ms(s.started_at), "end": _ms(s.ended_at or s.started_at),
        "ran": f"{short_time(s.started_at)} – {short_time(s.ended_at)}",
    }  # fmt: skip


def pair_rows(
    report: Report, lane_of: list[str], lane_height: float = LANE_HEIGHT
) -> list[dict[str, Any]]:
    """One datum per pair, with the times of its marks and the text of its tooltip;
    ``lane_of`` names each pair's lane."""
    verdicts = {s.name: s.verdict or s.state for s in report.specs}
    rows: list[dict[str, Any]] = []
    for p, lane in zip(report.pairs, lane_of, strict=True):
        written = _ms(p.written_at)
        gap = p.gap_seconds if p.status == PairStatus.OBSERVED else p.gap_min_seconds
        exact = p.observation == ObservationKind.EXACT or p.observed_after in (None, p.observed_at)
        rows.append(
            {"lane": lane, "key": p.key or "-", "path": p.path,
             "status": p.status, "written": written, "deadline": _ms(p.deadline_at),
             "seen": _ms(p.observed_at) if exact else None,
             "seen_after": None if exact else _ms(p.observed_after),
             "seen_by": None if exact else _ms(p.observed_at),
             "gap_end": round(written + gap * 1000, 3) if written and gap is not None else None,
             "gap_kind": SEEN if p.status == PairStatus.OBSERVED else AT_LEAST, "gap": gap_text(p),
             "times": f"written {short_time(p.written_at)}, seen {short_time(p.observed_after)}"
             f"..{short_time(p.observed_at)}, deadline {short_time(p.deadline_at)}",
             "spec": p.spec or "-", "verdict": verdicts.get(p.spec or "") or "-"}
        )  # fmt: skip
    # Pairs sharing a lane get a few pixels each, so overlapping segments stay apart.
    by_lane: dict[str, list[dict[str, Any]]] = {}
    for row in rows:
        by_lane.setdefault(row["lane"], []).append(row)
    for mine in by_lane.values():
        step = min(6.0, 16.0 / len(mine)) * lane_height / LANE_HEIGHT
        for slot, row in enumerate(mine):
            # Offsets are pixels from the band's top (Vega-Lite's rule once yOffset is set).
            middle = lane_height * BAND / 2
            row["dy"] = round(middle + (slot - (len(mine) - 1) / 2) * step, 2)
    return rows


STEPS = (1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600, 43200, 86400)


def _ticks(times: list[float]) -> list[int] | None:
    """About ten UTC-round ticks (ms): Vega's own count crowds the HH:MM:SS labels."""
    if not times or max(times) - min(times) < 1000:
        return None
    low, high = int(min(times) // 1000), int(max(times) // 1000)
    step = next((n for n in STEPS if high - low <= 10 * n), 86400 * -(-(high - low) // 864000))
    return [t * 1000 for t in range(-(-low // step) * step, high + 1, step)]


def _time(field: str, ticks: list[int] | None) -> alt.X:
    """An x in UTC, whatever the zone of the browser or of the machine exporting PNGs."""
    axis = alt.Axis(format="%H:%M:%S", labelOverlap=True, values=ticks or alt.Undefined)
    scale = alt.Scale(type="utc", nice=False, padding=8)
    return alt.X(f"{field}:T", title="time (UTC)", scale=scale, axis=axis)


def timeline(report: Report) -> Spec | None:
    """Spec bars by lane (a process when the log names it, else the spec) with each pair's
    write, observation, deadline and gap."""
    made = layout(report)
    names = lane_names(made)
    by_spec = any(lane.group == SPEC_GROUP for lane in made.lanes)
    specs = [
        _spec_row(s, names[made.spec_lane[i]]) for i, s in enumerate(report.specs) if s.started_at
    ]
    used = {r["lane"] for r in specs} | {names[key] for key in made.pair_lane}
    order = [names[lane.key] for lane in made.lanes if names[lane.key] in used]
    # Many lanes (a spec each, where the log names no process) get thinner.
    lane_height = max(MIN_LANE_HEIGHT, min(LANE_HEIGHT, TALL // max(len(order), 1)))
    pairs = pair_rows(report, [names[key] for key in made.pair_lane], lane_height)
    if not specs and not any(p["written"] for p in pairs):
        return None
    fields = ("start", "end", "written", "seen", "seen_after", "seen_by", "deadline", "gap_end")
    ticks = _ticks([r[f] for r in [*specs, *pairs] for f in fields if r.get(f) is not None])

    def at(field: str) -> alt.X:  # every layer's x: same scale, same axis
        return _time(field, ticks)

    # Outer padding half the inner one makes each lane exactly lane_height tall.
    lane_scale = alt.Scale(domain=order, paddingInner=1 - BAND, paddingOuter=(1 - BAND) / 2)
    y = alt.Y("lane:N", sort=order, title=None, scale=lane_scale)
    tips = _tips("key:N", "path:N", "times:N|times (UTC)", "gap:N|gap, best (bounds)", "status:N")
    tips += _tips("spec:N", "verdict:N|spec verdict")
    base = alt.Chart(_data("pairs")).encode(
        y=y, yOffset=alt.YOffset("dy:Q", scale=None), tooltip=tips
    )
    outcomes = _scale(list(OUTCOMES), list(OUTCOMES.values()))
    bars = (
        alt.Chart(_data("specs"), name="specs")
        .mark_bar(opacity=0.45, cornerRadius=2)
        .encode(
            x=at("start"),
            x2="end:T",
            y=y,
            color=alt.Color("outcome:N", title="spec outcome", scale=outcomes),
            tooltip=_tips("spec:N", "process:N", "outcome:N", "verdict:N", "ran:N|ran (UTC)"),
        )
    )
    gaps = base.mark_rule(strokeWidth=2, color=NAVY).encode(
        x=at("written"),
        x2="gap_end:T",
        strokeDash=alt.StrokeDash("gap_kind:N", title="gap", scale=_scale(KINDS, [[1, 0], [5, 3]])),
    )
    layers = [bars] if specs else []

    def add(name: str, chart: alt.Chart, *fields: str) -> None:
        # A layer with no datum draws nothing, yet the browser warns of an infinite extent.
        if any(all(p[f] is not None for f in fields) for p in pairs):
            valid = " && ".join(f"isValid(datum.{f})" for f in fields)
            layers.append(chart.transform_filter(valid).properties(name=name))

    add("gaps", gaps, "written", "gap_end")
    bracket = base.mark_rule(strokeWidth=6, opacity=0.55, color=TEAL, strokeCap="butt")
    add("brackets", bracket.encode(x=at("seen_after"), x2="seen_by:T"), "seen_after", "seen_by")
    seen = base.mark_point(shape="diamond", filled=True, size=70, color=TEAL, opacity=1)
    add("seen", seen.encode(x=at("seen")), "seen")
    tick = base.mark_tick(color="#000000", thickness=2, size=16)
    add("deadlines", tick.encode(x=at("deadline")), "deadline")
    dot = base.mark_point(shape="circle", filled=True, size=40, color=NAVY, opacity=1)
    add("writes", dot.encode(x=at("written")), "written")
    zoom = alt.selection_interval(name="zoom", bind="scales", encodings=["x"])
    layers[0] = layers[0].add_params(zoom)
    chart = alt.LayerChart(layer=layers).properties(
        width=WIDTH,
        height=lane_height * len(order),
        title=alt.Title(
            f"Timeline: specs and {report.artifact} writes by process"
            + (", or by spec where the log does not name it" if by_spec else ""),
            subtitle=TIMELINE_KEY.format(noun=report.artifact),
        ),
    )
    return _finish(chart, {"pairs": pairs, "specs": specs})


def histogram(report: Report) -> Spec | None:
    """Gaps in one-second bins (the summary's), seen ones by best estimate, others at least."""
    rows = [
        {"from": r.from_seconds, "to": r.to_seconds, "kind": kind, "files": files}
        for r in report.summary.gap_histogram
        for kind, files in ((SEEN, r.observed), (AT_LEAST, r.unobserved_at_least))
    ]
    if not any(r["files"] for r in rows):
        return None
    chart = (
        alt.Chart(_data("histogram"), name="bins")
        .mark_bar(stroke="#ffffff", strokeWidth=0.5)
        .encode(
            x=alt.X("from:Q", bin="binned", title="gap, write to seen (s)"),
            x2="to:Q",
            y=alt.Y(
                "files:Q", stack="zero", title=plural(report.artifact), axis=alt.Axis(tickMinStep=1)
            ),
            color=alt.Color("kind:N", title=None, scale=_scale(KINDS, ["#4e79a7", "#e15759"])),
            tooltip=["from:Q", "to:Q", "kind:N", "files:Q"],
        )
        .properties(width=WIDTH // 2, height=220)
    )
    return _finish(chart, {"histogram": rows})


def _bucket_middle(label: str) -> float:
    low, _, high = str(label).partition("-")
    return (float(low) + float(high or low)) / 2


def scatter(report: Report) -> Spec | None:
    """Gap against the number of specs running at the write, with per-bucket percentiles."""
    points = [
        {"concurrency": p.concurrency, "key": p.key or "-", "text": gap_text(p),
         "gap": p.gap_seconds if p.status == PairStatus.OBSERVED else p.gap_min_seconds,
         "low": p.gap_min_seconds if p.status == PairStatus.OBSERVED else None,
         "high": p.gap_max_seconds if p.status == PairStatus.OBSERVED else None,
         "kind": SEEN if p.status == PairStatus.OBSERVED else AT_LEAST}
        for p in report.pairs
        if p.concurrency is not None
        and (p.gap_seconds if p.status == PairStatus.OBSERVED else p.gap_min_seconds) is not None
    ]  # fmt: skip
    if not points:
        return None
    lines = [
        {"concurrency": _bucket_middle(b.concurrency), "bucket": b.concurrency,
         "percentile": name, "gap": gap}
        for b in report.summary.load.buckets
        for name, gap in (("p50", b.gap_p50), ("p90", b.gap_p90))
        if gap is not None
    ]  # fmt: skip
    x = alt.X("concurrency:Q", title=f"specs running when the {report.artifact} was written")
    dots = alt.Chart(_data("points"))
    layers: list[alt.Chart] = [
        dots.mark_point(size=70, filled=True, opacity=0.9)
        .encode(
            x=x,
            y=alt.Y("gap:Q", title="gap, write to seen (s)", scale=alt.Scale(zero=True)),
            color=alt.Color("kind:N", title=None, scale=_scale(KINDS, ["#4e79a7", "#e15759"])),
            shape=alt.Shape("kind:N", title=None, scale=_scale(KINDS, ["circle", "triangle-up"])),
            tooltip=_tips("key:N", "concurrency:Q", "text:N|gap", "kind:N"),
        )
        .properties(name="points"),
    ]
    if any(p["low"] is not None and p["high"] is not None for p in points):
        bounds = dots.mark_rule(color="#4e79a7", opacity=0.5).encode(x=x, y="low:Q", y2="high:Q")
        filtered = bounds.transform_filter("isValid(datum.low) && isValid(datum.high)")
        layers.insert(0, filtered.properties(name="bounds"))
    if lines:
        dash = _scale(["p50", "p90"], [[1, 0], [6, 3]])
        legend = alt.Legend(symbolType="stroke")
        tips = ["bucket:N", "percentile:N", alt.Tooltip("gap:Q", format=".3f")]
        layers.append(
            alt.Chart(_data("percentiles"), name="percentiles")
            .mark_line(color="#555555", point=True)
            .encode(
                x=x,
                y="gap:Q",
                strokeDash=alt.StrokeDash(
                    "percentile:N", title="per bucket", legend=legend, scale=dash
                ),
                tooltip=tips,
            )
        )
    subtitle = textwrap.wrap(report.summary.load.finding, 110)
    chart = alt.LayerChart(layer=layers).properties(
        width=WIDTH // 2 + 60, height=260, title=alt.Title("Gap versus load", subtitle=subtitle)
    )
    return _finish(chart, {"points": points, "percentiles": lines})


def _data(name: str) -> alt.InlineData:
    """Named inline data, empty until :func:`_finish` fills it in.

    Altair walks, copies and validates every row it is given: minutes for a report of
    many files. It only needs to know where the data goes.
    """
    return alt.InlineData(values=[], name=name)


def _finish(chart: alt.LayerChart | alt.Chart, data: dict[str, list[dict[str, Any]]]) -> Spec:
    # The tests validate the samples' specs against the Vega-Lite schema instead.
    spec: Spec = chart.to_dict(validate=False)
    spec.pop("$schema", None)  # a URL nothing needs: the page must reference none
    _fill(spec, data)
    return spec


def _fill(node: object, data: dict[str, list[dict[str, Any]]]) -> None:
    if isinstance(node, dict):
        if node.get("values") == [] and node.get("name") in data:
            node["values"] = data[node["name"]]
            return
        for value in node.values():
            _fill(value, data)
    elif isinstance(node, list):
        for value in node:
            _fill(value, data)


def charts(report: Report, names: tuple[str, ...] | None = None) -> dict[str, Spec]:
    """The report's charts by name (all, or those named), leaving out those with no data."""
    made = {"timeline": timeline, "histogram": histogram, "gap-vs-load": scatter}
    return {
        name: spec
        for name, make in made.items()
        if (names is None or name in names) and (spec := make(report)) is not None
    }


def write_charts(report: Report, directory: Path) -> list[Path]:
    """Write the timeline and the gap-versus-load chart as PNG and SVG; return the paths."""
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, make in (("timeline", timeline), ("gap-vs-load", scatter)):
        spec = make(report)
        if spec is None:
            continue
        # The data is inline: allow no URL, so no spec can make the export fetch anything.
        png, svg = directory / f"{name}.png", directory / f"{name}.svg"
        png.write_bytes(vlc.vegalite_to_png(spec, VEGALITE_VERSION, 2, allowed_base_urls=[]))
        text = vlc.vegalite_to_svg(spec, VEGALITE_VERSION, allowed_base_urls=[])
        svg.write_text(text, encoding="utf-8")
        written += [png, svg]
    return written
