"""Linking a written file to the spec attempt that waited for it, strongest link first."""

from __future__ import annotations

import bisect
from collections import defaultdict
from datetime import datetime, timedelta

import polars as pl

from loganalyzer.correlate.pairs import Correlation, Pair, Write
from loganalyzer.extract.packs import SpecMapping
from loganalyzer.model.specs import Attempt, Spec
from loganalyzer.model.status import LinkKind, PairStatus


def _in_window(attempt: Attempt, at: datetime, slack: float) -> bool:
    pad = timedelta(seconds=slack)
    start = attempt.start or datetime.min.replace(tzinfo=at.tzinfo)
    end = attempt.end or datetime.max.replace(tzinfo=at.tzinfo)
    return start - pad <= at <= end + pad


class Index:
    """Which attempts name a key, which map to it, and which are free for a time-window link.

    Built once, so that linking a write costs lookups, not a scan of every attempt.
    """

    def __init__(
        self,
        specs: list[Spec],
        keys: dict[int, set[str]],
        mapped: dict[int, SpecMapping],
        written: pl.Series,
        claimed: set[int],
    ) -> None:
        self.by_key: dict[str, list[tuple[Spec, Attempt]]] = defaultdict(list)
        self.by_mapping: dict[str, list[tuple[Spec, Attempt]]] = defaultdict(list)
        free: list[tuple[Spec, Attempt]] = []
        groups: dict[int, list[tuple[Spec, Attempt]]] = defaultdict(list)
        mappings = {id(m): m for m in mapped.values()}
        for spec in specs:
            for attempt in spec.attempts:
                for key in keys.get(id(attempt), ()):
                    self.by_key[key].append((spec, attempt))
                if id(spec) in mapped:
                    groups[id(mapped[id(spec)])].append((spec, attempt))
                elif not keys.get(id(attempt)) and id(attempt) not in claimed:
                    free.append((spec, attempt))
        for ident, members in groups.items():
            for key in _matching(mappings[ident], written):
                self.by_mapping[key].extend(members)
        # A time-window link needs the only free attempt running: few, so a sorted scan.
        timed = [(sa[1].start, sa) for sa in free if sa[1].start and sa[1].end]
        timed.sort(key=lambda pair: pair[0])
        self.free = [sa for _, sa in timed]
        self._starts: list[datetime] = [start for start, _ in timed]

    def window(self, at: datetime, slack: float) -> list[tuple[Spec, Attempt]]:
        pad = timedelta(seconds=slack)
        last = bisect.bisect_right(self._starts, at + pad)
        return [sa for sa in self.free[:last] if _in_window(sa[1], at, slack)]


def _matching(mapping: SpecMapping, names: pl.Series) -> set[str]:
    """The written keys (each once) a mapping claims, by one vectorised match over them all."""
    if names.is_empty():
        return set()
    try:
        hits = names.str.contains("^(?:" + "|".join(mapping.keys) + ")$")
    except pl.exceptions.PolarsError:  # a regex only Python's engine takes
        return {k for k in names.to_list() if mapping.matches_key(k)}
    return set(names.filter(hits).to_list())


def link(
    write: Write, index: Index, claims: list[tuple[Spec, Attempt]], state: Correlation
) -> Pair:
    pair = Pair(write.key, write.path, write.basename, PairStatus.UNOBSERVED, write=write)
    if len(claims) > 1:
        claims = list({id(a): (s, a) for s, a in claims}.values())
    for how, found in (
        (LinkKind.KEY_MENTION, index.by_key.get(write.key)),
        (LinkKind.PACK_MAPPING, index.by_mapping.get(write.key)),
        (LinkKind.FILE_NAME, claims),
    ):
        if found:
            _choose(pair, how, found, write, state)
            return pair
    window = index.window(write.at, write.res)
    if len(window) == 1:
        # Only a candidate, never a link: ``statuses.settle`` decides whether to name it.
        spec, attempt = window[0]
        state.windows.setdefault(id(attempt), (spec, attempt, []))[2].append(pair)
    return pair


def _choose(
    pair: Pair, how: LinkKind, found: list[tuple[Spec, Attempt]], write: Write, state: Correlation
) -> None:
    pair.link = how
    if len(found) == 1:  # the usual case: no window, no rival, nothing to choose
        pair.spec, pair.attempt = found[0]
        return
    inside = [(s, a) for s, a in found if _in_window(a, write.at, write.res + 1.0)]
    pool = inside or found
    if len({id(s) for s, _ in pool}) > 1:
        # Several specs claim the key: prefer the one that started last before the write.
        names = sorted({s.name for s, _ in pool})
        pair.candidates = names
        state.warnings.append(
            f"{write.basename}: linked by {how} to {len(names)} specs; chose the one that "
            "started most recently before the write"
        )
    before = [(s, a) for s, a in pool if a.start is None or a.start <= write.at]
    best = max(before or pool, key=lambda sa: (sa[1].start or write.at, sa[1].number))
    pair.spec, pair.attempt = best
