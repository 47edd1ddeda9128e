"""Structure fuzzers: well-shaped lines of every format with hostile values in every field.

Each format's line is built from its parts, so the value reaches the parser (not just the
detector): impossible dates, huge numbers, control characters, markup, deep nesting.
Every run gives a report or a one-line LogAnalyzerError, and no output carries a control
character.
"""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fuzz.make_corpus import CONTROLLER, console, ginkgo_json, junit, spec_report
from loganalyzer import analyze
from loganalyzer.errors import LogAnalyzerError
from loganalyzer.extract.packs import load_pack
from loganalyzer.render.registry import RENDERERS, Options, renderer

SETTINGS = settings(
    max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True
)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
hostile = st.one_of(
    st.text(max_size=30),
    st.sampled_from(["\x1b]0;t\x07", "[/]", "![](u)", "<img>", "a\\|b", "\x9b1m", "[" * 2000]),
)
number = st.one_of(
    st.integers(-(10**20), 10**20).map(str),
    st.sampled_from(["1e308", "nan", "inf", "-0", "9" * 5000, "9.2e+12"]),
)
date = st.builds(
    lambda y, mo, d, h, mi, s, off: f"{y:04d}-{mo:02d}-{d:02d}T{h:02d}:{mi:02d}:{s:02d}{off}",
    st.sampled_from([0, 1, 2026, 9999]), st.integers(0, 13), st.integers(0, 32),
    st.integers(0, 25), st.integers(0, 61), st.integers(0, 61),
    st.sampled_from(["Z", "+99:99", "-05:00", "+14:00", "", "-0500"]),
)  # fmt: skip
console_stamp = st.builds(
    lambda mo, d, y, h, mi, s: f"{mo:02d}/{d:02d}/{y:02d} {h:02d}:{mi:02d}:{s:02d}.5",
    st.integers(0, 13), st.integers(0, 32), st.integers(0, 99),
    st.integers(0, 25), st.integers(0, 61), st.integers(0, 61),
)  # fmt: skip


def _run(files: dict[str, str]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for name, text in files.items():
            (Path(tmp) / name).write_text(text, encoding="utf-8", errors="surrogateescape")
        try:
            report = analyze([tmp], test_tz="UTC")
        except LogAnalyzerError as error:
            assert "\n" not in str(error)
            return
        for fmt in RENDERERS:
            text = "".join(renderer(fmt)(report, Options()))
            assert not _CONTROL.search(text.replace("\n", "").replace("\t", "")), fmt


@SETTINGS
@given(st.lists(st.tuples(console_stamp, hostile), min_size=1, max_size=6), number)
def test_console(steps: list[tuple[str, str]], seconds: str) -> None:
    lines = [f"STEP: {text} @ {stamp}" for stamp, text in steps]
    _run({"ginkgo.log": console(lines, header=f"• [FAILED] [{seconds} seconds]"),
          "controller.log": CONTROLLER})  # fmt: skip


@SETTINGS
@given(date, hostile, st.sampled_from(["INFO", "ERROR", "\x1b[31mINFO"]))
def test_zap_console(stamp: str, key: str, level: str) -> None:
    line = CONTROLLER.replace("2026-01-10T19:18:14Z", stamp).replace("\tINFO\t", f"\t{level}\t")
    _run({"controller.log": line + line.replace("e2e-multi-channel-fanout", key.replace("\n", ""))})


@SETTINGS
@given(st.one_of(number, date), hostile)
def test_zap_json(ts: str, msg: str) -> None:
    value = ts if re.fullmatch(r"[-\d.e+naif]+", ts) else json.dumps(ts)
    line = f'{{"level": "info", "ts": {value}, "msg": {json.dumps(msg)}}}\n'
    _run({"controller.log": line * 3})


@SETTINGS
@given(st.integers(0, 13), st.integers(0, 32), st.integers(0, 25), hostile)
def test_klog(month: int, day: int, hour: int, text: str) -> None:
    line = f'I{month:02d}{day:02d} {hour:02d}:18:02.187311       1 c.go:142] "Created ConfigMap" '
    _run({"controller.log": (line + f"configMap={json.dumps(text)}\n") * 2})


@SETTINGS
@given(date, st.sampled_from(["stdout", "stderr", "x"]), st.sampled_from(["P", "F", "Q"]), hostile)
def test_cri(stamp: str, stream: str, tag: str, payload: str) -> None:
    first = f"{stamp} {stream} {tag} {payload}".replace("\n", " ")
    _run({"c.log": f"{first}\n2026-01-10T19:18:14.1Z stderr F {CONTROLLER}"})


@SETTINGS
@given(st.one_of(date, hostile), st.one_of(date, hostile), number, hostile)
def test_json_report(start: str, end: str, runtime: str, state: str) -> None:
    text = ginkgo_json([spec_report(StartTime=start, EndTime=end, State=state)])
    text = text.replace('"RunTime": 6412000000', f'"RunTime": {runtime}')
    _run({"report.json": text, "controller.log": CONTROLLER})


@SETTINGS
@given(st.one_of(date, hostile), number, hostile)
def test_junit(timestamp: str, time: str, name: str) -> None:
    escaped = name.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
    _run({"junit.xml": junit(timestamp=timestamp, time=time, name=escaped),
          "controller.log": CONTROLLER})  # fmt: skip


@SETTINGS
@given(st.one_of(date, hostile), st.sampled_from(["run", "output", "fail", "pass", 5]), number)
def test_gotest(stamp: str, action: object, elapsed: str) -> None:
    line = json.dumps({"Time": stamp, "Action": action, "Package": "p", "Test": "TestA/b"})
    line = line[:-1] + f', "Elapsed": {elapsed}}}'
    start = '{"Time": "2026-01-10T14:18:13Z", "Action": "run", "Package": "p", "Test": "TestA/b"}'
    _run({"go-test.json": f"{start}\n{line}\n", "controller.log": CONTROLLER})


toml_value = st.one_of(
    st.sampled_from(["1", "inf", "nan", "[1]", "{}", "'x'", "'(a|aa)+'", "'(?P<key>a)\\1'",
                     "true", "'''[/]'''", "[[1]]", "-1"]),
)  # fmt: skip


@SETTINGS
@given(
    st.sampled_from(["event", "spec", "signature", "wait_steps", "name", "identity"]),
    st.sampled_from(["id", "kind", "regex", "match", "keys", "poll_interval", "time_from",
                     "file_name", "contains", "sample", "tz"]),
    toml_value,
)  # fmt: skip
def test_packs(table: str, key: str, value: str) -> None:
    from loganalyzer.errors import PatternError

    text = f'name = "p"\n[[{table}]]\n{key} = {value}\n'
    if table in ("wait_steps", "name", "identity"):
        text = f'name = "p"\n{table} = {value}\n'
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "p.toml"
        path.write_text(text)
        try:
            load_pack(path)
        except PatternError as error:
            assert str(path) in str(error) and "\n" not in str(error)
