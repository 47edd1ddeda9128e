"""Every test log's own counters are the check on what was read (issue 12, items 1-3)."""

from __future__ import annotations

import json
from datetime import UTC
from pathlib import Path

import pytest

from builders import DELIM, spec_block, suite
from loganalyzer import analyze
from loganalyzer.extract.ingest import ONCE, parse_test_log
from loganalyzer.formats.detect import TEST_PARSERS, detect
from loganalyzer.formats.ginkgo.console import parse
from loganalyzer.pipeline import survey

ROOT = Path(__file__).resolve().parent.parent
TEST_LOGS = sorted(
    p
    for p in [*ROOT.glob("samples/*/logs/**/*"), *ROOT.glob("tests/data/*")]
    if p.is_file() and detect(p.read_bytes()[:65536], truncated=True).format in TEST_PARSERS
)


def _stamp(hms: str) -> str:
    return f"01/10/26 {hms}"


@pytest.mark.parametrize("path", TEST_LOGS, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_test_log_matches_its_own_counters(path: Path) -> None:
    data = path.read_bytes()
    det = detect(data[:65536], truncated=len(data) > 65536)
    log, _ = parse_test_log(data, str(path), det, UTC)
    assert log.counters, "every sample states its counters"
    found = log.disagreements()
    if found:  # allowed only with the visible warning
        report = analyze([str(path)], test_tz="UTC")
        assert any("the log says" in w for w in report.warnings)
    else:
        tally, said = log.tally(), log.counters
        if "ran" in said:
            assert tally.ran == said["ran"]
        if "passed" in said:
            assert tally.passed + tally.flaky == said["passed"]
        if "failed" in said:
            assert tally.failed == said["failed"]


def test_counters_that_disagree_warn_with_both_numbers_and_win(tmp_path: Path) -> None:
    # A coloured run whose specs are all cut out: only the banner and the summary are left.
    text = (
        "Running Suite: E2E Suite - /src/test/e2e\n"
        "\x1b[1mWill run \x1b[1m41\x1b[0m of \x1b[1m44\x1b[0m specs\n"
        "\x1b[38;5;10m\x1b[1mRan 41 of 44 Specs in 30.123 seconds\x1b[0m\n"
        "\x1b[38;5;10m\x1b[1mSUCCESS!\x1b[0m -- \x1b[38;5;10m\x1b[1m41 Passed\x1b[0m | "
        "\x1b[38;5;9m\x1b[1m0 Failed\x1b[0m | \x1b[38;5;11m\x1b[1m0 Pending\x1b[0m | "
        "\x1b[38;5;14m\x1b[1m3 Skipped\x1b[0m\n"
    )
    (tmp_path / "ginkgo.log").write_text(text)
    report = analyze([str(tmp_path)], test_tz="UTC")
    specs = report.summary.specs
    assert (specs.total, specs.passed, specs.failed, specs.not_run) == (41, 41, 0, 3)
    assert any("parsed 0 specs that ran, the log says 41" in w for w in report.warnings)
    assert "the log says 41" in report.inputs[0].note


def test_non_verbose_parallel_run_counts_the_dots() -> None:
    failure = ["[FAILED] Expected <int>: 0 to be >= <int>: 1"]
    failed = spec_block(
        "Suite [It] fails",
        [f"STEP: waiting @ {_stamp('14:18:13.2')}"],
        failure=failure,
        failed_at=_stamp("14:18:19.612"),
    )
    lines = [
        "Running Suite: E2E Suite - /src/test/e2e",
        "Will run 13 of 13 specs",
        "Running in parallel across 4 processes",
        "••••••",
        *failed,
        DELIM,
        "•••••",
        *failed,
        DELIM,
        "",
        "Ran 13 of 13 Specs in 12.345 seconds",
        "FAIL! -- 11 Passed | 2 Failed | 0 Pending | 0 Skipped",
    ]
    log = parse(lines, "g.log", UTC)
    assert log.marks == {"passed": 11}
    assert len(log.specs) == 2 and log.disagreements() == []
    tally = log.tally()
    assert (tally.ran, tally.passed, tally.failed) == (13, 11, 2)


def test_marks_glued_together_with_skips_and_pendings() -> None:
    lines = ["••S•P••SS", "Ran 5 of 9 Specs in 1.000 seconds",
             "SUCCESS! -- 5 Passed | 0 Failed | 1 Pending | 3 Skipped"]  # fmt: skip
    log = parse(lines, "g.log", UTC)
    assert log.marks == {"passed": 5, "skipped": 3, "pending": 1}
    assert log.disagreements() == [] and log.tally().not_run == 4


def test_a_failed_spec_pasted_without_banner_or_delimiter() -> None:
    block = [
        "• [FAILED] [49.027 seconds]",
        "Fanout [It] should deliver to every channel",
        "/src/test/e2e/fanout_test.go:87",
        "",
        "  Timeline >>",
        f"  STEP: Creating the request @ {_stamp('14:18:13.2')}",
        f"  [FAILED] in [It] - /src/test/e2e/fanout_test.go:138 @ {_stamp('14:19:02.2')}",
        "  << Timeline",
        "",
        "  [FAILED] Timed out after 49.001s.",
        f"  In [It] at: /src/test/e2e/fanout_test.go:138 @ {_stamp('14:19:02.2')}",
    ]
    assert detect("\n".join(block).encode(), truncated=False).format == "ginkgo-text"
    log = parse(block, "paste.txt", UTC)
    assert [s.name for s in log.specs] == ["Fanout should deliver to every channel"]
    assert log.specs[0].failed and log.specs[0].attempts[0].wait_seconds == 49.001


def test_a_fail_line_heads_a_pasted_spec() -> None:
    block = [
        "[FAIL] Fanout [It] should deliver to every channel",
        "/src/test/e2e/fanout_test.go:87",
        "  Timeline >>",
        f"  STEP: Creating the request @ {_stamp('14:18:13.2')}",
        f"  [FAILED] in [It] - /src/test/e2e/fanout_test.go:138 @ {_stamp('14:19:02.2')}",
        "  << Timeline",
    ]
    assert detect("\n".join(block).encode(), truncated=False).format == "ginkgo-text"
    log = parse(block, "paste.txt", UTC)
    assert len(log.specs) == 1 and log.specs[0].failed
    assert log.specs[0].location == "/src/test/e2e/fanout_test.go:87"


GINKGO_V1 = """\
Running Suite: Parser Suite
===========================
Random Seed: 1536803623
Will run 4 of 5 specs

••
------------------------------
• Failure [0.002 seconds]
Parser
/src/parser/parser_test.go:10
  when the input is empty
  /src/parser/parser_test.go:20
    returns an error [It]
    /src/parser/parser_test.go:21

    Expected an error to have occurred.  Got:
        <nil>: nil

    /src/parser/parser_test.go:25
------------------------------
• [SLOW TEST:10.004 seconds]
Parser
/src/parser/parser_test.go:10
  parses a large file
  /src/parser/parser_test.go:30
------------------------------
S

Summarizing 1 Failure:

[Fail] Parser when the input is empty [It] returns an error
/src/parser/parser_test.go:25

Ran 4 of 5 Specs in 10.012 seconds
FAIL! -- 3 Passed | 1 Failed | 0 Pending | 1 Skipped
--- FAIL: TestParser (10.01s)
FAIL
"""


def test_ginkgo_v1_output_is_read_and_matches_its_counters() -> None:
    assert detect(GINKGO_V1.encode(), truncated=False).format == "ginkgo-text"
    log = parse(GINKGO_V1.splitlines(), "v1.log", UTC)
    failed = [s for s in log.specs if s.failed]
    assert [s.name for s in failed] == ["Parser when the input is empty returns an error"]
    assert log.disagreements() == []
    tally = log.tally()
    assert (tally.ran, tally.passed, tally.failed, tally.not_run) == (4, 3, 1, 1)


def test_an_elision_never_swallows_the_next_spec() -> None:
    first = spec_block("Suite [It] first", [f"STEP: one @ {_stamp('14:18:13.2')}", "..."])
    second = spec_block("Suite [It] second", [f"STEP: two @ {_stamp('14:18:20.2')}"])
    # The delimiter between them was cut out with the text around it.
    lines = [*first, "[…]", *second[1:], "...", "Ran 2 of 2 Specs in 9.000 seconds",
             "SUCCESS! -- 2 Passed | 0 Failed | 0 Pending | 0 Skipped"]  # fmt: skip
    log = parse(lines, "g.log", UTC)
    assert [s.name for s in log.specs] == ["Suite first", "Suite second"]
    assert log.disagreements() == [] and log.skip_reasons.get("elided by whoever cut the log")


def test_skipped_and_pending_are_not_counted_twice(tmp_path: Path) -> None:
    report = json.loads((ROOT / "tests/data/ginkgo-report.json").read_text())
    suite_report = report[0]
    spec = next(s for s in suite_report["SpecReports"] if s["LeafNodeType"] == "It")
    for n, state in enumerate(["skipped", "skipped", "pending"]):
        extra = {**spec, "LeafNodeText": f"filtered {n}", "State": state}
        for key in ("CapturedGinkgoWriterOutput", "SpecEvents", "Failure", "StartTime"):
            extra.pop(key, None)
        suite_report["SpecReports"].append(extra)
    suite_report["PreRunStats"]["TotalSpecs"] = 6
    (tmp_path / "report.json").write_text(json.dumps(report, indent=2))
    specs = analyze([str(tmp_path)]).summary.specs
    assert (specs.total, specs.skipped, specs.not_run) == (3, 3, 3)


def test_a_gojson_spec_that_panicked_with_no_message_keeps_every_spec(tmp_path: Path) -> None:
    pkg = "example.com/e2e"

    def event(action: str, test: str, t: str, output: str | None = None) -> str:
        obj: dict[str, object] = {"Time": f"2026-01-10T14:18:{t}-05:00", "Action": action,
                                  "Package": pkg, "Test": test}  # fmt: skip
        if output is not None:
            obj["Output"] = output
        return json.dumps(obj)

    lines = [json.dumps({"Time": "2026-01-10T14:18:00-05:00", "Action": "start", "Package": pkg})]
    for n, name in enumerate(
        ["[It] Suite passes one", "[It] Suite panics", "[It] Suite passes two"]
    ):
        lines.append(event("run", name, f"{n}1.000"))
        if "panics" in name:
            at = "/usr/lib/go/src/runtime/panic.go:770 @ 01/10/26 14:18:12.5"
            timeline = f"[PANICKED] \nIn [It] at: {at}\n"
            lines.append(event("output", name, f"{n}2.000", timeline))
            lines.append(event("fail", name, f"{n}2.000"))
        else:
            lines.append(event("pass", name, f"{n}2.000"))
    path = tmp_path / "gojson.json"
    path.write_text("\n".join(lines) + "\n")
    log = TEST_PARSERS["gotest-json"](path.read_bytes(), str(path), None)
    assert len(log.specs) == 3 and log.disagreements() == []
    assert sorted(s.state for s in log.specs) == ["failed", "passed", "passed"]


def test_the_same_path_twice_is_read_once(tmp_path: Path) -> None:
    path = tmp_path / "ginkgo.log"
    path.write_text(suite([spec_block("Suite [It] a", [f"STEP: one @ {_stamp('14:18:13.2')}"])]))
    report = analyze([str(path), str(path)], test_tz="UTC")
    assert report.summary.specs.total == 1
    assert report.inputs[1].note == ONCE


def test_a_console_log_without_zone_takes_it_from_the_json_report(tmp_path: Path) -> None:
    # The JSON report's spec, and the same spec as the console printed it (no offsets).
    report = json.loads((ROOT / "tests/data/ginkgo-report.json").read_text())
    (tmp_path / "report.json").write_text(json.dumps(report))
    spec = next(s for s in report[0]["SpecReports"] if s["LeafNodeType"] == "It")
    name = " ".join([*(spec["ContainerHierarchyTexts"] or []), spec["LeafNodeText"]])
    start = spec["StartTime"][11:23]
    block = spec_block(f"{name}", [f"STEP: started @ {_stamp(start)}"], seconds=1.0)
    (tmp_path / "ginkgo.log").write_text(suite([block]))
    got = analyze([str(tmp_path)])
    assert got.summary.specs.total == 3
    assert not any("--test-tz" in w for w in got.warnings)
    assert not any("different test runs" in w for w in got.warnings)


def test_two_different_runs_given_together_warn(tmp_path: Path) -> None:
    early = spec_block("Suite [It] a", [f"STEP: one @ {_stamp('14:18:13.2')}"], seconds=1.0)
    late = spec_block("Suite [It] a", [f"STEP: one @ {_stamp('16:18:13.2')}"], seconds=1.0)
    (tmp_path / "run1.log").write_text(suite([early]))
    (tmp_path / "run2.log").write_text(suite([late]))
    report = analyze([str(tmp_path)], test_tz="UTC")
    assert any("2 different test runs" in w and "compare" in w for w in report.warnings)
    assert report.summary.specs.total == 2


def test_a_forced_format_that_reads_nothing_uses_no_line(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("we saw it fail twice\n\nthen it passed\n")
    row = survey([str(path)], force=["*notes.txt=ginkgo-text"])[0]
    assert (row.used, row.skipped) == (0, 3)
