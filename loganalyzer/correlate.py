"""Writes <-> observations: link every written file to the spec attempt that waited for it.

Links, strongest first (see DESIGN §5): the key named in the spec's own output,
a pack's spec-to-key mapping, the file name mentioned while the spec was still
waiting, and finally the only spec running when the file was written.
"""

from __future__ import annotations

import bisect
import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

import polars as pl
import regex

from loganalyzer.mentions import MentionFinder
from loganalyzer.patterns import Pack, SpecMapping
from loganalyzer.specs import Attempt, Spec, TestLine, TestLog

KEY_MENTION, PACK_MAPPING, FILE_NAME, TIME_WINDOW = (
    "key-mention",
    "pack-mapping",
    "file-name",
    "time-window",
)
EXACT, BRACKETED, LOOSE = "exact", "bracketed", "loose"


@dataclass(frozen=True)
class Evidence:
    """A line that supports a conclusion, cited as ``source:line``."""

    source: str
    line: int
    text: str

    def cite(self) -> str:
        return f"{self.source}:{self.line}"


@dataclass
class Write:
    key: str
    path: str
    basename: str
    at: datetime
    res: float
    evidence: Evidence


@dataclass
class Sighting:
    at: datetime
    spec: str
    evidence: Evidence


@dataclass
class Pair:
    """One written file from the waiting spec's point of view (or an orphan observation)."""

    key: str | None
    path: str
    basename: str
    status: str  # observed | unobserved | orphan
    write: Write | None = None
    spec: Spec | None = None
    attempt: Attempt | None = None
    link: str | None = None
    candidates: list[str] = field(default_factory=list)
    observation: str | None = None  # exact | bracketed | loose
    seen_after: datetime | None = None
    seen_by: datetime | None = None
    observed_evidence: Evidence | None = None
    wait_start: datetime | None = None
    sighting: Sighting | None = None
    skew_seconds: float | None = None
    note: str = ""

    @property
    def spec_name(self) -> str | None:
        return self.spec.name if self.spec else None

    @property
    def deadline(self) -> datetime | None:
        return self.attempt.deadline if self.attempt and not self.attempt.passed else None


@dataclass
class Correlation:
    pairs: list[Pair]
    specs: list[Spec]
    suite_nodes: list[Spec]
    writes: list[Write]
    links: dict[int, list[Pair]]  # id(attempt) -> pairs linked to it
    mapped: dict[int, SpecMapping]  # id(spec) -> its pack mapping
    waited: dict[int, TestLine | None]  # id(attempt) -> its wait step line
    warnings: list[str]
    skew_seconds: float | None = None  # the test clock is at least this far behind


@dataclass
class _Seen:
    spec: Spec
    attempt: Attempt
    line: TestLine


def correlate(events: pl.DataFrame, logs: Iterable[TestLog], packs: list[Pack]) -> Correlation:
    """Pair writes with observations and sightings; returns pairs and per-attempt links."""
    logs = list(logs)
    writes = _writes(events)
    known = set(events.filter(pl.col("key").is_not_null()).get_column("key").to_list())
    specs = [s for log in logs for s in log.specs]
    suite = [s for log in logs for s in log.suite_nodes]
    shapes = sorted({e.file_name for p in packs for e in p.events if e.file_name})
    finder = MentionFinder([w.basename for w in writes], known, shapes)
    key_of = {w.basename: w.key for w in writes}
    files, named, keys = _scan(specs + suite, finder, key_of)
    mapped = {id(s): m for s in specs if (m := _mapping(s, packs)) is not None}
    waited = {id(a): _wait_step(s, a, mapped.get(id(s)), packs) for s in specs for a in s.attempts}
    state = Correlation([], specs, suite, writes, defaultdict(list), mapped, waited, [])
    index = _Index(specs, keys, mapped, {w.key for w in writes})
    for write in writes:
        seen = [s for s in files.get(write.basename, []) if _waiting(s)]
        claims = [
            (s.spec, s.attempt)
            for s in seen + named.get(write.basename, [])
            if not s.spec.suite_node
        ]
        pair = _link(write, index, claims, state)
        step = waited.get(id(pair.attempt)) if pair.attempt else None
        _observe(pair, files.get(write.basename, []), step, mapped.get(id(pair.spec)))
        state.pairs.append(pair)
        if pair.attempt is not None:
            state.links[id(pair.attempt)].append(pair)
    state.pairs.extend(_orphans(files, {w.basename for w in writes}, shapes))
    _check_skew(state)
    return state


