"""The scan turns kept lines into events a batch at a time, and keeps the write lines' text
compressed: whatever the batch size, the events, counts and quoted text are the per-line
reader's."""

from __future__ import annotations

import gzip
import random
from pathlib import Path

import polars as pl
import pytest
from test_zap import DELIVERED, ERROR, OTHER, PATTERNS, STACK

from builders import delivered, spec_block, stamp, suite
from loganalyzer import analyze
from loganalyzer.extract import scan
from loganalyzer.extract.line_reader import Extraction, in_order
from loganalyzer.extract.quotes import Quotes
from loganalyzer.extract.scan import extract, extract_per_line
from loganalyzer.formats.controller.zap_console import FORMAT as CONSOLE
from loganalyzer.read.sources import iter_sources

pytestmark = pytest.mark.usefixtures("polars_scan")  # held to the per-line reader


def _log(lines: int, seed: int) -> str:
    """Writes (some in colour), errors with stack traces, blank and odd lines, other traffic."""
    rnd = random.Random(seed)
    out = []
    for n in range(lines):
        pick = rnd.random()
        if pick < 0.3:
            key = f"k-{n}"
            line = DELIVERED.replace("e2e-multi-channel-fanout", key)
            if rnd.random() < 0.2:
                line = line.replace("\tINFO\t", "\t\x1b[34mINFO\x1b[0m\t")
            out.append(line)
        elif pick < 0.35:
            out += [ERROR, *STACK]
        elif pick < 0.37:
            out.append(rnd.choice(["", "junk", "   "]))
        else:
            out.append(OTHER)
    return "\n".join(out) + "\n"


def _compare(fast: Extraction, slow: Extraction) -> None:
    assert (fast.lines, fast.used, fast.skip_reasons, fast.untimed) == (
        slow.lines,
        slow.used,
        slow.skip_reasons,
        slow.untimed,
    )
    assert fast.quoted_events().equals(slow.quoted_events())


@pytest.mark.parametrize("batch", [1, 4096, 1 << 30])
@pytest.mark.parametrize("stream", [False, True])
def test_any_batch_size_gives_the_per_line_readers_events(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int, stream: bool
) -> None:
    monkeypatch.setattr(scan, "BATCH_BYTES", batch)
    data = _log(6000, batch).encode()
    path = tmp_path / ("c.log.gz" if stream else "c.log")
    path.write_bytes(gzip.compress(data) if stream else data)
    first, second = iter_sources([str(path)]), iter_sources([str(path)])  # streams live with these
    fast = extract(next(first), CONSOLE, PATTERNS)
    slow = extract_per_line(next(second), CONSOLE, PATTERNS)
    assert not fast.fallback
    _compare(fast, slow)
    writes = fast.events.filter(pl.col("kind") == "write")
    assert writes.height > 1000 and writes.get_column("text").null_count() == writes.height
    assert len(fast.quotes) >= 1  # the text is in the compressed store, not the events


def test_a_verdict_quotes_a_write_from_the_store(tmp_path: Path) -> None:
    """A failed spec's verdict quotes its file's write line, read from a scanned log."""
    late = delivered("lost-1", "191826.000000")
    filler = [delivered(f"other-{n}", f"1917{n % 60:02d}.{n:06d}") for n in range(1500)]
    (tmp_path / "controller.log").write_text("\n".join([*filler, late]) + "\n", encoding="utf-8")
    block = spec_block(
        "Lost leaf",
        [f"STEP: wait @ {stamp('19:18:20')}"],
        failure=["[FAILED] notification file for default/lost-1 should appear"],
        failed_at=stamp("19:18:25.001"),
    )
    (tmp_path / "ginkgo.log").write_text(suite([block]), encoding="utf-8")
    report = analyze([str(tmp_path)], test_tz="UTC").to_dict()
    lost = next(s for s in report["specs"] if s["name"].startswith("Lost"))
    quoted = [e["text"] for e in lost["evidence"] if e["label"] == "write"]
    assert quoted == [late[:400]]


def test_quotes_find_and_fill() -> None:
    quotes = Quotes()
    quotes.add(pl.DataFrame({"source": ["a", "a"], "line_no": [1, 2], "text": ["one", "two"]}))
    quotes.add(pl.DataFrame({"source": ["b"], "line_no": [1], "text": ["b one"]}))
    quotes.add(pl.DataFrame(schema={"source": pl.String, "line_no": pl.Int64, "text": pl.String}))
    assert len(quotes) == 2
    assert quotes.find([("a", 2), ("b", 1), ("c", 1)]) == {("a", 2): "two", ("b", 1): "b one"}
    assert quotes.find([]) == {}
    events = pl.DataFrame(
        {"source": ["b", "a", "a"], "line_no": [1, 1, 3], "text": [None, None, "kept"]}
    )
    assert quotes.fill(events).get_column("text").to_list() == ["b one", "one", "kept"]


@pytest.mark.parametrize("seed", range(30))
def test_in_order_agrees_with_sorting(seed: int) -> None:
    rnd = random.Random(seed)
    n = rnd.randint(0, 8)
    frame = pl.DataFrame(
        {
            "source": [rnd.choice(["a", "b", None if seed % 7 == 0 else "a"]) for _ in range(n)],
            "line_no": [rnd.randint(1, 3) for _ in range(n)],
            "pattern": [rnd.choice(["p", "q"]) for _ in range(n)],
        },
        schema={"source": pl.String, "line_no": pl.Int64, "pattern": pl.String},
    )
    if seed % 2:
        frame = frame.sort(["source", "line_no", "pattern"])
    no_nulls = frame.null_count().row(0) == (0, 0, 0)
    expected = no_nulls and frame.equals(frame.sort(["source", "line_no", "pattern"]))
    assert in_order(frame, ["source", "line_no", "pattern"]) == (expected or frame.height < 2)
