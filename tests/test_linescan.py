"""The one-pass scan: its line count, its progress, and reading streams ahead."""

from __future__ import annotations

import gzip
import threading
from collections.abc import Generator
from pathlib import Path

import pytest
from test_zap import DELIVERED, ERROR, OTHER, PATTERNS, STACK

from loganalyzer.errors import InputError
from loganalyzer.extract.scan import extract, extract_per_line
from loganalyzer.formats.controller.zap_console import FORMAT as CONSOLE
from loganalyzer.read.lines import last_line_of
from loganalyzer.read.sources import iter_sources, read_ahead

pytestmark = pytest.mark.usefixtures("polars_scan")  # held to the per-line reader

BODY = [OTHER, DELIVERED, ERROR, *STACK, "", "junk"]


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("trailing blank lines", "\n".join([*BODY, OTHER]) + "\n\n\n"),
        ("no final line end", "\n".join([*BODY, OTHER])),
        ("CRLF line ends", "\r\n".join([*BODY, OTHER]) + "\r\n"),
        ("last line repeats an earlier one", "\n".join([OTHER, *BODY, OTHER]) + "\n"),
        ("last line is an event", "\n".join([*BODY, DELIVERED]) + "\n"),
        ("a single line", OTHER + "\n"),
        ("only blank lines", "\n\n"),
    ],
)
def test_one_pass_counts_every_line_like_the_per_line_reader(
    tmp_path: Path, name: str, data: str
) -> None:
    path = tmp_path / "c.log"
    path.write_text(data, encoding="utf-8", newline="")
    fast = extract(next(iter_sources([str(path)])), CONSOLE, PATTERNS)
    slow = extract_per_line(next(iter_sources([str(path)])), CONSOLE, PATTERNS)
    assert not fast.fallback, name
    assert (fast.lines, fast.used, fast.skip_reasons) == (slow.lines, slow.used, slow.skip_reasons)
    assert fast.quoted_events().equals(slow.quoted_events())


def test_invalid_utf8_last_line_is_counted(tmp_path: Path) -> None:
    path = tmp_path / "c.log"
    path.write_bytes(("\n".join(BODY) + "\n").encode() + b"bad \xff\xfe tail\n")
    fast = extract(next(iter_sources([str(path)])), CONSOLE, PATTERNS)
    slow = extract_per_line(next(iter_sources([str(path)])), CONSOLE, PATTERNS)
    assert (fast.lines, fast.skip_reasons) == (slow.lines, slow.skip_reasons)
    assert fast.lines == len(BODY) + 1


def test_last_line_longer_than_a_read_step(tmp_path: Path) -> None:
    path = tmp_path / "c.log"
    long = "x" * 200_000
    path.write_text(f"{OTHER}\n{long}\n", encoding="utf-8")
    assert last_line_of(path) == long
    assert extract(next(iter_sources([str(path)])), CONSOLE, PATTERNS).lines == 2


def test_progress_adds_up_to_the_file_size(tmp_path: Path) -> None:
    path = tmp_path / "c.log"
    path.write_text("\n".join([*BODY, DELIVERED] * 500) + "\n", encoding="utf-8")
    told: list[int] = []
    extract(next(iter_sources([str(path)])), CONSOLE, PATTERNS, progress=told.append)
    assert sum(told) == path.stat().st_size
    assert all(step > 0 for step in told)


def test_gzip_stream_gives_the_plain_file_answers(tmp_path: Path) -> None:
    data = ("\n".join([*BODY, DELIVERED] * 300) + "\n").encode()
    (tmp_path / "c.log").write_bytes(data)
    (tmp_path / "d.log.gz").write_bytes(gzip.compress(data))
    plain = extract(next(iter_sources([str(tmp_path / "c.log")])), CONSOLE, PATTERNS)
    sources = iter_sources([str(tmp_path / "d.log.gz")])
    streamed = extract(next(sources), CONSOLE, PATTERNS)
    assert (plain.lines, plain.skip_reasons) == (streamed.lines, streamed.skip_reasons)
    assert plain.quoted_events().drop("source").equals(streamed.quoted_events().drop("source"))


def test_read_ahead_keeps_order_and_raises_the_readers_error() -> None:
    def blocks() -> Generator[bytes, None, None]:
        yield from (b"a\n", b"b\n", b"c\n")
        raise InputError("x.gz: decompressed size exceeds the limit")

    got: list[bytes] = []
    with pytest.raises(InputError, match="exceeds the limit"):
        for block in read_ahead(blocks()):
            got.append(block)
    assert got == [b"a\n", b"b\n", b"c\n"]


def test_read_ahead_stops_its_thread_when_the_consumer_stops() -> None:
    produced: list[int] = []

    def blocks() -> Generator[bytes, None, None]:
        for i in range(1000):
            produced.append(i)
            yield b"x\n"

    ahead = read_ahead(blocks(), depth=2)
    assert isinstance(ahead, Generator)  # closing it stops the thread
    assert next(ahead) == b"x\n"
    ahead.close()
    assert not any(t.name == "read-ahead" for t in threading.enumerate())
    assert len(produced) < 10


def test_a_refused_file_is_not_counted_twice_by_the_progress_bar(tmp_path: Path) -> None:
    path = tmp_path / "c.log"
    # The odd line comes last, after the scan has already reported batches.
    lines = [*BODY, DELIVERED] * 20_000 + ["odd \x1f line"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    told: list[int] = []
    result = extract(next(iter_sources([str(path)])), CONSOLE, PATTERNS, progress=told.append)
    assert result.fallback
    assert sum(told) == path.stat().st_size
