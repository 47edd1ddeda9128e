"""Output for CI: GitHub annotations, Markdown within GitHub's limits, the conditions met."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from conftest import Result
from loganalyzer.model.report import PairRow, Report, SpecRow
from loganalyzer.model.status import PairStatus, SpecState, VerdictKind
from loganalyzer.model.summary import Summary
from loganalyzer.render.annotations import escape_data, escape_property, github
from loganalyzer.render.markdown import render, render_comparison
from loganalyzer.render.markdown_fit import COMMENT_LIMIT, fit, fit_comparison
from loganalyzer.report.compare import Comparison

Run = Callable[..., Result]
LOGS = "samples/parallel-run/logs"

ROW = PairRow(
    key="k",
    path="/tmp/notifications/k.json",
    written_at="2026-01-10T19:18:14.485730Z",
    observed_at="2026-01-10T19:18:15.485730Z",
    gap_seconds=1.0,
    gap_min_seconds=0.5,
    gap_max_seconds=1.5,
    status=PairStatus.OBSERVED,
    spec="Delivery E2E [It] writes a file",
    process=3,
    link=None,
    first_sighting_at=None,
)
FAILED = SpecRow(
    "Delivery E2E, with commas: [It] writes 100% of files",
    SpecState.FAILED,
    3,
    VerdictKind.VISIBILITY_LATENCY,
    "lost-7: written at 19:18:14Z,\nnot seen",
    location="/home/runner/work/repo/repo/test/e2e/x_test.go:87",
)


def big_report(writes: int, missed: int) -> Report:
    """``writes`` observed pairs, then ``missed`` unobserved ones of the failed spec."""
    rows = [replace(ROW, key=f"seen-{n:06}", gap_min_seconds=n % 9) for n in range(writes)]
    lost = replace(ROW, status=PairStatus.UNOBSERVED, spec=FAILED.name, gap_max_seconds=None)
    rows += [replace(lost, key=f"lost-{n}", gap_min_seconds=5.0 + n) for n in range(missed)]
    summary = Summary(writes=len(rows), observed=writes, unobserved=missed)
    return Report([], summary, rows, [FAILED], [])


def test_workflow_command_escaping() -> None:
    assert escape_data("100%\r\nnext") == "100%25%0D%0Anext"
    assert escape_property("a:b,c%") == "a%3Ab%2Cc%25"


def test_an_annotation_per_failed_spec_at_its_source_line() -> None:
    (line,) = github(big_report(2, 2), "/home/runner/work/repo/repo")
    assert line.startswith("::error file=test/e2e/x_test.go,line=87,title=visibility-latency%3A ")
    assert "with commas%3A [It] writes 100%25 of files::" in line
    properties, message = line.rstrip("\n").split("::", 2)[1:]
    assert "," not in properties.split("title=")[1]  # escaped inside the title
    assert message.endswith("(keys: lost-0, lost-1)") and "%0Anot seen" in message
    assert line.count("\n") == 1


def test_annotations_go_to_stderr_with_the_report_on_stdout(run_cli: Run) -> None:
    result = run_cli("analyze", LOGS, "--annotations", "github", "-f", "json")
    errors = [line for line in result.stderr.splitlines() if line.startswith("::error ")]
    assert len(errors) == 4 and json.loads(result.stdout)["summary"]["specs"]["failed"] == 4
    assert all("07_priority_routing_test.go" in e or "06_multi" in e for e in errors)
    assert any("(key: e2e-priority-critical)" in e for e in errors)
    assert "::error" not in result.stdout


def test_the_json_lists_the_conditions_met(run_cli: Run) -> None:
    result = run_cli(
        "analyze", LOGS, "-f", "json", "--fail-on", "unobserved", "--fail-on", "skew",
        "--fail-on", "verdict=visibility-latency",
    )  # fmt: skip
    assert result.exit_code == 1
    fired = json.loads(result.stdout)["summary"]["fail_on"]
    assert fired == [
        {"condition": "unobserved", "count": 4},
        {"condition": "verdict=visibility-latency", "count": 4},
    ]
    assert "failing: unobserved (4 files); verdict=visibility-latency (4 specs)" in result.stderr


def test_a_100k_write_report_fits_a_github_comment() -> None:
    report = big_report(100_000, 12)
    started = time.perf_counter()
    text = fit(report, COMMENT_LIMIT, lambda r: render(r))
    elapsed = time.perf_counter() - started
    assert len(text) <= COMMENT_LIMIT and len(text.encode()) <= COMMENT_LIMIT
    assert text.startswith("# loganalyzer report") and "## Failed specs" in text
    assert all(f"| lost-{n} |" in text for n in range(12))  # the missed rows are kept
    assert "Shortened to fit 65,536 characters" in text and "of 100012 rows shown" in text
    assert len(text) > COMMENT_LIMIT * 0.8  # filled, not cut to a stub
    assert elapsed < 10


def test_a_report_that_fits_is_unchanged() -> None:
    report = big_report(20, 1)
    assert fit(report, COMMENT_LIMIT, lambda r: render(r)) == render(report)


def test_a_report_too_big_even_without_rows_is_cut_at_a_line() -> None:
    report = replace(big_report(10, 1), warnings=["word " * 200] * 40)
    text = fit(report, 4_000, lambda r: render(r), "report.json")
    assert len(text) <= 4_000 and text.rstrip().endswith("The full report: report.json.")


def test_markdown_is_capped_by_default_and_max_chars_overrides(run_cli: Run) -> None:
    short = run_cli("analyze", LOGS, "-f", "markdown", "--context", "0").stdout
    assert "Shortened" not in short  # fits whole
    whole = run_cli("analyze", LOGS, "-f", "markdown", "--max-chars", "0").stdout
    default = run_cli("analyze", LOGS, "-f", "markdown").stdout
    capped = run_cli("analyze", LOGS, "-f", "markdown", "--max-chars", "3000").stdout
    assert "Shortened" not in whole and len(whole) > COMMENT_LIMIT  # 3 s of merged lines
    # the merged lines give way first: every row is still there
    assert "At most 40 merged lines per failure" in default and len(default) <= COMMENT_LIMIT
    assert "13 of 13 rows shown" in default
    assert len(capped) <= 3000 < len(short)


def test_the_step_summary_is_written_and_fitted(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    run_cli("analyze", LOGS, "-f", "json", "-o", str(tmp_path / "r.json"), "--max-chars", "3000")
    text = summary.read_text(encoding="utf-8")
    assert text.startswith("# loganalyzer report") and len(text) <= 3001
    assert f"The full report: {tmp_path / 'r.json'}." in text


def test_no_zero_width_spaces_in_code() -> None:
    spec = replace(FAILED, reason="ping @team", failure_message="Expected\nsee @team")
    text = render(replace(big_report(1, 1), specs=[spec]))
    fence = text[text.index("```text") :]
    assert "see @team" in fence and "\u200b" not in fence  # copy-paste stays exact
    assert "ping @\u200bteam" in text[: text.index("```text")]  # a table cell would mention


def test_a_capped_markdown_file_does_not_call_itself_the_full_report(
    run_cli: Run, tmp_path: Path
) -> None:
    target = tmp_path / "comment.md"
    run_cli("analyze", LOGS, "-f", "markdown", "--max-chars", "3000", "-o", str(target))
    text = target.read_text(encoding="utf-8")
    assert str(target) not in text and "--max-chars 0" in text


def big_comparison(specs: int, changed: int) -> Comparison:
    """``specs`` specs passed in both runs, then ``changed`` that fail in B, and a key each."""
    same = {"state": SpecState.PASSED, "verdict": None}
    worse = {"state": SpecState.FAILED, "verdict": VerdictKind.VISIBILITY_LATENCY}
    rows = [{"name": f"spec {n:06}", "a": same, "b": same, "changed": False} for n in range(specs)]
    rows += [{"name": f"worse {n}", "a": same, "b": worse, "changed": True} for n in range(changed)]
    side = {"status": PairStatus.OBSERVED, "gap_seconds": 1.0, "gap_min_seconds": 0.5,
            "gap_max_seconds": 1.5, "concurrency": 3}  # fmt: skip
    keys = [{"key": f"key-{n:06}", "a": side, "b": side} for n in range(specs)]
    return Comparison(("focused", "parallel"), "focused: 3/3 · parallel: 1/3", rows, keys)


def test_a_large_comparison_fits_a_github_comment_changes_kept() -> None:
    comparison = big_comparison(20_000, 5)
    text = fit_comparison(comparison, COMMENT_LIMIT, render_comparison)
    assert len(text.encode()) <= COMMENT_LIMIT < len(render_comparison(comparison))
    assert text.startswith("# loganalyzer comparison") and "focused: 3/3 · parallel: 1/3" in text
    assert all(
        f"| worse {n} | passed | **failed (visibility-latency)** |" in text for n in range(5)
    )
    shown = re.search(r"(\d+) of 20005 specs and (\d+) of 20000 keys shown", text)
    assert shown is not None  # the note counts what the tables hold
    assert int(shown[1]) == text.count("| spec ") + 5 and int(shown[2]) == text.count("| key-")
    assert "Shortened to fit 65,536 characters" in text and "those that changed first" in text
    assert len(text) > COMMENT_LIMIT * 0.8  # filled, not cut to a stub


def test_a_comparison_that_fits_is_unchanged() -> None:
    comparison = big_comparison(20, 2)
    assert fit_comparison(comparison, COMMENT_LIMIT, render_comparison) == render_comparison(
        comparison
    )


def test_compare_markdown_honours_max_chars(run_cli: Run) -> None:
    runs = ("samples/focused-run/logs", LOGS)
    whole = run_cli("compare", *runs, "-f", "markdown", "--max-chars", "0").stdout
    default = run_cli("compare", *runs, "-f", "markdown").stdout
    capped = run_cli("compare", *runs, "-f", "markdown", "--max-chars", "3000").stdout
    assert default == whole and "Shortened" not in whole  # the samples fit whole
    assert len(capped.encode()) <= 3000 < len(whole)
    changed = [line for line in whole.splitlines() if line.endswith("** |")]
    assert changed and all(line in capped for line in changed)  # every state change kept
    assert "--max-chars 0" in capped
