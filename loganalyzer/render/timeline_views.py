"""What the page draws with the timeline: the whole run, and a close-up per failed spec."""

from __future__ import annotations

from loganalyzer.model.report import Report
from loganalyzer.render.density import density
from loganalyzer.render.timeline import Items, Window, esc, figure, ms

DENSE_PAIRS, DENSE_SPECS = 2000, 300  # past either, the run is drawn as counts per slice
CLOSEUPS = 20  # failed specs given a close-up
PAD_MS = 3000  # a close-up's margin around the write and the deadline
CLOSEUP_LANES = 12


def dense(report: Report) -> bool:
    return len(report.pairs) > DENSE_PAIRS or len(report.specs) > DENSE_SPECS


def overview(report: Report, made: Items) -> list[str]:
    """Every lane over the whole run; for a large run, counts with the failures on top."""
    times = [t for p in made.pairs for t in p.times()]
    times += [t for b in made.bars for t in (b.start, b.end)]
    window = Window.around(times, share=0.01)
    if window is None:
        return [f"<p>No timed specs or {esc(report.artifact)} writes to draw.</p>"]
    lanes = made.layout.lanes
    if not dense(report):
        caption = f"Specs and {report.artifact} writes, one lane per process or spec"
        return figure(lanes, made.bars, made.pairs, window, caption=caption)
    failed = [b for b in made.bars if report.specs[b.index].verdict]
    names = {report.specs[b.index].name for b in failed}
    return density(
        made.pairs, window, report.artifact, (failed, [p for p in made.pairs if p.spec in names])
    )


def closeup(report: Report, made: Items, index: int) -> list[str]:
    """The lanes around one spec, from a few seconds before its write to after its deadline.

    Without a write or a deadline, the window is around the spec's end.
    """
    spec = report.specs[index]
    lane = made.layout.spec_lane[index]
    mine = [p for p in made.pairs if p.spec == spec.name and p.lane == lane]
    times = [t for p in mine for t in (p.written, p.deadline) if t is not None]
    around = "its write and deadline"
    if not times:
        around = "its end"
        times = [t for t in (ms(spec.ended_at) or ms(spec.started_at),) if t is not None]
    window = Window.around(times, pad_ms=PAD_MS)
    if window is None:
        return ["<p>The log gives no time to draw this spec at.</p>"]
    caption = f"{spec.name}: ±{PAD_MS // 1000} s around {around}"
    return figure(
        made.layout.lanes, made.bars, made.pairs, window, caption=caption, focus=[lane],
        max_lanes=CLOSEUP_LANES,
    )  # fmt: skip
