"""The terminal pairs table: the fast layout is byte-for-byte rich's own."""

from __future__ import annotations

import io
import random

import pytest

from loganalyzer.render.terminal.report import Cells, _console, pairs_table, pairs_table_fast

WORDS = ["e2e", "notification", "File-Based", "Delivery", "x" * 30, "(3)", "–", "≤", "…"]


def rich(rows: list[Cells], width: int | None, color: bool) -> str:
    buffer = io.StringIO()
    _console(buffer, width, color).print(pairs_table(rows))
    return buffer.getvalue()


def random_rows(rng: random.Random, count: int, longest: int) -> list[Cells]:
    def text() -> str:
        words = [rng.choice(WORDS) for _ in range(rng.randint(1, 4))]
        return " ".join(words)[: rng.randint(1, longest)] or "-"

    return [
        (
            f"bench{rng.randint(0, 10 ** rng.randint(1, 12))}-0-0",
            rng.choice(["-", "19:00:00.000000", "19:00:06.123456"]),
            rng.choice(["observed", "unobserved", "orphan"]),
            rng.choice(["-", "0.402 s", "> 5.001 s (visible by 6.123)", text()]),
            text(),
        )
        for _ in range(count)
    ]


@pytest.mark.parametrize("seed", range(12))
def test_fast_table_matches_rich(seed: int) -> None:
    rng = random.Random(seed)
    fast_ones = 0
    for _ in range(6):
        rows = random_rows(rng, rng.randint(1, 60), rng.choice([12, 30, 60]))
        width, color = rng.choice([None, 40, 80, 160, 240]), rng.random() < 0.5
        fast = pairs_table_fast(rows, width, color)
        if fast is not None:
            fast_ones += 1
            assert fast == rich(rows, width, color)
    assert seed % 3 or fast_ones  # wide tables of short cells do take the fast path


@pytest.mark.parametrize(
    "cell", ["[bold]x[/bold]", "tab\there", "wide 中文", "zero\u200bwidth", "line\nbreak"]
)
def test_cells_rich_must_interpret_fall_back(cell: str) -> None:
    rows: list[Cells] = [("k", "-", "unobserved", "-", cell)]
    assert pairs_table_fast(rows, 200, False) is None
    rich(rows, 200, False)  # and rich still renders them


def test_cells_folded_onto_several_lines_take_the_fast_path() -> None:
    long = "File-Based Notification Delivery E2E Test (12)"
    rows: list[Cells] = [
        ("a-key", "19:00:00.000000", "observed", "1.000 s", long),
        ("another-key-that-is-long-enough-to-fold", "-", "orphan", "-", "-"),
        ("k", "19:00:01.000000", "unobserved", "> 5.001 s (visible by 6.123)", long),
    ]
    for color in (False, True):
        fast = pairs_table_fast(rows, 80, color)
        assert fast is not None and fast == rich(rows, 80, color)
        assert len(fast.splitlines()) > len(rows) + 5  # rows did fold
