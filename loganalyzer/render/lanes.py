"""The HTML timeline's lanes: a Ginkgo process when the log names it, else the spec itself.

A lane is never numbered unless the number is a real process: specs whose process is not
known get one lane each, under their own heading, and writes no spec waited for share a
"no spec" lane.
"""

from __future__ import annotations

from dataclasses import dataclass

from loganalyzer.model.report import PairRow, Report

PROCESS_GROUP = "By Ginkgo process"
SPEC_GROUP = "By spec (the log does not say which process ran it)"
NO_SPEC_GROUP = "Writes no spec waited for"
NO_SPEC = "no spec"


@dataclass(frozen=True)
class Lane:
    key: str  # unique within a layout
    label: str  # what the lane's heading cell shows
    title: str  # the whole text, on hover
    group: str  # the heading the lane sits under


@dataclass(frozen=True)
class Layout:
    lanes: list[Lane]  # in display order, each group's lanes together
    spec_lane: dict[int, str]  # index in report.specs -> lane key
    pair_lane: list[str]  # per pair of report.pairs, its lane key


def _process(number: int) -> Lane:
    label = f"process {number}"
    return Lane(label, label, f"Ginkgo parallel process {number}", PROCESS_GROUP)


def _spec(name: str) -> Lane:
    return Lane(f"spec:{name}", name, name, SPEC_GROUP)


def layout(report: Report) -> Layout:
    """Every spec and pair placed in a lane; the lanes in order: processes, specs, no spec."""
    lanes: dict[str, Lane] = {}
    spec_lane: dict[int, str] = {}
    by_name: dict[str, list[int]] = {}
    for i, spec in enumerate(report.specs):
        lane = _process(spec.process) if spec.process is not None else _spec(spec.name)
        lanes.setdefault(lane.key, lane)
        spec_lane[i] = lane.key
        by_name.setdefault(spec.name, []).append(i)
    pair_lane = [_pair_lane(p, report, by_name, spec_lane, lanes) for p in report.pairs]
    starts: dict[str, str] = {}  # spec lanes in the order their specs started
    for i, key in spec_lane.items():
        at = report.specs[i].started_at or "~"
        starts[key] = min(starts.get(key, at), at)

    def rank(lane: Lane) -> tuple[int, int, str, str]:
        if lane.group == PROCESS_GROUP:
            return 0, int(lane.key.split()[-1]), "", ""
        if lane.group == SPEC_GROUP:
            return 1, 0, starts.get(lane.key, "~"), lane.key
        return 2, 0, "", lane.key

    return Layout(sorted(lanes.values(), key=rank), spec_lane, pair_lane)


def _pair_lane(
    pair: PairRow,
    report: Report,
    by_name: dict[str, list[int]],
    spec_lane: dict[int, str],
    lanes: dict[str, Lane],
) -> str:
    """The lane of the spec that waited for the pair, else of its process, else no spec."""
    matches = by_name.get(pair.spec, []) if pair.spec else []
    exact = [i for i in matches if report.specs[i].process == pair.process]
    if exact or matches:
        return spec_lane[(exact or matches)[0]]
    if pair.process is not None:
        lane = _process(pair.process)
    elif pair.spec:
        lane = _spec(pair.spec)
    else:
        lane = Lane(NO_SPEC, NO_SPEC, "Writes no spec waited for", NO_SPEC_GROUP)
    return lanes.setdefault(lane.key, lane).key


def groups(lanes: list[Lane]) -> list[tuple[str, list[Lane]]]:
    """The lanes under their headings, in order."""
    out: list[tuple[str, list[Lane]]] = []
    for lane in lanes:
        if not out or out[-1][0] != lane.group:
            out.append((lane.group, []))
        out[-1][1].append(lane)
    return out
