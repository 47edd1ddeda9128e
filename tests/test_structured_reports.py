"""Structured Ginkgo reports: --json-report, --junit-report and go test -json.

The fixtures in tests/data are one run of the notification suite in Ginkgo's real
shapes: a spec that timed out waiting for a file (process 7), a passed spec (process 3),
a flaky spec retried once (process 5), and a SynchronizedBeforeSuite per process.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from loganalyzer.errors import InputError
from loganalyzer.formats.ginkgo import gotest as gotest_json
from loganalyzer.formats.ginkgo import json_report as ginkgo_json
from loganalyzer.formats.ginkgo import junit as junit_xml
from loganalyzer.model import specs as model
from loganalyzer.model.specs import FLAKY, Spec

DATA = Path(__file__).resolve().parent / "data"
EST = timezone(timedelta(hours=-5))
FANOUT = (
    "Multi-Channel Fanout E2E (BR-NOT-053) Scenario 1: All channels deliver successfully "
    "should deliver notification to console, file, and log channels"
)
FILE_ONLY = (
    "Multi-Channel Fanout E2E (BR-NOT-053) Scenario 2: File-only delivery "
    "should write the notification file"
)
FLAKY_SPEC = "Priority Routing E2E should deliver low priority notifications"
LOCATION = "/src/test/e2e/notification/06_multi_channel_fanout_test.go:138"
STEPS = [
    "Creating NotificationRequest with three channels",
    "Waiting for all channels to deliver successfully",
    "Verifying file channel created audit file",
]


def utc(h: int, m: int, s: int, us: int = 0) -> datetime:
    return datetime(2026, 1, 10, h, m, s, us, tzinfo=UTC)


def read(name: str) -> bytes:
    return (DATA / name).read_bytes()


def json_log() -> model.TestLog:
    return ginkgo_json.parse(read("ginkgo-report.json"), "ginkgo-report.json")


def junit_log(zone: timezone | None = None) -> model.TestLog:
    return junit_xml.parse(read("ginkgo-junit.xml"), "ginkgo-junit.xml", zone)


def gotest_log(zone: timezone | None = None) -> model.TestLog:
    return gotest_json.parse(read("go-test.json"), "go-test.json", zone)


def spec(log: model.TestLog, name: str) -> Spec:
    (found,) = [s for s in log.specs if s.name.endswith(name)]
    return found


def line(s: Spec, text: str) -> model.TestLine:
    (found,) = [ln for a in s.attempts for ln in a.lines if text in ln.text]
    return found


def file_line(name: str, number: int) -> str:
    return (DATA / name).read_text().splitlines()[number - 1]


def file_text(data: bytes, number: int) -> str:
    return data.decode().splitlines()[number - 1]


def assert_accounting(log: model.TestLog, name: str) -> None:
    assert log.lines == len((DATA / name).read_text().splitlines())
    assert log.used + log.skipped == log.lines


# --- Ginkgo --json-report ------------------------------------------------------------


def test_json_specs_states_processes_and_suite_nodes() -> None:
    log = json_log()
    got = [(s.name, s.state, s.process, s.duration) for s in log.specs]
    assert got == [
        (FANOUT, "failed", 7, 6.6),
        (FILE_ONLY, "passed", 3, 1.3),
        (FLAKY_SPEC, FLAKY, 5, 3.0),
    ]
    assert all("[It]" not in s.name for s in log.specs)
    (node,) = log.suite_nodes  # process 7's empty SynchronizedBeforeSuite is left out
    assert (node.name, node.suite_node, node.process) == (
        "[SynchronizedBeforeSuite]",
        "SynchronizedBeforeSuite",
        1,
    )
    assert log.skip_reasons["empty per-process suite node"] > 0
    assert log.zone == "from the report (exact)" and not log.warnings
    assert log.summary["failed"] == 1 and log.summary["flaked"] == 1
    assert_accounting(log, "ginkgo-report.json")


def test_json_failed_spec_deadline_wait_and_exact_window() -> None:
    failed = spec(json_log(), FANOUT)
    (attempt,) = failed.attempts
    assert not attempt.passed
    assert attempt.deadline == utc(19, 18, 19, 612847)
    assert attempt.wait_seconds == 5.001
    assert failed.failure_message.startswith(
        "Timed out after 5.001s.\nFile should be created in pod within 5 seconds"
    )
    assert failed.failure_location == LOCATION
    assert failed.location.endswith("06_multi_channel_fanout_test.go:87")
    assert [ln.detail for ln in attempt.lines if ln.kind == "step"] == STEPS
    assert attempt.start == utc(19, 18, 13, 71231)  # StartTime, not a guess
    assert attempt.end is not None and attempt.end - utc(19, 18, 19, 671231) < timedelta(
        milliseconds=1
    )
    failure = line(failed, "[FAILED] in [It]")
    assert failure.kind == "failure" and failure.detail == LOCATION
    messages = [ln.text for ln in attempt.lines if ln.kind == "failure-message"]
    assert messages[0] == "Timed out after 5.001s."


def test_json_writer_lines_sit_between_their_events() -> None:
    failed = spec(json_log(), FANOUT)
    window = failed.end - failed.start  # type: ignore[operator]
    waiting = line(failed, "Files in /tmp/kubernaut-e2e-notifications")
    assert waiting.kind == "writer" and waiting.at is None
    assert waiting.lo == utc(19, 18, 14, 605093)  # the last STEP before it
    assert waiting.hi is not None and waiting.hi - utc(19, 18, 19, 612847) <= timedelta(
        microseconds=1
    )  # the failure after it
    assert waiting.hi - waiting.lo < window
    created = line(failed, "Created NotificationRequest e2e-notif/fanout-s1-vrpvf")
    assert created.lo == utc(19, 18, 13, 200412)
    assert created.hi is not None and created.hi < utc(19, 18, 13, 311000)
    stamped = line(failed, "notification-e2e-test-process-7")
    assert (stamped.kind, stamped.at, stamped.res) == ("stamped", utc(19, 18, 13, 71000), 0.001)
    # Printed verbatim: downstream searches these texts for keys and file names.
    assert stamped.text.startswith("2026-01-10T14:18:13.071-0500\tINFO\t")


def test_json_line_numbers_cite_the_report_and_keep_print_order() -> None:
    failed = spec(json_log(), FANOUT)
    (attempt,) = failed.attempts
    assert attempt.deadline_line is not None
    assert '"Failure"' in file_line("ginkgo-report.json", attempt.deadline_line)
    before = line(failed, "Files in /tmp/kubernaut-e2e-notifications")
    after = line(failed, "Listing /tmp/kubernaut-e2e-notifications after failure")
    assert before.line_no < attempt.deadline_line <= after.line_no
    assert before.line_no == failed.line_no  # the spec's own entry
    assert "Listing /tmp/kubernaut-e2e-notifications" in file_line(
        "ginkgo-report.json", after.line_no
    )
    step = line(failed, "STEP: Verifying file channel")
    following = file_line("ginkgo-report.json", step.line_no + 1)
    assert step.line_no > failed.line_no and '"SpecEventType": "By"' in following


def test_json_flaky_spec_has_one_attempt_per_try() -> None:
    flaky = spec(json_log(), FLAKY_SPEC)
    first, second = flaky.attempts
    assert not first.passed and second.passed
    assert first.deadline == utc(19, 18, 32, 101000) and first.wait_seconds == 2.0
    assert second.start == utc(19, 18, 32, 150000)  # the Retry event
    assert first.end is not None and first.end <= utc(19, 18, 32, 150001)
    assert [ln.kind for ln in first.lines][-1] == "retry"
    assert any("e2e-notif/priority-low-abcde" in ln.text for ln in first.lines)
    assert flaky.failure_message.startswith("Failure recorded during attempt 1:")
    found = line(flaky, "attempt 2: found notification-e2e-priority-low")
    assert found.lo == utc(19, 18, 32, 200000)


def test_json_specs_that_did_not_run_or_panicked() -> None:
    zero, panic_at = "0001-01-01T00:00:00Z", "2026-01-10T14:18:14-05:00"
    reports = [
        {
            "SuitePath": "/src/test/e2e/notification",
            "SpecReports": [
                {"ContainerHierarchyTexts": ["A"], "LeafNodeType": "It", "LeafNodeText": "later",
                 "State": "pending", "StartTime": zero, "EndTime": zero, "RunTime": 0},
                {"ContainerHierarchyTexts": ["A"], "LeafNodeType": "It", "LeafNodeText": "off kind",
                 "State": "skipped", "Failure": {"Message": "needs a real cluster"}},
                {"ContainerHierarchyTexts": ["A"], "LeafNodeType": "It", "LeafNodeText": "panics",
                 "State": "panicked", "StartTime": "2026-01-10T14:18:13.9-05:00",
                 "Failure": {"Message": "", "ForwardedPanic": "assignment to entry in nil map",
                             "Location": {"FileName": "a_test.go", "LineNumber": 9},
                             "TimelineLocation": {"Order": 4, "Time": panic_at}}},
            ],
        }
    ]  # fmt: skip
    log = ginkgo_json.parse(json.dumps(reports, indent=2).encode(), "r.json")
    pending, skipped, panicked = log.specs
    assert (pending.state, pending.start, pending.failure_message) == ("pending", None, "")
    assert (skipped.state, skipped.failure_message, skipped.attempts[0].deadline) == (
        "skipped", "", None
    )  # fmt: skip
    assert panicked.failure_message == "assignment to entry in nil map"
    assert panicked.attempts[0].deadline == utc(19, 18, 14)
    assert log.summary == {
        "ran": 1, "total": 3, "passed": 0, "failed": 1, "flaked": 0, "pending": 1, "skipped": 1
    }  # fmt: skip


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (read("ginkgo-report.json")[:5000], "not a valid Ginkgo JSON report"),
        (b'{"foo": 1}', "not a Ginkgo report"),
        (b"\xff\xfe[", "not UTF-8"),
        (b"[" * 100_000, "nested too deeply"),
    ],
)
def test_json_malformed_input_is_a_clean_error(data: bytes, why: str) -> None:
    with pytest.raises(InputError) as caught:
        ginkgo_json.parse(data, "cut.json")
    message = str(caught.value)
    assert message.startswith("cut.json") and why in message and "\n" not in message


# --- Ginkgo --junit-report -----------------------------------------------------------


def test_junit_names_states_and_suite_nodes() -> None:
    log = junit_log()
    got = [(s.name, s.state, s.duration) for s in log.specs]
    assert got == [(FANOUT, "failed", 6.6), (FILE_ONLY, "passed", 1.3), (FLAKY_SPEC, FLAKY, 3.0)]
    assert spec(log, FANOUT).process == 7  # from the test logger's "process-7"
    (node,) = log.suite_nodes
    assert (node.name, node.suite_node) == ("[SynchronizedBeforeSuite]", "SynchronizedBeforeSuite")
    assert log.skip_reasons == {"empty per-process suite node": 3}
    assert_accounting(log, "ginkgo-junit.xml")


def test_junit_timeline_deadline_and_zone() -> None:
    log = junit_log()
    assert log.zone.startswith("UTC-05:00") and not log.warnings
    failed = spec(log, FANOUT)
    (attempt,) = failed.attempts
    assert attempt.deadline == utc(19, 18, 19, 612000) and attempt.wait_seconds == 5.001
    assert (
        failed.failure_message
        == json.loads(read("ginkgo-report.json"))[0]["SpecReports"][2]["Failure"]["Message"]
    )
    assert failed.failure_location == LOCATION
    assert [ln.detail for ln in attempt.lines if ln.kind == "step"] == STEPS
    waiting = line(failed, "Files in /tmp/kubernaut-e2e-notifications")
    assert waiting.lo == utc(19, 18, 14, 605000) and waiting.hi == utc(19, 18, 19, 613000)
    assert waiting.hi - waiting.lo < failed.end - failed.start  # type: ignore[operator]
    first, _ = spec(log, FLAKY_SPEC).attempts
    assert not first.passed and first.wait_seconds == 2.0


def test_junit_explicit_zone_wins() -> None:
    log = junit_log(timezone(timedelta(hours=-6)))
    assert log.zone == "UTC-06:00"
    assert spec(log, FANOUT).attempts[0].deadline == utc(20, 18, 19, 612000)


def test_junit_line_numbers_cite_the_report_and_keep_print_order() -> None:
    failed = spec(junit_log(), FANOUT)
    (attempt,) = failed.attempts
    assert attempt.deadline_line is not None
    assert "<testcase " in file_line("ginkgo-junit.xml", failed.line_no)
    before = line(failed, "Files in /tmp/kubernaut-e2e-notifications")
    after = line(failed, "Listing /tmp/kubernaut-e2e-notifications after failure")
    assert before.line_no < attempt.deadline_line <= after.line_no
    assert "<system-err>" in file_line("ginkgo-junit.xml", after.line_no)


def test_junit_from_other_tools_keeps_names_and_needs_no_zone() -> None:
    data = b"""<?xml version="1.0" encoding="UTF-8"?>
