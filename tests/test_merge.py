"""Several reports of one run (console, JSON, JUnit, go test -json) give each spec once."""

from __future__ import annotations

from pathlib import Path

from loganalyzer import analyze
from loganalyzer.formats.detect import detect

DATA = Path(__file__).parent / "data"


def test_structured_reports_are_detected_by_content() -> None:
    found = {p.name: detect(p.read_bytes()[:4096], truncated=True) for p in DATA.iterdir()}
    assert found["ginkgo-report.json"].format == "ginkgo-json"
    assert found["ginkgo-junit.xml"].format == "ginkgo-junit"
    assert found["go-test.json"].format == "gotest-json"
    assert {d.role for d in found.values()} == {"test"}


def test_the_most_precise_report_wins_and_nothing_is_counted_twice() -> None:
    report = analyze([str(DATA)])
    names = [s.name for s in report.specs]
    assert len(names) == len(set(names)) == 3
    assert all(s.source.startswith(str(DATA / "ginkgo-report.json")) for s in report.specs)
    notes = {Path(i.path).name: i.note for i in report.inputs}
    assert "merged" in notes["ginkgo-junit.xml"] and "merged" in notes["go-test.json"]
    assert "merged" not in notes["ginkgo-report.json"]


def test_without_a_controller_log_no_spec_is_called_not_written() -> None:
    report = analyze([str(DATA)])
    assert "not-written" not in {s.verdict for s in report.specs}
    assert any("no controller log" in w for w in report.warnings)
