"""The store: three Delta Lake tables (``runs``, ``specs``, ``artifacts``) under one root.

Each table is partitioned by ``day`` and carries ``loganalyzer.history/1`` as its Delta
description; a table of another version is refused with a clear error.

Consistency without a multi-table transaction: a batch replaces its runs' rows table by
table, ``artifacts`` and ``specs`` first, ``runs`` last, each in one Delta commit (an
overwrite whose predicate is the batch's run ids). The ``runs`` row is the commit marker:
readers keep only runs whose status is ``ok``, and only the spec and artifact rows of the
revision that row names. A batch cut short (Ctrl-C, a lost client) leaves rows no reader
trusts, and the next ingest of those runs replaces them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl

from loganalyzer.history.object_store import StoreError as StoreError
from loganalyzer.history.object_store import s3_options, store_errors
from loganalyzer.history.rows import OK, TABLES, frame, schema_frame
from loganalyzer.history.task import RunResult, is_url

VERSION = "loganalyzer.history/1"
DEFAULT_STORE = "./.loganalyzer/history"
ORDER = ("artifacts", "specs", "runs")  # runs last: its row marks the run committed


def storage_options(root: str) -> dict[str, str] | None:
    """Object-store options for a store in a bucket (None for a folder)."""
    if not is_url(root):
        return None
    if root.startswith("s3://"):
        return s3_options()
    return {}  # gs://, az://: delta-rs reads its own environment variables


class Store:
    """The history tables under ``root`` (a folder or a URL); made on first write.

    >>> import tempfile
    >>> store = Store(tempfile.mkdtemp())
    >>> store.committed()
    set()
    """

    def __init__(self, root: str | Path = DEFAULT_STORE) -> None:
        self.root = str(root).rstrip("/")
        self.options = storage_options(self.root)
        self._checked = False

    def uri(self, table: str) -> str:
        return f"{self.root}/{table}"

    def exists(self, table: str) -> bool:
        from deltalake import DeltaTable

        with store_errors(self.root):
            return bool(DeltaTable.is_deltatable(self.uri(table), storage_options=self.options))

    def check(self) -> None:
        """Refuse a store written by another version of the history schema."""
        if self._checked:
            return
        from deltalake import DeltaTable

        for table in TABLES:
            if not self.exists(table):
                continue
            with store_errors(self.root):
                meta = DeltaTable(self.uri(table), storage_options=self.options).metadata()
            if meta.description != VERSION:
                raise StoreError(
                    f"{self.uri(table)}: a history table of version "
                    f"{meta.description or 'unknown'}, not {VERSION}: use another --store"
                )
        self._checked = True

    def create(self) -> None:
        """Make any missing table, empty, with its schema, partitioning and version."""
        if not is_url(self.root):
            Path(self.root).mkdir(parents=True, exist_ok=True)
        for table, kind in TABLES.items():
            if not self.exists(table):
                with store_errors(self.root):
                    schema_frame(kind).write_delta(
                        self.uri(table),
                        mode="append",
                        storage_options=self.options,
                        delta_write_options={
                            "partition_by": ["day"],
                            "name": table,
                            "description": VERSION,
                        },
                    )
        self.check()

    def commit(self, results: Sequence[RunResult]) -> None:
        """Replace the rows of these runs: one Delta commit per table, ``runs`` last."""
        if not results:
            return
        self.create()
        ids = sorted({r.run_id for r in results})
        predicate = "run_id IN (" + ", ".join(_quote(i) for i in ids) + ")"
        sources = ", ".join(_quote(s) for s in sorted({str(r.run["source"]) for r in results}))
        # An earlier error row of the same source goes too (a lost run has no content id).
        replaced = {"runs": f"{predicate} OR (status = 'error' AND source IN ({sources}))"}
        rows: dict[str, list[dict[str, Any]]] = {
            "runs": [r.run for r in results],
            "specs": [row for r in results for row in r.specs],
            "artifacts": [row for r in results for row in r.artifacts],
        }
        for table in ORDER:
            with store_errors(self.root):
                frame(TABLES[table], rows[table]).write_delta(
                    self.uri(table),
                    mode="overwrite",
                    storage_options=self.options,
                    delta_write_options={
                        "predicate": replaced.get(table, predicate),
                        "partition_by": ["day"],
                    },
                )

    def scan(self, table: str) -> pl.LazyFrame:
        """A table, lazily, as written (trusted or not); empty when there is none yet."""
        self.check()
        if not self.exists(table):
            return schema_frame(TABLES[table]).lazy()
        # polars reads the Parquet files with its own client, which wants max_retries as a
        # number where delta-rs wants a string: polars keeps its own retry count.
        options = {k: v for k, v in (self.options or {}).items() if k != "max_retries"}
        with store_errors(self.root):
            return pl.scan_delta(self.uri(table), storage_options=options or None)

    def runs(self) -> pl.LazyFrame:
        """The committed runs (status ok)."""
        return self.scan("runs").filter(pl.col("status") == OK)

    def trusted(self, table: str, runs: pl.LazyFrame | None = None) -> pl.LazyFrame:
        """The rows of ``specs`` or ``artifacts`` that belong to a committed run's revision."""
        marker = (self.runs() if runs is None else runs).select("run_id", "revision", "day")
        return self.scan(table).join(marker, on=["run_id", "revision", "day"], how="semi")

    def committed(self) -> set[str]:
        """Run ids committed ok (an ingest skips them)."""
        return set(self.runs().select("run_id").collect().get_column("run_id").to_list())

    def committed_sources(self) -> set[str]:
        return set(self.runs().select("source").collect().get_column("source").to_list())


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"
