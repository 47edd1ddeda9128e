"""Two runs side by side: per spec (state and verdict) and per key (status and gap).

The seed incident's question was "what differs between the focused run and the
parallel run?": this answers it from two reports.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Any

from loganalyzer.model.report import PairRow, Report, common_noun, plain
from loganalyzer.model.status import PairStatus, SpecState, VerdictKind
from loganalyzer.model.summary import Summary

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
        value = getattr(report.summary.gap_seconds, name)
        return f"{value:.3f} s" if isinstance(value, float) else "-"

    return get


def _load(report: Report) -> str:
    loads = sorted(p.concurrency for p in report.pairs if p.concurrency is not None)
    return f"{loads[len(loads) // 2]} (max {loads[-1]})" if loads else "-"


def _files(report: Report) -> str:
    s = report.summary
    return f"{s.writes} written, {s.observed} seen, {s.unobserved} not"


def _wait(report: Report) -> str:
    value = report.summary.recommended_timeout_seconds
    return f"{value:.1f} s" if isinstance(value, float) else "-"


_MEASURES: list[tuple[str, Callable[[Report], str]]] = [
    ("Specs", passed_text),
    ("Files", _files),
    ("Gap p50", _gap("p50")),
    ("Gap p90", _gap("p90")),
    ("Gap max", _gap("max")),
    ("Specs running at a write, median", _load),
    ("Recommended wait", _wait),
]


def _state(side: SpecSide | None) -> str | None:
    return side.state if side else None


def _ordered(a: dict[str, Any], b: dict[str, Any]) -> list[str]:
    """Names in A's order, then those only in B, in B's order."""
    return [*a, *(k for k in b if k not in a)]


def _by_key(pairs: list[PairRow]) -> dict[str, KeySide]:
    """The first write of each key (a key written twice shows its first file)."""
    sides: dict[str, KeySide] = {}
    for p in pairs:
        if p.key is not None and p.key not in sides and p.status != PairStatus.ORPHAN:
            sides[p.key] = KeySide(
                p.status, p.gap_seconds, p.gap_min_seconds, p.gap_max_seconds, p.concurrency
            )
    return sides