<testsuites>
  <testsuite name="notification" tests="2">
    <testcase classname="notification" name="TestDelivery [Serial]" time="0.01">
      <failure message="Failed" type="">delivery_test.go:12: no file
notification-e2e-x-20260110-191814.485730.json
</failure>
    </testcase>
    <testcase classname="notification" name="TestRetry" time="0.02">
      <skipped message="skipped"/>
    </testcase>
  </testsuite>
</testsuites>
"""
    log = junit_xml.parse(data, "go-junit.xml", None)
    assert [(s.name, s.state) for s in log.specs] == [
        ("TestDelivery [Serial]", "failed"),
        ("TestRetry", "skipped"),
    ]
    failed = log.specs[0]
    assert failed.failure_message == "Failed"
    mention = line(failed, "notification-e2e-x-20260110-191814.485730.json")
    assert "notification-e2e-x" in file_text(data, mention.line_no)
    assert log.zone.startswith("none needed") and not log.warnings


@pytest.mark.parametrize("encoding", ["UTF-7", "Shift_JIS", "x-no-such-codec", "cp037"])
def test_junit_with_an_unreadable_encoding_is_read_as_utf8_with_a_warning(encoding: str) -> None:
    data = read("ginkgo-junit.xml")
    declared = data.replace(b'encoding="UTF-8"', f'encoding="{encoding}"'.encode(), 1)
    assert declared != data
    log = junit_xml.parse(declared, "odd.xml", None)
    assert [(s.name, s.state) for s in log.specs] == [(s.name, s.state) for s in junit_log().specs]
    assert log.warnings[0].startswith("odd.xml: its XML encoding cannot be read")
    assert "read as UTF-8" in log.warnings[0]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;">]>
<testsuites><testsuite><testcase name="&lol2;"/></testsuite></testsuites>
"""


