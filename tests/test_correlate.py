"""Linking and judging: exact keys, link strengths, observations versus sightings, verdicts."""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest

from builders import delivered, delivery_error, file_name, spec_block, stamp, suite
from loganalyzer import analyze

FAIL = ["[FAILED] Timed out after 5.001s.", "File should be created in pod within 5 seconds"]


def run(tmp_path: Path, controller: list[str], blocks: list[list[str]]) -> dict[str, Any]:
    (tmp_path / "controller.log").write_text("\n".join(controller) + "\n", encoding="utf-8")
    (tmp_path / "ginkgo.log").write_text(suite(blocks), encoding="utf-8")
    return analyze([str(tmp_path)], test_tz="UTC").to_dict()


def pair(report: dict[str, Any], key: str) -> dict[str, Any]:
    (found,) = [p for p in report["pairs"] if p["key"] == key]
    return cast("dict[str, Any]", found)


def spec(report: dict[str, Any], prefix: str) -> dict[str, Any]:
    (found,) = [s for s in report["specs"] if s["name"].startswith(prefix)]
    return cast("dict[str, Any]", found)


CRITICAL = (
    "Priority-Based Routing E2E (BR-NOT-052) Scenario 1: Critical priority notification "
    "with file audit trail [It] should deliver critical notification with file audit "
    "immediately"
)
ORDER = (
    "Priority-Based Routing E2E (BR-NOT-052) Scenario 2: Multiple priorities delivered in "
    "order should deliver notifications in priority order (Critical > High > Medium > Low)"
)


def test_keys_match_whole_never_by_prefix(tmp_path: Path) -> None:
    critical = spec_block(
        CRITICAL,
        [
            f"STEP: Verifying file audit trail was created @ {stamp('19:18:20')}",
            f"[FAILED] in [It] - /src/07_test.go:99 @ {stamp('19:18:25.001')}",
        ],
        failure=FAIL,
        failed_at=stamp("19:18:25.001"),
    )
    order = spec_block(
        ORDER,
        [
            f"STEP: Verifying file audit trails created for all priorities @ {stamp('19:18:20')}",
            f"STEP: done @ {stamp('19:18:23')}",
        ],
    )
    report = run(
        tmp_path,
        [
            delivered("e2e-priority-critical", "191820.500000"),
            delivered("e2e-priority-critical-2", "191821.000000"),
        ],
        [critical, order],
    )
    assert pair(report, "e2e-priority-critical")["spec"].startswith(
        "Priority-Based Routing E2E (BR-NOT-052) Scenario 1"
    )
    assert pair(report, "e2e-priority-critical-2")["spec"].startswith(ORDER[:60])
    critical_pair = pair(report, "e2e-priority-critical")
    assert critical_pair["status"] == "unobserved"
    assert critical_pair["gap_min_seconds"] == pytest.approx(4.501, abs=1e-6)
    assert spec(report, "Priority-Based Routing E2E (BR-NOT-052) Scenario 1")["verdict"] == (
        "visibility-latency"
    )
    bracket = pair(report, "e2e-priority-critical-2")
    assert bracket["status"] == "observed" and bracket["observation"] == "bracketed"
    assert bracket["gap_min_seconds"] == 0.0
    assert bracket["gap_max_seconds"] == pytest.approx(2.001, abs=1e-6)


