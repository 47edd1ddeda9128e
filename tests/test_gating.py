"""--fail-on conditions and the GitHub step summary."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from builders import delivered, spec_block, stamp, suite
from conftest import Result
from loganalyzer.errors import LogAnalyzerError
from loganalyzer.report.gating import parse_condition, parse_duration

Run = Callable[..., Result]
FAIL = ["[FAILED] Timed out after 5.001s.", "File should be created in pod within 5 seconds"]


def failing_run(tmp_path: Path) -> str:
    (tmp_path / "controller.log").write_text(delivered("late-1", "191820.500000") + "\n")
    block = spec_block(
        "Late leaf",
        [
            "Created NotificationRequest default/late-1",
            f"STEP: wait @ {stamp('19:18:20')}",
            f"[FAILED] in [It] - /src/a_test.go:9 @ {stamp('19:18:25.001')}",
        ],
        failure=FAIL,
        failed_at=stamp("19:18:25.001"),
    )
    (tmp_path / "ginkgo.log").write_text(suite([block]))
    return str(tmp_path)


@pytest.mark.parametrize(
    ("conditions", "code", "said"),
    [
        ([], 0, ""),
        (["unobserved"], 1, "unobserved (1 file)"),
        (["failed"], 1, "failed (1 spec)"),
        (["verdict=visibility-latency"], 1, "verdict=visibility-latency (1 spec)"),
        (["verdict=not-written"], 0, ""),
        (["gap>4s"], 1, "gap>4s (1 file)"),
        (["gap>5s"], 0, ""),
        (["skew"], 0, ""),
    ],
)
def test_fail_on(run_cli: Run, tmp_path: Path, conditions: list[str], code: int, said: str) -> None:
    args = [a for c in conditions for a in ("--fail-on", c)]
    result = run_cli("analyze", failing_run(tmp_path), "--test-tz", "UTC", "-f", "json", *args)
    assert result.exit_code == code, result.stderr
    if said:
        assert result.stderr.strip() == f"loganalyzer: failing: {said}"
        assert result.stdout.startswith("{")  # the report is still written


def test_bad_condition_is_a_usage_error(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("analyze", failing_run(tmp_path), "--fail-on", "verdict=bogus")
    assert result.exit_code == 2 and "unknown verdict 'bogus'" in result.stderr
    with pytest.raises(LogAnalyzerError, match="not a duration"):
        parse_condition("gap>soon")


def test_durations() -> None:
    assert parse_duration("4") == 4.0 and parse_duration("1.5s") == 1.5
    assert parse_duration("250ms") == 0.25 and parse_duration("1h") == 3600.0


def test_github_step_summary_is_appended(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    result = run_cli("analyze", failing_run(run_dir), "--test-tz", "UTC")
    assert result.exit_code == 0
    text = summary.read_text()
    assert text.startswith("earlier step\n# loganalyzer report")
    assert "visibility-latency" in text
