"""``loganalyzer patterns check``: run every sample embedded in a pack against its patterns."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl

from loganalyzer.extract.packs import EventPattern, Pack, _compile, match_event


def check_pack(pack: Pack) -> list[str]:
    """Run every embedded sample; return the problems found (empty when the pack is sound).

    Checks that each sample matches its own event with the expected captures, that
    no sample matches a second event, that time_from parses, and that spec samples
    map to the expected key.
    """
    problems: list[str] = []
    for event in pack.events:
        if not event.samples:
            problems.append(f"{pack.path}: event {event.id!r} has no sample")
        for i, sample in enumerate(event.samples, 1):
            problems.extend(_check_event_sample(pack, event, i, sample))
    for j, spec in enumerate(pack.specs, 1):
        if not spec.samples:
            problems.append(f"{pack.path}: spec #{j} ({spec.match!r}) has no sample")
        for sample in spec.samples:
            name, key = str(sample.get("name", "")), str(sample.get("key", ""))
            if not spec.matches_spec(name):
                problems.append(f"{pack.path}: spec #{j}: sample name does not match: {name!r}")
            elif not spec.matches_key(key):
                problems.append(f"{pack.path}: spec #{j}: sample key does not match: {key!r}")
            others = [k for k, s in enumerate(pack.specs, 1) if k != j and s.matches_spec(name)]
            if others:
                problems.append(
                    f"{pack.path}: spec #{j}: sample name also matches spec #{others[0]}: {name!r}"
                )
    for signature in pack.signatures:
        if not signature.samples:
            problems.append(f"{pack.path}: signature {signature.id!r} has no sample")
        for i, sample in enumerate(signature.samples, 1):
            line, expect = sample.get("line"), sample.get("expect", True)
            if not isinstance(line, str):
                problems.append(f"{pack.path}: signature {signature.id!r} sample #{i}: no 'line'")
            elif signature.matches(line) != bool(expect):
                verb = "does not match" if expect else "should not match but does"
                problems.append(f"{pack.path}: signature {signature.id!r} sample #{i}: {verb}")
    return problems


def _check_event_sample(
    pack: Pack, event: EventPattern, index: int, sample: Mapping[str, Any]
) -> list[str]:
    where = f"{pack.path}: event {event.id!r} sample #{index}"
    line = sample.get("line")
    if not isinstance(line, str):
        return [f"{where}: needs a 'line'"]
    expect = sample.get("expect", {})
    got = match_event(event, line)
    if expect is False:
        return [f"{where}: should not match but does"] if got is not None else []
    if got is None:
        return [f"{where}: does not match its event"]
    problems = [
        f"{where}: capture {name!r} is {got.get(name)!r}, expected {value!r}"
        for name, value in dict(expect).items()
        if got.get(name) != str(value)
    ]
    fast = _polars_captures(event, line)
    if event.role == "controller" and fast != got:
        problems.append(f"{where}: fast path captures {fast!r} differ from {got!r}")
    if event.time_from is not None:
        try:
            event.time_from.parse(got[event.time_from.capture])
        except (KeyError, ValueError) as exc:
            problems.append(f"{where}: time_from does not parse: {exc}")
    if event.file_name and "path" in got:
        base = got["path"].rsplit("/", 1)[-1]
        named = _compile(event.file_name).fullmatch(base)
        if named is None or named.group("key") != got.get("key"):
            problems.append(f"{where}: file_name does not parse the path's base name")
    problems.extend(
        f"{where}: also matches event {other.id!r}"
        for other in pack.events
        if other is not event and match_event(other, line) is not None
    )
    return problems


def _polars_captures(event: EventPattern, line: str) -> dict[str, str] | None:
    frame = pl.DataFrame({"line": [line]}).select(
        pl.col("line").str.extract_groups(event.regex).alias("g")
    )
    row = frame.unnest("g").row(0, named=True) if frame.width else {}
    values = {k: v for k, v in row.items() if v is not None}
    return values or None