@pytest.mark.parametrize(
    ("data", "why"),
    [
        (read("ginkgo-junit.xml")[:3000], "not well-formed JUnit XML"),
        (BILLION_LAUGHS, "DOCTYPE"),
        (b"<html><body/></html>", "root element <html>"),
    ],
)
def test_junit_malformed_input_is_a_clean_error(data: bytes, why: str) -> None:
    with pytest.raises(InputError) as caught:
        junit_xml.parse(data, "cut.xml", None)
    message = str(caught.value)
    assert message.startswith("cut.xml") and why in message and "\n" not in message


# --- go test -json -------------------------------------------------------------------


def test_gotest_rebuilds_the_console_and_cites_events() -> None:
    log = gotest_log()
    assert [(s.name, s.state) for s in log.specs] == [(FANOUT, "failed"), (FILE_ONLY, "passed")]
    assert log.zone == "UTC-05:00 (from go test -json event times)" and not log.warnings
    failed = spec(log, FANOUT)
    (attempt,) = failed.attempts
    assert attempt.deadline == utc(19, 18, 19, 612000) and attempt.wait_seconds == 5.001
    assert failed.process == 1 and failed.failure_location == LOCATION
    assert [ln.detail for ln in attempt.lines if ln.kind == "step"] == STEPS
    for each in attempt.lines:
        event = json.loads(file_line("go-test.json", each.line_no))
        assert each.text in event["Output"]
    assert_accounting(log, "go-test.json")


