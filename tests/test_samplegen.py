"""The sample generator reproduces every committed sample byte for byte, truth.json included."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from samples.gen.engine import generate_all, write
from samples.gen.scenarios import SCENARIOS

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
FILES = generate_all()


@pytest.mark.parametrize("path", sorted(FILES))
def test_generated_file_equals_committed(path: str) -> None:
    committed = SAMPLES / path
    assert committed.is_file(), f"{path}: generated, not committed (run python -m samples.gen)"
    assert FILES[path] == committed.read_bytes(), f"{path} differs: run python -m samples.gen"


@pytest.mark.parametrize("slug", sorted(SCENARIOS))
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
    for slug in SCENARIOS:
        truth = json.loads(FILES[f"{slug}/truth.json"])
        for w in truth["writes"]:
            if w["seen_at"] is not None:
                assert w["written_at"] < w["visible_at"] <= w["seen_at"], (slug, w["key"])
            if w["deadline"] is not None:
                assert w["written_at"] < w["deadline"], (slug, w["key"])
        verdicts = {s["verdict"] for s in truth["specs"]}
        assert verdicts <= {None, "visibility-latency", "not-written", "flaky"}, slug
