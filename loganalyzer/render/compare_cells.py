"""Cells shared by the comparison renderers."""

from __future__ import annotations

from typing import Any

from loganalyzer.model.status import PairStatus


def spec_cell(side: dict[str, Any] | None) -> str:
    if side is None:
        return "not run"
    verdict = side.get("verdict")
    return f"{side['state']} ({verdict})" if verdict and verdict != side["state"] else side["state"]


def key_cell(side: dict[str, Any] | None) -> str:
    if side is None:
        return "not in this run"
    status, best = side["status"], side["gap_seconds"]
    low, high = side["gap_min_seconds"], side["gap_max_seconds"]
    load = f" @{side['concurrency']}" if side.get("concurrency") is not None else ""
    if status == PairStatus.OBSERVED and best is not None:
        return (
            f"seen {low:.1f}–{high:.1f} s{load}"
            if high - low >= 0.1
            else f"seen {best:.3f} s{load}"
        )
    if status == PairStatus.UNOBSERVED and low is not None:
        return f"never seen, > {low:.3f} s{load}"
    if status == PairStatus.NOT_WAITED:
        return f"not waited for{load}"
    return f"{status}{load}"