def test_gotest_event_time_bounds_writer_lines() -> None:
    failed = spec(gotest_log(), FANOUT)
    waiting = line(failed, "Files in /tmp/kubernaut-e2e-notifications")
    # The console alone brackets it up to the failure at 19.612; go test read it at 16.002.
    assert waiting.lo == utc(19, 18, 14, 605000) and waiting.hi == utc(19, 18, 16, 2117)


def test_gotest_skips_lines_that_are_not_events() -> None:
    data = b"go: downloading github.com/onsi/ginkgo/v2 v2.22.0\n" + read("go-test.json")
    log = gotest_json.parse(data, "go-test.json", None)
    assert log.skip_reasons == {"not a go test -json event": 1}
    assert log.used + log.skipped == log.lines == data.count(b"\n")
    assert spec(log, FANOUT).attempts[0].deadline_line is not None


def test_gotest_wrong_zone_is_called_out() -> None:
    log = gotest_log(timezone(timedelta(hours=-10)))
    assert any("test zone looks wrong" in w for w in log.warnings)


def test_gotest_per_spec_events_from_ginkgo_gojson_report() -> None:
    pkg = "github.com/jordigilh/kubernaut/test/e2e/notification"
    events = [
        {
            "Time": "2026-01-10T14:18:13.071231-05:00",
            "Action": "run",
            "Package": pkg,
            "Test": FANOUT,
        },
        {
            "Time": "2026-01-10T14:18:19.671231-05:00",
            "Action": "output",
            "Package": pkg,
            "Test": FANOUT,
            "Output": "Created NotificationRequest e2e-notif/fanout-s1-vrpvf\n",
        },
        {
            "Time": "2026-01-10T14:18:19.671231-05:00",
            "Action": "output",
            "Package": pkg,
            "Test": FANOUT,
            "Output": "Timed out after 5.001s.\nFile should be created in pod within 5 seconds",
        },
        {
            "Time": "2026-01-10T14:18:19.671231-05:00",
            "Action": "fail",
            "Package": pkg,
            "Test": FANOUT,
            "Elapsed": 6.6,
        },
    ]
    data = "\n".join(json.dumps(e) for e in events).encode() + b"\n"
    log = gotest_json.parse(data, "gojson.json", None)
    (only,) = log.specs
    assert (only.name, only.state, only.duration) == (FANOUT, "failed", 6.6)
    assert only.failure_message.startswith("Timed out after 5.001s.")
    (attempt,) = only.attempts
    assert attempt.wait_seconds == 5.001 and attempt.deadline is None
    assert attempt.start == utc(19, 18, 13, 71231) and attempt.end == utc(19, 18, 19, 671231)
    created = line(only, "Created NotificationRequest")
    assert created.lo == attempt.start and created.hi == attempt.end
    assert log.zone == "from the events (exact)"


