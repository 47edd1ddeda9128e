"""The memory budget: reader sizes from it whatever the core count, a warning past it, and
``--max-line`` on files polars scans."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

from builders import delivered, spec_block, stamp, suite
from conftest import Result
from loganalyzer import analyze
from loganalyzer.read.budget import (
    IN_FLIGHT,
    MAX_SCANS,
    MIN_CHUNK,
    SCAN_CHUNK,
    Budget,
    current,
    using,
)

Run = Callable[..., Result]


def test_the_reader_buffers_stay_inside_the_budget_whatever_the_threads() -> None:
    for limit in (128 << 20, 512 << 20, 2 << 30):
        for threads in (1, 2, 4, 16, 64):
            budget = Budget(limit, threads)
            in_flight = budget.csv_chunk * IN_FLIGHT * threads
            assert in_flight <= max(limit // 4, MIN_CHUNK * IN_FLIGHT * threads)
            assert budget.block * 3 <= limit
    assert Budget(512 << 20, 16).csv_chunk < Budget(512 << 20, 2).csv_chunk


def test_scans_at_once_share_the_read_budget() -> None:
    for limit in (16 << 20, 128 << 20, 512 << 20, 2 << 30, 16 << 30):
        for threads in (1, 2, 4, 16, 64):
            budget = Budget(limit, threads)
            assert 1 <= budget.scans <= min(MAX_SCANS, threads)
            in_flight = budget.csv_chunk * IN_FLIGHT * threads * budget.scans
            assert in_flight <= max(limit // 4, MIN_CHUNK * IN_FLIGHT * threads)
            if budget.scans > 1:  # a second scan never shrinks the chunks below SCAN_CHUNK
                assert budget.csv_chunk >= SCAN_CHUNK
    assert Budget(512 << 20, 2).scans == 2 and Budget(512 << 20, 1).scans == 1
    assert Budget(64 << 20, 2).scans == 1  # too small a budget for two
    # One scan at 16 threads keeps the chunk it had before scans ran side by side.
    assert Budget(512 << 20, 16).scans == 1 and Budget(512 << 20, 16).csv_chunk == 1 << 20


def test_using_sets_the_budget_for_the_block_only() -> None:
    before = current()
    with using(Budget(64 << 20, 2)) as budget:
        assert current() is budget
    assert current() is before


def _logs(directory: Path, long_line: str = "") -> Path:
    controller = [delivered("k-1", "191820.500000"), long_line, delivered("k-2", "191821.500000")]
    (directory / "controller.log").write_text("\n".join(filter(None, controller)) + "\n")
    block = spec_block("Solo leaf", [f"STEP: done @ {stamp('19:18:22')}"])
    (directory / "ginkgo.log").write_text(suite([block]))
    return directory


def test_a_stage_past_the_memory_limit_is_a_warning_with_the_figure(
    run_cli: Run, tmp_path: Path
) -> None:
    logs = str(_logs(tmp_path))
    # A fresh process: the test process's own peak is not this run's.
    command = ["analyze", logs, "-f", "json", "--memory-limit", "1MiB", "--test-tz", "UTC"]
    result = subprocess.run(
        [sys.executable, "-m", "loganalyzer", *command], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)["warnings"]
    memory = [w for w in found if "memory" in w]
    assert len(memory) == 1, found
    (warning,) = memory
    assert warning.startswith("peak memory ") and "passed --memory-limit 1 MiB" in warning
    plenty = analyze([logs], test_tz="UTC", memory_limit=64 << 30)
    assert not [w for w in plenty.warnings if "memory" in w]
    bad = run_cli("analyze", logs, "--memory-limit", "lots")
    assert bad.exit_code == 2 and "--memory-limit: not a size" in bad.stderr


def test_max_line_applies_to_files_polars_scans(tmp_path: Path) -> None:
    # A write line padded past the limit: skipped with a note, its write not read.
    long = delivered("k-long", "191820.900000") + " " + "x" * 5000
    logs = str(_logs(tmp_path, long))
    report = analyze([logs], test_tz="UTC", max_line=4096)
    keys = {p.key for p in report.pairs}
    assert keys == {"k-1", "k-2"}
    assert any("1 line longer than 4 KiB skipped" in w for w in report.warnings)
    (row,) = [i for i in report.inputs if i.role == "controller"]
    assert row.lines == 3
    assert {p.key for p in analyze([logs], test_tz="UTC").pairs} == {"k-1", "k-2", "k-long"}


def test_a_peak_from_before_the_run_is_not_the_runs(tmp_path: Path) -> None:
    # A library caller's process may have peaked earlier: only a peak this run set counts.
    from loganalyzer.read import budget

    logs = str(_logs(tmp_path))
    report = analyze([logs], test_tz="UTC", memory_limit=1 << 20)
    assert budget.over_budget("x", Budget(1 << 20), budget.peak_rss()) is None
    assert budget.over_budget("x", Budget(1 << 20), 0) is not None
    assert all("passed --memory-limit" not in w or "reading" in w for w in report.warnings)


def test_a_finished_threads_peak_is_not_the_next_runs() -> None:
    # getrusage keeps an exited thread's peak; the run's peak must not include it.
    import threading

    from loganalyzer.read import budget

    def big() -> None:
        data = bytearray(256 << 20)
        del data

    worker = threading.Thread(target=big)
    worker.start()
    worker.join()
    before = budget.run_start()
    assert budget.over_budget("reading", Budget(64 << 20), before) is None
