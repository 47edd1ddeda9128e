"""From the store to a ``HistoryReport``: per-spec rates, gap trends, flaky specs, regressions.

Every read is a lazy scan filtered on ``day`` first (Delta prunes partitions on it) and
joined to the committed runs, so a report over years of runs reads only its window.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import polars as pl

from loganalyzer.diagnose.coverage import CountedSpans, coverage_of_tally
from loganalyzer.history.stats import benjamini_hochberg, fisher_greater, rank_greater, wilson
from loganalyzer.history.store import Store
from loganalyzer.model.summary import Coverage

SCHEMA = "loganalyzer.history-report/2"
FAILED = ["failed", "panicked", "timedout", "interrupted", "aborted", "invalid"]


@dataclass(frozen=True)
class Rate:
    count: int
    rate: float
    low: float  # Wilson 95%
    high: float


@dataclass(frozen=True)
class SpecTrend:
    name: str
    runs: int
    passed: Rate
    failed: Rate
    flaky: Rate
    verdicts: dict[str, int]  # failed or flaky runs per verdict
    last_failure: str | None  # the run id and day of the latest failure
    weekly: list[tuple[str, int, float, float]]  # (week, runs, fail rate, flake rate)


@dataclass(frozen=True)
class GapRow:
    bucket: str  # a week (2026-W07) or a concurrency bucket
    writes: int
    unobserved: int
    gap_p50: float | None
    gap_p90: float | None
    gap_min_p50: float | None  # median lower bound
    gap_max_p90: float | None  # 90th percentile of upper bounds
    # The wait covering 95% of files, as in one run's report: Kaplan–Meier with files never
    # seen censored at their lower bound, between order-statistic bounds.
    waited: int  # files counted (observed, unobserved, undetermined)
    never_seen: int  # of which never seen by their spec (censored)
    wait_95_low: float | None  # the wait covering 95% is at least this
    wait_95_estimate: float | None  # Kaplan–Meier's estimate; null: the curve stops short
    wait_95_high: float | None  # and at most this; null: unbounded
    recommended_wait: float | None  # the upper bound rounded up to 0.1 s; null: none is safe


@dataclass(frozen=True)
class Regression:
    spec: str
    kind: str  # fail-rate or gap
    recent: float  # fail rate, or median gap
    before: float
    p: float
    q: float  # Benjamini-Hochberg
    sentence: str


@dataclass(frozen=True)
class GridRun:
    run_id: str
    day: str


@dataclass
class HistoryReport:
    since: str
    until: str
    recent_from: str
    runs: int
    failed_runs: int  # runs recorded with an ingest error
    specs: list[SpecTrend] = field(default_factory=list)
    flaky: list[str] = field(default_factory=list)
    gaps_weekly: list[GapRow] = field(default_factory=list)
    gaps_by_concurrency: list[GapRow] = field(default_factory=list)
    regressions: list[Regression] = field(default_factory=list)
    grid_runs: list[GridRun] = field(default_factory=list)  # newest first
    grid: dict[str, list[str]] = field(default_factory=dict)  # spec -> cell per grid run
    schema: str = SCHEMA


def _rate(k: int, n: int) -> Rate:
    lo, hi = wilson(k, n)
    return Rate(k, round(k / n, 4) if n else 0.0, round(lo, 4), round(hi, 4))


def _round(value: float | None) -> float | None:
    return None if value is None else round(float(value), 3)


def build(
    store: Store,
    since: datetime,
    until: datetime,
    *,
    job: str | None = None,
    spec: str | None = None,
    recent: timedelta = timedelta(days=7),
    alpha: float = 0.05,
    grid_width: int = 60,
) -> HistoryReport:
    """The history report of the committed runs that started in [since, until)."""
    window = (pl.col("day") >= since.date()) & (pl.col("day") <= until.date())
    runs_lf = store.runs().filter(window)
    runs_lf = runs_lf.filter(pl.col("started_at").is_between(since, until, closed="left"))
    if job:
        runs_lf = runs_lf.filter(pl.col("job") == job)
    runs = runs_lf.select("run_id", "revision", "day", "started_at").collect()
    errors = store.scan("runs").filter(window & (pl.col("status") != "ok"))
    failed_runs = errors.select(pl.len()).collect().item()
    marker = runs.lazy()
    specs = (
        store.scan("specs")
        .filter(window & pl.col("final"))
        .join(marker, on=["run_id", "revision", "day"], how="inner")
    )
    arts = (
        store.scan("artifacts")
        .filter(window)
        .join(marker, on=["run_id", "revision", "day"], how="inner")
    )
    if spec:
        specs = specs.filter(pl.col("name").str.contains(spec))
        arts = arts.filter(pl.col("spec").is_not_null() & pl.col("spec").str.contains(spec))
    cut = until - recent
    report = HistoryReport(
        since.isoformat(), until.isoformat(), cut.isoformat(), runs.height, failed_runs
    )
    sf = specs.select(
        "name",
        "state",
        "verdict",
        "run_id",
        "day",
        "started_at",
        pl.col("started_at").dt.strftime("%G-W%V").alias("week"),
    ).collect()
    af = arts.select(
        "spec",
        "status",
        "gap_seconds",
        "gap_min_seconds",
        "gap_max_seconds",
        "concurrency",
        "started_at",
        pl.col("started_at").dt.strftime("%G-W%V").alias("week"),
    ).collect()
    report.specs = _spec_trends(sf)
    report.flaky = [s.name for s in report.specs if s.flaky.count >= 2 and s.flaky.low > 0.02]
    report.gaps_weekly = _gaps(af, pl.col("week"))
    bucket = pl.col("concurrency").cast(pl.String).fill_null("unknown")
    report.gaps_by_concurrency = _gaps(af, bucket)
    report.regressions = _regressions(sf, af, cut, alpha)
    _grid(report, sf, runs, grid_width)
    return report


def _spec_trends(sf: pl.DataFrame) -> list[SpecTrend]:
    out = []
    failed = pl.col("state").is_in(FAILED)
    for (name,), group in sorted(sf.group_by("name"), key=lambda g: str(g[0][0])):
        n = group.height
        bad = group.filter(failed | (pl.col("state") == "flaky"))
        verdicts = dict(
            sorted((str(v or "unknown"), c) for v, c in bad.group_by("verdict").len().iter_rows())
        )
        fails = group.filter(failed).sort("started_at")
        last = None
        if fails.height:
            row = fails.row(-1, named=True)
            last = f"{row['run_id']} ({row['day']})"
        weekly = [
            (str(w), int(c), round(float(f), 4), round(float(k), 4))
            for w, c, f, k in group.group_by("week")
            .agg(pl.len(), failed.mean().alias("f"), (pl.col("state") == "flaky").mean().alias("k"))
            .sort("week")
            .iter_rows()
        ]
        out.append(
            SpecTrend(
                str(name),
                n,
                _rate(group.filter(pl.col("state") == "passed").height, n),
                _rate(fails.height, n),
                _rate(group.filter(pl.col("state") == "flaky").height, n),
                verdicts,
                last,
                weekly,
            )
        )
    return out


def _gaps(af: pl.DataFrame, by: pl.Expr) -> list[GapRow]:
    if af.is_empty():
        return []
    seen = pl.col("status") == "observed"
    table = af.group_by(by.alias("bucket")).agg(
        pl.len().alias("writes"),
        (pl.col("status") == "unobserved").sum().alias("unobserved"),
        pl.col("gap_seconds").filter(seen).median().alias("p50"),
        pl.col("gap_seconds").filter(seen).quantile(0.9, "nearest").alias("p90"),
        pl.col("gap_min_seconds").median().alias("lo"),
        pl.col("gap_max_seconds").quantile(0.9, "nearest").alias("hi"),
    )
    ordered = table.sort(pl.col("bucket").str.zfill(8))
    waits = _waits(af, by)
    out = []
    for b, w, u, p50, p90, lo, hi in ordered.iter_rows():
        cover = waits.get(str(b))
        high = cover.wait_95_high if cover else None
        out.append(
            GapRow(
                str(b),
                int(w),
                int(u),
                _round(p50),
                _round(p90),
                _round(lo),
                _round(hi),
                cover.files if cover else 0,
                cover.never_seen if cover else 0,
                _round(cover.wait_95_low) if cover else None,
                _round(cover.wait_95_estimate) if cover else None,
                _round(high),
                math.ceil(high * 10) / 10 if cover and cover.safe and high is not None else None,
            )
        )
    return out


WAITED = ["observed", "unobserved", "undetermined"]  # the statuses one run's coverage counts
# Values are tallied to 10 ms (lows down, highs up, so bounds stay bounds): a report shows
# waits to 0.01 s, and the Python side then sees at most 100 values a second of range.
STEP = 100.0


def _waits(af: pl.DataFrame, by: pl.Expr) -> dict[str, Coverage]:
    """Each bucket's :class:`Coverage` from its files' gap bounds, tallied in polars so
    that the Python side sees distinct values, not rows."""
    low, high = pl.col("gap_min_seconds"), pl.col("gap_max_seconds")
    seen = (pl.col("status") == "observed") & low.is_not_null() & high.is_not_null()
    spans = (
        af.lazy()
        .filter(
            pl.col("status").is_in(WAITED)
            & (low.is_not_null() | (pl.col("status") == "undetermined"))
        )
        .select(
            by.alias("bucket"),
            seen.alias("seen"),
            ((low.fill_null(0.0) * STEP + 1e-6).floor() / STEP).alias("low"),
            pl.when(seen)
            .then((high * STEP - 1e-6).ceil() / STEP)
            .otherwise(math.inf)
            .alias("high"),
            pl.when(seen)
            .then(pl.coalesce("gap_seconds", high))
            .otherwise(low.fill_null(0.0))
            .round(2)
            .alias("time"),
        )
        .collect()
    )

    def tally(*cols: str) -> dict[str, pl.DataFrame]:
        counted = spans.group_by("bucket", *cols).len().sort("bucket", *cols)
        return {str(k[0]): g for k, g in counted.partition_by("bucket", as_dict=True).items()}

    lows, highs, times = tally("low"), tally("high"), tally("time", "seen")
    out = {}
    for bucket, t in times.items():
        lo, hi = lows[bucket], highs[bucket]
        counts = CountedSpans(
            lo["low"].to_list(),
            lo["len"].to_list(),
            hi["high"].to_list(),
            hi["len"].to_list(),
            t["time"].to_list(),
            t["seen"].to_list(),
            t["len"].to_list(),
        )
        out[bucket] = coverage_of_tally(counts)
    return out


def _regressions(
    sf: pl.DataFrame, af: pl.DataFrame, cut: datetime, alpha: float
) -> list[Regression]:
    tests: list[tuple[str, str, float, float, float, str]] = []
    recent = pl.col("started_at") >= cut
    failed = pl.col("state").is_in(FAILED)
    for (name,), g in sorted(sf.group_by("name"), key=lambda x: str(x[0][0])):
        new, old = g.filter(recent), g.filter(~recent)
        if new.is_empty() or old.is_empty():
            continue
        kn, ko = new.filter(failed).height, old.filter(failed).height
        rn, ro = kn / new.height, ko / old.height
        if rn > ro:
            mix = new.filter(failed).group_by("verdict").len().sort("len", descending=True)
            why = ", ".join(f"{c} {v or 'other'}" for v, c in mix.iter_rows())
            text = (
                f"`{name}` fails {rn:.0%} of runs recently against {ro:.0%} before "
                "(p = {p:.3g}); " + f"of {kn} failures: {why}"
            )
            tests.append(
                (
                    str(name),
                    "fail-rate",
                    rn,
                    ro,
                    fisher_greater(kn, new.height, ko, old.height),
                    text,
                )
            )
    value = pl.coalesce("gap_seconds", "gap_min_seconds")
    gaps = af.filter(pl.col("spec").is_not_null()).with_columns(value.alias("v"))
    for (name,), h in sorted(gaps.group_by("spec"), key=lambda x: str(x[0][0])):
        later: list[float] = h.filter(recent).get_column("v").drop_nulls().to_list()
        earlier: list[float] = h.filter(~recent).get_column("v").drop_nulls().to_list()
        if len(later) < 3 or len(earlier) < 3:
            continue
        mn, mo = _median(later), _median(earlier)
        if mn < mo * 1.2 + 0.25:  # a change too small to matter is never a regression
            continue
        text = (
            f"`{name}`: its {len(later)} recent files were seen after a median "
            f"{mn:.2f} s against {mo:.2f} s before (p = {{p:.3g}})"
        )
        tests.append((str(name), "gap", mn, mo, rank_greater(later, earlier), text))
    qs = benjamini_hochberg([t[4] for t in tests])
    return [
        Regression(name, kind, round(a, 4), round(b, 4), p, q, text.format(p=p))
        for (name, kind, a, b, p, text), q in zip(tests, qs, strict=True)
        if q < alpha
    ]


def _median(values: list[float]) -> float:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _grid(report: HistoryReport, sf: pl.DataFrame, runs: pl.DataFrame, width: int) -> None:
    newest = runs.sort(["started_at", "run_id"], descending=True).head(width)
    report.grid_runs = [GridRun(r, str(d)) for r, d in newest.select("run_id", "day").iter_rows()]
    cells: dict[tuple[str, str], str] = {}
    for name, run_id, state, verdict in sf.select("name", "run_id", "state", "verdict").iter_rows():
        cells[(name, run_id)] = (
            state if state in ("passed", "flaky", "skipped") else (f"failed:{verdict or 'other'}")
        )
    for trend in report.specs:
        report.grid[trend.name] = [cells.get((trend.name, r.run_id), "") for r in report.grid_runs]


def parse_when(text: str, now: datetime | None = None) -> datetime:
    """``30d``, ``12h``, ``2w`` ago; a date or time; or ``last monday`` (python-dateutil).

    >>> now = datetime(2026, 3, 4, 12, tzinfo=UTC)
    >>> parse_when("30d", now).date(), parse_when("2026-01-01", now).isoformat()
    (datetime.date(2026, 2, 2), '2026-01-01T00:00:00+00:00')
    >>> parse_when("last monday", now).date()
    datetime.date(2026, 3, 2)
    """
    from dateutil import parser
    from dateutil.relativedelta import MO, relativedelta

    now = now or datetime.now(UTC)
    match = re.fullmatch(r"\s*(\d+)\s*([hdw])\s*", text)
    if match:
        unit = {"h": "hours", "d": "days", "w": "weeks"}[match[2]]
        return now - timedelta(**{unit: int(match[1])})
    days = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    words = text.strip().lower().split()
    if len(words) == 2 and words[0] == "last" and words[1] in days:
        weekday = MO.__class__(days.index(words[1]))(-1)
        day = now - timedelta(days=1)
        start: datetime = day + relativedelta(weekday=weekday)
        return start.replace(hour=0, minute=0, second=0, microsecond=0)
    try:
        parsed: datetime = parser.parse(
            text, default=now.replace(hour=0, minute=0, second=0, microsecond=0)
        )
    except (ValueError, OverflowError) as exc:
        raise ValueError(f"not a time: {text!r} (try 30d, 2026-01-01, last monday)") from exc
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
