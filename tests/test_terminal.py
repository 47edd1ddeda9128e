"""The terminal report: rich lays out the pairs table, capped at a readable number of rows."""

from __future__ import annotations

from dataclasses import replace

from loganalyzer.model.report import PairRow, Report
from loganalyzer.model.status import PairStatus
from loganalyzer.model.summary import Summary
from loganalyzer.render.terminal.report import MAX_PAIR_ROWS, render, shown_pairs

ROW = PairRow(
    key="k",
    path="/tmp/k.json",
    written_at="2026-01-10T19:18:14.485730Z",
    observed_at=None,
    gap_seconds=1.0,
    gap_min_seconds=1.0,
    gap_max_seconds=1.0,
    status=PairStatus.OBSERVED,
    spec="a spec",
    process=1,
    link=None,
    first_sighting_at=None,
)


def pairs(observed: int, unobserved: int) -> list[PairRow]:
    rows = [replace(ROW, key=f"seen-{n:03}") for n in range(observed)]
    late = replace(ROW, status=PairStatus.UNOBSERVED, deadline_at="2026-01-10T19:18:19Z")
    return rows + [replace(late, key=f"late-{n:03}") for n in range(unobserved)]


def test_a_small_table_shows_every_row() -> None:
    report = Report([], Summary(), pairs(3, 2), [], [])
    text = render(report, 120)
    assert all(f"seen-{n:03}" in text for n in range(3)) and "late-001" in text
    assert "more file" not in text


def test_a_large_table_is_capped_with_the_unobserved_rows_kept() -> None:
    report = Report([], Summary(), pairs(120, 7), [], [])
    shown = shown_pairs(report.pairs)
    assert len(shown) == MAX_PAIR_ROWS
    assert sum(p.status == PairStatus.UNOBSERVED for p in shown) == 7
    assert [p.key for p in shown] == sorted(p.key or "" for p in shown)[7:] + [
        f"late-{n:03}" for n in range(7)
    ]  # report order kept
    text = render(report, 120)
    assert (
        "77 more files not shown (77 seen by their spec)" in text and "--format json|html" in text
    )
    assert "late-006" in text and f"seen-{MAX_PAIR_ROWS - 8:03}" in text
    assert f"seen-{MAX_PAIR_ROWS - 7:03}" not in text


def test_the_pack_noun_names_what_was_paired() -> None:
    report = Report([], Summary(writes=2), pairs(2, 0), [], [], artifact="ConfigMap")
    text = render(report, 120)
    assert "2 ConfigMaps written" in text and "ConfigMaps written (UTC)" in text
    assert " files" not in text
