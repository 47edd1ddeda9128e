"""Every hostile-input case in tests/fuzz/corpus ends cleanly, fast, and leaks nothing.

The corpus holds one minimal case per defect class (issue 16); ``make_corpus.py`` writes
it. Cases that need the file system at run time (FIFOs, devices, bombs, pipes, long
lines) are built here.
"""

from __future__ import annotations

import gzip
import os
import sys
import threading
from pathlib import Path

import pytest
import zstandard

from fuzz.harness import problems, run
from fuzz.make_corpus import CONTROLLER

CORPUS = Path(__file__).parent / "corpus"
CASES = sorted(p for p in CORPUS.iterdir() if p.is_dir())
GOOD = Path(__file__).parents[2] / "samples" / "focused-run" / "logs"


def _args(case: Path) -> list[str]:
    logs = case / "logs"
    extra = ["--patterns", str(case / "packs")] if (case / "packs").is_dir() else []
    return [str(logs if logs.is_dir() else GOOD), *extra, "--test-tz", "UTC"]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_ends_cleanly(case: Path) -> None:
    formats = (
        ["terminal", "markdown", "json", "html"]
        if case.name.startswith("render")
        else ["terminal", "markdown", "json"]
        if case.name.startswith(("inject", "markup", "leak"))
        else ["terminal"]
    )
    for fmt in formats:
        result = run("analyze", *_args(case), "--format", fmt)
        assert not problems(result, markdown=fmt == "markdown"), (fmt, result.stderr[-500:])
    result = run("inputs", *_args(case)[:1])
    assert not problems(result), result.stderr[-500:]
    if (case / "packs").is_dir():
        result = run("patterns", "check", str(case / "packs"))
        assert result.code in (0, 1, 2) and not problems(
            result
            if result.code != 1
            else type(result)(0, result.stdout, result.stderr, result.seconds)
        ), result.stderr[-500:]


def test_corpus_is_current() -> None:
    import fuzz.make_corpus as make_corpus

    make_corpus.text_cases()
    make_corpus.pack_cases()
    assert sorted(make_corpus.CASES) == [c.name for c in CASES], "run make_corpus.py"


def test_zero_bomb_is_refused_fast(tmp_path: Path) -> None:
    bomb = tmp_path / "c.log.zst"
    zeros = b"\0" * (64 << 20)
    with bomb.open("wb") as fh, zstandard.ZstdCompressor(level=3).stream_writer(fh) as out:
        for _ in range(32):  # 2 GiB of zeros, about 70 KB
            out.write(zeros)
    result = run("analyze", str(bomb), str(GOOD))
    assert not problems(result, limit=5.0), result.stderr
    assert "bomb" in result.stderr


def test_gzip_of_zeros_without_newlines(tmp_path: Path) -> None:
    (tmp_path / "z.log.gz").write_bytes(gzip.compress(b"\0" * (200 << 20), 1))
    result = run("analyze", str(tmp_path), str(GOOD))
    assert not problems(result, limit=8.0), result.stderr


def test_plain_gigabyte_of_zeros_is_quick(tmp_path: Path) -> None:
    big = tmp_path / "zeros.log"
    with big.open("wb") as fh:
        fh.truncate(1 << 30)  # sparse: no disk used
    result = run("analyze", str(big), str(GOOD))
    assert not problems(result, limit=8.0), result.stderr


def test_long_line_is_skipped_and_reading_goes_on(tmp_path: Path) -> None:
    data = (CONTROLLER + "x" * (20 << 20) + "\n" + CONTROLLER).encode()
    (tmp_path / "c.log.gz").write_bytes(gzip.compress(data, 1))
    result = run("analyze", str(tmp_path), str(GOOD), "--format", "json")
    assert not problems(result), result.stderr
    assert "longer than" in result.stdout


def test_dev_zero_is_refused() -> None:
    result = run("analyze", "/dev/zero", str(GOOD))
    assert not problems(result, limit=3.0), result.stderr


def test_fifo_in_a_directory_is_listed(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "pipe.log")
    (tmp_path / "c.log").write_text(CONTROLLER)
    result = run("inputs", str(tmp_path))
    assert not problems(result, limit=3.0) and "FIFO" in result.stdout


@pytest.mark.skipif(sys.platform != "linux", reason="/dev/fd pipes")
def test_pipe_is_read_once(tmp_path: Path) -> None:
    """``analyze <(cat x)``: a pipe that cannot seek."""
    read, write = os.pipe()
    data = (GOOD / "controller.log").read_bytes()

    def feed() -> None:
        with os.fdopen(write, "wb") as fh:
            fh.write(data)

    threading.Thread(target=feed, daemon=True).start()
    try:
        result = run("analyze", f"/dev/fd/{read}", str(GOOD / "ginkgo.log"), "--format", "json")
    finally:
        os.close(read)
    assert not problems(result), result.stderr
    assert '"writes": 0' not in result.stdout


def test_unreadable_directory_is_listed(tmp_path: Path) -> None:
    if os.geteuid() == 0:
        pytest.skip("root reads every directory")
    locked = tmp_path / "locked"
    locked.mkdir()
    (tmp_path / "c.log").write_text(CONTROLLER)
    locked.chmod(0)
    try:
        result = run("inputs", str(tmp_path))
    finally:
        locked.chmod(0o755)
    assert not problems(result) and "not read" in result.stdout


def test_deep_json_in_a_cut_line_costs_that_line_not_the_run() -> None:
    # Found by the mutation fuzzer: format detection raised RecursionError, so the whole
    # run ended with an input error; now the line is counted as skipped and the writes kept.
    result = run("analyze", str(CORPUS / "deep-json-wrapped-zap" / "logs"), "--format", "json")
    assert result.code == 0, result.stderr
    assert '"writes": 1' in result.stdout


def test_deep_json_in_a_record_cut_over_lines_costs_that_record() -> None:
    # Found by the mutation fuzzer (seed 16, case 240740): rejoining a cut JSON record
    # raised RecursionError in detection, so the run ended with an input error.
    result = run("analyze", str(CORPUS / "deep-json-cut-over-lines" / "logs"), "--format", "json")
    assert result.code == 0, result.stderr


def test_infinite_counts_in_a_json_report_are_read() -> None:
    # Found by the mutation fuzzer: NumAttempts of 1e999 made the reader raise
    # OverflowError, and the whole report was left out with a warning.
    result = run("analyze", str(CORPUS / "json-report-infinite-counts" / "logs"))
    assert result.code == 0, result.stderr
    assert "could not be read" not in result.stdout + result.stderr
