"""The HTML timeline: lanes of spec bars and pair marks, drawn as inline SVG with a legend.

Positions are percentages of the track's width, so the drawing follows the page's width
while text keeps its size: no fixed width, nothing to scroll sideways. The same
:func:`figure` draws the whole run and the close-up around one failed spec.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime

from loganalyzer.model.report import PairRow, Report
from loganalyzer.model.status import ObservationKind, PairStatus, VerdictKind
from loganalyzer.render.html_legend import legend
from loganalyzer.render.lanes import Lane, Layout, groups, layout
from loganalyzer.render.wording import gap_text, short_time

BAR_ROW, PAIR_ROW = 18, 16  # pixels
LABEL_ROOM = 0.16  # of the window, kept free before a pair's first mark for its key
LEFT_ROOM = 0.26  # nearer the left edge than this, the key goes after the marks
STEPS_S = (0.1, 0.2, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600, 7200, 21600)


def ms(iso: str | None) -> float | None:
    """ISO time -> epoch milliseconds; a time without a zone is UTC, as the axis is."""
    if not iso:
        return None
    at = datetime.fromisoformat(iso)
    return (at if at.tzinfo else at.replace(tzinfo=UTC)).timestamp() * 1000


@dataclass(frozen=True)
class Bar:
    """One spec's run."""

    lane: str
    start: float
    end: float
    outcome: str  # passed, failed, flaky or other
    name: str
    title: str
    index: int  # in report.specs


@dataclass(frozen=True)
class Marks:
    """One pair's times (epoch ms, None when unknown) and texts."""

    lane: str
    key: str
    row: PairRow
    spec: str | None
    written: float | None
    wait: float | None
    seen: float | None  # an exact sighting
    seen_after: float | None  # bracketed: seen between these two
    seen_by: float | None
    deadline: float | None
    sighting: float | None
    gap_end: float | None
    never: bool  # the gap is a lower bound: never seen

    @property
    def title(self) -> str:
        """The hover text; made only for the pairs drawn one by one."""
        p = self.row
        return "\n".join(
            [
                f"{p.key or '-'} ({p.status})",
                p.path,
                f"written {short_time(p.written_at)}, seen {short_time(p.observed_after)}"
                f"..{short_time(p.observed_at)}, deadline {short_time(p.deadline_at)} UTC",
                f"gap {gap_text(p)}",
                f"spec: {p.spec or '-'}",
            ]
        )

    def times(self) -> list[float]:
        every = [self.written, self.wait, self.seen, self.seen_after, self.seen_by]
        every += [self.deadline, self.sighting, self.gap_end]
        return [t for t in every if t is not None]


@dataclass(frozen=True)
class Items:
    """A report's timeline content, made once and drawn in several windows."""

    layout: Layout
    bars: list[Bar]
    pairs: list[Marks]


def outcome(report: Report, index: int) -> str:
    spec = report.specs[index]
    if spec.verdict == VerdictKind.FLAKY:
        return "flaky"
    return str(spec.state) if spec.state in ("passed", "failed") else "other"


def items(report: Report) -> Items:
    lay = layout(report)
    bars = []
    for i, spec in enumerate(report.specs):
        start = ms(spec.started_at)
        if start is None:
            continue
        end = ms(spec.ended_at) or start
        where = f"process {spec.process}" if spec.process is not None else "process not known"
        ran = f"{short_time(spec.started_at)} – {short_time(spec.ended_at)} UTC"
        text = f"{spec.name}\n{spec.state}{f', {spec.verdict}' if spec.verdict else ''}; {where}"
        bars.append(
            Bar(lay.spec_lane[i], start, end, outcome(report, i), spec.name, f"{text}\n{ran}", i)
        )
    pairs = []
    for p, lane in zip(report.pairs, lay.pair_lane, strict=True):
        written = ms(p.written_at)
        seen = p.status == PairStatus.OBSERVED
        gap = p.gap_seconds if seen else p.gap_min_seconds
        exact = p.observation == ObservationKind.EXACT or p.observed_after in (None, p.observed_at)
        pairs.append(
            Marks(
                lane, p.key or "-", p, p.spec, written, ms(p.wait_started_at),
                ms(p.observed_at) if exact else None,
                None if exact else ms(p.observed_after),
                None if exact else ms(p.observed_at),
                ms(p.deadline_at), ms(p.first_sighting_at),
                written + gap * 1000 if written is not None and gap is not None else None,
                not seen,
            )
        )  # fmt: skip
    return Items(lay, bars, pairs)


