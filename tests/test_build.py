"""Report building: the fast helpers agree with the straightforward definitions."""

from __future__ import annotations

import gc
import random
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from loganalyzer.analyze import collector_paused
from loganalyzer.build import concurrency_at
from loganalyzer.load import running
from loganalyzer.specs import Attempt, Spec
from loganalyzer.specs import TestLine as Line
from loganalyzer.timeparse import iso_utc

BASE = datetime(2026, 1, 10, 19, 0, tzinfo=UTC)


def spec(rng: random.Random, n: int) -> Spec:
    stamps = [BASE + timedelta(seconds=rng.randint(0, 60)) for _ in range(rng.randint(0, 3))]
    lines = [Line(i, "", "stamped", at=at) for i, at in enumerate(stamps)]
    lines.append(Line(99, "", "step"))  # no time: ignored
    duration = rng.choice([None, 0.0, 5.5, 30.0])
    return Spec(f"s{n}", "passed", "t.log", n, duration=duration, attempts=[Attempt(1, lines)])


def test_concurrency_counts_like_running_at_every_instant() -> None:
    rng = random.Random(7)
    specs = [spec(rng, n) for n in range(40)]
    count = concurrency_at(specs)
    assert count is not None and concurrency_at([]) is None
    edges = [edge for s in specs if (w := s.running()) for edge in w]
    tick = timedelta(microseconds=1)
    instants = [BASE + timedelta(seconds=s / 4) for s in range(-8, 400)]
    instants += [at + d for at in edges for d in (-tick, tick * 0, tick)]
    assert [count(at) for at in instants] == [running(at, specs) for at in instants]
    assert max(count(at) for at in instants) > 5  # the windows do overlap


def test_iso_utc_spells_times_as_strftime_does() -> None:
    zones = [UTC, ZoneInfo("UTC"), ZoneInfo("America/St_Johns"), timezone(timedelta(hours=5))]
    rng = random.Random(3)
    for _ in range(2000):
        at = datetime(
            rng.choice([999, 1000, 1970, 2026, 9998]),
            rng.randint(1, 12),
            rng.randint(1, 28),
            rng.randint(0, 23),
            rng.randint(0, 59),
            rng.randint(0, 59),
            rng.choice([0, 7, 123456, 999999]),
            tzinfo=rng.choice(zones),
        )
        assert iso_utc(at) == at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    assert iso_utc(None) is None


def test_the_collector_is_paused_only_while_the_report_is_built() -> None:
    assert gc.isenabled()
    with pytest.raises(KeyError), collector_paused():
        assert not gc.isenabled()
        raise KeyError
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
