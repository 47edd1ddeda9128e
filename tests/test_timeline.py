"""The HTML timeline's parts: lanes, windows, close-ups, the legend and the large-run view."""

from __future__ import annotations

import re
from dataclasses import replace
from functools import cache

import pytest
from large import SAMPLE, large_report

from loganalyzer import analyze
from loganalyzer.model.report import Report
from loganalyzer.model.status import PairStatus
from loganalyzer.render.html import MAX_PAIR_ROWS, render
from loganalyzer.render.html_legend import MARKS, legend
from loganalyzer.render.lanes import NO_SPEC, NO_SPEC_GROUP, PROCESS_GROUP, SPEC_GROUP, layout
from loganalyzer.render.timeline import Window, items, ms, ticks
from loganalyzer.render.timeline_views import PAD_MS, closeup, dense, overview


@cache
def sample() -> Report:
    return analyze([SAMPLE])


def test_lanes_name_a_process_only_when_the_log_does() -> None:
    report = sample()
    stray = replace(report.pairs[0], key="stray", spec=None, process=None)
    unnamed = replace(report.pairs[0], key="late", spec="A spec with no run", process=None)
    report = replace(report, pairs=[*report.pairs, stray, unnamed])
    lay = layout(report)
    assert [lane.group for lane in lay.lanes] == sorted(
        (lane.group for lane in lay.lanes),
        key=[PROCESS_GROUP, SPEC_GROUP, NO_SPEC_GROUP].index,
    )
    assert lay.lanes[-1].key == NO_SPEC and lay.pair_lane[-2] == NO_SPEC
    assert lay.pair_lane[-1] == "spec:A spec with no run"
    for i, spec in enumerate(report.specs):
        lane = lay.spec_lane[i]
        assert lane == (f"process {spec.process}" if spec.process else f"spec:{spec.name}")
    numbered = [lane.label for lane in lay.lanes if lane.group == PROCESS_GROUP]
    assert numbered == [f"process {n}" for n in (2, 4, 6, 8, 12)]


def test_the_legend_names_each_mark_drawn_and_refuses_unknown_ones() -> None:
    lines = legend({"deadline", "write", "bracket"})
    found = re.findall(r"<li data-mark=\"([^\"]+)\"", "".join(lines))
    assert found == ["write", "bracket", "deadline"]
    assert legend(set()) == []
    with pytest.raises(ValueError, match="no-such"):
        legend({"write", "no-such"})
    assert {"spec-failed", "gap-never", "seen", "sighting", "wait", "bin"} <= set(MARKS)


def test_windows_clamp_and_ticks_are_round_seconds() -> None:
    lo = ms("2026-01-10T19:18:14.400000Z")
    assert lo is not None
    window = Window(lo, lo + 6000)
    assert window.x(lo - 50_000) == 0 and window.x(lo + 60_000) == 100
    assert window.x(lo + 3000) == 50
    assert [label for _, label in ticks(window)] == [f"19:18:{s}" for s in range(15, 21)]
    assert Window.around([]) is None
    years = Window(lo, lo + 3 * 365 * 86400_000)
    assert 4 <= len(ticks(years)) <= 9
    assert ms("2026-01-10T19:18:14.4") == lo  # no zone: UTC
    assert Window.around([lo], pad_ms=PAD_MS) == Window(lo - PAD_MS, lo + PAD_MS)


def test_a_close_up_shows_the_seconds_around_its_write_and_deadline() -> None:
    report = sample()
    made = items(report)
    for index, spec in enumerate(report.specs):
        if not spec.verdict:
            continue
        page = "\n".join(closeup(report, made, index))
        own = [p for p in made.pairs if p.spec == spec.name]
        times = [t for p in own for t in (p.written, p.deadline) if t is not None]
        lo, hi = min(times) - PAD_MS, max(times) + PAD_MS
        shown = set(re.findall(r'class="key">([^<]+)</text>', page))
        assert {p.key for p in own} <= shown, spec.name
        for pair in made.pairs:  # a key is drawn only for a pair with a mark in the window
            assert (pair.key in shown) == any(lo <= t <= hi for t in pair.times()), pair.key
        assert re.search(r'<figure class="tl">.*?data-lane="process ', page, re.S)


def test_a_large_run_is_counted_per_slice_with_its_failures_on_top() -> None:
    report = large_report(200)
    assert dense(report) and not dense(sample())
    page = "\n".join(overview(report, items(report)))
    seen = sum(1 for p in report.pairs if p.status == PairStatus.OBSERVED and p.written_at)
    missed = sum(1 for p in report.pairs if p.status == PairStatus.UNOBSERVED and p.written_at)
    assert f">seen: {seen:,}</div>" in page and f">never seen: {missed:,}</div>" in page
    counts = [int(n) for n in re.findall(r"<title>(\d+) (?:seen|never seen|other) from", page)]
    assert sum(counts) == sum(1 for p in report.pairs if p.written_at)
    failed = sum(1 for s in report.specs if s.verdict)
    assert f">failed specs: {failed:,}</div>" in page
    assert page.count('class="key"') == 0  # no key per write: they would pile up
    assert "per time slice" not in "\n".join(overview(sample(), items(sample())))


def test_the_pairs_table_stops_at_its_cap_and_says_where_the_rest_are() -> None:
    report = large_report(200)
    page = render(report)
    table = page.split("written and seen</h2>", 1)[1].split("<h2>", 1)[0]
    assert table.count("<tr>") == 1 + MAX_PAIR_ROWS
    left = len(report.pairs) - MAX_PAIR_ROWS
    assert f"the other {left:,} are in the JSON report" in table
    assert "are in the JSON report" not in render(sample())


@pytest.mark.parametrize("scenario", ["parallel-run", "configmap-sync"])
def test_the_vega_timeline_has_the_same_honest_lanes(scenario: str) -> None:
    from loganalyzer.render.charts import charts, lane_names

    report = analyze([f"samples/{scenario}/logs"])
    spec = charts(report, ("timeline",))["timeline"]
    domain = spec["layer"][0]["encoding"]["y"]["scale"]["domain"]
    made = layout(report)
    names = lane_names(made)
    assert not any(lane.startswith("unknown") for lane in domain)
    assert len(set(domain)) == len(domain)
    assert domain == [names[lane.key] for lane in made.lanes]  # the HTML's lanes, in order
    for lane in made.lanes:
        if lane.group == PROCESS_GROUP:
            assert names[lane.key] == lane.key  # "process 4": the log names it
        elif lane.group == SPEC_GROUP:
            assert names[lane.key].split("…")[-1] in lane.label
    if scenario == "configmap-sync":
        assert NO_SPEC in domain  # writes no spec waited for
    rows = _datasets(spec)
    assert len(rows["pairs"]) == len(report.pairs)
    assert {r["lane"] for r in rows["specs"] + rows["pairs"]} == set(domain)


def _datasets(node: object) -> dict[str, list[dict[str, object]]]:
    """The inline data of a chart spec, by dataset name."""
    found: dict[str, list[dict[str, object]]] = {}
    if isinstance(node, dict):
        if isinstance(node.get("values"), list) and isinstance(node.get("name"), str):
            found[node["name"]] = node["values"]
        for value in node.values():
            found.update(_datasets(value))
    elif isinstance(node, list):
        for value in node:
            found.update(_datasets(value))
    return found
