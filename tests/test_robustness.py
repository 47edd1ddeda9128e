"""Arbitrary bytes and garbage lines never crash anything, and every line is accounted for."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import delivered, spec_block, suite
from loganalyzer import analyze
from loganalyzer.errors import LogAnalyzerError
from loganalyzer.extract.packs import load_packs
from loganalyzer.extract.scan import extract
from loganalyzer.formats.controller.zap_console import FORMAT
from loganalyzer.formats.ginkgo.console import parse
from loganalyzer.read.sources import Source, iter_sources


def source(path: Path) -> Source:
    return next(iter_sources([str(path)]))


PATTERNS = [e for p in load_packs() for e in p.events if e.role == "controller"]
GOOD = delivered("kept", "191820.500000")
garbage_line = st.one_of(
    st.text(max_size=80).map(lambda s: s.replace("\n", " ")),
    st.sampled_from(
        [
            "",
            "\t",
            "-" * 30,
            "• [FAILED] [1.000 seconds]",
            "STEP: x @ 99/99/99",
            "  Timeline >>",
            '{"level":',
            "2026-01-10T19:18:14Z\tINFO",
            "\x1b[0m",
            "Attempt #1 Failed.  Retrying ↺ @ 01/10/26 14:18:18.3",
        ]
    ),
)
SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(st.lists(garbage_line, max_size=30), st.binary(max_size=200))
def test_controller_garbage_is_counted_never_fatal(lines: list[str], blob: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.log"
        path.write_bytes(("\n".join([GOOD, *lines, GOOD]) + "\n").encode() + blob)
        result = extract(source(path), FORMAT, PATTERNS)
        assert result.used + result.skipped == result.lines
        assert result.lines >= len(lines) + 2
        assert "kept" in result.events.get_column("key").to_list()


@SETTINGS
@given(st.lists(garbage_line, max_size=40))
def test_test_log_garbage_is_counted_never_fatal(lines: list[str]) -> None:
    text = suite([spec_block("S leaf", ["STEP: a @ 01/10/26 14:18:13.2", *lines])])
    log = parse(text.splitlines(), "g.log", None)
    assert log.used + log.skipped == log.lines
    assert all(s.name for s in log.specs)


@SETTINGS
@given(st.binary(max_size=400))
def test_any_bytes_give_a_report_or_a_clean_error(blob: bytes) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        (Path(tmp) / "x.log").write_bytes(blob)
        try:
            report = analyze([tmp], test_tz="UTC")
        except LogAnalyzerError as error:
            assert "\n" not in str(error)
        else:
            for row in report.inputs:
                assert row.used + row.skipped == row.lines
