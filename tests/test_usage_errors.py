"""Every usage error in the README's list is one line on stderr, with exit 2."""

from __future__ import annotations

import re
import shlex
from collections.abc import Callable

import pytest

from conftest import ROOT, Result

README = (ROOT / "README.md").read_text(encoding="utf-8")


def listed() -> list[str]:
    block = re.search(r"<!-- usage-errors -->\n```\n(.*?)```", README, re.S)
    assert block is not None, "README: the usage errors list is missing"
    return block.group(1).splitlines()


@pytest.mark.parametrize("command", listed())
def test_a_usage_error_is_one_line_and_exit_2(command: str, run_cli: Callable[..., Result]) -> None:
    args = shlex.split(command)
    assert args[0] == "loganalyzer"
    result = run_cli(*args[1:])
    assert result.exit_code == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("loganalyzer: error: "), result.stderr
    assert "Traceback" not in result.stderr and "╭" not in result.stderr


def test_the_list_covers_every_command() -> None:
    commands = {" ".join(shlex.split(line)[1:2]) for line in listed()}
    assert {"analyze", "compare", "inputs", "patterns", "history"} <= commands


def test_a_size_error_says_the_unit_given(run_cli: Callable[..., Result]) -> None:
    archive = "samples/ci-artifact-archive/logs"
    result = run_cli("analyze", archive, "--max-bytes", "1KiB")
    assert "exceeds the limit of 1 KiB" in result.stderr and "0 MiB" not in result.stderr


def test_option_errors_name_the_option(run_cli: Callable[..., Result]) -> None:
    logs = "samples/parallel-run/logs"
    assert (
        "--poll-interval: must be more than 0"
        in run_cli("analyze", logs, "--poll-interval", "-1s").stderr
    )
    skew = run_cli("compare", "samples/focused-run/logs", logs, "--skew-b", "fast")
    assert "--skew-b: not a duration: 'fast'" in skew.stderr
    bad = run_cli("analyze", logs, "--format", "yaml").stderr
    assert "'yaml' is not one of" in bad and "(see 'loganalyzer analyze -h')" in bad
