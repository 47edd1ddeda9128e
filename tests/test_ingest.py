"""Inputs are read side by side (controller scans in a worker thread), reported in order."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from loganalyzer import analyze
from loganalyzer.errors import InputError
from loganalyzer.extract import ingest as ingest_module
from loganalyzer.extract.scan import extract
from loganalyzer.formats.detect import TEST_PARSERS

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
