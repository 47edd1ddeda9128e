"""Compare a report with the generator's ground truth (``truth.json``, samples/README.md).

Every property is a claim the report makes that the truth can refute:

- a write no spec waited for is ``not-waited``, never observed or missed;
- a file its spec saw is ``observed`` (or ``undetermined``), by that spec, and its seen-gap
  bounds hold the true gap;
- a file its spec gave up on is ``unobserved`` (or ``undetermined``, or ``not-waited`` when
  the spec failed first on another key), never ``observed``; its lower bound is below the
  true deadline gap, and a sighting's upper bound is not before the file became visible;
- no pair is linked by a time window, and a linked pair names the spec that truly waited;
- every failed spec's verdict is the true one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

SLACK = 0.0015  # seconds: the stamps' millisecond truncation


def _at(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def _secs(a: str, b: str) -> float:
    return (_at(a) - _at(b)).total_seconds()


def problems(report: dict[str, Any], truth: dict[str, Any]) -> list[str]:
    """What the report claims that the truth refutes (empty: none)."""
    out: list[str] = []
    pairs = {p["path"].rsplit("/", 1)[-1]: p for p in report["pairs"] if p["written_at"]}
    for w in truth["writes"]:
        pair = pairs.get(w["file"])
        if pair is None:
            out.append(f"{w['file']}: no pair")
            continue
        out += [f"{w['file']}: {p}" for p in _write(pair, w)]
    for p in report["pairs"]:
        if p["link"] == "time-window":
            out.append(f"{p['path']}: linked by a time window")
    missing = {n["key"] for n in truth["not_written"]}
    for p in report["pairs"]:
        if p["key"] in missing and p["status"] == "observed":
            out.append(f"{p['key']}: never written, yet observed")
    verdicts: dict[str, set[str | None]] = {}
    for s in report["specs"]:
        if not s.get("suite_node"):
            verdicts.setdefault(s["name"], set()).add(s["verdict"])
    for s in truth["specs"]:
        got = verdicts.get(s["name"])
        if got is None:
            out.append(f"spec {s['name']!r}: not in the report")
        elif s["verdict"] not in got:
            out.append(f"spec {s['name']!r}: verdict {sorted(map(str, got))}, truly {s['verdict']}")
    return out


def _write(pair: dict[str, Any], w: dict[str, Any]) -> list[str]:
    status = pair["status"]
    low, high = pair["gap_min_seconds"], pair["gap_max_seconds"]
    out: list[str] = []
    if w["spec"] is None:
        if status != "not-waited":
            out.append(f"no spec waited for it, reported {status}")
        return out
    if status in ("observed", "unobserved", "undetermined") and pair["spec"] != w["spec"]["name"]:
        out.append(f"linked to {pair['spec']!r}, truly waited for by {w['spec']['name']!r}")
    if w["seen_at"] is not None:
        if status not in ("observed", "undetermined"):
            out.append(f"seen by its spec, reported {status}")
        if status == "observed" and pair["skew_seconds"] is None:
            gap = _secs(w["seen_at"], w["written_at"])
            if low is None or high is None or not low - SLACK <= gap <= high + SLACK:
                out.append(f"true seen gap {gap:.6f} s outside [{low}, {high}]")
        return out
    if w["deadline"] is not None:
        if status not in ("unobserved", "undetermined", "not-waited"):
            out.append(f"missed by its spec, reported {status}")
        floor = _secs(w["deadline"], w["written_at"])
        if status == "unobserved" and low is not None and low > floor + SLACK:
            out.append(f"lower bound {low} above the true deadline gap {floor:.6f}")
        if status == "unobserved" and high is not None and w["visible_at"] is not None:
            visible = _secs(w["visible_at"], w["written_at"])
            if high < visible - SLACK:
                out.append(f"visible by {high} s, yet truly visible only at {visible:.6f} s")
    return out
