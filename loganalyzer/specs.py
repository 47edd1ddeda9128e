"""What a test log says: specs, their attempts, and each output line with its time bracket.

Times are UTC. A line printed with its own stamp has ``at``; every line also has
``lo``/``hi``, the interval it was printed in (``at`` plus its resolution for
timed lines, the neighbouring timed lines for GinkgoWriter output).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

PASSED, FAILED, FLAKY, SKIPPED, PENDING = "passed", "failed", "flaky", "skipped", "pending"


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

    @property
    def timed(self) -> bool:
        return self.at is not None

    @property
    def latest(self) -> datetime | None:
        """The latest instant the line can have been printed at."""
        if self.at is not None:
            return self.at + timedelta(seconds=self.res)
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
    state: str
    source: str
    line_no: int
    location: str = ""
    duration: float | None = None
    process: int | None = None
    suite_node: str | None = None
    attempts: list[Attempt] = field(default_factory=list)
    failure_message: str = ""
    failure_location: str = ""

    @property
    def failed(self) -> bool:
        return self.state not in (PASSED, FLAKY, SKIPPED, PENDING)

    @property
    def start(self) -> datetime | None:
        return self.attempts[0].start if self.attempts else None

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

    @property
    def skipped(self) -> int:
        return sum(self.skip_reasons.values())
