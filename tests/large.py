"""A large report made from the parallel sample: its specs and pairs again and again, later."""

from __future__ import annotations

import functools
from dataclasses import replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from loganalyzer import analyze
from loganalyzer.model.report import Report

SAMPLE = str(Path(__file__).resolve().parent.parent / "samples/parallel-run/logs")
TIMES: tuple[str, ...] = ("written_at", "observed_at", "observed_after", "deadline_at")
TIMES += ("wait_started_at", "first_sighting_at")


def _later(iso: str | None, by: timedelta) -> str | None:
    if not iso:
        return iso
    return (datetime.fromisoformat(iso) + by).isoformat().replace("+00:00", "Z")


@functools.cache
def large_report(copies: int) -> Report:
    """The sample ``copies`` times, each copy 30 s after the last, with its own names."""
    base = analyze([SAMPLE])
    pairs, specs = [], []
    for n in range(copies):
        by = timedelta(seconds=30 * n)
        for p in base.pairs:
            changes: dict[str, Any] = {f: _later(getattr(p, f), by) for f in TIMES}
            changes.update(key=f"{p.key}-{n}", spec=f"{p.spec} #{n}" if p.spec else None)
            pairs.append(replace(p, **changes))
        for s in base.specs:
            changes = {f: _later(getattr(s, f), by) for f in ("started_at", "ended_at")}
            specs.append(replace(s, name=f"{s.name} #{n}", **changes))
    return replace(base, pairs=pairs, specs=specs)
