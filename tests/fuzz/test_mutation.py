"""The mutation fuzzer, in CI: a fixed seed, a bounded number of cases, no finding allowed.

And the harness itself: a crash, a hang and a dead worker planted in the pool are found.
"""

from __future__ import annotations

import os
import random
import resource
import time
from pathlib import Path

from fuzz.mutate import Cases, fuzz, leaks, mutate, replay
from loganalyzer.render.html import library as html_library

CI_CASES = 600  # about 20 s in two workers; `python -m tests.fuzz.mutate --long` for a million
CRASH, HANG, DIES, BOMB = 3, 7, 11, 12


def test_mutated_samples_never_crash_hang_or_leak() -> None:
    tally = fuzz(CI_CASES, seed=2026, hang=10.0, jobs=2)
    assert tally.cases == CI_CASES
    assert not tally.crashes, tally.crashes[:10]
    assert not tally.hangs, tally.hangs
    assert not tally.leaks, tally.leaks[:10]


def plant(index: int) -> None:
    """Fault hook, run in the workers: a crash, a hang, a dead process, a memory bomb."""
    if index == CRASH:
        raise RuntimeError("planted")
    if index == HANG:
        time.sleep(600)
    if index == DIES:
        os._exit(9)
    if index == BOMB:
        if resource.getrlimit(resource.RLIMIT_AS)[0] == resource.RLIM_INFINITY:
            raise AssertionError("no memory limit: the bomb would take the machine's memory")
        bytearray(8 << 30)  # past the workers' memory limit


def test_the_pool_finds_a_planted_crash_hang_death_and_memory_bomb() -> None:
    started = time.monotonic()
    tally = fuzz(16, seed=1, hang=3.0, jobs=2, fault=plant)
    assert tally.cases == 16  # the run went on past each of them
    assert [c.split(":")[0] for c in tally.crashes] == [f"case {n}" for n in (CRASH, DIES, BOMB)]
    assert "RuntimeError at test_mutation.py" in tally.crashes[0]
    assert "died (exit 9)" in tally.crashes[1]
    assert "MemoryError" in tally.crashes[2]
    assert tally.hangs == [f"case {HANG}: hang: over 3 s; the worker was killed"]
    assert time.monotonic() - started < 60  # the hang was cut short, not waited out


def test_a_case_is_the_same_whatever_the_workers(tmp_path: Path) -> None:
    cases = Cases(5, None, tmp_path)
    assert cases.case(123) == Cases(5, None, tmp_path).case(123)
    assert cases.case(123) != cases.case(124) != Cases(6, None, tmp_path).case(124)


def test_mutate_changes_the_input() -> None:
    data = b"2026-01-10T14:18:13.2Z INFO wrote file a.txt\n" * 5
    rng = random.Random(1)
    assert sum(mutate(data, rng) != data for _ in range(50)) >= 45


def test_a_control_character_is_found_anywhere_in_a_page() -> None:
    bundle = html_library()  # searched once, then skipped where a page holds it whole
    page = f"<p>a\tb</p>\n<script>{bundle}</script>\n<p>c</p>\n"
    assert not leaks(page)
    half = len(bundle) // 2
    inside = page.replace(bundle, bundle[:half] + "\x1b" + bundle[half:])
    for bad in (page.replace("a\tb", "a\x1bb"), page.replace("<p>c", "<p>\x9bc"), inside):
        assert leaks(bad)


def test_replay_rebuilds_a_case_in_a_folder(tmp_path: Path) -> None:
    name, data, partner = Cases(5, None, tmp_path / "x").case(40)
    got = replay(5, 40, tmp_path / "case")
    assert got.name == name and not got.crash and not got.leaks
    assert (tmp_path / "case" / name).read_bytes() == data
    assert (tmp_path / "case" / partner[0]).read_bytes() == partner[1]
