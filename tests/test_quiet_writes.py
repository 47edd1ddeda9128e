"""Files no evidence can touch stay columns from the join on, and the report is the one
that every file as an object gives: on the samples, on generated runs where every linking
rule has rivals, and on a run where a time window decides."""

from __future__ import annotations

import functools
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from test_join_equivalence import generate

from builders import delivered, file_name, spec_block, stamp, suite
from loganalyzer import analyze
from loganalyzer.correlate import join
from loganalyzer.correlate.links import Index
from loganalyzer.correlate.pairs import Correlation
from loganalyzer.correlate.written import (
    glob_matches,
    in_windows,
    named_in,
    write_frame,
    write_rows,
)
from loganalyzer.extract.line_reader import EVENT_SCHEMA
from loganalyzer.formats.times import UTC_DTYPE
from loganalyzer.model.report import Report
from loganalyzer.model.specs import Attempt, Spec
from loganalyzer.render.registry import Options, renderer

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted(p for p in (ROOT / "samples").glob("*/logs") if p.is_dir())


def _both(
    paths: list[str], monkeypatch: pytest.MonkeyPatch, **options: object
) -> tuple[Report, Report, list[int]]:
    """The report with quiet files and with every file an object, and the quiet counts."""
    quiet: list[int] = []
    correlate = join.correlate

    def counted(*args: object, **kwargs: object) -> Correlation:
        corr = correlate(*args, **kwargs)  # type: ignore[arg-type]
        quiet.append(corr.quiet.height if corr.quiet is not None else 0)
        return corr

    with monkeypatch.context() as patch:
        patch.setattr(join, "correlate", counted)
        columns = analyze(paths, **options)  # type: ignore[arg-type]
    with monkeypatch.context() as patch:
        patch.setattr(join, "correlate", functools.partial(correlate, quiet=False))
        objects = analyze(paths, **options)  # type: ignore[arg-type]
    return columns, objects, quiet


def _same(columns: Report, objects: Report) -> None:
    assert columns.to_dict() == objects.to_dict()
    for name in ("json", "markdown", "html", "terminal"):
        emit = renderer(name)
        assert "".join(emit(columns, Options(width=160))) == "".join(
            emit(objects, Options(width=160))
        ), name


@pytest.mark.parametrize("logs", SAMPLES, ids=lambda p: p.parent.name)
def test_samples_give_the_same_report(logs: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    columns, objects, _ = _both([str(logs)], monkeypatch)
    _same(columns, objects)


@pytest.mark.parametrize("seed", range(6))
def test_rival_links_give_the_same_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
) -> None:
    controller, blocks = generate(seed)
    (tmp_path / "controller.log").write_text("\n".join(controller) + "\n", encoding="utf-8")
    (tmp_path / "ginkgo.log").write_text(suite(blocks), encoding="utf-8")
    columns, objects, quiet = _both([str(tmp_path)], monkeypatch, test_tz="UTC")
    _same(columns, objects)
    assert quiet and quiet[0] > 0  # the rule was exercised: some files stayed columns


def _window_run(directory: Path, writes: list[str]) -> None:
    """One spec that names no file but waits for one (a pack's wait step) while ``writes``
    (stamps) are written, and many files written outside its run."""
    controller = [delivered(f"early-{n}", f"1917{n % 60:02d}.{n:06d}") for n in range(200)]
    controller += [delivered(f"inside-{n}", at) for n, at in enumerate(writes)]
    controller += [delivered(f"late-{n}", f"1920{n % 60:02d}.{n:06d}") for n in range(200)]
    (directory / "controller.log").write_text("\n".join(controller) + "\n", encoding="utf-8")
    block = spec_block(
        "Waits without naming its file",
        [
            f"STEP: Waiting for the ConfigMap to be created @ {stamp('19:18:10.000')}",
            f"STEP: done @ {stamp('19:18:15.000')}",
        ],
    )
    (directory / "ginkgo.log").write_text(suite([block], procs=1), encoding="utf-8")


@pytest.mark.parametrize("writes", [["191812.000000"], ["191811.000000", "191813.000000"]])
def test_a_time_window_gives_the_same_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, writes: list[str]
) -> None:
    _window_run(tmp_path, writes)
    columns, objects, quiet = _both([str(tmp_path)], monkeypatch, test_tz="UTC")
    _same(columns, objects)
    assert quiet == [400]  # the writes outside the window, and only those
    candidates = [p for p in columns.pairs if p.candidates]
    assert len(candidates) == (1 if len(writes) == 1 else 0)


def test_written_and_statuses_are_counted_with_the_quiet_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _window_run(tmp_path, ["191812.000000"])
    columns, _, _ = _both([str(tmp_path)], monkeypatch, test_tz="UTC")
    assert columns.summary.writes == 401 and columns.summary.not_waited == 401  # one a candidate
    (tmp_path / "ginkgo.log").unlink()
    alone, objects, quiet = _both([str(tmp_path)], monkeypatch, test_tz="UTC")
    _same(alone, objects)
    assert quiet == [401] and alone.summary.writes == 401
    assert {p.status for p in alone.pairs} == {"unknown"}


