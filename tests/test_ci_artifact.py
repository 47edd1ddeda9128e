"""A CI artifact (kind export tree, JSON and JUnit reports, or all of it as a .tar.gz) gives the
same answers as the hand-collected logs of the same run, with brackets at least as tight."""

from __future__ import annotations

from typing import Any

import pytest

from conftest import ROOT
from loganalyzer import analyze

HAND = ROOT / "samples" / "parallel-run" / "logs"
ARTIFACTS = [
    ROOT / "samples" / "ci-artifact" / "logs",
    ROOT / "samples" / "ci-artifact-archive" / "logs",
]


def report(path: Any) -> dict[str, Any]:
    return analyze([str(path)]).to_dict()


BASE = report(HAND)


def outcome(r: dict[str, Any]) -> tuple[Any, Any]:
    pairs = [(p["key"], p["status"], p["spec"], p["link"]) for p in r["pairs"]]
    specs = sorted((s["name"], s["state"], s["verdict"]) for s in r["specs"])
    return pairs, specs


@pytest.mark.parametrize("path", ARTIFACTS, ids=lambda p: p.parent.name)
def test_same_pairs_statuses_and_verdicts(path: Any) -> None:
    assert outcome(report(path)) == outcome(BASE)


@pytest.mark.parametrize("path", ARTIFACTS, ids=lambda p: p.parent.name)
def test_brackets_at_least_as_tight(path: Any) -> None:
    theirs = {p["key"]: p for p in report(path)["pairs"]}
    for mine in BASE["pairs"]:
        other = theirs[mine["key"]]
        if mine["gap_min_seconds"] is not None:
            assert other["gap_min_seconds"] >= mine["gap_min_seconds"] - 1e-6, mine["key"]
        if mine["gap_max_seconds"] is not None:
            assert other["gap_max_seconds"] <= mine["gap_max_seconds"] + 1e-6, mine["key"]


def test_nothing_is_counted_twice() -> None:
    r = report(ARTIFACTS[0])
    assert r["summary"]["writes"] == BASE["summary"]["writes"]
    assert r["summary"]["specs"] == BASE["summary"]["specs"]
    rows = {row["path"].rsplit("/", 1)[-1]: row for row in r["inputs"]}
    assert rows["0.log"]["duplicates"] == rows["0.log"]["events"] > 0
    assert "rejoined from partial lines" in rows["0.log"]["note"]
    journals = [row for row in r["inputs"] if row["path"].endswith(("kubelet.log", "journal.log"))]
    assert journals and all("node journal" in row["note"] for row in journals)
    merged = [row for row in r["inputs"] if row["format"] in ("ginkgo-text", "ginkgo-junit")]
    assert all("merged" in row["note"] for row in merged)
