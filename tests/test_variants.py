"""The parallel sample, transformed: colour off, another zone, no zone at all, shuffled order.

The answers (pairs, statuses, verdicts, gaps) must not change.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT
from loganalyzer import analyze
from loganalyzer.formats.ansi import ANSI, strip_ansi

LOGS = ROOT / "samples" / "parallel-run" / "logs"
STAMP = re.compile(r"\d\d/\d\d/\d\d \d\d:\d\d:\d\d(?:\.\d{1,3})?")
ISO = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}-0500")


def answers(path: Path, **kw: Any) -> list[tuple[Any, ...]]:
    report = analyze([str(path)], **kw).to_dict()
    pairs = [
        (p["key"], p["status"], p["spec"], p["gap_min_seconds"], p["gap_max_seconds"])
        for p in report["pairs"]
    ]
    specs = sorted((s["name"], s["state"], s["verdict"]) for s in report["specs"])
    return [*pairs, *specs]


def variant(tmp_path: Path, transform: Any) -> Path:
    (tmp_path / "controller.log").write_bytes((LOGS / "controller.log").read_bytes())
    text = (LOGS / "ginkgo.log").read_text(encoding="utf-8")
    (tmp_path / "ginkgo.log").write_text(transform(text), encoding="utf-8")
    return tmp_path


def shift_ginkgo(stamp: str, hours: int) -> str:
    whole, _, frac = stamp.partition(".")
    moved = datetime.strptime(whole, "%m/%d/%y %H:%M:%S") + timedelta(hours=hours)
    return moved.strftime("%m/%d/%y %H:%M:%S") + (f".{frac}" if frac else "")


def to_cet(text: str) -> str:
    """The same run seen from a machine at UTC+01:00."""
    text = STAMP.sub(lambda m: shift_ginkgo(m.group(0), 6), text)

    def iso(m: re.Match[str]) -> str:
        moved = datetime.strptime(m.group(0)[:23], "%Y-%m-%dT%H:%M:%S.%f") + timedelta(hours=6)
        return moved.strftime("%Y-%m-%dT%H:%M:%S.%f")[:23] + "+0100"

    return ISO.sub(iso, text)


EXPECTED = answers(LOGS)


def test_without_colour(tmp_path: Path) -> None:
    assert answers(variant(tmp_path, strip_ansi)) == EXPECTED


def test_another_zone_inferred_from_offsets(tmp_path: Path) -> None:
    assert answers(variant(tmp_path, to_cet)) == EXPECTED


def test_no_offsets_and_the_zone_given(tmp_path: Path) -> None:
    def strip_stamps(text: str) -> str:
        return ISO.sub("", text)  # the logger lines keep their text, lose their own time

    path = variant(tmp_path, strip_stamps)
    got = answers(path, test_tz="America/New_York")
    assert [g[:4] for g in got] == [e[:4] for e in EXPECTED]
    # Fewer stamps can only loosen an upper bound, never tighten or drop it.
    for g, e in zip(got, EXPECTED, strict=True):
        if len(e) == 5 and e[4] is not None:
            assert g[4] is not None and g[4] >= e[4]


def test_wrong_zone_is_reported_as_skew_not_as_gaps(tmp_path: Path) -> None:
    def strip_offsets(text: str) -> str:
        return ISO.sub(lambda m: m.group(0)[:23] + "Z", text)

    report = analyze([str(variant(tmp_path, strip_offsets))], test_tz="UTC").to_dict()
    assert all(p["gap_seconds"] is None or p["gap_seconds"] >= 0 for p in report["pairs"])
    assert report["summary"]["skewed"] > 0
    assert any("clock skew" in w for w in report["warnings"])
    assert "about 5 h: check the test log's zone" in report["summary"]["clock_skew"]["advice"]


@pytest.mark.parametrize("seed", [1, 2])
def test_spec_blocks_in_another_order(tmp_path: Path, seed: int) -> None:
    """--procs=N prints specs in completion order; any order must give the same answers."""
    import random

    def shuffle(text: str) -> str:
        delim = re.compile(rf"^(?:{ANSI})?-{{30}}(?:{ANSI})?$", re.M)
        parts = delim.split(text)
        head, blocks, tail = parts[0], parts[1:-1], parts[-1]
        random.Random(seed).shuffle(blocks)
        sep = "\x1b[38;5;243m" + "-" * 30 + "\x1b[0m"
        return sep.join([head, *blocks, tail])

    assert answers(variant(tmp_path, shuffle)) == EXPECTED
