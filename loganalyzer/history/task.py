"""One run, one task: fetch it, hash it, analyse it, and return its rows as plain values.

This is what a worker runs, in a local process or on a Dask worker. It never raises: a run
that cannot be read comes back with ``status = "error"`` and the reason, so that one bad
run never stops a batch. The result holds only dicts of plain values (picklable, the same
on every engine); the client turns them into frames and commits them.
"""

from __future__ import annotations

import hashlib
import json
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from loganalyzer.history.rows import (
    ERROR,
    OK,
    artifact_records,
    plain_rows,
    revision_of,
    spec_records,
)

URL_SCHEMES = ("s3://", "gs://", "gcs://", "az://", "abfs://", "http://", "https://", "memory://")


@dataclass(frozen=True)
class Options:
    """``analyze``'s input options, as a run is read with them."""

    test_tz: str | None = None
    pattern_dirs: tuple[str, ...] = ()
    packs: tuple[str, ...] | None = None
    force: tuple[str, ...] = ()
    skew: float | None = None
    max_bytes: int | None = None
    storage_options: dict[str, str] = field(default_factory=dict)  # for URLs (fsspec)


@dataclass(frozen=True)
class RunTask:
    """What to ingest: a run's source, and what the user said about it."""

    source: str  # a directory, a file, an archive, or a URL
    options: Options = field(default_factory=Options)
    run_id: str | None = None
    job: str = ""
    started_at: datetime | None = None
    meta: tuple[tuple[str, str], ...] = ()


@dataclass
class RunResult:
    """A run's rows, as plain dicts of each table's columns."""

    run: dict[str, Any]
    specs: list[dict[str, Any]]
    artifacts: list[dict[str, Any]]

    @property
    def run_id(self) -> str:
        return str(self.run["run_id"])

    @property
    def ok(self) -> bool:
        return bool(self.run["status"] == OK)


def is_url(text: str) -> bool:
    return text.startswith(URL_SCHEMES)


def content_hash(root: Path) -> str:
    """sha256 over a file's bytes, or a folder's relative paths and bytes in sorted order."""
    digest = hashlib.sha256()
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    for path in files:
        digest.update(path.relative_to(root).as_posix().encode() + b"\0")
        with path.open("rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
        digest.update(b"\0")
    return digest.hexdigest()


def fetch(url: str, into: Path, storage_options: dict[str, str]) -> Path:
    """Copy a URL (a file or a prefix) into a local folder with fsspec; return the copy."""
    import fsspec

    fs, path = fsspec.core.url_to_fs(url, **storage_options)
    target = into / (Path(path.rstrip("/")).name or "run")
    if fs.isdir(path):
        fs.get(path.rstrip("/") + "/", str(target) + "/", recursive=True)
    else:
        fs.get(path, str(target))
    return target


def _version() -> str:
    from loganalyzer import __version__

    return __version__


def analyse(task: RunTask) -> RunResult:
    """Read, hash and analyse one run; never raises (the error is the result)."""
    with tempfile.TemporaryDirectory(prefix="loganalyzer-run-") as tmp:
        return _analyse(task, Path(tmp))


def _analyse(task: RunTask, tmp: Path) -> RunResult:
    from loganalyzer.pipeline import analyze

    opts = task.options
    run_id = task.run_id or ""
    started = task.started_at
    run: dict[str, Any] = {
        "run_id": run_id,
        "day": (started or datetime.now(UTC)).date(),
        "job": task.job,
        "started_at": started,
        "ended_at": None,
        "source": task.source,
        "tool_version": _version(),
        "status": ERROR,
        "error": "",
        "revision": "",
        "meta": json.dumps(dict(task.meta), sort_keys=True),
        "specs": 0,
        "artifacts": 0,
        "warnings": 0,
    }
    try:
        local = fetch(task.source, tmp, opts.storage_options) if is_url(task.source) else None
        path = local or Path(task.source)
        if not path.exists():
            raise FileNotFoundError(f"{task.source}: no such file or directory")
        run["run_id"] = run_id = run_id or content_hash(path)[:16]
        report = analyze(
            [str(path)],
            test_tz=opts.test_tz,
            pattern_dirs=[Path(p) for p in opts.pattern_dirs],
            packs=list(opts.packs) if opts.packs is not None else None,
            force=list(opts.force),
            skew=opts.skew,
            max_bytes=opts.max_bytes,
        )
    except Exception as exc:  # a bad run is recorded, never raised: the batch goes on
        run["run_id"] = run_id or hashlib.sha256(task.source.encode()).hexdigest()[:16]
        run["error"] = f"{type(exc).__name__}: {exc}"[:2000]
        return RunResult(run, [], [])
    times = [t for row in report.inputs for t in (row.first_at, row.last_at) if t]
    if started is None and times:
        started = datetime.fromisoformat(min(times))
    day: date = (started or datetime.now(UTC)).date()
    specs = [s for s in spec_records(report, run_id, day, task.job)]
    arts = artifact_records(report, run_id, day, task.job)
    spec_rows, art_rows = plain_rows(specs, ""), plain_rows(arts, "")
    revision = revision_of(run_id, spec_rows, art_rows)
    for row in (*spec_rows, *art_rows):
        row["revision"] = revision
    run.update(
        day=day,
        started_at=started,
        status=OK,
        revision=revision,
        specs=len(spec_rows),
        artifacts=len(art_rows),
        warnings=len(report.warnings),
        ended_at=datetime.fromisoformat(max(times)) if times else None,
    )
    return RunResult(run, spec_rows, art_rows)


Analyse = Callable[[RunTask], RunResult]
