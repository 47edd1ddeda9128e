"""Writes <-> observations: link every written file to the spec attempt that waited for it.

Links, strongest first (see DESIGN §5): the key named in the spec's own output,
a pack's spec-to-key mapping, the file name mentioned while the spec was still
waiting, and finally the only spec running when the file was written.
"""

from __future__ import annotations

import heapq
from collections import defaultdict
from collections.abc import Iterable
from operator import itemgetter
from typing import NamedTuple

import polars as pl

from loganalyzer.correlate.links import Index, link
from loganalyzer.correlate.mentions import MentionFinder
from loganalyzer.correlate.observation_events import (
    FoundLine,
    TestObservations,
    apply_logged,
    logged,
)
from loganalyzer.correlate.observations import check_skew, observe, orphans
from loganalyzer.correlate.pairs import Correlation, Seen, waiting
from loganalyzer.correlate.statuses import settle
from loganalyzer.correlate.written import (
    first_of_keys,
    glob_matches,
    glob_names,
    globs,
    named_in,
    places,
    touchable,
    write_frame,
    write_rows,
    writes_of,
)
from loganalyzer.extract.packs import Pack, SpecMapping, search_within
from loganalyzer.gc_pause import paused
from loganalyzer.model.specs import Attempt, Spec, TestLine, TestLog


def correlate(
    events: pl.DataFrame,
    logs: Iterable[TestLog],
    packs: list[Pack],
    *,
    quiet: bool = True,
    writes: pl.DataFrame | None = None,
) -> Correlation:
    """Pair writes with observations and sightings; returns pairs and per-attempt links.

    With ``quiet``, the files no evidence can touch stay columns (``Correlation.quiet``);
    without, every file is an object: the pairs are the same. ``writes`` (``write_rows``)
    are the write events when ``events`` no longer holds them, so that a caller can free
    the events before the join's work.
    """
    with paused():
        rows = write_rows(events) if writes is None else writes
        return _correlate(list(logs), events, rows, packs, quiet)


def _correlate(
    logs: list[TestLog], events: pl.DataFrame, rows: pl.DataFrame, packs: list[Pack], quiet: bool
) -> Correlation:
    frame = write_frame(rows)
    # Keys the controllers knew of; another log's observation of a key does not make it one.
    # Hashing a million keys costs memory, so only the few other events' keys are hashed.
    other = pl.col("kind").is_in(["observation", "write"]).not_()
    told = events.lazy().filter(other).select("key").collect().get_column("key").drop_nulls()
    known = pl.concat([told, rows.get_column("key").drop_nulls()])
    maybe_unwritten = pl.concat([told, _dropped_keys(rows, frame)])
    del rows
    specs = [s for log in logs for s in log.specs]
    suite = [s for log in logs for s in log.suite_nodes]
    shapes = sorted({e.file_name for p in packs for e in p.events if e.file_name})
    attempts = [(s, a) for s in specs + suite for a in s.attempts]
    observations = TestObservations.of(packs)
    found_lines = [observations.find(a.lines) for _, a in attempts]
    seen_elsewhere = logged(events)
    # The written files and known keys the test output may name, and those found otherwise.
    texts = [line.text for _, a in attempts for line in a.lines]
    names, keys = named_in(texts, frame.get_column("basename"), known)
    failures = [ln.text for _, a in attempts for ln in a.lines if ln.kind == "failure-message"]
    globbed = glob_matches(globs(failures), frame.get_column("basename"))
    names |= {hits[0] for hits in globbed.values() if len(hits) == 1}
    names |= {f.basename for lines in found_lines for f in lines if f.basename}
    names |= {o.basename for o in seen_elsewhere if o.basename}
    by_name = places(frame, names)
    position = {name: at for name, (at, _) in by_name.items()}
    by_key = {f.key for lines in found_lines for f in lines if f.basename is None and f.key}
    by_key |= {o.key for o in seen_elsewhere if o.basename is None and o.key}
    first_of_key = first_of_keys(frame, by_key)
    finder = MentionFinder(position, keys, shapes)
    found = _scan(attempts, found_lines, finder, by_name, globbed, first_of_key)
    named = found.named
    mapped = {id(s): m for s in specs if (m := _mapping(s, packs)) is not None}
    waited = {id(a): _wait_step(s, a, mapped.get(id(s)), packs) for s in specs for a in s.attempts}
    state = Correlation([], specs, suite, [], defaultdict(list), mapped, waited, [])
    index = Index(specs, found.keys, mapped, frame.get_column("key").drop_nulls(), found.claimed)
    if quiet:
        places_seen = {*position.values(), *first_of_key.values()}
        chosen = touchable(frame, places_seen, {*index.by_key, *index.by_mapping}, index.free)
    else:
        chosen = pl.repeat(True, frame.height, eager=True)
    state.writes = writes = writes_of(frame.filter(chosen))
    state.quiet = frame.filter(~chosen)
    del frame, chosen  # the quiet rows are a copy
    pairs, links = state.pairs, state.links
    pair_at = {}
    for write in writes:
        seen = found.by_write.get(write.index, _UNSEEN)
        claims = [(s.spec, s.attempt) for s in seen if waiting(s) and not s.spec.suite_node]
        claims += [
            (s.spec, s.attempt) for s in named.get(write.basename, ()) if not s.spec.suite_node
        ]
        pair = link(write, index, claims, state)
        step = waited.get(id(pair.attempt)) if pair.attempt else None
        observe(pair, seen, step, mapped.get(id(pair.spec)))
        pairs.append(pair)
        pair_at[write.index] = pair
        if pair.attempt is not None:
            links[id(pair.attempt)].append(pair)
    pairs.extend(apply_logged(seen_elsewhere, pair_at, position, first_of_key))
    pairs.extend(orphans(found.unwritten, shapes, found.unwritten_keys))
    state.named_keys = found.keys
    settle(state, state.unwritten(maybe_unwritten.to_list()), found.keys)
    check_skew(state)
    return state


