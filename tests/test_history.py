"""History (issue 15): the store, both engines, faults, object storage, and the report."""

from __future__ import annotations

import json
import math
import os
import random
import re
import shutil
import typing
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from loganalyzer.cli import app
from loganalyzer.diagnose.coverage import INF, Span, coverage
from loganalyzer.history.engines import ingest
from loganalyzer.history.rows import MODEL_OF, TABLES, schema
from loganalyzer.history.store import VERSION, Store, StoreError
from loganalyzer.history.task import Options, RunResult, RunTask, analyse
from loganalyzer.history.trends import _gaps, build
from samples.gen import history

OPTS = Options(packs=("configmap-sync",))
SINCE = datetime(2026, 1, 1, tzinfo=UTC)
UNTIL = datetime(2026, 3, 2, 12, tzinfo=UTC)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("history")
    history.write(root, history.generate(200))
    return root


def tasks(root: Path, count: int, step: int = 1) -> list[RunTask]:
    return [RunTask(str(root / f"run-{i:04d}"), OPTS) for i in range(0, count * step, step)]


def tables(store: Store) -> dict[str, pl.DataFrame]:
    keys = {
        "runs": ["run_id"],
        "specs": ["run_id", "name", "attempt"],
        "artifacts": ["run_id", "path"],
    }
    return {t: store.scan(t).collect().sort(k) for t, k in keys.items()}


def test_schemas_come_from_the_model(tmp_path: Path) -> None:
    """A column shared with the report model has its type (times as datetimes)."""
    for kind, model in MODEL_OF.items():
        mine, theirs = typing.get_type_hints(kind), typing.get_type_hints(model)
        shared = [f.name for f in fields(kind) if f.name in theirs]
        assert len(shared) >= 6
        for name in shared:
            want = theirs[name]
            if name.endswith("_at"):
                assert mine[name] == datetime | None, name
            else:
                assert mine[name] == want, name
    store = Store(tmp_path)
    store.create()
    for table, kind in TABLES.items():
        assert store.scan(table).collect_schema() == schema(kind), table


def test_version_mismatch_is_a_clear_error(tmp_path: Path) -> None:
    store = Store(tmp_path)
    store.create()
    from deltalake import DeltaTable

    DeltaTable(store.uri("runs")).alter.set_table_description("loganalyzer.history/0")
    with pytest.raises(StoreError, match=r"history/0, not loganalyzer\.history/1"):
        Store(tmp_path).committed()
    assert VERSION == "loganalyzer.history/1"


