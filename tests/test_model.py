"""The typed model: enums, the summary, and the document walked from the dataclasses."""

from __future__ import annotations

import json
from dataclasses import FrozenInstanceError, replace
from enum import Enum
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from loganalyzer import analyze
from loganalyzer.model.report import Report, plain
from loganalyzer.model.status import PairStatus, SpecState, VerdictKind
from loganalyzer.model.summary import Summary
from loganalyzer.render import html, markdown
from loganalyzer.render.json_ import render

PARALLEL = str(ROOT / "samples" / "parallel-run" / "logs")


@pytest.fixture(scope="module")
def report() -> Report:
    return analyze([PARALLEL])


def kinds(value: Any) -> set[type]:
    if isinstance(value, dict):
        return {t for k, v in value.items() for t in kinds(k) | kinds(v)}
    if isinstance(value, list):
        return {t for v in value for t in kinds(v)}
    return {type(value)}


def test_the_document_holds_only_json_values(report: Report) -> None:
    assert kinds(report.to_dict()) <= {str, int, float, bool, type(None)}


def test_the_streamed_json_is_the_document(report: Report) -> None:
    assert json.loads(render(report)) == report.to_dict()


def test_the_model_is_typed(report: Report) -> None:
    assert all(isinstance(p.status, PairStatus) for p in report.pairs)
    assert all(isinstance(s.state, SpecState) for s in report.specs)
    assert report.summary.verdicts == {VerdictKind.VISIBILITY_LATENCY: 4}
    assert report.summary.specs.failed == 4 and report.summary.load.buckets
    with pytest.raises(FrozenInstanceError):
        report.summary.writes = 0  # type: ignore[misc]


def test_enums_serialise_to_their_values() -> None:
    class Other(Enum):
        X = 3

    assert plain([PairStatus.ORPHAN, {VerdictKind.NOT_WRITTEN: 1}]) == [
        "orphan",
        {"not-written": 1},
    ]
    assert plain(Other.X) == 3
    with pytest.raises(TypeError):
        plain(object())


def test_a_state_ginkgo_never_prints_counts_as_failed() -> None:
    assert SpecState.of("exploded") is SpecState.FAILED and SpecState.of("exploded").failed
    assert not SpecState.of("flaky").failed


def test_markdown_and_html_use_the_pack_noun(report: Report) -> None:
    maps = replace(report, artifact="ConfigMap")
    for text in (markdown.render(maps), html.render(maps)):
        assert "ConfigMaps written" in text and "files written" not in text.lower()
    assert "13 files written" in markdown.render(report)


def test_an_empty_report_has_an_empty_summary() -> None:
    empty = Report([], Summary(), [], [], [])
    assert json.loads(render(empty))["summary"]["specs"]["total"] == 0


def test_comparison_and_gating_use_the_pack_noun(report: Report) -> None:
    from loganalyzer.render.terminal.report import render_comparison
    from loganalyzer.report.compare import compare
    from loganalyzer.report.gating import evaluate, parse_condition

    maps = replace(report, artifact="ConfigMap")
    assert "ConfigMaps by key" in markdown.render_comparison(compare(maps, maps))
    assert "Artifacts by key" in render_comparison(compare(report, maps), 120)
    assert evaluate(maps, [parse_condition("unobserved")]) == ["unobserved (4 ConfigMaps)"]


def test_the_noun_comes_from_the_pack_that_found_the_writes(tmp_path: Path) -> None:
    pack = (ROOT / "patterns" / "kubernaut-notification.toml").read_text(encoding="utf-8")
    assert 'artifact = "file"' in pack
    (tmp_path / "maps.toml").write_text(pack.replace('artifact = "file"', 'artifact = "ConfigMap"'))
    maps = analyze([PARALLEL], pattern_dirs=[tmp_path])
    assert maps.artifact == "ConfigMap"
    assert "13 ConfigMaps written" in markdown.render(maps)
    assert json.loads(render(maps))["pairs"] == json.loads(render(analyze([PARALLEL])))["pairs"]