def test_unknown_suite_linked_by_key_mention_and_file_name(tmp_path: Path) -> None:
    by_key = spec_block(
        "Fanout s1 leaf",
        [
            "Created NotificationRequest e2e-notif/fanout-s1-vrpvf",
            f"STEP: wait for files @ {stamp('19:18:20')}",
            f"STEP: check contents @ {stamp('19:18:24.5')}",
        ],
    )
    by_file = spec_block(
        "Fanout s2 leaf",
        [
            f"STEP: wait for files @ {stamp('19:18:20')}",
            "2026-01-10T19:18:22.250Z\tINFO\tproc-2\tfound "
            + file_name("fanout-s2-abcde", "191820.750000"),
        ],
    )
    report = run(
        tmp_path,
        [
            delivered("fanout-s1-vrpvf", "191820.100000"),
            delivered("fanout-s2-abcde", "191820.750000"),
        ],
        [by_key, by_file],
    )
    one = pair(report, "fanout-s1-vrpvf")
    assert one["link"] == "key-mention" and one["observation"] == "loose"
    assert one["gap_min_seconds"] == 0.0 and one["gap_max_seconds"] is not None
    two = pair(report, "fanout-s2-abcde")
    assert two["link"] == "file-name" and two["observation"] == "exact"
    # The line dates the observation from above; from below, only the start of the wait.
    assert two["gap_min_seconds"] <= 1.5
    assert two["gap_max_seconds"] == pytest.approx(1.501, abs=1e-6)


def test_dump_after_deadline_is_a_sighting_not_an_observation(tmp_path: Path) -> None:
    waiting = spec_block(
        "Waits leaf",
        [
            "Created NotificationRequest default/wait-a",
            f"STEP: wait for files @ {stamp('19:18:20')}",
            f"[FAILED] in [It] - /src/a_test.go:9 @ {stamp('19:18:25.001')}",
            "Files in /tmp/notifications at failure:",
            f"  {file_name('wait-a', '191820.500000')}",
            f"  {file_name('other-b', '191819.000000')}",
        ],
        failure=FAIL,
        failed_at=stamp("19:18:25.001"),
    )
    lister = spec_block(
        "Lister leaf",
        [
            f"STEP: list @ {stamp('19:18:24')}",
            f"saw {file_name('wait-a', '191820.500000')}",
            f"STEP: next @ {stamp('19:18:24.999')}",
        ],
    )
    report = run(
        tmp_path,
        [delivered("wait-a", "191820.500000"), delivered("other-b", "191819.000000")],
        [waiting, lister],
    )
    a = pair(report, "wait-a")
    assert a["status"] == "unobserved" and a["spec"] == "Waits leaf"
    assert a["first_sighting_at"] == "2026-01-10T19:18:25.000000Z"
    assert a["gap_min_seconds"] == pytest.approx(4.501, abs=1e-6)
    assert a["gap_max_seconds"] is None  # sighted before this spec's deadline
    assert (
        "yet visible by 19:18:25.000000Z, listed by another spec (Lister leaf) 0.001 s"
        in (spec(report, "Waits")["reason"])
    )
    # Names inside a listing never link a spec to their keys.
    assert pair(report, "other-b")["spec"] is None


def test_orphan_observation(tmp_path: Path) -> None:
    block = spec_block(
        "Orphan leaf",
        [
            f"STEP: look @ {stamp('19:18:20')}",
            f"found {file_name('ghost', '191819.000000')}",
            f"STEP: done @ {stamp('19:18:21')}",
        ],
    )
    report = run(tmp_path, [delivered("real", "191810.000000")], [block])
    ghost = pair(report, "ghost")
    assert ghost["status"] == "orphan" and ghost["written_at"] is None
    assert report["summary"]["orphans"] == 1


def test_observation_before_write_is_skew_not_a_negative_gap(tmp_path: Path) -> None:
    block = spec_block(
        "Skew leaf",
        [
            f"2026-01-10T19:18:10.000Z\tINFO\tp\tfound {file_name('k', '191820.000000')}",
            f"STEP: done @ {stamp('19:18:11')}",
        ],
    )
    report = run(tmp_path, [delivered("k", "191820.000000")], [block])
    k = pair(report, "k")
    assert k["skew_seconds"] == pytest.approx(9.999, abs=1e-6)
    assert k["gap_seconds"] is None and k["gap_min_seconds"] is None
    assert any("clock skew" in w for w in report["warnings"])


