"""The store's rows: one dataclass per table, made from the report model, and their schemas.

A field shared with ``model.report`` (``SpecRow``, ``PairRow``) has the model's name and type,
except that times are ``datetime`` here (text in the report); ``tests/test_history_store.py``
checks that. ``schema`` turns a row class into the polars schema the Delta table is made with.

>>> schema(RunRecord)["started_at"]
Datetime(time_unit='us', time_zone='UTC')
"""

from __future__ import annotations

import hashlib
import json
import types
from dataclasses import asdict, dataclass, fields
from datetime import date, datetime
from typing import Any, Union, get_args, get_origin, get_type_hints

import polars as pl

from loganalyzer.model.report import PairRow, Report, SpecRow
from loganalyzer.model.status import LinkKind, PairStatus, SpecState, VerdictKind

OK = "ok"
ERROR = "error"


@dataclass(frozen=True)
class RunRecord:
    """One run: where it came from and whether it was ingested (the commit marker)."""

    run_id: str  # given, or the hash of the run's bytes
    day: date  # the partition: the day the run started (UTC)
    job: str  # the CI job, or ""
    started_at: datetime | None  # the earliest time in its logs, or --started-at
    ended_at: datetime | None  # the latest time in its logs
    source: str  # the path or URL it was read from
    tool_version: str  # the loganalyzer that read it
    status: str  # ok, or error: only ok runs are read back
    error: str  # why it could not be read
    revision: str  # the hash of its spec and artifact rows: readers join on it
    meta: str  # --meta k=v as a JSON object
    specs: int  # spec rows written
    artifacts: int  # artifact rows written
    warnings: int  # the report's warnings


@dataclass(frozen=True)
class SpecRecord:
    """One attempt of one spec in one run."""

    run_id: str
    revision: str
    day: date
    job: str
    name: str  # SpecRow.name
    attempt: int  # 1-based; the last one carries the spec's final state
    attempts: int  # SpecRow.attempts
    final: bool  # the spec's last attempt
    state: SpecState  # the attempt's state (a flaky spec's earlier attempts failed)
    verdict: VerdictKind | None  # SpecRow.verdict
    reason: str  # SpecRow.reason, cut to 500 characters
    duration_seconds: float | None  # SpecRow.duration_seconds
    process: int | None  # SpecRow.process
    location: str  # SpecRow.location: where the spec is defined
    started_at: datetime | None  # SpecRow.started_at


@dataclass(frozen=True)
class ArtifactRecord:
    """One write (or orphan observation) in one run."""

    run_id: str
    revision: str
    day: date
    job: str
    key: str | None  # PairRow.key
    path: str  # PairRow.path
    written_at: datetime | None  # PairRow.written_at
    status: PairStatus  # PairRow.status
    spec: str | None  # PairRow.spec
    attempt: int | None  # PairRow.attempt
    process: int | None  # PairRow.process
    link: LinkKind | None  # PairRow.link
    gap_seconds: float | None  # PairRow.gap_seconds
    gap_min_seconds: float | None  # PairRow.gap_min_seconds
    gap_max_seconds: float | None  # PairRow.gap_max_seconds
    concurrency: int | None  # PairRow.concurrency


TABLES: dict[str, type] = {"runs": RunRecord, "specs": SpecRecord, "artifacts": ArtifactRecord}
MODEL_OF: dict[type, type] = {SpecRecord: SpecRow, ArtifactRecord: PairRow}

_DTYPES: dict[Any, pl.DataType] = {
    str: pl.String(),
    int: pl.Int64(),
    float: pl.Float64(),
    bool: pl.Boolean(),
    date: pl.Date(),
    datetime: pl.Datetime("us", "UTC"),
}


def dtype(hint: Any) -> pl.DataType:
    """The column type of a field: its non-null member; an enum is its text."""
    if get_origin(hint) in (Union, types.UnionType):
        (hint,) = [a for a in get_args(hint) if a is not type(None)]
    if isinstance(hint, type) and issubclass(hint, str):
        return pl.String()
    return _DTYPES[hint]


def schema(kind: type) -> pl.Schema:
    """The polars schema of a row class, fields in order."""
    hints = get_type_hints(kind)
    return pl.Schema({f.name: dtype(hints[f.name]) for f in fields(kind)})


def frame(kind: type, rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Plain rows (as workers send them) as a frame of the table's schema."""
    return pl.DataFrame(rows, schema=schema(kind), orient="row") if rows else schema_frame(kind)


def schema_frame(kind: type) -> pl.DataFrame:
    return pl.DataFrame(schema=schema(kind))


def when(text: str | None) -> datetime | None:
    """A report time (``…Z``) as an aware datetime."""
    return datetime.fromisoformat(text) if text else None


def spec_records(report: Report, run_id: str, day: date, job: str) -> list[SpecRecord]:
    """A row per attempt of every spec: earlier attempts of a flaky spec failed."""
    out = []
    for row in report.specs:
        if row.suite_node:
            continue
        for attempt in range(1, row.attempts + 1):
            final = attempt == row.attempts
            state = row.state if final else SpecState.FAILED
            out.append(
                SpecRecord(
                    run_id,
                    "",
                    day,
                    job,
                    row.name,
                    attempt,
                    row.attempts,
                    final,
                    state,
                    row.verdict,
                    row.reason[:500],
                    row.duration_seconds if final else None,
                    row.process,
                    row.location,
                    when(row.started_at) if attempt == 1 else None,
                )
            )
    return out


def artifact_records(report: Report, run_id: str, day: date, job: str) -> list[ArtifactRecord]:
    return [
        ArtifactRecord(
            run_id,
            "",
            day,
            job,
            p.key,
            p.path,
            when(p.written_at),
            p.status,
            p.spec,
            p.attempt,
            p.process,
            p.link,
            p.gap_seconds,
            p.gap_min_seconds,
            p.gap_max_seconds,
            p.concurrency,
        )
        for p in report.pairs
    ]


def plain_rows(records: list[Any], revision: str) -> list[dict[str, Any]]:
    """Records as dicts with their revision set; enums as text (picklable, engine-neutral)."""
    rows = []
    for record in records:
        row = asdict(record)
        row["revision"] = revision
        rows.append(
            {
                k: (v.value if isinstance(v, str) and hasattr(v, "value") else v)
                for k, v in row.items()
            }
        )
    return rows


def revision_of(run_id: str, specs: list[dict[str, Any]], arts: list[dict[str, Any]]) -> str:
    """A hash of a run's rows: the same run read the same way has the same revision."""
    text = json.dumps([run_id, specs, arts], default=str, sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()[:16]
