"""What a test log says: specs, their attempts, and each output line with its time bracket.

Times are UTC. A line printed with its own stamp has ``at``; every line also has
``lo``/``hi``, the interval it was printed in (``at`` plus its resolution for
timed lines, the neighbouring timed lines for GinkgoWriter output).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import astuple, dataclass, field
from datetime import datetime, timedelta
from functools import cache
from typing import Final

from loganalyzer.model.status import SpecState

# The readers in formats/ spell states with these names; each is a SpecState member,
# typed as the plain text the readers assign to ``Spec.state``. Logic uses ``Spec.outcome``.
PASSED: Final[str] = SpecState.PASSED
FAILED: Final[str] = SpecState.FAILED
FLAKY: Final[str] = SpecState.FLAKY
SKIPPED: Final[str] = SpecState.SKIPPED
PENDING: Final[str] = SpecState.PENDING
PROCESS_RE = re.compile(r"\bprocess[-_ #]?(\d{1,3})\b", re.IGNORECASE)


@cache
def _span(seconds: float) -> timedelta:
    # A log has a few resolutions and a million lines: make each timedelta once.
    return timedelta(seconds=seconds)


@dataclass
class TestLine:
    """One line of a spec's output."""

    line_no: int
    text: str
    kind: str  # step, end-step, failure, failure-at, retry, node, entry, stamped, writer
    at: datetime | None = None
    res: float = 0.0
    lo: datetime | None = None
    hi: datetime | None = None
    detail: str | None = None  # a STEP's text, a failure's location
    restated: bool = False  # printed after the timeline, repeating an earlier time

    @property
    def timed(self) -> bool:
        return self.at is not None

    @property
    def latest(self) -> datetime | None:
        """The latest instant the line can have been printed at."""
        if self.at is not None:
            return self.at + _span(self.res)
        return self.hi


@dataclass
class Attempt:
    """One run of a spec; a retried spec has several, each judged on its own."""

    number: int
    lines: list[TestLine] = field(default_factory=list)
    passed: bool = True
    deadline: datetime | None = None
    deadline_line: int | None = None
    wait_seconds: float | None = None
    start: datetime | None = None  # earliest possible start
    end: datetime | None = None  # latest possible end
    failed_keys: set[str] = field(default_factory=set)  # keys its failure message names


@dataclass
class Spec:
    """One spec (or suite node) from a test log."""

    name: str
    state: str  # as the reader spelled it: a SpecState value; ``outcome`` is the typed one
    source: str
    line_no: int
    location: str = ""
    duration: float | None = None
    process: int | None = None
    suite_node: str | None = None
    attempts: list[Attempt] = field(default_factory=list)
    failure_message: str = ""
    failure_location: str = ""
    exact: bool = False  # the report states start and end exactly (Ginkgo JSON)

    @property
    def outcome(self) -> SpecState:
        return SpecState.of(self.state)

    @property
    def failed(self) -> bool:
        return self.outcome.failed

    @property
    def start(self) -> datetime | None:
        return self.attempts[0].start if self.attempts else None

    def running(self) -> tuple[datetime, datetime] | None:
        """A point estimate of when the spec ran: from its first stamp for its runtime.

        ``start``/``end`` are safe bounds and too wide for counting concurrent specs.
        """
        if self.exact and self.start is not None and self.end is not None:
            return self.start, self.end
        timed = [ln.at for a in self.attempts for ln in a.lines if ln.at is not None]
        if not timed:
            return None
        first, last = min(timed), max(timed)
        if self.duration is None:
            return first, last
        return first, max(last, first + timedelta(seconds=self.duration))

    @property
    def end(self) -> datetime | None:
        return self.attempts[-1].end if self.attempts else None


@dataclass
class TestLog:
    """A parsed test log: its specs, suite nodes and line accounting."""

    source: str
    specs: list[Spec]
    suite_nodes: list[Spec]
    lines: int
    used: int
    skip_reasons: dict[str, int]
    zone: str
    warnings: list[str]
    summary: dict[str, int]
    # The file's own counters (COUNTERS keys), as it states them; empty when it has none.
    counters: dict[str, int] = field(default_factory=dict)
    # Specs seen only as progress marks (non-verbose ``•``, ``S``, ``P``): state -> count.
    marks: dict[str, int] = field(default_factory=dict)
    # The UTC offset its times were written in, when the file states it exactly.
    offset: timedelta | None = None

    @property
    def skipped(self) -> int:
        return sum(self.skip_reasons.values())

    def parsed(self) -> dict[str, int]:
        """What was read, in the counters' terms (Ginkgo's: "passed" includes "flaked").

        >>> log = TestLog("g.log", [], [], 0, 0, {}, "UTC", [], {}, marks={"passed": 3})
        >>> log.parsed()["ran"], log.parsed()["passed"]
        (3, 3)
        """
        states = Counter(s.outcome for s in self.specs)
        flaked = states[SpecState.FLAKY]
        passed = states[SpecState.PASSED] + flaked + self.marks.get(PASSED, 0)
        pending = states[SpecState.PENDING] + self.marks.get(PENDING, 0)
        skipped = states[SpecState.SKIPPED] + self.marks.get(SKIPPED, 0)
        failed = sum(n for state, n in states.items() if state.failed)
        ran = passed + failed
        counts = dict(ran=ran, passed=passed, failed=failed, flaked=flaked,
                      pending=pending, skipped=skipped)  # fmt: skip
        return {"specs": ran + pending + skipped, **counts}

    def disagreements(self) -> list[tuple[str, int, int]]:
        """``(counter, parsed, stated)`` for each counter the parsed specs contradict.

        ``specs`` (every spec the file lists) must match exactly; ``total`` (the suite's
        specs, "of M") bounds what was read. Skipped and pending specs need not be printed
        (a console log shows no filtered-out spec), so fewer of them is no contradiction.
        """
        got = self.parsed()
        got["total"] = got["specs"]
        out = []
        for name in COUNTERS:
            if name not in self.counters:
                continue
            stated, parsed = self.counters[name], got[name]
            loose = name in ("total", "pending", "skipped") and "specs" not in self.counters
            if parsed > stated if loose else parsed != stated:
                out.append((name, parsed, stated))
        return out

    def tally(self) -> Tally:
        """The log's spec counts: its own counters where it has them, else what was read."""
        got, said = self.parsed(), self.counters
        passed = said.get("passed", got["passed"])
        flaked = said.get("flaked", got["flaked"])
        failed = said.get("failed", got["failed"])
        ran = said.get("ran", passed + failed)
        if "passed" not in said and "failed" not in said and ran != got["ran"]:
            # Only "Ran N of M": the specs not read passed or failed, nobody knows which.
            passed, failed = max(ran - got["failed"], 0), got["failed"]
        total = said.get("total", said.get("specs", got["specs"]))
        unrun = max(total - ran, 0)
        if "pending" in said or "skipped" in said:
            unrun = said.get("pending", got["pending"]) + said.get("skipped", got["skipped"])
        unrun = max(unrun, total - ran, got["pending"] + got["skipped"])
        return Tally(ran=ran, passed=passed - flaked, flaky=flaked, failed=failed,
                     not_run=unrun)  # fmt: skip


