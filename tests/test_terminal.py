"""The terminal report: a screenful by default (the rows that need a look), names that fit."""

from __future__ import annotations

from dataclasses import replace

from loganalyzer.model.report import PairRow, Report, SpecRow
from loganalyzer.model.status import PairStatus, SpecState, VerdictKind
from loganalyzer.model.summary import Summary
from loganalyzer.render.terminal.report import render, shown_pairs

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


def test_more_rows_than_a_screenful_show_those_that_need_a_look() -> None:
    report = Report([], Summary(), pairs(120, 7), [], [])
    shown = shown_pairs(report.pairs, 60)
    assert [p.key for p in shown] == [f"late-{n:03}" for n in range(7)]  # report order kept
    text = render(report, 120, height=60)
    assert "late-006" in text and "seen-000" not in text
    assert "--all adds 120 more rows (120 seen by their spec" in text
    assert render(report, 120, height=200).count("seen-") == 120  # a screenful: every row


def test_all_shows_every_row() -> None:
    report = Report([], Summary(), pairs(120, 7), [], [])
    text = render(report, 120, height=60, all_rows=True)
    assert text.count("seen-") == 120 and "--all" not in text


def test_the_missed_rows_are_capped_at_a_screenful() -> None:
    report = Report([], Summary(), pairs(10, 300), [], [])
    assert len(shown_pairs(report.pairs, 60)) == 60
    assert "--all adds 250 more rows (10 seen by their spec" in render(report, 120, height=60)


def test_long_spec_names_keep_their_leaf_text() -> None:
    leaf = "should write the critical notification first"
    names = [f"File-Based Notification Delivery E2E Tests Scenario {n}: {leaf} {n}" for n in (1, 2)]
    rows = [replace(ROW, key=f"k{n}", spec=name) for n, name in enumerate(names)]
    text = render(Report([], Summary(), rows, [], []), 80)
    assert all(len(line) <= 80 for line in text.splitlines())
    assert "first 1" in text and "first 2" in text  # the ends differ, and both show


def test_wrapped_reasons_keep_their_indent() -> None:
    spec = SpecRow("a spec", SpecState.FAILED, 1, VerdictKind.NOT_WRITTEN, "word " * 60)
    text = render(Report([], Summary(), [], [spec], []), 60)
    reason = [line for line in text.splitlines() if line.strip().startswith("word")]
    assert len(reason) > 2 and all(line.startswith("  word") for line in reason)


def test_the_pack_noun_names_what_was_paired() -> None:
    report = Report([], Summary(writes=2), pairs(2, 0), [], [], artifact="ConfigMap")
    text = render(report, 120)
    assert "2 ConfigMaps written" in text and "ConfigMaps written (UTC)" in text
    assert " files" not in text


def test_a_large_run_with_nothing_missed_draws_no_empty_table() -> None:
    text = render(Report([], Summary(), pairs(100, 0), [], []), 120, height=60)
    assert "Files written: none missed, undetermined or orphaned" in text
    assert "┏" not in text.split("Inputs")[0] and "--all adds 100 more rows" in text
