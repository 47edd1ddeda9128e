"""``loganalyzer patterns check``: run every sample embedded in a pack against its patterns."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import polars as pl
import regex

from loganalyzer.extract.packs import (
    REGEX_TIMEOUT,
    EventPattern,
    Pack,
    _compile,
    match_event,
    timed_out_warnings,
)


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
    problems.extend(f"{pack.path}: {w}" for w in timed_out_warnings())
    return problems


def regex_warnings(pack: Pack) -> list[str]:
    """Regexes that can backtrack for ever: a warning each (their matches have a budget)."""
    return [
        f"{pack.path}: {where}: regex {pattern!r} nests quantifiers (such as (a+)+ or "
        f"(a|aa)+): it can backtrack for ever; matches are cut off after {REGEX_TIMEOUT} s"
        for where, pattern in _regexes(pack)
        if nested_quantifier(pattern)
    ]


def _regexes(pack: Pack) -> list[tuple[str, str]]:
    found = [(f"event {e.id!r}", e.regex) for e in pack.events]
    found += [(f"event {e.id!r} file_name", e.file_name) for e in pack.events if e.file_name]
    found += [(f"spec #{i}", s.match) for i, s in enumerate(pack.specs, 1)]
    found += [(f"spec #{i} keys", k) for i, s in enumerate(pack.specs, 1) for k in s.keys]
    found += [(f"spec #{i} wait_step", s.wait_step) for i, s in enumerate(pack.specs, 1)
              if s.wait_step]  # fmt: skip
    found += [("wait_steps", w) for w in pack.wait_steps]
    found += [(f"signature {s.id!r}", s.regex) for s in pack.signatures if s.regex]
    return found


# A group that holds a quantifier (or an alternation) and is itself quantified: (a+)+,
# (a|aa)+, (\w*)*: the shapes whose backtracking is exponential.
_QUANTIFIED_GROUP = regex.compile(
    r"\((?:\?(?:P?<\w+>|:))?(?P<body>(?:[^()\\]|\\.|\((?&body)\))*)\)(?:[+*]|\{\d*,\d*\})"
)


def nested_quantifier(pattern: str) -> bool:
    """Whether ``pattern`` has a quantified group whose body repeats or alternates.

    >>> nested_quantifier("(a|aa)+$"), nested_quantifier("(a+)+"), nested_quantifier("(ab)+c")
    (True, True, False)
    """
    try:
        groups = list(_QUANTIFIED_GROUP.finditer(pattern, timeout=1.0))
    except TimeoutError:
        return True
    return any(regex.search(r"(?<!\\)[+*|]|(?<!\\)\{\d*,\d*\}", g.group("body")) for g in groups)


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