def test_two_specs_claiming_one_key_is_stated(tmp_path: Path) -> None:
    blocks = [
        spec_block(
            f"Claim {n} leaf",
            ["Created NotificationRequest default/shared", f"STEP: x @ {stamp(t)}"],
        )
        for n, t in (("a", "19:18:19"), ("b", "19:18:20"))
    ]
    report = run(tmp_path, [delivered("shared", "191820.500000")], blocks)
    shared = pair(report, "shared")
    assert shared["candidates"] == ["Claim a leaf", "Claim b leaf"]
    assert any("linked by key-mention to 2 specs" in w for w in report["warnings"])


def test_not_written_quotes_the_delivery_error(tmp_path: Path) -> None:
    block = spec_block(
        "Lost leaf",
        [
            f"STEP: wait @ {stamp('19:18:20')}",
            f"[FAILED] in [It] - /src/a_test.go:9 @ {stamp('19:18:25.001')}",
        ],
        failure=["[FAILED] notification file for default/lost-1 should appear"],
        failed_at=stamp("19:18:25.001"),
    )
    report = run(
        tmp_path,
        [
            delivery_error("lost-1", "19:18:21", "disk quota exceeded"),
            delivered("unrelated", "191800.000000"),
        ],
        [block],
    )
    lost = spec(report, "Lost")
    assert lost["verdict"] == "not-written"
    assert "delivery error: disk quota exceeded" in lost["reason"]


def test_retry_attempts_are_judged_separately(tmp_path: Path) -> None:
    block = [
        "-" * 30,
        "↺ [FLAKEY TEST - TOOK 2 ATTEMPTS TO PASS] [12.000 seconds]",
        "Retry leaf",
        "/src/a_test.go:9",
        "",
        "  Timeline >>",
        "  Created NotificationRequest default/try-1",
        f"  STEP: wait @ {stamp('19:18:13.2')}",
        f"  [FAILED] in [It] - /src/a_test.go:20 @ {stamp('19:18:18.2')}",
        f"  Attempt #1 Failed.  Retrying ↺ @ {stamp('19:18:18.3')}",
        "  Created NotificationRequest default/try-2",
        f"  STEP: wait @ {stamp('19:18:18.4')}",
        f"  STEP: verified @ {stamp('19:18:19.9')}",
        "  << Timeline",
    ]
    report = run(
        tmp_path,
        [delivered("try-1", "191813.500000"), delivered("try-2", "191818.600000")],
        [block],
    )
    assert pair(report, "try-1")["status"] == "unobserved"
    assert pair(report, "try-1")["attempt"] == 1
    assert pair(report, "try-2")["status"] == "observed"
    assert pair(report, "try-2")["attempt"] == 2
    retry = spec(report, "Retry")
    assert retry["state"] == "flaky" and retry["verdict"] == "flaky"
    assert "attempt 1: visibility-latency" in retry["reason"]


def test_file_named_by_a_failure_message_links_but_is_not_seen(tmp_path: Path) -> None:
    name = file_name("plain-1", "191820.200000")
    block = spec_block(
        "Plain leaf",
        [
            f"STEP: wait for the file @ {stamp('19:18:20')}",
            f"[FAILED] in [It] - /src/a_test.go:9 @ {stamp('19:18:25.001')}",
        ],
        failure=[f"[FAILED] file {name} did not appear in 5s"],
        failed_at=stamp("19:18:25.001"),
    )
    report = run(tmp_path, [delivered("plain-1", "191820.200000")], [block])
    plain = pair(report, "plain-1")
    assert plain["link"] == "file-name" and plain["status"] == "unobserved"
    assert plain["first_sighting_at"] is None
    assert spec(report, "Plain")["verdict"] == "visibility-latency"


