"""Ginkgo v2 console output: parallel and streamed blocks, colour, retries, zones, accounting."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest

from builders import BOLD, GRAY, RESET, spec_block, suite
from loganalyzer.formats.detect import detect
from loganalyzer.formats.ginkgo.console import parse
from loganalyzer.model.specs import FLAKY

EST = timezone(timedelta(hours=-5))
FANOUT = (
    "Multi-Channel Fanout E2E (BR-NOT-053) Scenario 1: All channels deliver successfully "
    "[It] should deliver notification to console, file, and log channels"
)
TIMELINE = [
    "2026-01-10T14:18:13.071-0500\tINFO\tnotification-e2e-test-process-7\tMulti-channel fanout "
    'test starting\t{"sharedFileDir": "/tmp/kubernaut-e2e-notifications"}',
    "STEP: Creating NotificationRequest with three channels @ 01/10/26 14:18:13.2",
    "STEP: Waiting for all channels to deliver successfully @ 01/10/26 14:18:13.31",
    "STEP: Verifying file channel created audit file @ 01/10/26 14:18:14.605",
    "[FAILED] in [It] - /src/test/e2e/notification/06_multi_channel_fanout_test.go:138 "
    "@ 01/10/26 14:18:19.612",
]
FAILURE = [
    "[FAILED] Timed out after 5.001s.",
    "File should be created in pod within 5 seconds",
    "Expected",
    "    <int>: 0",
    "to be >=",
    "    <int>: 1",
]


def failed_block(*, color: bool = False) -> list[str]:
    return spec_block(
        FANOUT,
        TIMELINE,
        seconds=27.412,
        failure=FAILURE,
        failed_at="01/10/26 14:18:19.612",
        color=color,
    )


def test_parallel_failed_spec() -> None:
    log = parse(suite([failed_block()]).splitlines(), "g.log", None)
    (spec,) = log.specs
    assert spec.name.startswith("Multi-Channel Fanout E2E (BR-NOT-053) Scenario 1")
    assert "[It]" not in spec.name
    assert spec.state == "failed" and spec.duration == 27.412 and spec.process == 7
    (attempt,) = spec.attempts
    assert attempt.deadline == datetime(2026, 1, 10, 19, 18, 19, 612000, tzinfo=UTC)
    assert attempt.wait_seconds == 5.001
    assert spec.failure_message.startswith("Timed out after 5.001s.")
    assert spec.failure_location.endswith("06_multi_channel_fanout_test.go:138")
    steps = [ln.detail for ln in attempt.lines if ln.kind == "step"]
    assert steps[-1] == "Verifying file channel created audit file"
    assert log.zone.startswith("UTC-05:00") and not log.warnings
    assert log.skipped == 0


def test_colour_and_no_colour_parse_the_same() -> None:
    plain = parse(suite([failed_block()]).splitlines(), "g.log", None)
    painted_lines = [
        f"{GRAY}{line}{RESET}"
        if line.startswith("---")
        else line.replace("STEP:", f"{BOLD}STEP:{RESET}").replace(" @ ", f" {GRAY}@ ")
        for line in suite([failed_block(color=True)]).splitlines()
    ]
    painted = parse(painted_lines, "g.log", None)
    assert [(s.name, s.state, s.duration) for s in painted.specs] == [
        (s.name, s.state, s.duration) for s in plain.specs
    ]
    assert painted.specs[0].attempts[0].deadline == plain.specs[0].attempts[0].deadline


def test_streamed_procs_1_header_after_timeline() -> None:
    passed = spec_block("Suite Context leaf text", TIMELINE[:4], seconds=2.5, streamed=True)
    log = parse(suite([passed], procs=1).splitlines(), "g.log", EST)
    (spec,) = log.specs
    assert spec.name == "Suite Context leaf text" and spec.state == "passed"
    assert spec.location == "/src/test/e2e/x_test.go:10"
    assert len(spec.attempts[0].lines) == 4


def test_very_verbose_hierarchy_on_separate_lines() -> None:
    block = [
        "-" * 30,
        "• [1.000 seconds]",
        "Outer",
        "/src/a_test.go:1",
        "  Inner",
        "  /src/a_test.go:5",
        "    leaf",
        "    /src/a_test.go:9",
        "",
        "  Timeline >>",
        "  STEP: go @ 01/10/26 14:18:13.2",
        "  END STEP: go @ 01/10/26 14:18:13.9 (700ms)",
        "  << Timeline",
    ]
    log = parse(suite([block]).splitlines(), "g.log", EST)
    (spec,) = log.specs
    assert spec.name == "Outer Inner leaf" and spec.location == "/src/a_test.go:9"
    assert [ln.kind for ln in spec.attempts[0].lines] == ["step", "end-step"]


def test_writer_lines_are_bracketed_by_timed_neighbours() -> None:
    timeline = [
        "STEP: a @ 01/10/26 14:18:13.2",
        "plain writer output",
        "STEP: b @ 01/10/26 14:18:14.5",
    ]
    log = parse(suite([spec_block("S leaf", timeline)]).splitlines(), "g.log", EST)
    writer = log.specs[0].attempts[0].lines[1]
    assert writer.kind == "writer" and writer.at is None
    assert writer.lo == datetime(2026, 1, 10, 19, 18, 13, 200000, tzinfo=UTC)
    assert writer.hi == datetime(2026, 1, 10, 19, 18, 14, 501000, tzinfo=UTC)


def test_an_impossible_stamp_leaves_the_line_untimed() -> None:
    timeline = [
        "STEP: a @ 01/10/26 14:18:13.2",
        "STEP: b @ 13/45/26 14:18:14.5",
        "STEP: c @ 12/31/99 23:59:59.123456789",
    ]
    log = parse(suite([spec_block("S leaf", timeline)]).splitlines(), "g.log", EST)
    lines = log.specs[0].attempts[0].lines
    assert [(ln.kind, ln.at is None) for ln in lines] == [
        ("step", False),
        ("writer", True),
        ("step", False),
    ]
    assert lines[2].at == datetime(2000, 1, 1, 4, 59, 59, 123456, tzinfo=UTC)  # %y: 99 is 1999


def test_retry_splits_attempts_and_flaky_state() -> None:
    block = [
        "-" * 30,
        "↺ [FLAKEY TEST - TOOK 2 ATTEMPTS TO PASS] [12.000 seconds]",
        "S leaf",
        "/src/a_test.go:9",
        "",
        "  Timeline >>",
        "  STEP: wait @ 01/10/26 14:18:13.2",
        "  [FAILED] in [It] - /src/a_test.go:20 @ 01/10/26 14:18:18.2",
        "  Attempt #1 Failed.  Retrying ↺ @ 01/10/26 14:18:18.3",
        "  STEP: wait @ 01/10/26 14:18:18.4",
        "  << Timeline",
    ]
    log = parse(suite([block]).splitlines(), "g.log", EST)
    (spec,) = log.specs
    assert spec.state == FLAKY
    first, second = spec.attempts
    assert not first.passed and first.deadline is not None
    assert second.passed and second.deadline is None
    assert first.end is not None and second.start is not None


def test_suite_nodes_are_not_specs() -> None:
    nodes = [
        [
            "-" * 30,
            "[SynchronizedBeforeSuite] PASSED [0.055 seconds]",
            "[SynchronizedBeforeSuite] ",
            "/src/suite_test.go:40",
        ]
        for _ in range(3)
    ]
    log = parse(suite([*nodes, failed_block()]).splitlines(), "g.log", None)
    assert len(log.specs) == 1 and len(log.suite_nodes) == 3
    assert log.suite_nodes[0].name == "[SynchronizedBeforeSuite]"


def test_summary_counts_read() -> None:
    log = parse(suite([failed_block()]).splitlines(), "g.log", None)
    assert log.counters == {
        "ran": 1,
        "total": 1,
        "passed": 0,
        "failed": 1,
        "pending": 0,
        "skipped": 0,
    }
    assert log.disagreements() == []


def test_lines_outside_specs_are_counted_skipped() -> None:
    text = "go: downloading example.com/x v1\n" + suite([failed_block()])
    log = parse(text.splitlines(), "g.log", None)
    assert log.skip_reasons == {"outside any spec": 1}
    assert log.used + log.skipped == log.lines


def test_zone_from_flag_wins_and_local_guess_warns(monkeypatch: pytest.MonkeyPatch) -> None:
    no_offsets = [line for line in failed_block() if "-0500" not in line]
    forced = parse(suite([no_offsets]).splitlines(), "g.log", UTC)
    assert forced.specs[0].attempts[0].deadline == datetime(
        2026, 1, 10, 14, 18, 19, 612000, tzinfo=UTC
    )
    guessed = parse(suite([no_offsets]).splitlines(), "g.log", None)
    assert guessed.warnings and "--test-tz" in guessed.warnings[0]


def test_detected_as_test_log() -> None:
    assert detect(suite([failed_block()]).encode(), truncated=False).format == "ginkgo-text"
