"""Every generated sample's report against its ground truth (``truth.json``)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT
from loganalyzer import analyze
from truth_check import problems

TRUTHS = sorted(p.parent for p in (ROOT / "samples").glob("*/truth.json"))


def test_every_generated_sample_has_its_truth() -> None:
    assert len(TRUTHS) >= 8


@pytest.mark.parametrize("scenario", TRUTHS, ids=lambda p: p.name)
def test_the_report_agrees_with_the_truth(scenario: Path) -> None:
    truth = json.loads((scenario / "truth.json").read_text(encoding="utf-8"))
    # The truth is in true time: correct a test clock that ran off by the scenario's skew.
    skew = -float(truth["test_clock_skew_seconds"])
    report = analyze([str(scenario / "logs")], skew=skew or None).to_dict()
    assert problems(report, truth) == []


def test_the_check_can_fail() -> None:
    scenario = ROOT / "samples" / "parallel-run"
    truth = json.loads((scenario / "truth.json").read_text(encoding="utf-8"))
    report = analyze([str(scenario / "logs")]).to_dict()
    for pair in report["pairs"]:
        if pair["status"] == "not-waited":
            pair["status"] = "unobserved"  # the old report's claim
        if pair["status"] == "observed":
            pair["gap_max_seconds"] = pair["gap_min_seconds"]  # a bracket narrowed too far
    report["specs"][0]["verdict"] = "other"
    found = problems(report, truth)
    assert any("no spec waited for it, reported unobserved" in p for p in found)
    assert any("outside" in p for p in found)
    assert any("verdict" in p for p in found)
