"""``--context``: the lines of all inputs around each failure, merged on one clock."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import cache
from pathlib import Path

from conftest import ROOT, Result
from loganalyzer import analyze
from loganalyzer.extract.context import CAP, STDIN_NOTE
from loganalyzer.model.report import Report, SpecRow

PARALLEL = str(ROOT / "samples" / "parallel-run" / "logs")


@cache
def _report(seconds: float, path: str = PARALLEL) -> Report:
    return analyze([path], context=seconds)


def _failed(report: Report) -> list[SpecRow]:
    return [s for s in report.specs if s.verdict]


def _at(iso: str) -> datetime:
    return datetime.fromisoformat(iso)


def test_lines_are_merged_in_time_order_within_the_window() -> None:
    for spec in _failed(_report(2.0)):
        context = spec.context
        assert context is not None and context.lines, spec.name
        times = [line.time for line in context.lines]
        assert times == sorted(times)
        anchors = [
            _at(e.time) for e in spec.evidence if e.label in ("write", "deadline") and e.time
        ]
        assert anchors
        for line in context.lines:
            assert any(abs(_at(line.time) - a) <= timedelta(seconds=2) for a in anchors), line
        sources = {line.at.rsplit(":", 1)[0].rsplit("/", 1)[-1] for line in context.lines}
        assert {"controller.log", "ginkgo.log"} <= sources


def test_each_line_keeps_its_own_time_beside_utc() -> None:
    spec = _failed(_report(2.0))[0]
    assert spec.context is not None
    lines = {line.at.rsplit("/", 1)[-1]: line for line in spec.context.lines}
    step = lines["ginkgo.log:280"]  # STEP: Verifying file audit trail was created @ … 14:19:30.68
    assert step.local == "01/10/26 14:19:30.68"
    assert step.time == "2026-01-10T19:19:30.680000Z"  # the log's -05:00, on the UTC clock
    write = lines["controller.log:189"]
    assert write.local == "2026-01-10T19:19:30Z" and write.time == "2026-01-10T19:19:30.000000Z"
    assert "e2e-priority-critical" in write.text and not write.noise


def test_controller_noise_is_marked_unless_it_names_the_key_exactly() -> None:
    spec = _failed(_report(3.0))[0]
    assert spec.context is not None and spec.context.keys == ["e2e-priority-critical"]
    noise = [line for line in spec.context.lines if line.noise]
    assert noise
    assert all('"e2e-priority-critical"' not in line.text for line in noise)
    # A longer key is another key: its lines are noise here.
    assert any('"e2e-priority-critical-2"' in line.text for line in noise)
    assert all(not line.noise for line in spec.context.lines if "ginkgo.log" in line.at)


def test_lines_are_capped_with_a_count() -> None:
    spec = _failed(_report(600.0))[0]
    assert spec.context is not None
    assert len(spec.context.lines) == CAP and spec.context.more > 0


def test_json_has_context_only_when_asked(run_cli: Callable[..., Result]) -> None:
    plain = json.loads(run_cli("analyze", PARALLEL, "-f", "json").stdout)
    assert all(s["context"] is None for s in plain["specs"])
    asked = json.loads(run_cli("analyze", PARALLEL, "-f", "json", "--context", "1.5").stdout)
    contexts = [s["context"] for s in asked["specs"] if s["verdict"]]
    assert contexts and all(c["seconds"] == 1.5 and c["lines"] for c in contexts)
    line = contexts[0]["lines"][0]
    assert set(line) == {"at", "local", "time", "text", "noise"}


def test_terminal_and_markdown_fold_noise_by_default(run_cli: Callable[..., Result]) -> None:
    text = run_cli("analyze", PARALLEL, "--width", "160").stdout
    assert "within 3 s of the write and the deadline" in text
    assert "controller lines naming none of e2e-priority-critical" in text
    markdown = run_cli("analyze", PARALLEL, "-f", "markdown", "--context", "0").stdout
    assert "within 0 s of the write" in markdown


def test_stdin_context_is_unavailable_not_an_error(run_cli: Callable[..., Result]) -> None:
    controller = (ROOT / "samples" / "parallel-run" / "logs" / "controller.log").read_bytes()
    result = run_cli(
        "analyze", "-", "samples/parallel-run/logs/ginkgo.log", "-f", "json", "--context", "2",
        stdin=controller,
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    contexts = [s["context"] for s in json.loads(result.stdout)["specs"] if s["verdict"]]
    assert contexts and all(c["note"] == STDIN_NOTE for c in contexts)
    assert all("ginkgo.log" in ln["at"] for c in contexts for ln in c["lines"])


def _blocks(data: bytes, size: int) -> list[bytes]:
    out, start = [], 0
    while start < len(data):
        end = data.find(b"\n", start + size)
        end = len(data) if end < 0 else end + 1
        out.append(data[start:end])
        start = end
    return out


def test_blocks_far_from_every_window_are_skipped_without_losing_a_line() -> None:
    from loganalyzer.extract.context import _read

    base = datetime.fromisoformat("2026-01-10T19:00:00+00:00")
    rows = []
    for n in range(6000):  # an hour of controller lines, with undated stack lines between
        at = base + timedelta(seconds=n * 0.6)
        rows.append(f'{at:%Y-%m-%dT%H:%M:%S.%f}Z\tINFO\treconcile\t{{"n": {n}}}')
        if n % 50 == 0:
            rows.append("\tgoroutine 1 [running]:")
    data = ("\n".join(rows) + "\n").encode()
    windows = [(base + timedelta(minutes=30), base + timedelta(minutes=30, seconds=6))]
    whole = _read([data], "c.log", "controller", timedelta(0), windows)
    split = _read(_blocks(data, 40_000), "c.log", "controller", timedelta(0), windows)
    assert whole.height > 5 and split.equals(whole)
    numbers = whole.get_column("line_no").to_list()
    assert rows[numbers[0] - 1].endswith(whole.get_column("text")[0][-12:])


def test_a_structured_report_gives_only_its_dated_lines(tmp_path: Path) -> None:
    logs = ROOT / "samples" / "ci-artifact" / "logs"
    (tmp_path / "report.json").write_bytes((logs / "reports" / "ginkgo-report.json").read_bytes())
    controller = (ROOT / "samples" / "parallel-run" / "logs" / "controller.log").read_bytes()
    (tmp_path / "controller.log").write_bytes(controller)
    spec = _failed(analyze([str(tmp_path)], context=2.0))[0]
    assert spec.context is not None
    from_report = [line for line in spec.context.lines if "report.json" in line.at]
    assert from_report and all(line.local for line in from_report)
