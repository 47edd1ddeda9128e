"""Every generated scenario, by folder name under samples/."""

from __future__ import annotations

from collections.abc import Callable

from samples.gen.model import Scenario
from samples.gen.scenarios import failure_modes, incident

SCENARIOS: dict[str, Callable[[], Scenario]] = {
    "focused-run": incident.focused,
    "parallel-run": incident.parallel,
    "not-written": failure_modes.not_written,
    "infrastructure": failure_modes.infrastructure,
    "flaky": failure_modes.flaky,
    "skewed-clock": failure_modes.skewed_clock,
}
