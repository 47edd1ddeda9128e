"""Writes <-> observations: link every written file to the spec attempt that waited for it.

Links, strongest first (see DESIGN §5): the key named in the spec's own output,
a pack's spec-to-key mapping, the file name mentioned while the spec was still
waiting, and finally the only spec running when the file was written.
"""

from __future__ import annotations

import bisect
import fnmatch
import heapq
from collections import defaultdict
from collections.abc import Iterable
from operator import itemgetter
from typing import NamedTuple

import polars as pl
import regex

from loganalyzer.correlate.links import Index, link
from loganalyzer.correlate.mentions import MentionFinder
from loganalyzer.correlate.observation_events import TestObservations, apply_logged, logged
from loganalyzer.correlate.observations import check_skew, observe, orphans
from loganalyzer.correlate.pairs import (
    Correlation,
    Seen,
    Write,
    waiting,
)
from loganalyzer.correlate.statuses import settle
from loganalyzer.extract.packs import Pack, SpecMapping, search_within
from loganalyzer.gc_pause import paused
from loganalyzer.model.specs import Attempt, Spec, TestLine, TestLog


def correlate(events: pl.DataFrame, logs: Iterable[TestLog], packs: list[Pack]) -> Correlation:
    """Pair writes with observations and sightings; returns pairs and per-attempt links."""
    with paused():
        return _correlate(list(logs), events, packs)


def _correlate(logs: list[TestLog], events: pl.DataFrame, packs: list[Pack]) -> Correlation:
    writes, position = _writes(events)
    # Keys the controllers knew of; another log's observation of a key does not make it one.
    told = events.filter(pl.col("kind") != "observation")
    known = set(told.get_column("key").drop_nulls().to_list())
    specs = [s for log in logs for s in log.specs]
    suite = [s for log in logs for s in log.suite_nodes]
    shapes = sorted({e.file_name for p in packs for e in p.events if e.file_name})
    finder = MentionFinder(position, known, shapes)
    first_of_key: dict[str, int] = {}
    for i, write in enumerate(writes):
        first_of_key.setdefault(write.key, i)
    found = _scan(specs + suite, finder, writes, position, TestObservations.of(packs), first_of_key)
    named = found.named
    mapped = {id(s): m for s in specs if (m := _mapping(s, packs)) is not None}
    waited = {id(a): _wait_step(s, a, mapped.get(id(s)), packs) for s in specs for a in s.attempts}
    state = Correlation([], specs, suite, writes, defaultdict(list), mapped, waited, [])
    index = Index(specs, found.keys, mapped, (w.key for w in writes), found.claimed)
    pairs, links = state.pairs, state.links
    for write, mentions in zip(writes, found.by_write, strict=True):
        seen = mentions or _UNSEEN
        claims = [(s.spec, s.attempt) for s in seen if waiting(s) and not s.spec.suite_node]
        claims += [
            (s.spec, s.attempt) for s in named.get(write.basename, ()) if not s.spec.suite_node
        ]
        pair = link(write, index, claims, state)
        step = waited.get(id(pair.attempt)) if pair.attempt else None
        observe(pair, seen, step, mapped.get(id(pair.spec)))
        pairs.append(pair)
        if pair.attempt is not None:
            links[id(pair.attempt)].append(pair)
    pairs.extend(apply_logged(logged(events), pairs, position, first_of_key))
    pairs.extend(orphans(found.unwritten, shapes, found.unwritten_keys))
    state.named_keys = found.keys
    settle(state, known - {w.key for w in writes}, found.keys)
    check_skew(state)
    return state


_UNSEEN: tuple[Seen, ...] = ()


class _Found(NamedTuple):
    """What the test output names; mentions of a written file are kept by its position,
    which spares a million-entry dictionary when every file is named."""

    by_write: list[list[Seen] | None]  # where each written file is named
    unwritten: dict[str, list[Seen]]  # where names no controller log wrote are named
    named: dict[str, list[Seen]]  # files a failure message names
    keys: dict[int, set[str]]  # keys named, per attempt
    claimed: set[int]  # attempts that name a file: linked already, not free for a guess
    unwritten_keys: dict[str, str]  # unwritten names found by an observation event -> key


