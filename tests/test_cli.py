"""The command line: exit codes, one-line errors, every command documented, inputs of all kinds."""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from builders import delivered, spec_block, stamp, suite
from conftest import Result
from loganalyzer import __version__

Run = Callable[..., Result]


def make_run(tmp_path: Path) -> Path:
    (tmp_path / "controller.log").write_text(delivered("k-1", "191820.500000") + "\n")
    block = spec_block(
        "Solo leaf",
        [
            "Created NotificationRequest default/k-1",
            f"STEP: wait @ {stamp('14:18:20')}",
            f"STEP: done @ {stamp('14:18:22')}",
        ],
    )
    (tmp_path / "ginkgo.log").write_text(suite([block]))
    return tmp_path


def test_missing_path_exits_2_with_one_line(run_cli: Run) -> None:
    result = run_cli("analyze", "no/such/dir")
    assert result.exit_code == 2
    assert result.stderr.strip() == "loganalyzer: error: no/such/dir: no such file or directory"
    assert "Traceback" not in result.stderr + result.stdout


def test_empty_folder_gets_a_clear_message(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("analyze", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.strip() == f"loganalyzer: error: {tmp_path}: no files found"


def test_folder_of_unknown_files_names_them(run_cli: Run, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello\nworld\n")
    result = run_cli("analyze", str(tmp_path))
    assert result.exit_code == 2
    assert "no controller or test logs recognised" in result.stderr
    assert "notes.txt: no known log format" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


def test_no_controller_events_is_said_plainly(run_cli: Run, tmp_path: Path) -> None:
    make_run(tmp_path)
    (tmp_path / "controller.log").write_text(
        '2026-01-10T19:18:14Z\tINFO\tStarting workers\t{"worker count": 1}\n'
    )
    result = run_cli("analyze", str(tmp_path), "--test-tz", "-05:00")
    assert result.exit_code == 0
    assert "no writes found in the controller logs" in result.stdout


def test_bad_zone_is_a_usage_error(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("analyze", str(make_run(tmp_path)), "--test-tz", "Mars/Olympus")
    assert result.exit_code == 2
    assert "unknown zone 'Mars/Olympus'" in result.stderr


def test_json_output_to_file(run_cli: Run, tmp_path: Path) -> None:
    target = tmp_path / "out" / "r.json"
    target.parent.mkdir()
    result = run_cli(
        "analyze",
        str(make_run(tmp_path)),
        "--test-tz",
        "-05:00",
        "--format",
        "json",
        "-o",
        str(target),
    )
    assert result.exit_code == 0 and result.stdout == ""
    report = json.loads(target.read_text())
    assert report["schema"] == "loganalyzer.report/2"
    assert report["pairs"][0]["status"] == "observed"


def test_stdin_and_gzip_inputs(run_cli: Run, tmp_path: Path) -> None:
    make_run(tmp_path)
    with gzip.open(tmp_path / "controller.log.gz", "wb") as fh:
        fh.write((tmp_path / "controller.log").read_bytes())
    (tmp_path / "controller.log").unlink()
    stdin = (tmp_path / "ginkgo.log").read_bytes()
    result = run_cli(
        "analyze",
        str(tmp_path / "controller.log.gz"),
        "-",
        "--test-tz",
        "-05:00",
        "-f",
        "json",
        stdin=stdin,
    )
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    assert [i["path"] for i in report["inputs"]] == [str(tmp_path / "controller.log.gz"), "-"]
    assert report["summary"]["observed"] == 1


def test_corrupt_gzip_is_an_input_error(run_cli: Run, tmp_path: Path) -> None:
    (tmp_path / "c.log.gz").write_bytes(b"\x1f\x8bnot really gzip")
    result = run_cli("analyze", str(tmp_path / "c.log.gz"))
    assert result.exit_code == 2 and "c.log.gz: corrupt compressed data" in result.stderr


def test_version(run_cli: Run) -> None:
    result = run_cli("--version")
    assert result.exit_code == 0 and result.stdout.strip() == f"loganalyzer {__version__}"


@pytest.mark.parametrize(
    "command",
    [[], ["analyze"], ["inputs"], ["patterns"], ["patterns", "list"], ["patterns", "check"]],
)
def test_every_command_has_help(run_cli: Run, command: list[str]) -> None:
    result = run_cli(*command, "--help")
    assert result.exit_code == 0
    assert "Usage:" in result.stdout
    lines = [ln for ln in result.stdout.splitlines() if ln.strip()]
    assert len(lines) > 3


def test_patterns_check_builtin_and_broken(run_cli: Run, tmp_path: Path) -> None:
    ok = run_cli("patterns", "check")
    assert ok.exit_code == 0 and "all good" in ok.stdout
    (tmp_path / "bad.toml").write_text(
        "name = 'bad'\n[[event]]\nid = 'x'\nkind = 'write'\ncontains = 'x'\nregex = '(?P<key>x'\n"
    )
    bad = run_cli("patterns", "check", str(tmp_path))
    assert bad.exit_code == 2
    assert "bad.toml" in bad.stderr and "does not compile" in bad.stderr


def test_patterns_list(run_cli: Run) -> None:
    result = run_cli("patterns", "list")
    assert result.exit_code == 0 and "kubernaut-notification" in result.stdout
    assert "file-delivered" in result.stdout


def test_inputs_explains_every_file(run_cli: Run, tmp_path: Path) -> None:
    make_run(tmp_path)
    (tmp_path / "kubelet.bin").write_bytes(b"\x00\x01\x02" * 100)
    result = run_cli("inputs", str(tmp_path), "--test-tz", "UTC")
    assert result.exit_code == 0
    out = result.stdout
    assert "controller.log: zap-console (controller), 1 line, 1 used, 0 skipped" in out
    assert "ginkgo.log: ginkgo-text (test)" in out
    assert "kubelet.bin: skipped" in out and "binary content" in out


def test_inputs_json_has_time_ranges(run_cli: Run, tmp_path: Path) -> None:
    make_run(tmp_path)
    result = run_cli("inputs", str(tmp_path), "--test-tz", "-05:00", "-f", "json")
    assert result.exit_code == 0
    rows = {Path(r["path"]).name: r for r in json.loads(result.stdout)}
    assert rows["controller.log"]["first_at"] == "2026-01-10T19:18:20.000000Z"
    assert rows["controller.log"]["events"] == 1
    assert rows["ginkgo.log"]["first_at"] is not None and rows["ginkgo.log"]["specs"] == 1


def test_as_forces_or_ignores_a_format(run_cli: Run, tmp_path: Path) -> None:
    make_run(tmp_path)
    (tmp_path / "odd.txt").write_text("not a log\n")
    result = run_cli(
        "inputs",
        str(tmp_path),
        "--as",
        "*.txt=ignore",
        "--as",
        "*controller.log=zap-console:controller",
    )
    assert "odd.txt: skipped" in result.stdout and "ignored by --as" in result.stdout
    assert "forced by --as" in result.stdout
    bad = run_cli("inputs", str(tmp_path), "--as", "*.log=zap-console:test")
    assert bad.exit_code == 2
    assert "format zap-console is read as a controller log" in bad.stderr
    unknown = run_cli("analyze", str(tmp_path), "--as", "*.log=syslog")
    assert unknown.exit_code == 2 and "unknown format 'syslog'" in unknown.stderr
