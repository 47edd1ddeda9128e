"""The report's summary: counts, gap statistics, load and advice, built once (``report.build``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from loganalyzer.model.status import VerdictKind


@dataclass(frozen=True)
class SpecCounts:
    """Specs by state; suite setup nodes are not specs."""

    total: int = 0  # specs the test logs report on
    passed: int = 0  # passed on the first attempt
    failed: int = 0  # failed, panicked, timed out, interrupted, aborted
    flaky: int = 0  # failed, then passed on a retry
    skipped: int = 0  # skipped, pending, or not run at all
    not_run: int = 0  # counted by the suite's own totals but never started


@dataclass(frozen=True)
class GapPercentiles:
    """Seconds from write to observation over the observed files; null when none was seen."""

    p50: float | None = None  # median
    p90: float | None = None  # 90th percentile
    p99: float | None = None  # 99th percentile
    max: float | None = None  # the largest


@dataclass(frozen=True)
class HistogramBin:
    """Files per one-second gap bin: seen ones by best estimate, never-seen ones at least."""

    from_seconds: float  # the bin's start
    to_seconds: float  # its end (excluded)
    observed: int  # observed files whose gap falls in the bin
    unobserved_at_least: int  # never-seen files whose gap is at least the bin's start


@dataclass(frozen=True)
class LoadBucket:
    """Gaps of the files written while a range of specs were running."""

    concurrency: str  # specs running at the write: "5" or "5-7"
    writes: int  # files written in the range
    observed: int  # of which seen by their spec
    unobserved: int  # and never seen
    gap_p50: float | None  # median gap of the seen ones
    gap_p90: float | None  # their 90th percentile
    gap_max: float | None  # their largest gap
    unobserved_gap_at_least: float | None  # the largest lower bound among never-seen files


@dataclass(frozen=True)
class Load:
    """Does the gap grow with the number of specs running?"""

    buckets: list[LoadBucket] = field(default_factory=list)
    spearman: float | None = None  # rank correlation of concurrency and gap
    points: int = 0  # writes with both a concurrency and a gap
    finding: str = ""  # one plain sentence on it


@dataclass(frozen=True)
class ClockSkew:
    """How far the test clock lags the controller's, and what to do about it."""

    applied_seconds: float = 0.0  # the --skew given
    test_behind_at_least_seconds: float | None = None  # observations before their writes
    advice: str | None = None  # what to pass to correct it


@dataclass(frozen=True)
class Summary:
    """What the run amounts to; ``report.build`` makes it once, every renderer reads it."""

    writes: int = 0  # writes in the controller logs
    observed: int = 0  # seen by the spec that waited for them
    unobserved: int = 0  # never seen by their spec
    orphans: int = 0  # seen by a test, never written
    skewed: int = 0  # observations dated before their write (clock skew)
    specs: SpecCounts = field(default_factory=SpecCounts)
    verdicts: dict[VerdictKind, int] = field(default_factory=dict)  # failed specs per verdict
    gap_seconds: GapPercentiles = field(default_factory=GapPercentiles)
    test_zone: str | None = None  # the zone(s) the test logs' times were read in
    suite_failures: list[str] = field(default_factory=list)  # failed suite setup nodes
    gap_histogram: list[HistogramBin] = field(default_factory=list)
    load: Load = field(default_factory=Load)
    recommended_timeout_seconds: float | None = None  # the wait that covers every seen file
    poll_interval_seconds: float = 1.0  # the test's poll, added to that wait
    poll_interval_source: str = "assumed"  # where the poll interval came from
    sentence: str = ""  # the recommendation, in words
    clock_skew: ClockSkew = field(default_factory=ClockSkew)
