"""loganalyzer compare: two runs side by side."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

from builders import delivered, spec_block, stamp, suite
from conftest import Result

Run = Callable[..., Result]
FAIL = ["[FAILED] Timed out after 5.001s.", "File should be created in pod within 5 seconds"]


def write_run(root: Path, late: bool) -> str:
    root.mkdir()
    (root / "controller.log").write_text(delivered("cmp-1", "191820.500000") + "\n")
    timeline = ["Created NotificationRequest default/cmp-1", f"STEP: wait @ {stamp('19:18:20')}"]
    if late:
        timeline.append(f"[FAILED] in [It] - /src/a_test.go:9 @ {stamp('19:18:25.001')}")
        block = spec_block("Cmp leaf", timeline, failure=FAIL, failed_at=stamp("19:18:25.001"))
    else:
        block = spec_block("Cmp leaf", [*timeline, f"STEP: done @ {stamp('19:18:21.5')}"])
    (root / "ginkgo.log").write_text(suite([block]))
    return str(root)


def test_compare_json_lines_up_specs_and_keys(run_cli: Run, tmp_path: Path) -> None:
    a = write_run(tmp_path / "focused", late=False)
    b = write_run(tmp_path / "parallel", late=True)
    result = run_cli("compare", a, b, "--test-tz", "UTC", "-f", "json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["schema"] == "loganalyzer.compare/1"
    assert data["headline"].startswith(
        "focused: 1/1 passed · parallel: 0/1 passed · parallel needs"
    )
    (spec,) = data["specs"]
    assert spec["a"]["state"] == "passed" and spec["b"]["verdict"] == "visibility-latency"
    assert spec["changed"] is True
    (key,) = data["keys"]
    assert key["a"]["status"] == "observed" and key["b"]["status"] == "unobserved"


def test_compare_markdown_and_terminal(run_cli: Run, tmp_path: Path) -> None:
    a = write_run(tmp_path / "a", late=False)
    b = write_run(tmp_path / "b", late=True)
    md = run_cli("compare", a, b, "--test-tz", "UTC", "-f", "markdown", "--label-a", "alone")
    assert md.exit_code == 0
    assert "**alone: 1/1 passed · b: 0/1 passed · b needs the longer wait" in md.stdout
    assert "| cmp-1 | seen " in md.stdout and "never seen, &gt; 4.501 s" in md.stdout
    text = run_cli("compare", a, b, "--test-tz", "UTC", "--width", "100")
    assert text.exit_code == 0 and "(visibility-latency)" in text.stdout


def test_compare_missing_run_is_an_input_error(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("compare", write_run(tmp_path / "a", late=False), str(tmp_path / "nope"))
    assert result.exit_code == 2 and "no such file or directory" in result.stderr