def test_skew_is_estimated_and_corrected_with_skew(tmp_path: Path) -> None:
    block = spec_block(
        "Skew leaf",
        [
            f"2026-01-10T19:18:10.000Z\tINFO\tp\tfound {file_name('k', '191820.000000')}",
            f"STEP: done @ {stamp('19:18:11')}",
        ],
    )
    report = run(tmp_path, [delivered("k", "191820.000000")], [block])
    skew = report["summary"]["clock_skew"]
    assert skew["test_behind_at_least_seconds"] == pytest.approx(9.999, abs=1e-6)
    assert skew["advice"] == (
        "the test clock is at least 9.999 s behind (a bound, not a measure): --skew 10.0s at least"
    )
    fixed = analyze([str(tmp_path)], test_tz="UTC", skew=10.0).to_dict()
    k = pair(fixed, "k")
    assert k["skew_seconds"] is None and k["status"] == "observed"
    assert k["gap_seconds"] == pytest.approx(0.0005, abs=1e-6)
    assert fixed["summary"]["clock_skew"]["applied_seconds"] == 10.0


def test_failed_suite_setup_is_one_infrastructure_cause(tmp_path: Path) -> None:
    node = [
        "-" * 30,
        "[SynchronizedBeforeSuite] [FAILED] [212.370 seconds]",
        "[SynchronizedBeforeSuite] ",
        "/src/test/e2e/notification/notification_e2e_suite_test.go:82",
        "",
        "  Timeline >>",
        "  2026-01-10T19:14:52.651Z\tINFO\tnotification-e2e-test-process-1\tPHASE 3: Loading",
        f"  [FAILED] in [SynchronizedBeforeSuite] - /src/suite_test.go:120 @ {stamp('19:18:20')}",
        "  << Timeline",
        "",
        "  [FAILED] failed to load image to Kind: exit status 1",
        f"  In [SynchronizedBeforeSuite] at: /src/suite_test.go:120 @ {stamp('19:18:20')}",
    ]
    others = [
        [
            "-" * 30,
            "[SynchronizedBeforeSuite] [FAILED] [212.400 seconds]",
            "[SynchronizedBeforeSuite] ",
            "/src/suite_test.go:82",
            "",
            "  [FAILED] SynchronizedBeforeSuite failed on Ginkgo parallel process #1",
            f"  In [SynchronizedBeforeSuite] at: /src/suite_test.go:82 @ {stamp('19:18:20.1')}",
        ]
        for _ in range(3)
    ]
    (tmp_path / "controller.log").write_text(delivered("x", "191800.000000") + "\n")
    text = suite([node, *others]).replace("Ran 0 of 0 Specs", "Ran 0 of 19 Specs")
    (tmp_path / "ginkgo.log").write_text(text)
    report = analyze([str(tmp_path)], test_tz="UTC").to_dict()
    rows = [s for s in report["specs"] if s["verdict"]]
    assert len(rows) == 1 and rows[0]["verdict"] == "infrastructure"
    assert rows[0]["suite_node"] is True and rows[0]["process"] == 1
    assert "an image could not be loaded into the Kind cluster" in rows[0]["reason"]
    assert "reported by 4 processes" in rows[0]["reason"]
    assert "19 specs did not run because of it" in rows[0]["reason"]
    assert report["summary"]["specs"]["total"] == 0


def test_a_glob_in_a_failure_message_links_its_only_match(tmp_path: Path) -> None:
    block = spec_block(
        "Globbing leaf",
        [
            f"STEP: wait for the file @ {stamp('19:18:20')}",
            f"[FAILED] in [It] - /src/a_test.go:9 @ {stamp('19:18:25.001')}",
        ],
        failure=[
            "[FAILED] file matching pattern notification-glob-a-*.json not found in pod within 5s"
        ],
        failed_at=stamp("19:18:25.001"),
    )
    report = run(
        tmp_path,
        [delivered("glob-a", "191820.200000"), delivered("glob-b", "191820.300000")],
        [block],
    )
    assert pair(report, "glob-a")["link"] == "file-name"
    assert pair(report, "glob-a")["status"] == "unobserved"
    assert pair(report, "glob-b")["spec"] is None
    assert spec(report, "Globbing")["verdict"] == "visibility-latency"