@pytest.mark.parametrize(
    "data",
    [b'{"Time":"2026-01-10T14:17:49.8811-05:00","Action":"sta', b"hello\nworld\n", b""],
)
def test_gotest_malformed_input_is_a_clean_error(data: bytes) -> None:
    with pytest.raises(InputError) as caught:
        gotest_json.parse(data, "cut.json", None)
    message = str(caught.value)
    assert message.startswith("cut.json") and "no go test -json events" in message
    assert "\n" not in message


# --- detection and agreement ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("ginkgo-report.json", (True, False, False)),
        ("ginkgo-junit.xml", (False, True, False)),
        ("go-test.json", (False, False, True)),
    ],
)
def test_sniffers_tell_the_formats_apart(name: str, expected: tuple[bool, bool, bool]) -> None:
    head = read(name)[:4096].decode()
    sniffers = (ginkgo_json.sniff, junit_xml.sniff, gotest_json.sniff)
    assert tuple(sniff(head) for sniff in sniffers) == expected


def test_the_three_formats_agree_on_the_failed_spec() -> None:
    specs = [spec(log, FANOUT) for log in (json_log(), junit_log(), gotest_log())]
    assert {s.name.split(" ", 1)[1] for s in specs} == {FANOUT.split(" ", 1)[1]}
    deadlines = [s.attempts[0].deadline for s in specs]
    assert all(
        d is not None and abs(d - utc(19, 18, 19, 612847)) < timedelta(milliseconds=1)
        for d in deadlines
    )
    assert {s.attempts[0].wait_seconds for s in specs} == {5.001}
    assert {s.failure_location for s in specs} == {LOCATION}
