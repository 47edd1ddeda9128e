from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from typer.testing import CliRunner

from loganalyzer.cli import app

ROOT = Path(__file__).resolve().parent.parent


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="Rewrite samples/*/expected.* from the current output.",
    )


@dataclass
class Result:
    exit_code: int
    stdout: str
    stderr: str


@pytest.fixture
def polars_scan(monkeypatch: pytest.MonkeyPatch) -> None:
    """Plain files of any size go through the polars scan: tests that hold it to the per-line
    reader use small files, which are otherwise read per line (``scan.SMALL_FILE``)."""
    from loganalyzer.extract import scan

    monkeypatch.setattr(scan, "SMALL_FILE", 0)


@pytest.fixture
def run_cli(monkeypatch: pytest.MonkeyPatch) -> Callable[..., Result]:
    """Run the CLI in-process from the repository root, with no colour."""
    monkeypatch.chdir(ROOT)
    monkeypatch.setenv("NO_COLOR", "1")
    for variable in ("COLUMNS", "LINES", "GITHUB_STEP_SUMMARY", "GITHUB_WORKSPACE"):
        monkeypatch.delenv(variable, raising=False)  # the output is the same in any shell

    def run(*args: str, stdin: bytes | None = None) -> Result:
        result = CliRunner().invoke(app, list(args), input=stdin)
        return Result(result.exit_code, result.stdout, result.stderr)

    return run