@dataclass(frozen=True)
class Window:
    lo: float
    hi: float

    @staticmethod
    def around(times: Iterable[float], pad_ms: float = 0.0, share: float = 0.0) -> Window | None:
        every = list(times)
        if not every:
            return None
        lo, hi = min(every), max(every)
        pad = pad_ms + (hi - lo) * share
        lo, hi = lo - pad, hi + pad
        return Window(lo, hi) if hi > lo else Window(lo - 1000, hi + 1000)

    def x(self, t: float) -> float:
        """Per cent of the track, clamped to it."""
        return round(min(100.0, max(0.0, (t - self.lo) / (self.hi - self.lo) * 100)), 3)

    def holds(self, t: float | None) -> bool:
        return t is not None and self.lo <= t <= self.hi

    def meets(self, start: float, end: float) -> bool:
        return start <= self.hi and end >= self.lo


def clock(t: float, *, tenths: bool = False) -> str:
    """Epoch ms -> ``HH:MM:SS`` (UTC), with tenths of a second if asked."""
    utc = datetime.fromtimestamp(t / 1000, tz=UTC)
    return utc.strftime("%H:%M:%S") + (f".{utc.microsecond // 100000}" if tenths else "")


def esc(text: object) -> str:
    return html.escape(str(text))


def short_name(name: str, room: int = 48) -> str:
    """Cut in the middle, keeping the leaf text that tells specs apart."""
    if len(name) <= room:
        return name
    head = room // 4
    return name[:head] + "…" + name[-(room - head - 1) :]


