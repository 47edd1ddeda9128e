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
class GapBound:
    """One percentile of a gap, bounded over every waited-for file (never-seen ones included)."""

    low: float | None = None  # the percentile is at least this; null when no file was waited for
    high: float | None = None  # and at most this; null: unbounded (a never-seen file reaches it)
    best: float | None = None  # best estimate over the seen files alone (not a bound)


@dataclass(frozen=True)
class GapPercentiles:
    """Percentiles of a gap in seconds over the waited-for files, as bounds; files never seen
    count with their lower bound (right-censored), so the upper bound can be unbounded."""

    files: int = 0  # waited-for files counted (observed, unobserved, undetermined)
    unbounded: int = 0  # of which with no upper bound: never seen by their spec (nor sighted)
    p50: GapBound = field(default_factory=GapBound)  # median
    p90: GapBound = field(default_factory=GapBound)  # 90th percentile
    p99: GapBound = field(default_factory=GapBound)  # 99th percentile
    max: GapBound = field(default_factory=GapBound)  # the largest


@dataclass(frozen=True)
class Coverage:
    """The wait that covers a share of the files: Kaplan–Meier on the time from the start of a
    spec's wait to its observation, files never seen right-censored at their lower bound."""

    files: int = 0  # waited-for files with a known wait
    never_seen: int = 0  # of which never seen by their spec (right-censored)
    wait_95_low: float | None = None  # the wait covering 95% is at least this
    wait_95_high: float | None = None  # and at most this; null: unbounded by this run
    wait_95_estimate: float | None = None  # Kaplan–Meier's estimate; null: the curve stops short
    wait_99_low: float | None = None  # the wait covering 99% is at least this
    wait_99_high: float | None = None  # and at most this; null: unbounded by this run
    wait_99_estimate: float | None = None  # Kaplan–Meier's estimate; null: the curve stops short
    safe: bool = False  # false when no file was waited for or more than 20% were never seen


@dataclass(frozen=True)
class Decision:
    """How many specs at once the current wait holds, and what this run's concurrency needs."""

    current_wait_seconds: float | None = None  # the specs' timeout, from failure messages
    holds_up_to: int | None = None  # most specs running at which that wait covered 95% of files
    concurrency: int | None = None  # this run's own: parallel processes (Ginkgo --procs)
    needed_low: float | None = None  # the wait covering 95% at that concurrency: at least
    needed_high: float | None = None  # and at most (null: unbounded by this run)
    sentence: str = ""  # the answer, in words


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

    applied_seconds: float = 0.0  # the --skew given, added to every test time
    test_behind_at_least_seconds: float | None = None  # observations before their writes
    advice: str | None = None  # a bound on the --skew needed, or the zone to check
    zone_guessed: bool = False  # the test log's zone was guessed (this machine's)
    unreliable: str | None = None  # why verdicts are unreliable (a guessed zone, hours off)


@dataclass(frozen=True)
class FailOn:
    """A ``--fail-on`` condition that this run met."""

    condition: str  # as given: unobserved, failed, verdict=NAME, gap>4s, …
    count: int  # the files or specs that met it


@dataclass(frozen=True)
class Summary:
    """What the run amounts to; ``report.build`` makes it once, every renderer reads it."""

    # Counts are null where they cannot be known: a side (controller or test logs) is absent.
    writes: int | None = 0  # writes in the controller logs
    observed: int | None = 0  # seen by the spec that waited for them
    unobserved: int | None = 0  # their spec waited and gave up first
    visible_later: int | None = 0  # of those, sighted (visible by then) yet missed in time
    undetermined: int | None = 0  # a failed wait for several keys; which was missing is unknown
    not_waited: int | None = 0  # no spec waited for them
    orphans: int | None = 0  # seen by a test, never written
    skewed: int = 0  # observations dated before their write (clock skew)
    specs: SpecCounts = field(default_factory=SpecCounts)
    verdicts: dict[VerdictKind, int] = field(default_factory=dict)  # failed specs per verdict
    # Seen gap: write to the waiting spec's observation.
    gap_seconds: GapPercentiles = field(default_factory=GapPercentiles)
    # Visibility gap: write to when the file could be seen (up to one poll before it was).
    visibility_gap_seconds: GapPercentiles = field(default_factory=GapPercentiles)
    test_zone: str | None = None  # the zone, or zones, the test logs' times were read in
    suite_failures: list[str] = field(default_factory=list)  # failed suite setup nodes
    gap_histogram: list[HistogramBin] = field(default_factory=list)
    load: Load = field(default_factory=Load)
    coverage: Coverage = field(default_factory=Coverage)  # the wait that covers 95% and 99%
    recommended_timeout_seconds: float | None = None  # covers 95% (upper bound); null: no safe one
    poll_interval_seconds: float = 1.0  # the test's poll: visibility is up to one poll earlier
    poll_interval_source: str = "assumed"  # where the poll interval came from
    sentence: str = ""  # the recommendation, in words
    decision: Decision = field(default_factory=Decision)  # the concurrency the wait holds
    clock_skew: ClockSkew = field(default_factory=ClockSkew)
    fail_on: list[FailOn] = field(default_factory=list)  # --fail-on conditions met; exit 1
