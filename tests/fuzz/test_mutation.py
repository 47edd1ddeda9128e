"""The mutation fuzzer, in CI: a fixed seed, a bounded number of cases, no finding allowed."""

from __future__ import annotations

from fuzz.mutate import fuzz

CI_CASES = 600  # about 40 s on one core; `python -m tests.fuzz.mutate --long` for a million


def test_mutated_samples_never_crash_hang_or_leak() -> None:
    tally = fuzz(CI_CASES, seed=2026, hang=10.0)
    assert tally.cases == CI_CASES
    assert not tally.crashes, tally.crashes[:10]
    assert not tally.hangs, tally.hangs
    assert not tally.leaks, tally.leaks[:10]
