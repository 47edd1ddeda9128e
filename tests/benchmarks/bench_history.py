"""History benchmark: ``python tests/benchmarks/bench_history.py ingest|report [N]``.

- ``ingest [RUNS]`` (default 1,000): small generated runs, ingested by one process, the local
  pool and a Dask ``LocalCluster`` (all cores); runs per second and efficiency against one
  process (speed-up / workers).
- ``report [SPEC_ROWS] [STORE]`` (default 1,000,000 spec rows and 5x as many artifact rows):
  synthetic rows over a year written straight to a store, then ``history report`` over the
  last 30 days through lazy scans (day-partition and predicate pruning); time and peak RSS.
  With STORE, the store is kept there and reused by the next run.
"""

from __future__ import annotations

import os
import resource
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import polars as pl

from loganalyzer.history.engines import ingest
from loganalyzer.history.render import terminal
from loganalyzer.history.rows import ArtifactRecord, RunRecord, SpecRecord, schema
from loganalyzer.history.store import Store
from loganalyzer.history.task import Options, RunTask
from loganalyzer.history.trends import build
from samples.gen import history


def peak_rss_mib() -> float:
    """This process's peak RSS (VmHWM: ru_maxrss would keep the forking parent's peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_ingest(runs: int) -> None:
    workers = os.cpu_count() or 2
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        history.write(root / "runs", history.generate(runs))
        tasks = [
            RunTask(str(root / "runs" / f"run-{i:04d}"), Options(packs=("configmap-sync",)))
            for i in range(runs)
        ]
        rates = {}
        for name, engine, n in (
            ("one process", "local", 1),
            ("local pool", "local", workers),
            ("dask LocalCluster", "dask", workers),
        ):
            start = time.perf_counter()
            tally = ingest(tasks, Store(root / name), engine=engine, workers=n, progress=None)
            took = time.perf_counter() - start
            rates[name] = tally.done / took
            eff = rates[name] / rates["one process"] / n
            print(
                f"{name:18} {n} worker(s): {tally.done} runs in {took:6.1f} s = "
                f"{rates[name]:6.1f} runs/s, efficiency {eff:.0%}"
            )


def bench_report(spec_rows: int, keep: str | None = None) -> None:
    """``keep``: a folder for the store, reused when it already holds one (before/after runs)."""
    if keep and Store(keep).exists("runs"):
        report_in_fresh_process(keep)
        return
    per_run = 10
    n_runs = spec_rows // per_run
    first = date(2025, 3, 1)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = keep or tmp
        store = Store(tmp)
        store.create()
        idx = pl.int_range(0, n_runs, eager=True)
        started = pl.datetime(2025, 3, 1, time_zone="UTC") + pl.duration(
            minutes=pl.lit(idx) * 525_600 // n_runs
        )
        runs = (
            pl.DataFrame({"i": idx})
            .with_columns(run_id=pl.format("r{}", "i"), started_at=started)
            .with_columns(
                day=pl.col("started_at").dt.date(),
                job=pl.lit("e2e"),
                ended_at=pl.col("started_at"),
                source=pl.lit("bench"),
                tool_version=pl.lit("bench"),
                status=pl.lit("ok"),
                error=pl.lit(""),
                revision=pl.lit("x"),
                meta=pl.lit("{}"),
                specs=pl.lit(per_run),
                artifacts=pl.lit(per_run * 5),
                warnings=pl.lit(0),
            )
        )
        runs = runs.select(schema(RunRecord).names()).cast(schema(RunRecord))
        spec_i = pl.int_range(0, n_runs * per_run, eager=True)
        specs = (
            pl.DataFrame({"k": spec_i})
            .with_columns(r=pl.col("k") // per_run)
            .join(runs.with_row_index("r").with_columns(pl.col("r").cast(pl.Int64)), on="r")
            .with_columns(
                name=pl.format("spec {}", pl.col("k") % per_run),
                attempt=pl.lit(1),
                attempts=pl.lit(1),
                final=pl.lit(True),
                state=pl.when(pl.col("k").hash(1) % 50 == 0)
                .then(pl.lit("failed"))
                .otherwise(pl.lit("passed")),
                verdict=pl.lit(None, pl.String),
                reason=pl.lit(""),
                duration_seconds=pl.lit(1.0),
                process=pl.lit(1),
                location=pl.lit("x_test.go:1"),
            )
        )
        specs = specs.select(schema(SpecRecord).names()).cast(schema(SpecRecord))
        arts = (
            pl.concat(
                [
                    specs.select(
                        "run_id",
                        "revision",
                        "day",
                        "job",
                        pl.col("name").alias("spec"),
                        pl.lit(j).alias("j"),
                    )
                    for j in range(5)
                ]
            )
            .with_columns(
                key=pl.format("{}-{}", "run_id", "j"),
                path=pl.format("{}-{}", "run_id", "j"),
                written_at=pl.lit(None, pl.Datetime("us", "UTC")),
                # One write in 40 never seen (censored); the rest spread over 0-20 s.
                seen=pl.format("{}-{}-{}", "run_id", "spec", "j").hash(7) % 40 != 0,
                attempt=pl.lit(1),
                process=pl.lit(1),
                link=pl.lit("key-mention"),
                gap=(pl.format("{}-{}-{}", "run_id", "spec", "j").hash(11) % 200_000) / 10_000,
                concurrency=pl.col("j") + 1,
            )
            .with_columns(
                status=pl.when("seen").then(pl.lit("observed")).otherwise(pl.lit("unobserved")),
                gap_seconds=pl.when("seen").then("gap"),
                gap_min_seconds=(pl.col("gap") - pl.col("seen").cast(pl.Float64) * 0.05).clip(0),
                gap_max_seconds=pl.when("seen").then(pl.col("gap") + 0.05),
            )
        )
        arts = arts.select(schema(ArtifactRecord).names()).cast(schema(ArtifactRecord))
        for name, frame in (("artifacts", arts), ("specs", specs), ("runs", runs)):
            frame.write_delta(
                store.uri(name), mode="append", delta_write_options={"partition_by": ["day"]}
            )
        print(
            f"store: {runs.height} runs, {specs.height} spec rows, {arts.height} artifact rows "
            f"from {first} on"
        )
        del runs, specs, arts
        report_in_fresh_process(tmp)


def report_in_fresh_process(root: str) -> None:
    """The report runs in a fresh process, so that its peak RSS is its own."""
    import subprocess

    subprocess.run([sys.executable, __file__, "report-only", root], check=True)


def report_only(root: str) -> None:
    until = datetime(2026, 3, 1, tzinfo=UTC)
    start = time.perf_counter()
    report = build(Store(root), until - timedelta(days=30), until)
    text = terminal(report)
    took = time.perf_counter() - start
    print(
        f"report over the last 30 days: {report.runs} runs, {len(text)} chars in "
        f"{took:.2f} s; peak RSS {peak_rss_mib():.0f} MiB"
    )


if __name__ == "__main__":
    mode = sys.argv[1] if len(sys.argv) > 1 else "ingest"
    if mode == "report-only":
        report_only(sys.argv[2])
    elif mode == "ingest":
        bench_ingest(int(sys.argv[2]) if len(sys.argv) > 2 else 1000)
    else:
        rows = int(sys.argv[2]) if len(sys.argv) > 2 else 1_000_000
        bench_report(rows, sys.argv[3] if len(sys.argv) > 3 else None)
