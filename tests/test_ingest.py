"""Inputs are read side by side (controller scans in a worker thread), reported in order."""

from __future__ import annotations

import threading
import time
from pathlib import Path
from typing import Any

import pytest

from loganalyzer import analyze
from loganalyzer.errors import InputError
from loganalyzer.extract import ingest as ingest_module
from loganalyzer.extract.scan import extract
from loganalyzer.formats.detect import TEST_PARSERS
from loganalyzer.read import budget as budget_module
from loganalyzer.render import json_

LOGS = "samples/parallel-run/logs"  # controller.log, then ginkgo.log


def test_a_controller_scan_runs_beside_the_test_log_parse(monkeypatch: pytest.MonkeyPatch) -> None:
    scans: list[str] = []

    def recorded(*args: Any, **kwargs: Any) -> Any:
        scans.append(threading.current_thread().name)
        return extract(*args, **kwargs)

    monkeypatch.setattr(ingest_module, "extract", recorded)
    report = analyze([LOGS])
    assert len(scans) == 1 and scans[0].startswith("loganalyzer-scan")
    names = [row.path.rsplit("/", 1)[-1] for row in report.inputs]
    assert names == ["controller.log", "ginkgo.log"]
    assert report.summary.writes == 13


def test_the_first_input_in_order_names_the_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def failing_scan(*args: Any, **kwargs: Any) -> Any:
        raise InputError("controller.log: refused")

    def failing_parse(*args: Any, **kwargs: Any) -> Any:
        raise InputError("ginkgo.log: refused")

    monkeypatch.setattr(ingest_module, "extract", failing_scan)
    monkeypatch.setitem(TEST_PARSERS, "ginkgo-text", failing_parse)
    with pytest.raises(InputError, match=r"^controller\.log: refused$"):
        analyze([LOGS])


def test_a_test_log_error_is_reported_once_the_scan_before_it_is_fine(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def failing_parse(*args: Any, **kwargs: Any) -> Any:
        raise InputError("ginkgo.log: refused")

    monkeypatch.setitem(TEST_PARSERS, "ginkgo-text", failing_parse)
    with pytest.raises(InputError, match=r"^ginkgo\.log: refused$"):
        analyze([LOGS])


def test_progress_counts_the_bytes_of_every_input() -> None:
    told: list[int] = []
    analyze([LOGS], progress=told.append)
    assert sum(told) == sum(p.stat().st_size for p in Path(LOGS).iterdir())


def _split_controller(directory: Path, parts: int) -> list[Path]:
    """The sample's controller log cut into ``parts`` files at record starts, and its test log."""
    lines = (Path(LOGS) / "controller.log").read_text().splitlines(keepends=True)
    starts = [i for i, line in enumerate(lines) if line[:2] == "20"]
    cuts = [0, *(starts[len(starts) * k // parts] for k in range(1, parts)), len(lines)]
    paths = []
    for k in range(parts):
        path = directory / f"controller-{k}.log"
        path.write_text("".join(lines[cuts[k] : cuts[k + 1]]))
        paths.append(path)
    (directory / "ginkgo.log").write_bytes((Path(LOGS) / "ginkgo.log").read_bytes())
    return [*paths, directory / "ginkgo.log"]


def _at_once(monkeypatch: pytest.MonkeyPatch, scans: int) -> None:
    monkeypatch.setattr(budget_module.Budget, "scans", property(lambda self: scans))


def test_controller_files_scanned_at_once_give_the_same_report(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    inputs = [str(p) for p in _split_controller(tmp_path, 4)]
    _at_once(monkeypatch, 1)
    told: list[int] = []
    one_by_one = analyze(inputs, progress=told.append)
    running, most = 0, 0
    lock = threading.Lock()

    def overlapping(*args: Any, **kwargs: Any) -> Any:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        time.sleep(0.2)  # long enough for the other scans to start
        try:
            return extract(*args, **kwargs)
        finally:
            with lock:
                running -= 1

    monkeypatch.setattr(ingest_module, "extract", overlapping)
    _at_once(monkeypatch, 4)
    told_now: list[int] = []
    at_once = analyze(inputs, progress=told_now.append)
    assert most == 4
    assert json_.render(at_once) == json_.render(one_by_one)
    assert sum(told_now) == sum(told) == sum(Path(p).stat().st_size for p in inputs)
    # The same as the log the parts were cut from, but for where each line is.
    whole = analyze([LOGS])
    assert at_once.summary == whole.summary
    assert sum(row.lines for row in at_once.inputs) == sum(row.lines for row in whole.inputs)
    verdicts = [(s.name, s.verdict, s.reason) for s in at_once.specs]
    assert verdicts == [(s.name, s.verdict, s.reason) for s in whole.specs]
    assert [(p.key, p.status, p.gap_seconds) for p in at_once.pairs] == [
        (p.key, p.status, p.gap_seconds) for p in whole.pairs
    ]


def test_the_first_failing_controller_file_names_the_error_whatever_finishes_first(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    inputs = [str(p) for p in _split_controller(tmp_path, 3)]

    def failing_scan(source: Any, *args: Any, **kwargs: Any) -> Any:
        if source.name.endswith("controller-0.log"):
            time.sleep(0.3)  # the later input fails first
        raise InputError(f"{Path(source.name).name}: refused")

    monkeypatch.setattr(ingest_module, "extract", failing_scan)
    _at_once(monkeypatch, 3)
    with pytest.raises(InputError, match=r"^controller-0\.log: refused$"):
        analyze(inputs)
