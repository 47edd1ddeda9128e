"""Every scenario under samples/ against its golden outputs (``pytest --update-goldens``).

A scenario is a folder with the run's artifacts in ``logs/`` and the expected
JSON, Markdown and terminal text (100 columns, no colour) beside them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, Result

SCENARIOS = sorted(p.parent for p in (ROOT / "samples").glob("*/logs"))
OUTPUTS = {
    "expected.json": ["-f", "json"],
    "expected.md": ["-f", "markdown"],
    "expected.txt": ["-f", "terminal", "--width", "100"],
}


def test_scenarios_exist() -> None:
    assert len(SCENARIOS) >= 2 and COMPARISONS


@pytest.mark.parametrize("scenario", SCENARIOS, ids=lambda p: p.name)
@pytest.mark.parametrize("golden", sorted(OUTPUTS))
def test_scenario_matches_golden(
    scenario: Path, golden: str, run_cli: Callable[..., Result], request: pytest.FixtureRequest
) -> None:
    logs = scenario.relative_to(ROOT) / "logs"
    result = run_cli("analyze", str(logs), *OUTPUTS[golden])
    assert result.exit_code == 0, result.stderr
    output = result.stdout
    expected = scenario / golden
    if request.config.getoption("--update-goldens"):
        expected.write_text(output, encoding="utf-8")
    assert expected.exists(), f"{expected} missing: run pytest --update-goldens and review it"
    assert output == expected.read_text(encoding="utf-8")


def test_every_scenario_has_a_readme() -> None:
    for scenario in SCENARIOS:
        assert (scenario / "README.md").is_file(), scenario


COMPARISONS = sorted(p.parent for p in (ROOT / "samples").glob("*/runs.txt"))


@pytest.mark.parametrize("scenario", COMPARISONS, ids=lambda p: p.name)
@pytest.mark.parametrize("golden", sorted(OUTPUTS))
def test_comparison_matches_golden(
    scenario: Path, golden: str, run_cli: Callable[..., Result], request: pytest.FixtureRequest
) -> None:
    runs = (scenario / "runs.txt").read_text(encoding="utf-8").split()
    result = run_cli("compare", *runs, *OUTPUTS[golden])
    assert result.exit_code == 0, result.stderr
    expected = scenario / golden
    if request.config.getoption("--update-goldens"):
        expected.write_text(result.stdout, encoding="utf-8")
    assert expected.exists(), f"{expected} missing: run pytest --update-goldens and review it"
    assert result.stdout == expected.read_text(encoding="utf-8")
