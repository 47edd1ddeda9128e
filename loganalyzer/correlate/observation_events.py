"""Observation events: lines that say an artifact was found, in test output or in another log.

A pack's ``kind = "observation"`` events name the artifact found, by its path or its key.

- In the specs' output (``role = "test"``), such a line is a mention of that artifact, so the
  rules for mentions apply: in the output of the spec waiting for it, while it still waits, it
  is that spec's observation (exact when the line is dated, by its own stamp or ``time_from``);
  anywhere else it is a sighting.
- In any other log (``role = "controller"``: a third component that reads the artifact), it is
  a sighting: proof that the artifact was visible by then, cited by that log's line, never the
  waiting spec's observation.
- An artifact found that no controller line wrote is an ``orphan`` observation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import datetime, timedelta
from typing import NamedTuple

import polars as pl

from loganalyzer.correlate.pairs import Evidence, Pair, Sighting
from loganalyzer.extract.packs import EventPattern, Pack, match_event
from loganalyzer.model.specs import TestLine
from loganalyzer.model.status import ObservationKind, PairStatus


class FoundLine(NamedTuple):
    """An observation event in one of an attempt's lines."""

    line: TestLine  # the line, dated by the pattern's time_from when it has one
    basename: str | None
    key: str | None


class TestObservations:
    """The packs' observation events read from test output (``role = "test"``).

    >>> from loganalyzer.extract.packs import EventPattern
    >>> seen = EventPattern("p", "found", "observation", "test", "Found ConfigMap",
    ...     r"Found ConfigMap (?P<path>\\S+/(?P<key>\\S+))", None, None, ())
    >>> TestObservations([seen]).find([TestLine(7, "Found ConfigMap ns/a-config", "writer")])
    [FoundLine(line=TestLine(line_no=7, text='Found ConfigMap ns/a-config', \
kind='writer', at=None, res=0.0, lo=None, hi=None, detail=None, restated=False), \
basename='a-config', key='a-config')]
    """

    def __init__(self, patterns: Sequence[EventPattern]) -> None:
        self.patterns = [p for p in patterns if p.kind == "observation" and p.role == "test"]

    @classmethod
    def of(cls, packs: Sequence[Pack]) -> TestObservations:
        return cls([e for p in packs for e in p.events])

    def find(self, lines: Sequence[TestLine]) -> list[FoundLine]:
        if not self.patterns:
            return []
        found = []
        for line in lines:
            if line.kind == "failure-message":  # "X was not found" is a deadline, not a sighting
                continue
            for pattern in self.patterns:
                got = match_event(pattern, line.text)
                if got is not None:
                    path = got.get("path")
                    base = pattern.name_of(path) if path else None
                    found.append(FoundLine(_dated(line, pattern, got), base, got.get("key")))
        return found


def _dated(line: TestLine, pattern: EventPattern, got: dict[str, str]) -> TestLine:
    """The line with the time its ``time_from`` capture gives, if any."""
    tf = pattern.time_from
    if tf is None or tf.capture not in got:
        return line
    try:
        at = tf.parse(got[tf.capture])
    except ValueError:
        return line
    return replace(line, at=at, res=tf.resolution, lo=at, hi=at + timedelta(seconds=tf.resolution))


class Logged(NamedTuple):
    """An observation event read from a log other than the test output."""

    path: str | None
    basename: str | None
    key: str | None
    at: datetime  # when the line was logged
    res: float
    evidence: Evidence

    @property
    def latest(self) -> datetime:
        return self.at + timedelta(seconds=self.res)


def logged(events: pl.DataFrame) -> list[Logged]:
    """The observation events of the line-format logs, in time order."""
    frame = events.filter(
        (pl.col("kind") == "observation")
        & pl.col("at").is_not_null()
        & (pl.col("basename").is_not_null() | pl.col("key").is_not_null())
    ).sort(["at", "source", "line_no"])
    return [
        Logged(
            r["path"],
            r["basename"],
            r["key"],
            r["at"],
            r["res"],
            Evidence(r["source"], r["line_no"], r["text"] or "", r["at"]),
        )
        for r in frame.iter_rows(named=True)
    ]


def apply_logged(
    found: Sequence[Logged],
    pairs: Mapping[int, Pair],
    position: Mapping[str, int],
    first_of_key: Mapping[str, int],
) -> list[Pair]:
    """Give each written artifact's pair (``pairs[i]`` is write ``i``'s) its earliest logged
    sighting; return an orphan pair for each artifact found that no controller line wrote.
    ``position``: the artifacts' write indexes by name; ``first_of_key``: by key."""
    orphans: dict[str, Pair] = {}
    for obs in found:
        at = position.get(obs.basename) if obs.basename else None
        if at is None and obs.basename is None and obs.key is not None:
            at = first_of_key.get(obs.key)
        if at is not None:
            pair = pairs[at]
            if pair.sighting is None or obs.latest < pair.sighting.at:
                pair.sighting = Sighting(obs.latest, None, obs.evidence)
            continue
        name = obs.basename or obs.key
        assert name is not None
        if name not in orphans:
            orphan = Pair(
                obs.key,
                obs.path or name,
                name,
                PairStatus.ORPHAN,
                observation=ObservationKind.EXACT,
            )
            orphan.seen_after, orphan.seen_by, orphan.logged = obs.at, obs.latest, obs.evidence
            orphans[name] = orphan
    return [orphans[name] for name in sorted(orphans)]
