"""Report building: the fast helpers agree with the straightforward definitions."""

from __future__ import annotations

import gc
import random
from datetime import UTC, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from loganalyzer.formats.times import iso_utc
from loganalyzer.gc_pause import paused


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
    with pytest.raises(KeyError), paused():
        assert not gc.isenabled()
        raise KeyError
    assert gc.isenabled()
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
