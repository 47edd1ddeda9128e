"""Statuses per write, links that are evidence, verdicts over several keys, absent sides."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from test_correlate import FAIL, pair, run, spec

from builders import delivered, delivery_error, file_name, spec_block, stamp, suite
from loganalyzer import analyze
from loganalyzer.report.gating import evaluate, parse_condition


def _failed(name: str, keys: list[str], start: str, deadline: str, lines: list[str]) -> list[str]:
    timeline = [f"Created NotificationRequest default/{k}" for k in keys]
    timeline += [f"STEP: wait for the files @ {stamp(start)}", *lines]
    timeline.append(f"[FAILED] in [It] - /src/a_test.go:9 @ {stamp(deadline)}")
    return spec_block(name, timeline, failure=list(FAIL), failed_at=stamp(deadline))


def test_a_time_window_alone_makes_no_observation(tmp_path: Path) -> None:
    # The only spec running when the file was written never names it: no link, no status.
    block = spec_block(
        "Busy leaf",
        [f"STEP: Waiting for the file @ {stamp('19:18:10')}", f"STEP: done @ {stamp('19:18:14')}"],
    )
    report = run(tmp_path, [delivered("stray", "191811.000000")], [block])
    stray = pair(report, "stray")
    assert stray["status"] == "not-waited" and stray["link"] is None and stray["spec"] is None
    assert stray["gap_seconds"] is None and stray["gap_min_seconds"] is None
    assert report["summary"]["observed"] == 0 and report["summary"]["not_waited"] == 1


def test_a_failed_wait_for_several_keys_is_undetermined(tmp_path: Path) -> None:
    block = _failed("Two files", ["k-a", "k-b"], "19:18:10", "19:18:15.001", [])
    controller = [delivered("k-a", "191810.200000"), delivered("k-b", "191810.300000")]
    report = run(tmp_path, controller, [block])
    assert {pair(report, k)["status"] for k in ("k-a", "k-b")} == {"undetermined"}
    verdict = spec(report, "Two files")
    assert verdict["verdict"] == "visibility-latency"
    assert "k-a, k-b" in verdict["reason"] and "does not say which" in verdict["reason"]
    assert report["summary"]["undetermined"] == 2 and report["summary"]["unobserved"] == 0


def test_a_failure_naming_the_key_settles_it(tmp_path: Path) -> None:
    lines = ["notification file for default/k-b should appear"]
    block = spec_block(
        "Two files",
        [
            "Created NotificationRequest default/k-a",
            "Created NotificationRequest default/k-b",
            f"STEP: wait for the files @ {stamp('19:18:10')}",
            f"[FAILED] in [It] - /src/a_test.go:9 @ {stamp('19:18:15.001')}",
        ],
        failure=[*FAIL, *lines],
        failed_at=stamp("19:18:15.001"),
    )
    controller = [delivered("k-a", "191810.200000"), delivered("k-b", "191810.300000")]
    report = run(tmp_path, controller, [block])
    assert pair(report, "k-b")["status"] == "unobserved"
    assert pair(report, "k-a")["status"] == "undetermined"
    assert "k-b" in spec(report, "Two files")["reason"]


def test_a_key_never_written_decides_the_verdict(tmp_path: Path) -> None:
    block = _failed("Two files", ["k-a", "k-b"], "19:18:10", "19:18:15.001", [])
    controller = [delivered("k-a", "191810.200000"), delivery_error("k-b", "19:18:10", "full")]
    report = run(tmp_path, controller, [block])
    verdict = spec(report, "Two files")
    assert verdict["verdict"] == "not-written"
    assert verdict["reason"].startswith("k-b: no file was written for it")
    assert "other keys were written: k-a" in verdict["reason"]


def test_fail_on_unobserved_ignores_files_no_spec_waited_for(tmp_path: Path) -> None:
    (tmp_path / "controller.log").write_text(delivered("stray", "191811.000000") + "\n", "utf-8")
    block = spec_block("Quiet leaf", [f"STEP: done @ {stamp('19:18:30')}"])
    (tmp_path / "ginkgo.log").write_text(suite([block]), encoding="utf-8")
    report = analyze([str(tmp_path)], test_tz="UTC")
    assert evaluate(report, [parse_condition("unobserved")]) == []
    assert evaluate(report, [parse_condition("undetermined")]) == []


def _alone(tmp_path: Path, name: str, text: str) -> dict[str, Any]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return analyze([str(tmp_path)], test_tz="UTC").to_dict()


def test_a_controller_log_alone_counts_nothing_it_cannot_know(tmp_path: Path) -> None:
    report = _alone(tmp_path, "controller.log", delivered("k-a", "191810.200000") + "\n")
    assert {p["status"] for p in report["pairs"]} == {"unknown"}
    summary = report["summary"]
    assert summary["observed"] is None and summary["unobserved"] is None
    assert summary["writes"] == 1
    assert sum("no test log" in w for w in report["warnings"]) == 1


def test_a_test_log_alone_claims_no_orphan(tmp_path: Path) -> None:
    block = spec_block(
        "Seeing leaf",
        [f"STEP: look @ {stamp('19:18:20')}", f"found {file_name('ghost', '191819.000000')}"],
    )
    report = _alone(tmp_path, "ginkgo.log", suite([block]))
    assert report["summary"]["orphans"] is None and report["summary"]["writes"] is None
    assert [p["status"] for p in report["pairs"]] == ["unknown"]


def test_percentiles_and_the_wait_count_the_never_seen_files() -> None:
    report = analyze(["samples/parallel-run/logs"]).to_dict()
    summary = report["summary"]
    gaps = summary["gap_seconds"]
    # 11 files were waited for; 4 were never seen by their spec, one of them for 11.9 s.
    assert gaps["files"] == 11 and gaps["unbounded"] == 4
    assert gaps["max"]["high"] is None and gaps["max"]["low"] >= 11.9
    assert gaps["p50"]["low"] <= gaps["p50"]["best"] <= gaps["p50"]["high"]
    coverage = summary["coverage"]
    assert not coverage["safe"] and coverage["wait_95_high"] is None
    assert summary["recommended_timeout_seconds"] is None
    assert "no safe wait" in summary["sentence"]
    decision = summary["decision"]
    assert decision["current_wait_seconds"] == 5.001 and decision["concurrency"] == 12
    assert decision["holds_up_to"] is not None and decision["holds_up_to"] < 12


def test_compare_shows_the_parallel_run_needing_the_longer_wait() -> None:
    from loganalyzer.report.compare import compare

    focused = analyze(["samples/focused-run/logs"])
    parallel = analyze(["samples/parallel-run/logs"])
    text = compare(focused, parallel, ("focused", "parallel")).headline
    assert "parallel needs the longer wait" in text


def test_a_guessed_zone_hours_off_marks_the_verdicts_unreliable(tmp_path: Path) -> None:
    # Test stamps in EST, no offset in the log, no --test-tz: the zone is this machine's guess.
    block = _failed("Late leaf", ["k-a"], "14:18:10", "14:18:15.001", [])
    (tmp_path / "controller.log").write_text(delivered("k-a", "191811.000000") + "\n", "utf-8")
    (tmp_path / "ginkgo.log").write_text(suite([block]), encoding="utf-8")
    report = analyze([str(tmp_path)]).to_dict()
    if "a guess" not in (report["summary"]["test_zone"] or ""):
        return  # this machine's zone is not a guess here (TZ set to an offset the log shows)
    verdict = spec(report, "Late leaf")
    assert verdict["unreliable"] is not None and "--test-tz" in verdict["unreliable"]
    assert report["summary"]["clock_skew"]["zone_guessed"]
    assert any("unreliable" in w for w in report["warnings"])


def test_a_file_written_after_the_deadline_was_the_missing_one(tmp_path: Path) -> None:
    block = _failed("Two files", ["k-a", "k-b"], "19:18:10", "19:18:15.001", [])
    controller = [delivered("k-a", "191810.200000"), delivered("k-b", "191816.000000")]
    report = run(tmp_path, controller, [block])
    assert pair(report, "k-b")["status"] == "unobserved"
    assert pair(report, "k-a")["status"] == "undetermined"
    assert spec(report, "Two files")["verdict"] == "not-written"