def _events(names: list[str], keys: list[str | None]) -> pl.DataFrame:
    n = len(names)
    return pl.DataFrame(
        {
            "source": ["c.log"] * n,
            "line_no": list(range(1, n + 1)),
            "pack": ["p"] * n,
            "pattern": ["w"] * n,
            "kind": ["write"] * n,
            "key": keys,
            "path": [f"/d/{x}" for x in names],
            "basename": names,
            "at": [None] * n,
            "res": [0.0] * n,
            "error": [None] * n,
            "text": [""] * n,
        },
        schema=EVENT_SCHEMA,
    )


def test_named_in_finds_every_name_the_mention_finder_can() -> None:
    """Each token's whole, base name and parts, as ``MentionFinder`` looks them up."""
    names = ["a.json", "dir/b.json", "c.json", "d.json", "unnamed.json"]
    keys = ["k1", "ns/k2", "k3", "k4", "never"]
    texts = [
        "saw /mnt/x/a.json.",  # a base name, a sentence's stop
        "path dir/b.json as it stands",  # a pack naming files by path
        "C:\\pod\\c.json on windows",  # backslashes
        "got ns/k2 and ns/k1. then k3/k4",  # namespaced keys and their parts
        "d.json...",
    ]
    found_names, found_keys = named_in(texts, pl.Series(names), pl.Series(keys))
    assert found_names == {"a.json", "dir/b.json", "c.json", "d.json"}
    assert found_keys == {"k1", "ns/k2", "k3", "k4"}
    assert named_in([], pl.Series(names), pl.Series(keys)) == (set(), set())


def test_glob_matches_stop_at_two() -> None:
    names = pl.Series(["x-a-1.json", "x-a-2.json", "x-b-1.json", "y-b-1.json", "x-b-1.yaml"])
    found = glob_matches(["x-a-*.json", "x-b-*.json", "*-b-1.json", "z*.json", "x-?-1.yaml"], names)
    assert found == {
        "x-a-*.json": ["x-a-1.json", "x-a-2.json"],
        "x-b-*.json": ["x-b-1.json"],
        "*-b-1.json": ["x-b-1.json", "y-b-1.json"],
        "z*.json": [],
        "x-?-1.yaml": ["x-b-1.yaml"],
    }


def test_write_frame_keeps_the_first_of_a_name_in_time_order() -> None:
    events = _events(["b.json", "a.json", "b.json"], ["k-b", "k-a", "k-b2"])
    frame = write_frame(write_rows(events))
    assert frame.get_column("basename").to_list() == ["b.json", "a.json"]
    assert frame.get_column("index").to_list() == [0, 1]
    assert json.dumps(frame.get_column("key").to_list()) == '["k-b", "k-a"]'


def test_a_glob_in_a_failure_names_a_quiet_candidate(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file only a failure's glob names is found among a thousand others."""
    controller = [delivered(f"other-{n}", f"1918{n % 60:02d}.{n:06d}") for n in range(1000)]
    controller.append(delivered("wanted", "191812.500000"))
    (tmp_path / "controller.log").write_text("\n".join(controller) + "\n", encoding="utf-8")
    block = spec_block(
        "Waits for its file",
        [f"STEP: Waiting for the notification file @ {stamp('19:18:10.000')}"],
        failure=["[FAILED] Timed out after 5.001s.", "file notification-wanted-*.json not found"],
        failed_at=stamp("19:18:15.001"),
    )
    (tmp_path / "ginkgo.log").write_text(suite([block], procs=1), encoding="utf-8")
    columns, objects, quiet = _both([str(tmp_path)], monkeypatch, test_tz="UTC")
    _same(columns, objects)
    assert quiet == [1000]
    wanted = [p for p in columns.pairs if p.key == "wanted"]
    assert wanted and wanted[0].spec == "Waits for its file"
    assert file_name("wanted", "191812.500000") in wanted[0].path


@pytest.mark.parametrize("seed", range(20))
def test_in_windows_holds_every_write_a_window_can_name(seed: int) -> None:
    """``in_windows`` against ``Index.window`` itself, write by write: every write a window
    names is chosen (a superset is allowed, so a chosen write without one is counted only)."""
    rnd = random.Random(seed)
    base = datetime(2026, 1, 10, 19, 0, tzinfo=UTC)
    specs = []
    for n in range(rnd.randint(0, 6)):
        start = base + timedelta(seconds=rnd.uniform(0, 60))
        end = start + timedelta(seconds=rnd.choice([0.0, 0.0005, rnd.uniform(0, 10)]))
        attempt = Attempt(1, start=start, end=end)
        specs.append(Spec(f"s{n}", "passed", "g.log", n + 1, attempts=[attempt]))
    index = Index(specs, {}, {}, pl.Series([], dtype=pl.String), set())
    at = [base + timedelta(microseconds=rnd.randint(0, 75_000_000)) for _ in range(400)]
    res = [rnd.choice([0.0, 0.001, 1.0, 1e-6]) for _ in at]
    for spec in specs:  # the edges of each window, padded by the write's resolution
        attempt = spec.attempts[0]
        assert attempt.start is not None and attempt.end is not None
        for pad in (0.0, 0.001, 1.0):
            at += [attempt.start - timedelta(seconds=pad), attempt.end + timedelta(seconds=pad)]
            res += [pad, pad]
    frame = pl.DataFrame({"at": at, "res": res}, schema={"at": UTC_DTYPE, "res": pl.Float64})
    chosen = in_windows(frame, index.free).to_list()
    for when, pad, picked in zip(at, res, chosen, strict=True):
        if index.window(when, pad):
            assert picked, (when, pad)
