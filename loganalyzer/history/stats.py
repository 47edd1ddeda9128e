"""The statistics of trends: Wilson intervals, Fisher's exact test, a rank test, BH.

>>> lo, hi = wilson(3, 100)
>>> round(lo, 3), round(hi, 3)
(0.01, 0.085)
>>> benjamini_hochberg([0.01, 0.04, 0.03])
[0.03, 0.04, 0.04]
"""

from __future__ import annotations

import math
from collections.abc import Sequence


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval of a rate of k in n (95% by default); (0, 1) when n = 0."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def fisher_greater(k_recent: int, n_recent: int, k_before: int, n_before: int) -> float:
    """One-sided p that the recent rate is higher than before (Fisher's exact test)."""
    from scipy.stats import fisher_exact

    table = [[k_recent, n_recent - k_recent], [k_before, n_before - k_before]]
    return float(fisher_exact(table, alternative="greater").pvalue)


def rank_greater(recent: Sequence[float], before: Sequence[float]) -> float:
    """One-sided p that recent values tend to be larger (Mann-Whitney U)."""
    from scipy.stats import mannwhitneyu

    if not recent or not before:
        return 1.0
    return float(mannwhitneyu(recent, before, alternative="greater").pvalue)


def benjamini_hochberg(pvalues: Sequence[float]) -> list[float]:
    """q-values (BH adjusted p-values), in the input's order."""
    n = len(pvalues)
    order = sorted(range(n), key=lambda i: pvalues[i])
    out = [1.0] * n
    running = 1.0
    for rank in range(n, 0, -1):
        i = order[rank - 1]
        running = min(running, pvalues[i] * n / rank)
        out[i] = round(min(1.0, running), 12)
    return out
