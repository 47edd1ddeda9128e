"""The timeline of a large run: writes counted per time slice, with the failures on top.

Past a few thousand writes one mark each melts into solid bands; counts per slice stay
readable at any size, and the failed specs keep their own lanes above them.
"""

from __future__ import annotations

from loganalyzer.render.html_legend import legend
from loganalyzer.render.timeline import (
    BAR_ROW,
    PAIR_ROW,
    Bar,
    Marks,
    Track,
    Window,
    axis,
    clock,
    esc,
    ticks,
)

BINS = 120
HEIGHT = 40  # pixels, a full slice
ROWS = (("seen", "bin"), ("never seen", "bin-missed"), ("other", "bin"))


def _row(pair: Marks) -> str:
    if pair.gap_end is None:
        return "other"
    return "never seen" if pair.never else "seen"


def density(
    pairs: list[Marks], window: Window, noun: str, failed: tuple[list[Bar], list[Marks]]
) -> list[str]:
    """The failed specs' bars and marks in one row, a row of slice counts per outcome, then
    the time axis and the legend."""
    width = (window.hi - window.lo) / BINS
    counts: dict[str, list[int]] = {name: [0] * BINS for name, _ in ROWS}
    for pair in pairs:
        if pair.written is not None and window.holds(pair.written):
            slot = min(BINS - 1, int((pair.written - window.lo) / width))
            counts[_row(pair)][slot] += 1
    most = max((n for row in counts.values() for n in row), default=0) or 1
    drawn: set[str] = set()
    caption = f"{noun} writes per time slice ({width / 1000:.3g} s each), by outcome"
    out = [f'<figure class="tl"><figcaption>{esc(caption)}</figcaption>', '<div class="tl-grid">']
    marks = ticks(window)
    bars, mine = failed
    if bars or mine:
        track = Track(window, drawn, keys=False)
        track.grid(marks, BAR_ROW + PAIR_ROW)
        for bar in bars:
            track.bar(bar, 0)
        for pair in mine:
            track.pair(pair, BAR_ROW)
        out += [
            f'<div class="tl-lane" data-lane="failed">failed specs: {len(bars):,}</div>',
            f'<svg class="tl-track" height="{BAR_ROW + PAIR_ROW}" width="100%">',
            *track.parts,
            "</svg>",
        ]
    for name, kind in ROWS:
        row = counts[name]
        total = sum(row)
        if not total:
            continue
        drawn.add(kind)
        rects = []
        for slot, n in enumerate(row):
            if not n:
                continue
            h = max(2, round(HEIGHT * n / most))
            lo = window.lo + slot * width
            x = round(slot * 100 / BINS, 3)
            tip = f"{n} {name} from {clock(lo)} UTC"
            rects.append(
                f'<svg x="{x}%" y="{HEIGHT - h}" width="{100 / BINS:.3f}%" height="{h}" '
                f'class="m-{kind}" data-mark="{kind}"><title>{esc(tip)}</title>'
                '<rect width="100%" height="100%"/></svg>'
            )
        grid = [f'<line x1="{x}%" x2="{x}%" y1="0" y2="{HEIGHT}" class="grid"/>' for x, _ in marks]
        out += [
            f'<div class="tl-lane" data-lane="{esc(name)}">{esc(name)}: {total:,}</div>',
            f'<svg class="tl-track" height="{HEIGHT}" width="100%">',
            *grid,
            *rects,
            "</svg>",
        ]
    out += ['<div class="tl-lane">time (UTC)</div>', axis(marks), "</div>"]
    return [*out, *legend(drawn), "</figure>"]
