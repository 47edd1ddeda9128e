"""The writes kept apart from the other events, their paths as a folder and a name."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from loganalyzer.extract.ingest import ingest
from loganalyzer.extract.line_reader import EVENT_SCHEMA
from loganalyzer.extract.packs import load_packs
from loganalyzer.extract.write_columns import (
    WRITE_SCHEMA,
    as_events,
    folder_of,
    path_of,
    split_writes,
)

_PART = st.text(
    st.characters(blacklist_characters="/\\\n", blacklist_categories=["Cs"]), max_size=8
)
_SEP = st.sampled_from(["/", "\\"])


@st.composite
def paths(draw: st.DrawFn) -> str | None:
    if draw(st.booleans()) and draw(st.booleans()):
        return None
    parts = draw(st.lists(st.tuples(_PART, _SEP), max_size=4))
    return "".join(p + s for p, s in parts) + draw(_PART)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(paths(), st.booleans()), min_size=1, max_size=20))
def test_a_path_is_its_folder_and_name_again(rows: list[tuple[str | None, bool]]) -> None:
    """Whatever the separators, characters or identity (a name, or the whole path), and with
    no name at all (a path ending in a separator), the folder and the name give the path."""
    wanted = [p for p, _ in rows]
    names = [None if p is None else (p if whole else _last_part(p)) for p, whole in rows]
    frame = pl.DataFrame(
        {"path": wanted, "basename": names}, schema={"path": pl.String, "basename": pl.String}
    )
    frame = frame.with_columns(
        folder_of(pl.col("path"), pl.col("basename")).cast(pl.Categorical).alias("folder")
    )
    assert frame.select(path_of()).to_series().to_list() == wanted


def _last_part(path: str) -> str | None:
    # As the scan extracts a basename: the text after the last separator, none if empty.
    name = path.replace("\\", "/").rsplit("/", 1)[-1]
    return name or None


def _events() -> pl.DataFrame:
    at = datetime(2026, 1, 10, 19, 0, tzinfo=UTC)
    rows = [
        ("c.log", 1, "b", "intent", "intent", "k1", None, None, None, "reconcile k1"),
        (
            "c.log",
            2,
            "b",
            "file-delivered",
            "write",
            "k1",
            "/tmp/n/a.json",
            "a.json",
            None,
            "wrote a",
        ),
        ("c.log", 3, "b", "failed", "error", "k2", None, None, "disk full", "failed k2"),
        (
            "c.log",
            4,
            "b",
            "file-delivered",
            "write",
            "k3",
            "/tmp/m/b.json",
            "b.json",
            None,
            "wrote b",
        ),
        ("c.log", 5, "b", "file-delivered", "write", "k4", None, None, None, "wrote ?"),
    ]
    return pl.DataFrame(
        [(s, n, p, pat, k, key, path, base, at, 1e-6, err, text)
         for s, n, p, pat, k, key, path, base, err, text in rows],
        schema=EVENT_SCHEMA,
        orient="row",
    )  # fmt: skip


def test_split_writes_keeps_every_event_once() -> None:
    events = _events()
    writes, others, texts = split_writes(events)
    assert writes.schema == WRITE_SCHEMA
    assert others.get_column("kind").cast(pl.String).to_list() == ["intent", "error"]
    assert texts.get_column("line_no").to_list() == [2, 4, 5]
    assert texts.get_column("text").to_list() == ["wrote a", "wrote b", "wrote ?"]
    assert writes.get_column("folder").cast(pl.String).to_list() == ["/tmp/n/", "/tmp/m/", None]
    back = as_events(writes, EVENT_SCHEMA)
    assert back.equals(
        events.filter(pl.col("kind") == "write").with_columns(pl.lit(None, pl.String).alias("text"))
    )


NAMES = [f"/tmp/notifications/notification-n-{i}-20260110-190000.{i:06d}.json" for i in range(5)]


def test_ingest_gives_the_writes_apart_and_counts_them(tmp_path: Path) -> None:
    """A controller log's writes are in ``Ingested.writes`` only; the input row counts every
    event, and the same log given twice is counted as duplicates, writes included."""
    lines = [
        '2026-01-10T19:00:00Z\tINFO\tNotification delivered successfully to file\t{"notification": '
        f'"n-{i}", "filePath": "{NAMES[i]}", "filesize": 10}}'
        for i in range(5)
    ]
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    for d in ("a", "b"):
        (tmp_path / d / "manager.log").write_text("\n".join(lines) + "\n")
    got = ingest([str(tmp_path / "a" / "manager.log")], load_packs(), "UTC", None)
    assert got.writes.height == 5 and got.events.is_empty()
    assert got.inputs[0].events == 5
    paths = got.all_events.select("path").to_series().to_list()
    assert paths == [
        f"/tmp/notifications/notification-n-{i}-20260110-190000.{i:06d}.json" for i in range(5)
    ]
    twice = ingest(
        [str(tmp_path / d / "manager.log") for d in ("a", "b")], load_packs(), "UTC", None
    )
    assert twice.writes.height == 5
    assert [row.duplicates for row in twice.inputs] == [0, 5]
