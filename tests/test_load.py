"""Concurrency per write: the indexed count agrees with counting every spec."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

from loganalyzer.diagnose.concurrency import Running
from loganalyzer.model import specs as model
from loganalyzer.model.specs import Attempt, Spec

T0 = datetime(2026, 1, 10, 19, 0, tzinfo=UTC)


def spec(start: float, stamps: list[float], duration: float | None) -> Spec:
    lines = [
        model.TestLine(i, "STEP", "step", at=T0 + timedelta(seconds=start + s))
        for i, s in enumerate(stamps)
    ]
    return Spec(f"s{start}", "passed", "g.log", 1, duration=duration, attempts=[Attempt(1, lines)])


def test_running_counts_match_a_scan_of_every_spec() -> None:
    rng = random.Random(7)
    specs = [
        spec(
            rng.uniform(0, 60),
            sorted(rng.uniform(0, 5) for _ in range(rng.randint(1, 3))),
            rng.choice([None, rng.uniform(0, 8)]),
        )
        for _ in range(200)
    ]
    specs.append(Spec("untimed", "passed", "g.log", 1, attempts=[Attempt(1, [])]))
    running = Running(specs)
    windows = [w for s in specs if (w := s.running()) is not None]
    tick = timedelta(microseconds=1)
    # The boundaries themselves count as running; a microsecond either side may not.
    edges = [t + d for w in windows for t in w for d in (-tick, tick * 0, tick)]
    for when in [*edges, *(T0 + timedelta(seconds=rng.uniform(-5, 75)) for _ in range(300))]:
        assert running.at(when) == sum(1 for a, b in windows if a <= when <= b)