def test_adding_twice_changes_nothing(runs: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    first = ingest(tasks(runs, 3), store, workers=1, progress=None)
    before = tables(store)
    again = ingest(tasks(runs, 3), store, workers=1, progress=None)
    assert (first.done, again.done, again.skipped) == (3, 0, 3)
    after = tables(store)
    assert all(before[t].equals(after[t]) for t in before)
    # With an explicit id the run is replaced, not doubled.
    task = RunTask(str(runs / "run-0000"), OPTS, run_id="fixed")
    for _ in range(2):
        ingest([task], store, workers=1, progress=None, skip_committed=False)
    assert store.trusted("specs").filter(pl.col("run_id") == "fixed").collect().height == 4


def test_the_report_finds_the_planted_regression_and_flaky_spec(runs: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    tally = ingest(tasks(runs, 200), store, workers=2, progress=None)
    assert tally.done == 200
    truth = json.loads((runs / "truth.json").read_text())
    report = build(store, SINCE, UNTIL)
    assert report.runs == 200
    assert [(r.spec, r.kind) for r in report.regressions] == [(truth["regression"]["spec"], "gap")]
    assert report.flaky == [truth["flaky"]["spec"]]
    assert "seen after a median" in report.regressions[0].sentence
    gamma = next(s for s in report.specs if s.name == truth["flaky"]["spec"])
    assert gamma.flaky.low < truth["flaky"]["rate"] < gamma.flaky.high
    # gamma's first attempts are never seen within the 10 s wait (over 5% of all files): the
    # Kaplan–Meier curve stops short of 95%, so no week has an estimate or a safe wait.
    for week in report.gaps_weekly[:-1]:
        assert week.never_seen > 0.05 * week.waited and week.wait_95_estimate is None
        assert week.recommended_wait is None and week.wait_95_low is not None
    # The regressed spec alone: every file seen, and the planted latency in its weekly wait.
    alpha = build(store, SINCE, UNTIL, spec=re.escape(truth["regression"]["spec"]))
    waits = {w.bucket: w for w in alpha.gaps_weekly}
    before, after = waits["2026-W07"], waits["2026-W09"]
    assert before.never_seen == after.never_seen == 0
    assert before.wait_95_estimate is not None and after.wait_95_estimate is not None
    assert after.wait_95_estimate > before.wait_95_estimate + 1.5  # about 0.6 s, then 2.2 s
    for week in (before, after):
        assert week.wait_95_low <= week.wait_95_estimate <= week.wait_95_high  # type: ignore[operator]
        assert week.recommended_wait is not None and week.recommended_wait >= week.wait_95_high  # type: ignore[operator]
    result = CliRunner().invoke(
        app,
        [
            "history",
            "report",
            "--store",
            str(store.root),
            "--since",
            "2026-01-01",
            "--until",
            "2026-03-02T12:00",
        ],
    )
    assert result.exit_code == 0, result.output
    assert "is flaky" in result.output and "seen after a median" in result.output
    assert "wait 95% [low–high]" in result.output and "none safe" in result.output
    for fmt in ("markdown", "json", "html"):
        out = CliRunner().invoke(
            app,
            [
                "history",
                "report",
                "--store",
                str(store.root),
                "-f",
                fmt,
                "--since",
                "2026-01-01",
                "--until",
                "2026-03-02T12:00",
            ],
        )
        assert out.exit_code == 0 and truth["flaky"]["spec"] in out.output, fmt
        wait = {"markdown": "wait 95% [low–high]", "json": '"wait_95_estimate"'}
        assert wait.get(fmt, "wait 95% [low–high]") in out.output, fmt
    page = CliRunner().invoke(
        app,
        [
            "history",
            "report",
            "--store",
            str(store.root),
            "-f",
            "html",
            "--since",
            "2026-01-01",
            "--until",
            "2026-03-02T12:00",
        ],
    )
    assert "http" not in page.output.replace("http-equiv", "")  # offline: no CDN, no links


def test_local_and_dask_give_identical_tables_and_report(runs: Path, tmp_path: Path) -> None:
    from distributed import LocalCluster

    chosen = tasks(runs, 50, step=4)
    local, remote = Store(tmp_path / "local"), Store(tmp_path / "dask")
    ingest(chosen, local, workers=2, progress=None)
    cluster = LocalCluster(  # type: ignore[no-untyped-call]
        n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1", dashboard_address=None
    )
    try:
        ingest(chosen, remote, engine="dask", address=cluster.scheduler_address, progress=None)
    finally:
        cluster.close()
    a, b = tables(local), tables(remote)
    assert all(a[t].equals(b[t]) for t in a)
    assert a["runs"].height == 50
    assert build(local, SINCE, UNTIL) == build(remote, SINCE, UNTIL)


def killing(task: RunTask) -> RunResult:
    """Analyse, except that the worker dies on a run named 'kill-me'."""
    if task.source.endswith("kill-me"):
        os._exit(13)
    return analyse(task)


def test_a_killed_worker_and_a_corrupt_archive_leave_the_store_consistent(
    runs: Path, tmp_path: Path
) -> None:
    batch = tmp_path / "batch"
    for i in range(4):
        shutil.copytree(runs / f"run-{i:04d}", batch / f"run-{i}")
    shutil.copytree(runs / "run-0004", batch / "kill-me")
    (batch / "corrupt").mkdir()
    (batch / "corrupt" / "logs.tar.gz").write_bytes(b"\x1f\x8b\x08\x00broken" * 10)
    sources = sorted(batch.iterdir())
    store = Store(tmp_path / "store")
    first = ingest(
        [RunTask(str(s), OPTS) for s in sources], store, workers=2, fn=killing, progress=None
    )
    assert first.failed >= 2 and first.done + first.failed == 6
    written = store.scan("runs").collect()
    errors = dict(written.filter(pl.col("status") == "error").select("source", "error").rows())
    assert str(batch / "corrupt") in errors and str(batch / "kill-me") in errors
    assert "worker lost" in errors[str(batch / "kill-me")]
    # Every trusted row belongs to an ok run, and every ok run has its rows.
    ok = store.runs().collect()
    specs = store.trusted("specs").collect()
    assert set(specs.get_column("run_id")) == set(ok.get_column("run_id"))
    assert specs.height == ok.get_column("specs").sum()
    # A rerun retries what failed and skips what was committed.
    second = ingest([RunTask(str(s), OPTS) for s in sources], store, workers=2, progress=None)
    assert second.skipped == first.done
    assert set(
        store.scan("runs").collect().filter(pl.col("status") == "error").get_column("source")
    ) == {str(batch / "corrupt")}


def test_runs_read_from_an_s3_compatible_server(
    runs: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import boto3
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    try:
        host, port = server.get_host_and_port()
        endpoint = f"http://{host}:{port}"
        for key, value in {
            "AWS_ACCESS_KEY_ID": "test",
            "AWS_SECRET_ACCESS_KEY": "test",
            "AWS_DEFAULT_REGION": "us-east-1",
        }.items():
            monkeypatch.setenv(key, value)
        s3 = boto3.client("s3", endpoint_url=endpoint)
        s3.create_bucket(Bucket="ci-runs")
        for name in ("run-0000", "run-0001"):
            for path in (runs / name).rglob("*.log"):
                s3.upload_file(str(path), "ci-runs", f"runs/{name}/{path.relative_to(runs / name)}")
        opts = Options(packs=("configmap-sync",), storage_options={"endpoint_url": endpoint})
        store = Store(tmp_path / "store")
        urls = [
            "s3://ci-runs/runs/run-0000",
            "s3://ci-runs/runs/run-0001",
            "s3://ci-runs/runs/missing",
        ]
        tally = ingest([RunTask(u, opts) for u in urls], store, workers=1, progress=None)
        assert (tally.done, tally.failed) == (2, 1)
        local = ingest(tasks(runs, 2), Store(tmp_path / "local"), workers=1, progress=None)
        assert local.done == 2
        # The same bytes, read from the bucket or the disk, are the same runs.
        assert store.committed() == Store(tmp_path / "local").committed()
    finally:
        server.stop()


def test_cli_add_records_an_unreadable_run(runs: Path, tmp_path: Path) -> None:
    store = str(tmp_path / "store")
    result = CliRunner().invoke(
        app,
        [
            "history",
            "add",
            str(runs / "run-0000"),
            str(tmp_path / "nope"),
            "--store",
            store,
            "--packs",
            "configmap-sync",
            "--job",
            "e2e",
            "--meta",
            "pr=12",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = Store(store).scan("runs").collect().sort("status")
    assert rows.get_column("status").to_list() == ["error", "ok"]
    assert rows.get_column("job").to_list() == ["e2e", "e2e"]
    assert json.loads(rows.get_column("meta")[1]) == {"pr": "12"}
    bad = CliRunner().invoke(app, ["history", "report", "--store", store, "--since", "soon"])
    assert bad.exit_code == 2 and "not a time" in bad.output


def test_a_lost_dask_worker_is_recorded_and_the_rest_committed(runs: Path, tmp_path: Path) -> None:
    import dask
    from distributed import LocalCluster

    batch = tmp_path / "batch"
    for i in range(3):
        shutil.copytree(runs / f"run-{i:04d}", batch / f"run-{i}")
    shutil.copytree(runs / "run-0003", batch / "kill-me")
    store = Store(tmp_path / "store")
    with dask.config.set({"distributed.scheduler.allowed-failures": 0}):
        cluster = LocalCluster(  # type: ignore[no-untyped-call]
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            host="127.0.0.1",
            dashboard_address=None,
        )
        try:
            tally = ingest(
                [RunTask(str(s), OPTS) for s in sorted(batch.iterdir())],
                store,
                engine="dask",
                address=cluster.scheduler_address,
                fn=killing,
                progress=None,
            )
        finally:
            cluster.close()
    # A dead worker fails the runs it held (its own, and any queued on it): each is recorded.
    assert tally.done + tally.failed == 4 and tally.failed >= 1
    errors = dict(
        store.scan("runs")
        .collect()
        .filter(pl.col("status") == "error")
        .select("source", "error")
        .rows()
    )
    assert str(batch / "kill-me") in errors
    assert all("worker lost" in why for why in errors.values())
    assert store.trusted("specs").collect().height == 4 * tally.done
    again = ingest(
        [RunTask(str(s), OPTS) for s in sorted(batch.iterdir())], store, workers=1, progress=None
    )
    assert (again.skipped, again.done) == (tally.done, tally.failed)
    assert store.scan("runs").collect().get_column("status").to_list() == ["ok"] * 4


def interrupting(task: RunTask) -> RunResult:
    """Analyse, except that Ctrl-C arrives on the run named 'run-0002'."""
    if task.source.endswith("run-0002"):
        raise KeyboardInterrupt
    return analyse(task)


def test_ctrl_c_keeps_committed_batches_and_a_rerun_resumes(runs: Path, tmp_path: Path) -> None:
    store = Store(tmp_path / "store")
    with pytest.raises(KeyboardInterrupt):
        ingest(tasks(runs, 4), store, workers=1, batch=2, fn=interrupting, progress=None)
    assert len(store.committed()) == 2
    assert store.trusted("specs").collect().height == 8
    again = ingest(tasks(runs, 4), store, workers=1, progress=None)
    assert (again.skipped, again.done) == (2, 2)


def test_the_weekly_wait_is_the_single_run_kaplan_meier() -> None:
    """Per bucket, the store's tally gives what one run's coverage gives for the same spans."""
    rng = random.Random(5)
    rows = []
    spans: dict[str, list[Span]] = {"2026-W01": [], "2026-W02": []}
    for i in range(3000):
        week = "2026-W01" if i % 3 else "2026-W02"
        low = rng.randrange(0, 2000) / 100  # on the 10 ms grid the store tallies to
        # Week 1: few never seen, so the wait is bounded; week 2: too many for a safe wait.
        seen = 60 if week == "2026-W01" else 3
        status = rng.choice(["observed"] * seen + ["unobserved", "undetermined", "not-waited"])
        high = low + rng.randrange(0, 50) / 100
        best = (low + high) / 2
        if status == "observed":
            spans[week].append(Span(low, high, round(best, 2)))
            gap: tuple[float | None, float | None, float | None] = (round(best, 2), low, high)
        elif status == "unobserved":
            spans[week].append(Span(low, INF))
            gap = (None, low, None)
        elif status == "undetermined":
            spans[week].append(Span(0.0, INF))
            gap = (None, None, None)
        else:
            gap = (None, None, None)  # never waited for: not counted, as in one run
        rows.append({"week": week, "status": status, "gap_seconds": gap[0],
                     "gap_min_seconds": gap[1], "gap_max_seconds": gap[2]})  # fmt: skip
    frame = pl.DataFrame(rows).with_columns(spec=pl.lit("s"), concurrency=pl.lit(1))
    got = {g.bucket: g for g in _gaps(frame, pl.col("week"))}
    for week, needs in spans.items():
        want = coverage(needs)
        row = got[week]
        assert (row.waited, row.never_seen) == (want.files, want.never_seen)
        assert row.wait_95_estimate == pytest.approx(want.wait_95_estimate, abs=0.006)
        assert row.wait_95_low == pytest.approx(want.wait_95_low, abs=0.006)
        if want.safe:
            assert want.wait_95_high is not None and row.wait_95_high is not None
            assert row.wait_95_high == pytest.approx(want.wait_95_high, abs=0.006)
            assert row.recommended_wait == math.ceil(want.wait_95_high * 10) / 10
        else:
            assert row.wait_95_high is None and row.recommended_wait is None
    assert got["2026-W01"].recommended_wait is not None  # both branches were tested
    assert got["2026-W02"].recommended_wait is None
