"""Two runs side by side: per spec (state and verdict) and per key (status and gap).

The seed incident's question was "what differs between the focused run and the
parallel run?": this answers it from two reports.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from loganalyzer.diagnose.coverage import wait_text
from loganalyzer.model.report import PairRow, Report, common_noun, plain
from loganalyzer.model.status import PairStatus, SpecState, VerdictKind
from loganalyzer.model.summary import Coverage, Summary

SCHEMA = "loganalyzer.compare/1"


@dataclass
class SpecSide:
    state: SpecState | None
    verdict: VerdictKind | None


@dataclass
class KeySide:
    status: PairStatus | None
    gap_seconds: float | None
    gap_min_seconds: float | None
    gap_max_seconds: float | None
    concurrency: int | None


@dataclass
class Comparison:
    labels: tuple[str, str]
    headline: str
    specs: list[dict[str, Any]] = field(default_factory=list)
    keys: list[dict[str, Any]] = field(default_factory=list)
    summaries: tuple[Summary, Summary] = (Summary(), Summary())
    overview: list[dict[str, str]] = field(default_factory=list)
    artifact: str = "file"  # the noun of what both runs paired (for wording, not in the JSON)

    def to_dict(self) -> dict[str, Any]:
        return {
            "schema": SCHEMA,
            "runs": [
                {"label": label, "summary": plain(summary)}
                for label, summary in zip(self.labels, self.summaries, strict=True)
            ],
            "headline": self.headline,
            "overview": self.overview,
            "specs": self.specs,
            "keys": self.keys,
        }


def passed_text(report: Report) -> str:
    specs = report.summary.specs
    return f"{specs.passed + specs.flaky}/{specs.total} passed"


def compare(a: Report, b: Report, labels: tuple[str, str] = ("A", "B")) -> Comparison:
    """Line two reports up by spec name and by key.

    >>> compare(focused, parallel, ("focused", "parallel")).headline  # doctest: +SKIP
    'focused: 3/3 passed · parallel: 15/19 passed'
    """
    headline = f"{labels[0]}: {passed_text(a)} · {labels[1]}: {passed_text(b)}"
    if longer := longer_wait(a, b, labels):
        headline += f" · {longer}"
    spec_a = {s.name: SpecSide(s.state, s.verdict) for s in a.specs}
    spec_b = {s.name: SpecSide(s.state, s.verdict) for s in b.specs}
    specs = [
        {
            "name": name,
            "a": asdict(spec_a[name]) if name in spec_a else None,
            "b": asdict(spec_b[name]) if name in spec_b else None,
            "changed": name in spec_a
            and name in spec_b
            and _state(spec_a[name]) != _state(spec_b[name]),
        }
        for name in _ordered(spec_a, spec_b)
    ]
    key_a, key_b = _by_key(a.pairs), _by_key(b.pairs)
    keys = [
        {
            "key": key,
            "a": asdict(key_a[key]) if key in key_a else None,
            "b": asdict(key_b[key]) if key in key_b else None,
        }
        for key in _ordered(key_a, key_b)
    ]
    overview = [{"measure": name, "a": measure(a), "b": measure(b)} for name, measure in _MEASURES]
    noun = common_noun([a.artifact, b.artifact])
    return Comparison(labels, headline, specs, keys, (a.summary, b.summary), overview, noun)


def _gap(name: str) -> Callable[[Report], str]:
    def get(report: Report) -> str:
        bound = getattr(report.summary.gap_seconds, name)
        if bound.low is None:
            return "-"
        if bound.high is None:
            return f"at least {bound.low:.1f} s, no upper bound"
        return f"{bound.low:.1f}–{bound.high:.1f} s"

    return get


def _needed(report: Report) -> str:
    c = report.summary.coverage
    if not c.files:
        return "-"
    km = c.wait_95_estimate
    estimate = f"estimate {km:.1f} s" if km is not None else "estimate not reached"
    safe = "" if c.safe else "; no safe wait"
    return f"{wait_text(c.wait_95_low, c.wait_95_high)} ({estimate}{safe})"


def _holds(report: Report) -> str:
    d = report.summary.decision
    if d.current_wait_seconds is None:
        return "no timeout seen"
    if d.holds_up_to is None:
        return f"{d.current_wait_seconds:.1f} s: at no concurrency seen"
    return f"{d.current_wait_seconds:.1f} s: up to about {d.holds_up_to} specs at once"


def _key_wait(c: Coverage) -> float:
    """What a run's 95% wait is at least, for comparing two runs: the estimate, else (when
    never-seen files leave it unreached) the lower bound, pushed past every finite estimate."""
    if c.wait_95_estimate is not None:
        return c.wait_95_estimate
    return max(c.wait_95_low or 0.0, 0.0) + 1e6 if c.files else -1.0


def longer_wait(a: Report, b: Report, labels: tuple[str, str]) -> str:
    """Which run needs the longer wait to cover 95% of its files, in one sentence."""
    ca, cb = a.summary.coverage, b.summary.coverage
    if not ca.files or not cb.files:
        return ""
    ka, kb = _key_wait(ca), _key_wait(cb)
    if ka == kb:
        return f"{labels[0]} and {labels[1]} need about the same wait"
    (slow, cs), (fast, cf) = ((labels[0], ca), (labels[1], cb)) if ka > kb else (
        (labels[1], cb), (labels[0], ca))  # fmt: skip
    return (
        f"{slow} needs the longer wait to cover 95%: {wait_text(cs.wait_95_low, cs.wait_95_high)}"
        f", against {wait_text(cf.wait_95_low, cf.wait_95_high)} for {fast}"
    )


def _load(report: Report) -> str:
    loads = sorted(p.concurrency for p in report.pairs if p.concurrency is not None)
    return f"{loads[len(loads) // 2]} (max {loads[-1]})" if loads else "-"


def _files(report: Report) -> str:
    s = report.summary
    if s.writes is None or s.observed is None:
        return f"{s.writes if s.writes is not None else 'unknown'} written, statuses unknown"
    return (
        f"{s.writes} written, {s.observed} seen, {s.unobserved} missed, "
        f"{s.undetermined} undetermined, {s.not_waited} not waited for"
    )


def _wait(report: Report) -> str:
    value = report.summary.recommended_timeout_seconds
    return f"{value:.1f} s" if isinstance(value, float) else "none safe"


_MEASURES: list[tuple[str, Callable[[Report], str]]] = [
    ("Specs", passed_text),
    ("Files", _files),
    ("Seen gap p50", _gap("p50")),
    ("Seen gap p90", _gap("p90")),
    ("Seen gap max", _gap("max")),
    ("Specs running at a write, median", _load),
    ("Wait covering 95%", _needed),
    ("Recommended wait", _wait),
    ("Current wait holds", _holds),
    ("Concurrency", lambda r: r.summary.decision.sentence or "-"),
    ("Clock skew applied", lambda r: f"{r.summary.clock_skew.applied_seconds:g} s"),
]


def _state(side: SpecSide | None) -> str | None:
    return side.state if side else None


def _ordered(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """Names in A's order, then those only in B, in B's order."""
    return [*a, *(k for k in b if k not in a)]


def _by_key(pairs: Sequence[PairRow]) -> dict[str, KeySide]:
    """The first write of each key (a key written twice shows its first file)."""
    sides: dict[str, KeySide] = {}
    for p in pairs:
        if p.key is not None and p.key not in sides and p.status != PairStatus.ORPHAN:
            sides[p.key] = KeySide(
                p.status, p.gap_seconds, p.gap_min_seconds, p.gap_max_seconds, p.concurrency
            )
    return sides
