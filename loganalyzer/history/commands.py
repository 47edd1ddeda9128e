"""What the ``history`` commands do, without typer: expand sources, ingest, report."""

from __future__ import annotations

import glob
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from loganalyzer.errors import LogAnalyzerError
from loganalyzer.history.engines import Tally, ingest
from loganalyzer.history.object_store import store_errors
from loganalyzer.history.render import RENDERERS
from loganalyzer.history.store import Store
from loganalyzer.history.task import Options, RunTask, is_url
from loganalyzer.history.trends import build, parse_when


def expand(patterns: Sequence[str], storage_options: dict[str, str] | None = None) -> list[str]:
    """Each pattern as runs: a glob's matches, a URL prefix's entries, or itself."""
    out: list[str] = []
    for pattern in patterns:
        if is_url(pattern) and any(c in pattern for c in "*?["):
            import fsspec

            fs, path = fsspec.core.url_to_fs(pattern, **(storage_options or {}))
            scheme = pattern.split("://", 1)[0]
            out += [f"{scheme}://{p}" for p in sorted(fs.glob(path))]
        elif not is_url(pattern) and any(c in pattern for c in "*?["):
            out += sorted(glob.glob(pattern))
        else:
            out.append(pattern)
    return out


def parse_meta(pairs: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """``k=v`` -> ((k, v), …)."""
    out = []
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key:
            raise LogAnalyzerError(f"--meta: not KEY=VALUE: {pair!r}")
        out.append((key, value))
    return tuple(out)


def add(
    sources: Sequence[str],
    store: str,
    options: Options,
    *,
    run_id: str | None = None,
    job: str = "",
    started_at: str | None = None,
    meta: Sequence[str] = (),
    engine: str = "local",
    address: str | None = None,
    workers: int = 1,
    resume: bool = False,
) -> Tally:
    """Add runs (``history add``) or ingest many (``history ingest``, ``resume=True``).

    ``add`` with a content-derived id skips a run already there (the same bytes); with
    ``--run-id`` it replaces that run's rows.
    """
    if run_id and len(sources) > 1:
        raise LogAnalyzerError("--run-id names one run: give one RUN")
    start = parse_when(started_at) if started_at else None
    tasks = [RunTask(s, options, run_id, job, start, parse_meta(meta)) for s in sources]
    return ingest(
        tasks,
        Store(store),
        engine=engine,
        address=address,
        workers=workers,
        skip_committed=resume or run_id is None,
    )


def report(
    store: str,
    fmt: str,
    since: str = "30d",
    until: str | None = None,
    job: str | None = None,
    spec: str | None = None,
    recent: str = "7d",
) -> str:
    try:
        end = parse_when(until) if until else datetime.now(UTC)
        start = parse_when(since, end)
        window = end - parse_when(recent, end)
    except ValueError as exc:
        raise LogAnalyzerError(str(exc)) from exc
    if window <= timedelta(0):
        raise LogAnalyzerError("--recent: must be a positive span such as 7d")
    if not Path(store).exists() and "://" not in store:
        raise LogAnalyzerError(f"{store}: no history store here (run 'loganalyzer history add')")
    history = Store(store)
    if "://" in store and not history.exists("runs"):
        raise LogAnalyzerError(f"{store}: no history store here (run 'loganalyzer history add')")
    with store_errors(store):  # the scans read the bucket when they are collected
        built = build(history, start, end, job=job, spec=spec, recent=window)
    return RENDERERS[fmt](built)
