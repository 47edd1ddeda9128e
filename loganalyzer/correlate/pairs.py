"""What correlation produces: writes, pairs, sightings and the evidence behind them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, NamedTuple

from loganalyzer.extract.packs import SpecMapping
from loganalyzer.model.specs import Attempt, Spec, TestLine
from loganalyzer.model.status import LinkKind, ObservationKind, PairStatus

if TYPE_CHECKING:
    import polars as pl


def cite(source: str, line: int) -> str:
    """A line's place as reports give it: ``source:line``."""
    return f"{source}:{line}"


class Evidence(NamedTuple):
    """A line that supports a conclusion, cited as ``source:line``."""

    source: str
    line: int
    text: str
    at: datetime | None = None  # when the line says it happened, in UTC

    def cite(self) -> str:
        return cite(self.source, self.line)


@dataclass(slots=True)
class Write:
    key: str
    path: str
    basename: str
    at: datetime
    res: float
    source: str
    line: int
    index: int  # its place among the writes, in time order

    @property
    def evidence(self) -> Evidence:
        """The write's log line, cited by place: diagnose quotes the few it shows."""
        return Evidence(self.source, self.line, "", self.at)


@dataclass(slots=True)
class Sighting:
    at: datetime
    spec: str | None  # the spec whose output named it; None: another log's observation event
    evidence: Evidence


@dataclass(slots=True)
class Pair:
    """One written file from the waiting spec's point of view (or an orphan observation)."""

    key: str | None
    path: str
    basename: str
    status: PairStatus
    write: Write | None = None
    spec: Spec | None = None
    attempt: Attempt | None = None
    link: LinkKind | None = None
    candidates: list[str] = field(default_factory=list)
    observation: ObservationKind | None = None
    seen_after: datetime | None = None
    seen_by: datetime | None = None
    observed_line: TestLine | None = None  # the waiting spec's line that saw the file
    wait_start: datetime | None = None
    sighting: Sighting | None = None
    skew_seconds: float | None = None
    note: str = ""
    logged: Evidence | None = None  # an orphan's observation in a log other than the tests'

    @property
    def spec_name(self) -> str | None:
        return self.spec.name if self.spec else None

    def cite_observation(self) -> str | None:
        """``source:line`` of the observation, without building its Evidence."""
        line = self.observed_line
        if line is None:
            return self.logged.cite() if self.logged is not None else None
        return cite(self.spec.source if self.spec else "", line.line_no)

    @property
    def deadline(self) -> datetime | None:
        return self.attempt.deadline if self.attempt and not self.attempt.passed else None


@dataclass
class Correlation:
    pairs: list[Pair]
    specs: list[Spec]
    suite_nodes: list[Spec]
    writes: list[Write]  # the files some evidence touched, as objects
    links: dict[int, list[Pair]]  # id(attempt) -> pairs linked to it
    mapped: dict[int, SpecMapping]  # id(spec) -> its pack mapping
    waited: dict[int, TestLine | None]  # id(attempt) -> its wait step line
    warnings: list[str]
    skew_seconds: float | None = None  # the test clock is at least this far behind
    # id(attempt) -> (spec, attempt, writes in its window that nothing else linked): a time
    # window is no evidence, at most a candidate (``statuses.settle``)
    windows: dict[int, tuple[Spec, Attempt, list[Pair]]] = field(default_factory=dict)
    named_keys: dict[int, set[str]] = field(default_factory=dict)  # id(attempt) -> keys it names
    controllers: bool = True  # a controller log was read: writes (and orphans) are known
    tests: bool = True  # a test log was read: what the specs saw is known
    # The other files, as ``written.COLUMNS``: nothing links, observes or sights them.
    quiet: pl.DataFrame | None = None

    @property
    def quiet_status(self) -> PairStatus:
        """The status of every quiet file: nobody waited for it, unless the test side is
        unknown."""
        return PairStatus.NOT_WAITED if self.tests else PairStatus.UNKNOWN

    @property
    def written(self) -> int:
        """How many files were written."""
        return len(self.writes) + (self.quiet.height if self.quiet is not None else 0)

    def unwritten(self, keys: Iterable[str]) -> set[str]:
        """The ``keys`` that no file was written for."""
        asked = set(keys) - {w.key for w in self.writes}
        if asked and self.quiet is not None and self.quiet.height:
            import polars as pl

            column = self.quiet.get_column("key")
            asked -= set(column.filter(column.is_in(pl.Series(list(asked)).implode())).to_list())
        return asked


@dataclass(slots=True)
class Seen:
    spec: Spec
    attempt: Attempt
    line: TestLine


def waiting(seen: Seen) -> bool:
    """Was the spec still waiting when it printed this line (not a dump after its deadline)?"""
    attempt = seen.attempt
    if attempt.passed or attempt.deadline_line is None:
        return True
    return seen.line.line_no < attempt.deadline_line