_UNSEEN: tuple[Seen, ...] = ()


def _dropped_keys(rows: pl.DataFrame, frame: pl.DataFrame) -> pl.Series:
    """The keys of write events that name no new file (no path, or a name written before)."""
    if frame.height == rows.height:
        return pl.Series("key", [], dtype=pl.String)
    keys = rows.get_column("key").drop_nulls()
    return keys.filter(~keys.is_in(frame.get_column("key").implode()))


class _Found(NamedTuple):
    """What the test output names; mentions of a written file are kept by its index."""

    by_write: dict[int, list[Seen]]  # where each written file is named
    unwritten: dict[str, list[Seen]]  # where names no controller log wrote are named
    named: dict[str, list[Seen]]  # files a failure message names
    keys: dict[int, set[str]]  # keys named, per attempt
    claimed: set[int]  # attempts that name a file: linked already, not free for a guess
    unwritten_keys: dict[str, str]  # unwritten names found by an observation event -> key


def _scan(
    attempts: list[tuple[Spec, Attempt]],
    found_lines: list[list[FoundLine]],
    finder: MentionFinder,
    written: dict[str, tuple[int, str | None]],
    globbed: dict[str, list[str]],
    first_of_key: dict[str, int],
) -> _Found:
    """Where the files and keys are named in each attempt's output.

    ``written``: the written files the output may name -> their (index, key); ``globbed``:
    each failure glob's matches; ``found_lines``: each attempt's observation events.

    A failure message naming a file ("file X not found"), or a glob that matches
    exactly one written file ("file matching pattern x-*.json not found"), ties
    the spec to that file but is no evidence that it was visible. A line a pack's
    observation event matches names the file it found, by path or by key.
    """
    by_write: dict[int, list[Seen]] = {}
    unwritten: dict[str, list[Seen]] = defaultdict(list)
    named: dict[str, list[Seen]] = defaultdict(list)
    keys: dict[int, set[str]] = defaultdict(set)
    claimed: set[int] = set()
    unwritten_keys: dict[str, str] = {}
    for (spec, attempt), observed in zip(attempts, found_lines, strict=True):
        lines = attempt.lines
        rows = finder.find_lines([line.text for line in lines])
        # A glob's one match counts as that file named on the failure line, before the
        # line's own mentions, as a reader meets them.
        failures = [n for n, line in enumerate(lines) if line.kind == "failure-message"]
        if failures:
            globs = [
                (n, name, None) for n in failures for name in glob_names(lines[n].text, globbed)
            ]
            rows = list(heapq.merge(globs, rows, key=itemgetter(0)))
        failing = set(failures)
        mentions_file = False
        for n, basename, key in rows:
            failure = n in failing
            if basename:
                mentions_file = True
                seen = Seen(spec, attempt, lines[n])
                place = written.get(basename)
                if failure:
                    named[basename].append(seen)
                    if place is not None:
                        attempt.failed_keys.add(place[1])  # type: ignore[arg-type]
                elif place is None:
                    unwritten[basename].append(seen)
                else:
                    by_write.setdefault(place[0], []).append(seen)
            elif key and not spec.suite_node:
                keys[id(attempt)].add(key)
                if failure:
                    attempt.failed_keys.add(key)
        for line, basename, key in observed:
            mentions_file = True
            seen = Seen(spec, attempt, line)
            place = written.get(basename) if basename else None
            at = place[0] if place is not None else None
            if at is None and basename is None and key is not None:
                at = first_of_key.get(key)
            if at is None:
                name = basename or key
                assert name is not None
                unwritten[name].append(seen)
                if key is not None:
                    unwritten_keys[name] = key
                continue
            listed = by_write.get(at)
            if listed is None:
                by_write[at] = [seen]
            elif not any(s.attempt is attempt and s.line.line_no == line.line_no for s in listed):
                listed.append(seen)
            elif line.timed:  # the same line, found as a name: its own time is better
                listed[:] = [
                    seen if s.attempt is attempt and s.line.line_no == line.line_no else s
                    for s in listed
                ]
        if mentions_file:
            claimed.add(id(attempt))
    return _Found(by_write, unwritten, named, keys, claimed, unwritten_keys)


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
