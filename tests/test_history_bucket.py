"""A history store in a bucket: ``--store s3://…`` against a local S3-compatible server.

moto runs as a child process: delta-rs holds the GIL while it waits on the network, so a
server thread in this process (moto's ``ThreadedMotoServer``) could never answer it.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from loganalyzer.cli import app
from loganalyzer.history.engines import ingest
from loganalyzer.history.store import Store
from loganalyzer.history.task import Options, RunTask
from samples.gen import history

WINDOW = ["--since", "2026-01-01", "--until", "2026-03-02T12:00"]
AWS = ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_S3", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
       "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE")  # fmt: skip


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail("the moto server did not start")
                time.sleep(0.1)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("runs")
    history.write(root, history.generate(3))
    return root


def _bucket(endpoint: str) -> str:
    import boto3

    name = f"history-{uuid.uuid4().hex[:8]}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        aws_access_key_id="test",
        aws_secret_access_key="test",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=name)
    return name


@pytest.fixture
def env(endpoint: str, monkeypatch: pytest.MonkeyPatch) -> str:
    """The AWS variables pointing at the local server; the endpoint."""
    for key in AWS:
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("AWS_ENDPOINT_URL", endpoint)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "test")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "test")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")
    return endpoint


def cli(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["history", *args])
    return result.exit_code, result.output


def test_add_and_report_round_trip_through_a_bucket(env: str, runs: Path, tmp_path: Path) -> None:
    url = f"s3://{_bucket(env)}/ci/history"
    local = str(tmp_path / "local")
    sources = [str(runs / f"run-{i:04d}") for i in range(3)]
    for store in (url, local):
        code, out = cli("add", *sources, "--packs", "configmap-sync", "--store", store)
        assert code == 0, out
    code, out = cli("add", sources[0], "--packs", "configmap-sync", "--store", url)
    assert code == 0 and "1 skipped" in out  # the same bytes again: nothing to do
    in_bucket, on_disk = Store(url), Store(local)
    assert len(in_bucket.committed()) == 3 and in_bucket.committed() == on_disk.committed()
    for table, key in (("runs", "run_id"), ("specs", ["run_id", "name", "attempt"])):
        assert (
            in_bucket.scan(table)
            .collect()
            .sort(key)
            .equals(on_disk.scan(table).collect().sort(key))
        ), table
    reports = [cli("report", "-f", "json", *WINDOW, "--store", s) for s in (url, local)]
    assert reports[0][0] == 0, reports[0][1]
    assert reports[0] == reports[1]
    assert json.loads(reports[0][1])["runs"] == 3


def test_ingest_runs_from_a_bucket_into_a_store_in_a_bucket(
    env: str, runs: Path, tmp_path: Path
) -> None:
    import boto3

    name = _bucket(env)
    client = boto3.client("s3", endpoint_url=env)
    for i in range(3):
        run = runs / f"run-{i:04d}"
        for path in run.rglob("*.log"):
            client.upload_file(str(path), name, f"ci/run-{i:04d}/{path.relative_to(run)}")
    url = f"s3://{name}/history"
    code, out = cli("ingest", f"s3://{name}/ci/*", "--packs", "configmap-sync", "--workers",
                    "1", "--store", url)  # fmt: skip
    assert code == 0 and "3 ok" in out, out
    local = Store(tmp_path / "local")
    opts = Options(packs=("configmap-sync",))
    tasks = [RunTask(str(runs / f"run-{i:04d}"), opts) for i in range(3)]
    assert ingest(tasks, local, workers=1, progress=None).done == 3
    # The same bytes, from the bucket or the disk, are the same runs.
    assert Store(url).committed() == local.committed()


def test_storage_options_come_from_fsspec_config(
    endpoint: str, runs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import fsspec.config

    for key in AWS:
        monkeypatch.delenv(key, raising=False)
    conf = {
        "key": "test",
        "secret": "test",
        "client_kwargs": {"endpoint_url": endpoint, "region_name": "us-east-1"},
    }
    monkeypatch.setitem(fsspec.config.conf, "s3", conf)
    url = f"s3://{_bucket(endpoint)}/h"
    code, out = cli("add", str(runs / "run-0000"), "--packs", "configmap-sync", "--store", url)
    assert code == 0 and "1 ok" in out, out
    code, out = cli("report", "-f", "json", *WINDOW, "--store", url)
    assert code == 0 and json.loads(out)["runs"] == 1, out


def _one_line_error(out: str, store: str) -> None:
    lines = out.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith(f"loganalyzer: error: {store}: "), out
    assert "Traceback" not in out and "\x1b" not in out and "<?xml" not in out


def test_store_errors_are_one_line_and_exit_2(
    env: str, runs: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = str(runs / "run-0000")
    missing = "s3://no-such-bucket/h"
    code, out = cli("add", run, "--packs", "configmap-sync", "--store", missing)
    assert code == 2
    _one_line_error(out, missing)
    code, out = cli("report", "--store", missing)
    assert code == 2 and "404" in out
    _one_line_error(out, missing)
    empty = f"s3://{_bucket(env)}/nothing"
    code, out = cli("report", "--store", empty)
    assert code == 2 and "no history store here" in out
    _one_line_error(out, empty)
    # Nothing listens there: a few retries, then a clear error, not minutes of backoff.
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{_free_port()}")
    started = time.monotonic()
    code, out = cli("report", "--store", "s3://history/h")
    assert code == 2 and time.monotonic() - started < 30
    _one_line_error(out, "s3://history/h")