def _scan(
    specs: list[Spec], finder: MentionFinder, key_of: dict[str, str]
) -> tuple[dict[str, list[_Seen]], dict[str, list[_Seen]], dict[int, set[str]]]:
    """File names seen, file names a failure message names, and keys named, per attempt.

    A failure message naming a file ("file X not found") ties the spec to that file
    but is no evidence that the file was visible.
    """
    files: dict[str, list[_Seen]] = defaultdict(list)
    named: dict[str, list[_Seen]] = defaultdict(list)
    keys: dict[int, set[str]] = defaultdict(set)
    for spec in specs:
        for attempt in spec.attempts:
            for line in attempt.lines:
                failure = line.kind == "failure-message"
                for mention in finder.find(line.text):
                    if mention.basename:
                        target = named if failure else files
                        target[mention.basename].append(_Seen(spec, attempt, line))
                        if failure and mention.basename in key_of:
                            attempt.failed_keys.add(key_of[mention.basename])
                    elif mention.key and not spec.suite_node:
                        keys[id(attempt)].add(mention.key)
                        if failure:
                            attempt.failed_keys.add(mention.key)
    return files, named, keys


def _writes(events: pl.DataFrame) -> list[Write]:
    """One Write per file: the same base name logged twice is the same file."""
    frame = (
        events.filter((pl.col("kind") == "write") & pl.col("basename").is_not_null())
        .sort(["at", "source", "line_no"])
        .unique(subset=["basename"], keep="first", maintain_order=True)
    )
    return [
        Write(
            r["key"],
            r["path"],
            r["basename"],
            r["at"],
            r["res"],
            Evidence(r["source"], r["line_no"], r["text"]),
        )
        for r in frame.iter_rows(named=True)
    ]


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
        if line.kind == "step" and line.detail and any(regex.search(w, line.detail) for w in waits):
            return line
    return None


def _waiting(seen: _Seen) -> bool:
    """Was the spec still waiting when it printed this line (not a dump after its deadline)?"""
    attempt = seen.attempt
    if attempt.passed or attempt.deadline_line is None:
        return True
    return seen.line.line_no < attempt.deadline_line


def _in_window(attempt: Attempt, at: datetime, slack: float) -> bool:
    pad = timedelta(seconds=slack)
    start = attempt.start or datetime.min.replace(tzinfo=at.tzinfo)
    end = attempt.end or datetime.max.replace(tzinfo=at.tzinfo)
    return start - pad <= at <= end + pad