# The counters a test log can state: "specs" it lists (a report's entries), "total"
# ("Ran N of M": M), "ran" (N), and Ginkgo's "P Passed | F Failed | K Flaked | X Pending |
# S Skipped" (Passed includes the flaked ones).
COUNTERS = ("specs", "total", "ran", "passed", "failed", "flaked", "pending", "skipped")


@dataclass(frozen=True)
class Tally:
    """Spec counts of one run: ``ran`` = passed + flaky + failed; ``not_run`` never started."""

    ran: int = 0
    passed: int = 0  # on the first attempt
    flaky: int = 0
    failed: int = 0
    not_run: int = 0  # skipped, pending or filtered out

    def __add__(self, other: Tally) -> Tally:
        return Tally(*(a + b for a, b in zip(astuple(self), astuple(other), strict=True)))


def finish(spec: Spec) -> None:
    """Set each attempt's window, bracket every untimed line, and find the process.

    Every test format calls this once a spec's attempts and lines are read.
    """
    timed = [
        ln.at for a in spec.attempts for ln in a.lines if ln.at is not None and not ln.restated
    ]
    restated = [ln.at for a in spec.attempts for ln in a.lines if ln.at is not None and ln.restated]
    spec_start: datetime | None
    spec_end: datetime | None
    if not timed and restated:
        # Only the failure's time, printed after the fact: it is the end, not the start.
        spec_end = max(restated) + timedelta(milliseconds=1)
        spec_start = spec_end - timedelta(seconds=spec.duration or 0.0)
    elif timed and spec.duration is not None:
        span = timedelta(seconds=spec.duration)
        spec_start, spec_end = max(timed) - span, min(timed) + span
        spec_end = max(spec_end, max(timed) + timedelta(milliseconds=1))
    elif timed:
        spec_start, spec_end = min(timed), max(timed) + timedelta(milliseconds=1)
    else:
        spec_start = spec_end = None
    for n, attempt in enumerate(spec.attempts):
        own = [line.at for line in attempt.lines if line.at is not None]
        attempt.start = spec_start if n == 0 else (min(own) if own else None)
        nxt = spec.attempts[n + 1] if n + 1 < len(spec.attempts) else None
        next_own = [ln.at for ln in nxt.lines if ln.at is not None] if nxt else []
        attempt.end = min(next_own) if next_own else spec_end
        if n > 0 and attempt.start is None:
            attempt.start = spec.attempts[n - 1].end
        bracket(attempt)
    if spec.process is None:
        spec.process = _process_of(spec)


def bracket(attempt: Attempt) -> None:
    """Bracket every untimed line by the timed lines (or the attempt's edges) around it."""
    prev = attempt.start
    for line in attempt.lines:
        if line.at is not None:
            line.lo, line.hi = line.at, line.at + timedelta(seconds=line.res)
            if not line.restated:
                prev = line.at
        else:
            line.lo = prev
    nxt = attempt.end
    for line in reversed(attempt.lines):
        if line.at is not None:
            if not line.restated:
                nxt = line.at + timedelta(seconds=line.res)
        else:
            line.hi = max(nxt, line.lo) if nxt is not None and line.lo is not None else nxt


def _process_of(spec: Spec) -> int | None:
    votes: Counter[int] = Counter()
    for attempt in spec.attempts:
        for line in attempt.lines:
            for number in PROCESS_RE.findall(line.text):
                votes[int(number)] += 1
    return votes.most_common(1)[0][0] if votes else None


def shift(log: TestLog, delta: timedelta) -> None:
    """Move every time of a test log by ``delta`` (``--skew``: its clock was that far behind)."""
    for spec in log.specs + log.suite_nodes:
        for attempt in spec.attempts:
            attempt.start = attempt.start + delta if attempt.start else None
            attempt.end = attempt.end + delta if attempt.end else None
            attempt.deadline = attempt.deadline + delta if attempt.deadline else None
            for line in attempt.lines:
                line.at = line.at + delta if line.at else None
                line.lo = line.lo + delta if line.lo else None
                line.hi = line.hi + delta if line.hi else None
