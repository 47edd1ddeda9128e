"""Failure first: every failed spec shows its verdict, its Ginkgo message and source line,
then its labelled evidence (each line once, in time order), in every format."""

from __future__ import annotations

import html
import json
import re
from functools import cache
from pathlib import PurePosixPath

import pytest

from conftest import ROOT
from loganalyzer import analyze
from loganalyzer.model.report import Report, SpecRow
from loganalyzer.render.failure_wording import NO_RETRIED_MESSAGE, message_lines
from loganalyzer.render.registry import Options, renderer

SCENARIOS = sorted(
    p.parent.name
    for p in (ROOT / "samples").glob("*/logs")
    if any(s["verdict"] for s in json.loads((p.parent / "expected.json").read_text())["specs"])
)
LABELS = {"write", "wait start", "deadline", "sighting", "delivery error", "setup failure", "line"}


@cache
def _report(scenario: str) -> Report:
    return analyze([str(ROOT / "samples" / scenario / "logs")])


def _failed(report: Report) -> list[SpecRow]:
    return [s for s in report.specs if s.verdict]


def test_every_failing_scenario_is_covered() -> None:
    assert {"parallel-run", "ci-artifact", "not-written", "infrastructure", "flaky"} <= set(
        SCENARIOS
    )


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_model_carries_message_location_and_labelled_evidence(scenario: str) -> None:
    failed = _failed(_report(scenario))
    assert failed
    for spec in failed:
        assert spec.failure_location.rsplit(":", 1)[-1].isdigit(), spec.name
        if spec.verdict != "flaky":  # Ginkgo prints no message for a retried attempt
            assert spec.failure_message.strip(), spec.name
        cited = [e.at for e in spec.evidence]
        assert len(cited) == len(set(cited)), f"repeated evidence for {spec.name}: {cited}"
        assert {e.label for e in spec.evidence} <= LABELS
        times = [e.time for e in spec.evidence if e.time is not None]
        assert times == sorted(times)
        undated = [i for i, e in enumerate(spec.evidence) if e.time is None]
        assert all(i >= len(times) for i in undated), "undated evidence goes last"


def test_multi_line_json_report_message_is_cited_once_and_whole() -> None:
    spec = _failed(_report("ci-artifact"))[0]
    assert spec.failure_location.endswith("07_priority_routing_test.go:141")
    assert spec.failure_message.splitlines()[:2] == [
        "Timed out after 5.001s.",
        "File should be created in pod within 5 seconds",
    ]
    assert len(spec.failure_message.splitlines()) >= 5
    assert [e.label for e in spec.evidence] == ["write", "wait start", "deadline", "sighting"]


def _positions(text: str, spec: SpecRow) -> tuple[int, int, int, int]:
    # The heading of the spec's own block: its name may appear before, in another failed
    # spec's close-up timeline (HTML).
    start = text.index("✗ " + spec.name[:60])
    verdict = text.index(str(spec.verdict), start)
    first = message_lines(spec)[0]
    message = text.index(first.strip(), start)
    where = text.index(PurePosixPath(spec.failure_location).name, start)
    evidence = text.index(PurePosixPath(spec.evidence[0].at).name.split(":")[0][:12], message)
    return verdict, where, message, evidence


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html"])
@pytest.mark.parametrize("scenario", SCENARIOS)
def test_every_format_leads_with_the_failure(scenario: str, fmt: str) -> None:
    report = _report(scenario)
    text = "".join(renderer(fmt)(report, Options(width=400)))
    text = html.unescape(re.sub(r"\\([\\\[\]*~|`])", r"\1", text)) if fmt != "terminal" else text
    for spec in _failed(report):
        verdict, where, message, evidence = _positions(text, spec)
        assert verdict < message < evidence, spec.name
        assert where < evidence, spec.name
        for line in spec.failure_message.strip().splitlines():
            assert line.strip() in text, f"message line missing: {line!r}"


def test_json_carries_the_new_fields() -> None:
    report = _report("parallel-run")
    doc = json.loads("".join(renderer("json")(report, Options())))
    failed = [s for s in doc["specs"] if s["verdict"]]
    assert failed and all(s["failure_message"] and s["failure_location"] for s in failed)
    assert all(s["context"] is None for s in doc["specs"])  # only with --context
    first = failed[0]["evidence"][0]
    assert set(first) == {"at", "text", "label", "time"}
    assert first["label"] == "write" and first["time"].endswith("Z")


def test_terminal_lists_each_evidence_line_once() -> None:
    report = _report("ci-artifact")
    text = "".join(renderer("terminal")(report, Options(width=200)))
    start = text.index("evidence (UTC):")
    block = text[start : text.index("✗", start)]
    assert block.count("ginkgo-report.json:1317") == 1


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html"])
def test_a_flaky_spec_shows_its_failed_attempts_message_or_says_where_it_is(fmt: str) -> None:
    # The console prints no message for an attempt a retry passed: say so, and where to look.
    console = _report("flaky")
    (flaky,) = [s for s in console.specs if s.verdict == "flaky"]
    assert flaky.failure_message == ""
    text = "".join(renderer(fmt)(console, Options(width=400)))
    assert html.unescape(re.sub(r"\\([\\\[\]*~|`-])", r"\1", text)).count(NO_RETRIED_MESSAGE) == 1
    assert "the test log gives no failure message" not in text
    # Ginkgo's JSON and JUnit reports keep it: it is shown.
    for report_file in ("tests/data/ginkgo-report.json", "tests/data/ginkgo-junit.xml"):
        report = analyze([report_file])
        (retried,) = [s for s in report.specs if s.verdict == "flaky"]
        text = html.unescape("".join(renderer(fmt)(report, Options(width=400))))
        assert "Failure recorded during attempt 1:" in text and "Timed out after 2.000s." in text
        assert NO_RETRIED_MESSAGE not in text
        assert retried.failure_location.endswith("09_priority_routing_test.go:61")
