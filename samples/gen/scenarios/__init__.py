"""Every generated scenario: one ``<name>.scn`` file each (see ``scenario_file``), written to
``samples/<name>/``. List a new file here to generate it."""

from __future__ import annotations

from pathlib import Path

from samples.gen.model import Scenario
from samples.gen.scenario_file import read

HERE = Path(__file__).resolve().parent
NAMES = ("focused-run", "parallel-run", "not-written", "infrastructure", "flaky", "skewed-clock")


def load(name: str) -> Scenario:
    return read(HERE / f"{name}.scn")