class _Index:
    """Which attempts name a key, which map to it, and which are free for a time-window link.

    Built once, so that linking a write costs lookups, not a scan of every attempt.
    """

    def __init__(
        self,
        specs: list[Spec],
        keys: dict[int, set[str]],
        mapped: dict[int, SpecMapping],
        written: set[str],
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
                elif not keys.get(id(attempt)):
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


def _matching(mapping: SpecMapping, keys: set[str]) -> set[str]:
    """The written keys a mapping claims, by one vectorised match over all of them."""
    names = sorted(keys)
    if not names:
        return set()
    try:
        hits = pl.Series(names).str.contains("^(?:" + "|".join(mapping.keys) + ")$")
    except pl.exceptions.PolarsError:  # a regex only Python's engine takes
        return {k for k in names if mapping.matches_key(k)}
    return {k for k, hit in zip(names, hits.to_list(), strict=True) if hit}


def _link(
    write: Write, index: _Index, claims: list[tuple[Spec, Attempt]], state: Correlation
) -> Pair:
    pair = Pair(write.key, write.path, write.basename, "unobserved", write=write)
    unique_claims = list({id(a): (s, a) for s, a in claims}.values())
    tiers = [
        (KEY_MENTION, index.by_key.get(write.key, [])),
        (PACK_MAPPING, index.by_mapping.get(write.key, [])),
        (FILE_NAME, unique_claims),
    ]
    for how, found in tiers:
        if found:
            _choose(pair, how, found, write, state)
            return pair
    window = index.window(write.at, write.res)
    if len(window) == 1:
        pair.spec, pair.attempt = window[0]
        pair.link = TIME_WINDOW
    return pair


def _choose(
    pair: Pair, how: str, found: list[tuple[Spec, Attempt]], write: Write, state: Correlation
) -> None:
    inside = [(s, a) for s, a in found if _in_window(a, write.at, write.res + 1.0)]
    pool = inside or found
    pair.link = how
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


def _observe(
    pair: Pair, seen: list[_Seen], step: TestLine | None, mapping: SpecMapping | None
) -> None:
    """Decide observed/unobserved for a linked write, and find its first sighting."""
    attempt, write = pair.attempt, pair.write
    assert write is not None
    own = [s for s in seen if attempt is not None and s.attempt is attempt and _waiting(s)]
    if own:
        first = min(own, key=lambda s: (s.line.lo or write.at, s.line.line_no))
        pair.status = "observed"
        pair.observation = EXACT if first.line.timed else BRACKETED
        pair.seen_after, pair.seen_by = first.line.lo, first.line.latest
        pair.observed_evidence = Evidence(first.spec.source, first.line.line_no, first.line.text)
    elif attempt is not None:
        _unmentioned(pair, attempt, step, mapping)
    _sight(pair, seen)


def _unmentioned(
    pair: Pair, attempt: Attempt, step: TestLine | None, mapping: SpecMapping | None
) -> None:
    """Judge a file its spec never named: from the wait step, the spec's fate, the key order."""
    write = pair.write
    assert write is not None
    source = pair.spec.source if pair.spec else ""
    poll = None
    if attempt.deadline is not None and attempt.wait_seconds:
        # "Timed out after 5.001s" dates the start of the poll that failed; the deadline's
        # stamp is truncated, so the poll began before the stamp's end minus the wait.
        res = next((ln.res for ln in attempt.lines if ln.line_no == attempt.deadline_line), 0.0)
        poll = attempt.deadline + timedelta(seconds=res - attempt.wait_seconds)
    pair.wait_start = poll or (step.at if step else None)
    if attempt.passed and step is not None:
        pair.status, pair.observation = "observed", BRACKETED
        pair.seen_after, pair.seen_by = step.at, _next_event(attempt, step)
        pair.observed_evidence = Evidence(source, step.line_no, step.text)
    elif attempt.passed:
        pair.status, pair.observation = "observed", LOOSE
        pair.seen_after = max(write.at, attempt.start) if attempt.start else write.at
        pair.seen_by = attempt.end
    elif attempt.failed_keys and pair.key not in attempt.failed_keys:
        failed = ", ".join(sorted(attempt.failed_keys))
        order = _order(mapping, pair.key, attempt.failed_keys)
        if order == "before" and step is not None:
            # The spec waits for its keys in turn: this one was seen before it moved on.
            pair.status, pair.observation = "observed", BRACKETED
            pair.seen_after, pair.seen_by = step.at, poll or attempt.deadline
            pair.observed_evidence = Evidence(source, step.line_no, step.text)
            pair.note = f"seen before the spec went on to wait for {failed}"
        elif order == "after":
            pair.note = f"never waited for: the spec failed first, waiting for {failed}"
        else:
            pair.note = (
                f"the spec failed waiting for {failed}; whether it waited for this is unknown"
            )


def _order(mapping: SpecMapping | None, key: str | None, failed: set[str]) -> str | None:
    """Is ``key`` waited for before or after the failed keys, in an ordered mapping?"""
    if mapping is None or not mapping.ordered or key is None:
        return None
    mine = mapping.position(key)
    theirs = [p for k in failed if (p := mapping.position(k)) is not None]
    if mine is None or not theirs:
        return None
    return "before" if mine < min(theirs) else "after" if mine > min(theirs) else None


def _sight(pair: Pair, seen: list[_Seen]) -> None:
    """The earliest mention that is not the observation: the file was visible by then."""
    write = pair.write
    assert write is not None
    others = [
        s
        for s in seen
        if not (
            pair.observed_evidence
            and s.line.line_no == pair.observed_evidence.line
            and s.attempt is pair.attempt
        )
    ]
    if others:
        first = min(others, key=lambda s: (s.line.latest or write.at, s.line.line_no))
        at = first.line.latest
        if at is not None:
            pair.sighting = Sighting(
                at,
                first.spec.name,
                Evidence(first.spec.source, first.line.line_no, first.line.text),
            )


def _next_event(attempt: Attempt, step: TestLine) -> datetime | None:
    """The next timed line after ``step`` in print order (line numbers may repeat)."""
    after = attempt.lines[attempt.lines.index(step) + 1 :]
    later = [ln for ln in after if ln.timed and not ln.restated]
    return later[0].latest if later else attempt.end


def _orphans(files: dict[str, list[_Seen]], written: set[str], shapes: list[str]) -> list[Pair]:
    """File names the tests saw that no controller log says were written."""
    pairs = []
    for basename, seen in sorted(files.items()):
        if basename in written or not seen:
            continue
        key = None
        for shape in shapes:
            match = regex.fullmatch(shape, basename)
            if match and "key" in match.groupdict():
                key = match.group("key")
                break
        first = min(seen, key=lambda s: (s.spec.source, s.line.line_no))
        pair = Pair(
            key,
            basename,
            basename,
            "orphan",
            spec=first.spec,
            attempt=first.attempt,
            link=FILE_NAME,
        )
        pair.observation = EXACT if first.line.timed else BRACKETED
        pair.seen_after, pair.seen_by = first.line.lo, first.line.latest
        pair.observed_evidence = Evidence(first.spec.source, first.line.line_no, first.line.text)
        pairs.append(pair)
    return pairs


def _check_skew(state: Correlation) -> None:
    """An observation before its write is clock skew or a wrong zone, never a latency."""
    worst = 0.0
    count = 0
    for pair in state.pairs:
        if pair.write is None or pair.status != "observed" or pair.seen_by is None:
            continue
        ahead = (pair.write.at - pair.seen_by).total_seconds()
        if ahead > 0:
            pair.skew_seconds = ahead
            worst, count = max(worst, ahead), count + 1
    if count:
        state.skew_seconds = worst
        state.warnings.append(
            f"{count} observation(s) precede their writes (by up to {worst:.3f} s): clock skew "
            "between controller and test machines, or a wrong zone for the test log; "
            f"{skew_advice(worst)}; those gaps are not reported"
        )


def skew_advice(ahead: float) -> str:
    """What to pass to correct a test clock at least ``ahead`` seconds behind the controller's.

    >>> skew_advice(18000.4)
    'the offset is about 5 h: check the test log\'s zone (--test-tz)'
    >>> skew_advice(7.31)
    'the test clock is at least 7.310 s behind: try --skew 7.4s'
    """
    hours = round(ahead / 3600)
    if hours and abs(ahead - hours * 3600) < 120:
        return f"the offset is about {hours} h: check the test log's zone (--test-tz)"
    return (
        f"the test clock is at least {ahead:.3f} s behind: try --skew {math.ceil(ahead * 10) / 10}s"
    )
