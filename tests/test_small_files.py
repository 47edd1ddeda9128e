"""Small plain files are read per line (``scan.SMALL_FILE``): the answers must be the polars
scan's, for every sample and for the odd files the scan handles specially."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_zap import DELIVERED, ERROR, OTHER, PATTERNS, STACK

from loganalyzer import analyze
from loganalyzer.extract import scan
from loganalyzer.formats.containers import CRI, Wrapper
from loganalyzer.formats.controller.zap_console import FORMAT as CONSOLE
from loganalyzer.read.sources import iter_sources

ROOT = Path(__file__).resolve().parent.parent
RUNS = sorted(
    str(path.relative_to(ROOT)) for path in (ROOT / "samples").glob("*/logs") if path.is_dir()
)


def _both(monkeypatch: pytest.MonkeyPatch, paths: list[str]) -> tuple[object, object]:
    monkeypatch.chdir(ROOT)
    small = analyze(paths).to_dict()
    with monkeypatch.context() as patch:
        patch.setattr(scan, "SMALL_FILE", 0)
        scanned = analyze(paths).to_dict()
    return small, scanned


@pytest.mark.parametrize("run", RUNS)
def test_every_sample_gives_the_same_report(monkeypatch: pytest.MonkeyPatch, run: str) -> None:
    small, scanned = _both(monkeypatch, [run])
    assert small == scanned


def test_the_samples_hold_small_files() -> None:
    """Else the test above compares the scan with itself."""
    sizes = [p.stat().st_size for run in RUNS for p in (ROOT / run).rglob("*.log")]
    assert sum(0 < size <= scan.SMALL_FILE for size in sizes) >= 10
    assert any(size > scan.SMALL_FILE for size in sizes)


CRI_LINES = [
    "2026-01-10T19:18:14.100000000Z stdout P " + DELIVERED[:40],
    "2026-01-10T19:18:14.100000001Z stdout F " + DELIVERED[40:],
    "2026-01-10T19:18:14.2Z stderr F " + ERROR,
    "not a cri line",
    "",
]


@pytest.mark.parametrize(
    ("name", "text", "wrapper"),
    [
        ("mixed", "\n".join([OTHER, DELIVERED, ERROR, *STACK, "", "junk", OTHER]) + "\n", None),
        ("no final line end", "\n".join([DELIVERED, OTHER]), None),
        ("CRLF", "\r\n".join([OTHER, DELIVERED, ERROR]) + "\r\n", None),
        ("invalid UTF-8", OTHER + "\nbad \udcff tail\n" + DELIVERED + "\n", None),
        ("only blank lines", "\n\n\n", None),
        ("CRI with partial lines", "\n".join(CRI_LINES) + "\n", CRI),
    ],
)
def test_small_path_counts_like_the_scan(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, text: str, wrapper: Wrapper | None
) -> None:
    path = tmp_path / "c.log"
    path.write_bytes(text.encode("utf-8", "surrogateescape"))
    small = scan.extract(next(iter_sources([str(path)])), CONSOLE, PATTERNS, wrapper)
    monkeypatch.setattr(scan, "SMALL_FILE", 0)
    scanned = scan.extract(next(iter_sources([str(path)])), CONSOLE, PATTERNS, wrapper)
    fields = (
        "lines",
        "used",
        "skip_reasons",
        "untimed",
        "fallback",
        "joined",
        "first_at",
        "last_at",
    )
    assert [getattr(small, f) for f in fields] == [getattr(scanned, f) for f in fields], name
    assert small.quoted_events().equals(scanned.quoted_events()), name


def test_a_file_past_max_line_takes_the_scan(tmp_path: Path) -> None:
    """A small file with a line longer than --max-line is scanned, which skips that line."""
    path = tmp_path / "c.log"
    path.write_text(DELIVERED + "\n" + "x" * 5000 + "\n", encoding="utf-8")
    source = next(iter_sources([str(path)], max_line=1024))
    got = scan.extract(source, CONSOLE, PATTERNS)
    assert got.lines == 2 and got.events.height == 1
    assert any("longer than" in note for note in source.notes)
