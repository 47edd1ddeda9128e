"""The sample generator reproduces every committed sample byte for byte, truth.json included."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from samples.gen.engine import generate_all, write
from samples.gen.scenarios import NAMES, load

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
FILES = generate_all()


@pytest.mark.parametrize("path", sorted(FILES))
def test_generated_file_equals_committed(path: str) -> None:
    committed = SAMPLES / path
    assert committed.is_file(), f"{path}: generated, not committed (run python -m samples.gen)"
    assert FILES[path] == committed.read_bytes(), f"{path} differs: run python -m samples.gen"


@pytest.mark.parametrize("slug", sorted(NAMES))
def test_no_stray_committed_log(slug: str) -> None:
    committed = {p.relative_to(SAMPLES).as_posix() for p in (SAMPLES / slug / "logs").rglob("*")}
    assert {p for p in committed if (SAMPLES / p).is_file()} <= set(FILES)


def test_write_regenerates_into_an_empty_folder(tmp_path: Path) -> None:
    write(tmp_path, FILES)
    written = {p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()}
    assert written == set(FILES)


def test_truth_is_consistent() -> None:
    """A file is seen only once visible, and only after it was written; a missed file was
    written before the deadline of the spec that gave up on it."""
    for slug in NAMES:
        truth = json.loads(FILES[f"{slug}/truth.json"])
        for w in truth["writes"]:
            if w["seen_at"] is not None:
                assert w["written_at"] < w["visible_at"] <= w["seen_at"], (slug, w["key"])
            if w["deadline"] is not None:
                assert w["written_at"] < w["deadline"], (slug, w["key"])
        verdicts = {s["verdict"] for s in truth["specs"]}
        assert verdicts <= {None, "visibility-latency", "not-written", "flaky"}, slug


@pytest.mark.parametrize("slug", sorted(NAMES))
def test_scenario_is_possible(slug: str) -> None:
    """Stamps in order inside their node, one node at a time per process, and every wait
    consistent with its write: seen after the file became visible and before the next stamp."""
    scn = load(slug)
    for r in scn.runs:
        assert r.timed == sorted(r.timed) and all(r.start <= t <= r.end for t in r.timed), r
        assert scn.suite_start <= r.start and r.end <= scn.suite_end, r
    for process in range(1, scn.procs + 1):
        mine = sorted((r for r in scn.runs if r.process == process), key=lambda r: r.start)
        assert all(a.end <= b.start for a, b in itertools.pairwise(mine)), process
    for r in scn.spec_runs:
        for w in r.waits:
            writes = scn.writes(w.key)
            if not writes:
                assert w.deadline is not None, w
                continue
            written, visible = writes[w.write].written, writes[w.write].visible
            assert written is not None
            if w.seen is not None:
                later = [t for t in r.timed if t > w.step]
                assert visible is not None and written < visible <= w.seen, w
                assert w.seen <= (later[0] if later else r.end), w
            else:
                assert w.deadline is not None and written < w.deadline, w