def _scan(
    specs: list[Spec],
    finder: MentionFinder,
    writes: list[Write],
    position: dict[str, int],
    observations: TestObservations,
    first_of_key: dict[str, int],
) -> _Found:
    """Where the files and keys are named in each attempt's output.

    A failure message naming a file ("file X not found"), or a glob that matches
    exactly one written file ("file matching pattern x-*.json not found"), ties
    the spec to that file but is no evidence that it was visible. A line a pack's
    observation event matches names the file it found, by path or by key.
    """
    by_write: list[list[Seen] | None] = [None] * len(writes)
    unwritten: dict[str, list[Seen]] = defaultdict(list)
    named: dict[str, list[Seen]] = defaultdict(list)
    keys: dict[int, set[str]] = defaultdict(set)
    claimed: set[int] = set()
    unwritten_keys: dict[str, str] = {}
    names: list[str] = []
    for spec in specs:
        for attempt in spec.attempts:
            lines = attempt.lines
            rows = finder.find_lines([line.text for line in lines])
            # A glob's one match counts as that file named on the failure line, before the
            # line's own mentions, as a reader meets them.
            failures = [n for n, line in enumerate(lines) if line.kind == "failure-message"]
            if failures:
                names = names or sorted(position)  # sorted only once a failure may hold a glob
                globs = [
                    (n, name, None) for n in failures for name in _globbed(lines[n].text, names)
                ]
                rows = list(heapq.merge(globs, rows, key=itemgetter(0)))
            failing = set(failures)
            mentions_file = False
            for n, basename, key in rows:
                failure = n in failing
                if basename:
                    mentions_file = True
                    seen = Seen(spec, attempt, lines[n])
                    at = position.get(basename)
                    if failure:
                        named[basename].append(seen)
                        if at is not None:
                            attempt.failed_keys.add(writes[at].key)
                    elif at is None:
                        unwritten[basename].append(seen)
                    elif (listed := by_write[at]) is None:
                        by_write[at] = [seen]
                    else:
                        listed.append(seen)
                elif key and not spec.suite_node:
                    keys[id(attempt)].add(key)
                    if failure:
                        attempt.failed_keys.add(key)
            for line, basename, key in observations.find(lines):
                mentions_file = True
                seen = Seen(spec, attempt, line)
                at = position.get(basename) if basename else None
                if at is None and basename is None and key is not None:
                    at = first_of_key.get(key)
                if at is None:
                    name = basename or key
                    assert name is not None
                    unwritten[name].append(seen)
                    if key is not None:
                        unwritten_keys[name] = key
                    continue
                listed = by_write[at]
                if listed is None:
                    by_write[at] = [seen]
                elif not any(
                    s.attempt is attempt and s.line.line_no == line.line_no for s in listed
                ):
                    listed.append(seen)
                elif line.timed:  # the same line, found as a name: its own time is better
                    listed[:] = [
                        seen if s.attempt is attempt and s.line.line_no == line.line_no else s
                        for s in listed
                    ]
            if mentions_file:
                claimed.add(id(attempt))
    return _Found(by_write, unwritten, named, keys, claimed, unwritten_keys)


_GLOB = regex.compile(r"[A-Za-z0-9_.\-/]*\*[A-Za-z0-9_.\-/*]*")


def _globbed(text: str, names: list[str]) -> list[str]:
    """Written files (``names``, sorted) that a glob in ``text`` matches, when it matches one."""
    found = []
    for match in _GLOB.finditer(text):
        pattern = match.group(0).rsplit("/", 1)[-1]
        if pattern.strip("*") and "." in pattern:
            # Only names sharing the glob's literal prefix can match: a sorted range.
            prefix = regex.split(r"[*?\[]", pattern, maxsplit=1)[0]
            hits = []
            for name in names[bisect.bisect_left(names, prefix) :]:
                if not name.startswith(prefix):
                    break
                if fnmatch.fnmatchcase(name, pattern):
                    hits.append(name)
            if len(hits) == 1:
                found.append(hits[0])
    return found


def _writes(events: pl.DataFrame) -> tuple[list[Write], dict[str, int]]:
    """One Write per file, in time order, and each file's position by base name."""
    frame = events.filter((pl.col("kind") == "write") & pl.col("basename").is_not_null()).sort(
        ["at", "source", "line_no"]
    )
    basename = frame.get_column("basename").to_list()
    # Needed anyway, and it finds repeated names.
    position = dict(zip(basename, range(len(basename)), strict=True))
    if len(position) < len(basename):
        # The same base name logged twice is the same file: its first write counts.
        frame = frame.filter(pl.col("basename").is_first_distinct())
        basename = frame.get_column("basename").to_list()
        position = dict(zip(basename, range(len(basename)), strict=True))
    key, path, at, res, source, line_no = (
        frame.get_column(c).to_list() for c in ("key", "path", "at", "res", "source", "line_no")
    )
    writes = list(map(Write, key, path, basename, at, res, source, line_no))
    return writes, position


def _mapping(spec: Spec, packs: list[Pack]) -> SpecMapping | None:
    for pack in packs:
        for mapping in pack.specs:
            if mapping.matches_spec(spec.name):
                return mapping
    return None


def _wait_step(
    spec: Spec, attempt: Attempt, mapping: SpecMapping | None, packs: list[Pack]
) -> TestLine | None:
    waits = [mapping.wait_step] if mapping and mapping.wait_step else []
    waits += [w for p in packs for w in p.wait_steps]
    for line in attempt.lines:
        if (
            line.kind == "step"
            and line.detail
            and any(search_within(w, line.detail) for w in waits)
        ):
            return line
    return None