def ticks(window: Window) -> list[tuple[float, str]]:
    """About eight round UTC times in the window, with their labels."""
    span = (window.hi - window.lo) / 1000
    step = next((s for s in STEPS_S if span <= 8 * s), 86400.0 * -(-span // (8 * 86400)))
    first = -(-window.lo // (step * 1000)) * step * 1000
    out = []
    t = first
    while t <= window.hi:
        out.append((window.x(t), clock(t, tenths=step < 1)))
        t += step * 1000
    return out


class Track:
    """One lane's SVG elements; remembers which kinds of mark it drew."""

    def __init__(self, window: Window, drawn: set[str], *, keys: bool = True) -> None:
        self.window = window
        self.drawn = drawn
        self.keys = keys  # write each pair's key beside its marks
        self.parts: list[str] = []

    def bar(self, bar: Bar, y: int) -> None:
        w = self.window
        x, end = w.x(bar.start), w.x(bar.end)
        kind = f"spec-{bar.outcome}"
        self.drawn.add(kind)
        self.parts.append(
            f'<svg x="{x}%" y="{y + 1}" width="{max(end - x, 0.3):.3f}%" height="{BAR_ROW - 2}" '
            f'class="m-{kind}" data-mark="{kind}"><title>{esc(bar.title)}</title>'
            f'<rect width="100%" height="100%" rx="2"/>'
            f'<text x="3" y="{BAR_ROW - 6}">{esc(short_name(bar.name, 80))}</text></svg>'
        )

    def pair(self, pair: Marks, y: int) -> None:
        w, mid = self.window, y + PAIR_ROW // 2
        out = [f"<g><title>{esc(pair.title)}</title>"]

        def line(kind: str, a: float, b: float, half: int = 0) -> None:
            self.drawn.add(kind)
            ya, yb = (mid - half, mid + half) if half else (mid, mid)
            out.append(
                f'<line x1="{w.x(a)}%" x2="{w.x(b)}%" y1="{ya}" y2="{yb}" '
                f'class="m-{kind}" data-mark="{kind}"/>'
            )

        a, b = pair.written, pair.gap_end
        if a is not None and b is not None and w.meets(a, b):
            line("gap-never" if pair.never else "gap-seen", a, b)
        a, b = pair.seen_after, pair.seen_by
        if a is not None and b is not None and w.meets(a, b):
            line("bracket", a, b)
        for kind, t in (("wait", pair.wait), ("deadline", pair.deadline)):
            if t is not None and w.holds(t):
                line(kind, t, t, 7 if kind == "deadline" else 5)
        if pair.seen is not None and w.holds(pair.seen):
            self.drawn.add("seen")
            out.append(
                f'<svg x="{w.x(pair.seen)}%" y="{mid}" overflow="visible" class="m-seen" '
                'data-mark="seen"><path d="M0 -5L5 0 0 5-5 0z"/></svg>'
            )
        if pair.sighting is not None and w.holds(pair.sighting):
            self.drawn.add("sighting")
            out.append(
                f'<circle cx="{w.x(pair.sighting)}%" cy="{mid}" r="4" class="m-sighting" '
                'data-mark="sighting"/>'
            )
        if pair.written is not None and w.holds(pair.written):
            self.drawn.add("write")
            out.append(
                f'<circle cx="{w.x(pair.written)}%" cy="{mid}" r="4" class="m-write" '
                'data-mark="write"/>'
            )
        times = [t for t in pair.times() if w.holds(t)]
        if (
            times and self.keys
        ):  # the key before the first mark, or after the last one near the left edge
            left = w.x(min(times))
            anchor = (
                f'x="{left}%" dx="-7" text-anchor="end"' if left >= LEFT_ROOM * 100
                else f'x="{w.x(max(times))}%" dx="7"'
            )  # fmt: skip
            out.append(f'<text {anchor} y="{mid + 4}" class="key">{esc(pair.key)}</text>')
        self.parts += [*out, "</g>"]

    def grid(self, marks: list[tuple[float, str]], height: int) -> None:
        self.parts += [
            f'<line x1="{x}%" x2="{x}%" y1="0" y2="{height}" class="grid"/>' for x, _ in marks
        ]


def _rows(pairs: list[Marks], window: Window) -> list[list[Marks]]:
    """Pairs packed into as few rows as keep their marks and keys apart."""
    room = (window.hi - window.lo) * LABEL_ROOM
    rows: list[list[Marks]] = []
    ends: list[float] = []
    for pair in sorted(pairs, key=lambda p: (min(p.times()), p.key)):
        start, end = min(pair.times()) - room, max(pair.times())
        if window.x(min(pair.times())) < LEFT_ROOM * 100:
            end += room  # the key goes after the marks
        row = next((r for r, free in enumerate(ends) if free < start), len(rows))
        if row == len(rows):
            rows.append([])
            ends.append(end)
        rows[row].append(pair)
        ends[row] = end
    return rows


def figure(
    lanes: list[Lane],
    bars: list[Bar],
    pairs: list[Marks],
    window: Window,
    *,
    caption: str,
    focus: Iterable[str] = (),
    max_lanes: int | None = None,
) -> list[str]:
    """The lanes that have something in ``window``, then the time axis and the legend.

    ``focus`` lanes come first; past ``max_lanes`` the others are left out, with a line
    saying how many.
    """
    bars = [b for b in bars if window.meets(b.start, b.end)]
    pairs = [p for p in pairs if any(window.holds(t) for t in p.times())]
    busy = {b.lane for b in bars} | {p.lane for p in pairs}
    first = [lane for lane in lanes if lane.key in set(focus) and lane.key in busy]
    shown = first + [lane for lane in lanes if lane.key in busy and lane not in first]
    left_out = 0
    if max_lanes is not None and len(shown) > max_lanes:
        left_out, shown = len(shown) - max_lanes, shown[:max_lanes]
        order = {lane.key: i for i, lane in enumerate(lanes)}
        shown = first + sorted(shown[len(first) :], key=lambda lane: order[lane.key])
    marks = ticks(window)
    drawn: set[str] = set()
    out = [f'<figure class="tl"><figcaption>{esc(caption)}</figcaption>', '<div class="tl-grid">']
    for heading, members in groups(shown):
        out.append(f'<div class="tl-group">{esc(heading)}</div>')
        for lane in members:
            mine = [b for b in bars if b.lane == lane.key]
            rows = _rows([p for p in pairs if p.lane == lane.key], window)
            top = BAR_ROW if mine else 0
            height = max(top + PAIR_ROW * len(rows), BAR_ROW)
            track = Track(window, drawn)
            track.grid(marks, height)
            for bar in mine:
                track.bar(bar, 0)
            for r, row in enumerate(rows):
                for pair in row:
                    track.pair(pair, top + r * PAIR_ROW)
            out += [
                f'<div class="tl-lane" title="{esc(lane.title)}" data-lane="{esc(lane.key)}">'
                f"{esc(short_name(lane.label))}</div>",
                f'<svg class="tl-track" height="{height}" width="100%">',
                *track.parts,
                "</svg>",
            ]
    out += ['<div class="tl-lane">time (UTC)</div>', axis(marks), "</div>"]
    if left_out:
        out.append(f"<p>{left_out} more lanes have activity in this window; not shown.</p>")
    return [*out, *legend(drawn), "</figure>"]


def axis(marks: list[tuple[float, str]]) -> str:
    texts = []
    for x, label in marks:
        anchor = "start" if x < 6 else "end" if x > 94 else "middle"
        texts.append(f'<text x="{x}%" y="14" text-anchor="{anchor}">{label}</text>')
    return f'<svg class="tl-axis" height="20" width="100%">{"".join(texts)}</svg>'
