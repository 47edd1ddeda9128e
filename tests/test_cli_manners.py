"""The command line's manners: -h with examples everywhere, no Python types in help, the
terminal's size, a screenful by default, HTML kept off the terminal, per-run compare options."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from test_correlate import FAIL

from builders import delivered, spec_block, stamp, suite
from conftest import Result
from loganalyzer import cli

Run = Callable[..., Result]
COMMANDS = [
    ["analyze"],
    ["compare"],
    ["inputs"],
    ["patterns", "list"],
    ["patterns", "check"],
    ["history", "add"],
    ["history", "ingest"],
    ["history", "report"],
]
PYTHON_TYPES = re.compile(r"<(?:list|str|int|float|bool|path|Path)\b|\blist\[|\bNoneType\b")


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_every_command_has_short_help_with_examples(command: list[str], run_cli: Run) -> None:
    short, long = run_cli(*command, "-h"), run_cli(*command, "--help")
    assert short.exit_code == 0 and short.stdout == long.stdout
    assert "Examples:" in short.stdout
    assert f"loganalyzer {' '.join(command)} " in short.stdout.split("Examples:")[1]
    assert not PYTHON_TYPES.search(short.stdout), PYTHON_TYPES.search(short.stdout)


def test_the_top_level_help_and_bare_groups(run_cli: Run) -> None:
    for args in (["-h"], [], ["history"], ["patterns"], ["history", "-h"], ["patterns", "-h"]):
        result = run_cli(*args)
        assert result.exit_code == 0 and "Usage:" in result.stdout, args
        assert not PYTHON_TYPES.search(result.stdout)
        group = " ".join(a for a in args if a != "-h")
        examples = result.stdout.split("Examples:")[1]  # a group shows examples too
        assert f"loganalyzer {group} ".replace("  ", " ") in examples, args


def test_every_option_says_what_it_is_for() -> None:
    import typer
    from typer.core import TyperGroup, TyperOption

    seen: list[str] = []

    def walk(command: Any, path: str) -> list[str]:
        missing = []
        for param in command.params:
            if isinstance(param, TyperOption) and not param.hidden:
                seen.append(f"{path} {param.opts[0]}")
                if not (param.help or "").strip():
                    missing.append(seen[-1])
        if isinstance(command, TyperGroup):
            for name, sub in command.commands.items():
                missing += walk(sub, f"{path} {name}")
        return missing

    assert walk(typer.main.get_command(cli.app), "loganalyzer") == []
    assert "loganalyzer history add --started-at" in seen and len(seen) > 60  # all were walked


def test_inputs_offers_only_its_formats(run_cli: Run) -> None:
    shown = run_cli("inputs", "-h").stdout
    assert "<terminal|markdown|json>" in shown and "html" not in shown
    refused = run_cli("inputs", "samples/flaky/logs", "-f", "html")
    assert refused.exit_code == 2 and len(refused.stderr.strip().splitlines()) == 1
    assert "'html' is not one of 'terminal', 'markdown', 'json'" in refused.stderr


def make_run(tmp_path: Path, bulk: int = 0) -> Path:
    """One spec that waits for ``lost-1`` and gives up, and ``bulk`` writes no spec waits for."""
    controller = [delivered("lost-1", "191810.500000")]
    controller += [
        delivered(f"bulk-{n:04}", f"1910{n // 100:02}.{n % 100:06}") for n in range(bulk)
    ]
    name = (
        "File-Based Notification Delivery E2E Tests Scenario 7: priority routing with a long "
        "container text [It] should write the critical notification before the low one"
    )
    timeline = [
        "Created NotificationRequest default/lost-1",
        f"STEP: wait for the file @ {stamp('19:18:10')}",
        f"[FAILED] in [It] - /src/test/e2e/x_test.go:42 @ {stamp('19:18:15.001')}",
    ]
    block = spec_block(
        name, timeline, failure=list(FAIL), failed_at=stamp("19:18:15.001"),
        location="/src/test/e2e/x_test.go:30",
    )  # fmt: skip
    (tmp_path / "controller.log").write_text("\n".join(controller) + "\n", encoding="utf-8")
    (tmp_path / "ginkgo.log").write_text(suite([block]), encoding="utf-8")
    return tmp_path


def test_columns_sets_the_width(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    logs = str(make_run(tmp_path))
    monkeypatch.setenv("COLUMNS", "80")
    narrow = run_cli("analyze", logs, "--test-tz", "UTC").stdout
    assert max(len(line) for line in narrow.splitlines()) == 80
    assert "should write the critical notification" in narrow  # the leaf text stays
    wide = run_cli("analyze", logs, "--test-tz", "UTC", "--width", "140").stdout
    assert max(len(line) for line in wide.splitlines()) == 140  # --width wins


def test_a_large_run_prints_a_screenful_and_the_all_hint(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    logs = str(make_run(tmp_path, bulk=2000))
    monkeypatch.setenv("LINES", "40")
    result = run_cli("analyze", logs, "--test-tz", "UTC")
    assert result.exit_code == 0, result.stderr
    text = result.stdout
    assert "lost-1" in text and "bulk-0001" not in text
    assert "--all adds 2000 more rows" in text
    assert len(text.splitlines()) < 80  # the header, one row, the inputs: not 2,000 rows
    every = run_cli("analyze", logs, "--test-tz", "UTC", "--all").stdout
    assert "bulk-1999" in every and "--all adds" not in every


def test_html_to_a_terminal_needs_an_output_file(
    run_cli: Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    logs = str(make_run(tmp_path))
    monkeypatch.setattr(cli, "_is_terminal", lambda: True)
    refused = run_cli("analyze", logs, "-f", "html")
    assert refused.exit_code == 2 and refused.stdout == ""
    assert refused.stderr.count("\n") == 1 and "-o FILE" in refused.stderr
    both = run_cli("compare", logs, logs, "-f", "html")
    assert both.exit_code == 2 and both.stderr.count("\n") == 1
    target = tmp_path / "r.html"
    assert run_cli("analyze", logs, "-f", "html", "-o", str(target)).exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_inputs_as_markdown_is_a_table(run_cli: Run) -> None:
    result = run_cli("inputs", "samples/parallel-run/logs", "-f", "markdown")
    lines = result.stdout.splitlines()
    assert lines[0].startswith("| File | Format |") and lines[1].startswith("|---|")
    assert len(lines) == 4 and all(
        line.startswith("| ") and line.endswith(" |") for line in lines[2:]
    )


def test_compare_takes_options_per_run(run_cli: Run) -> None:
    a = b = "samples/skewed-clock/logs"
    shared = run_cli("compare", a, b, "-f", "json")
    one = run_cli("compare", a, b, "-f", "json", "--skew-b", "7.5s", "--test-tz-a", "UTC")
    assert shared.exit_code == 0 and one.exit_code == 0, one.stderr
    assert json.loads(shared.stdout) != json.loads(one.stdout)  # run B read differently


def test_singular_counts(run_cli: Run, tmp_path: Path) -> None:
    pack = Path("patterns/configmap-sync.toml").read_text(encoding="utf-8")
    assert "samples" in run_cli("patterns", "check").stdout
    result = run_cli("patterns", "check", "patterns/configmap-sync.toml")
    assert result.stdout.startswith("1 pack, ") and "pack(s)" not in result.stdout
    assert pack  # the built-in pack is there to check
