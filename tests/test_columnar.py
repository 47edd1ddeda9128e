"""Rows held as columns give the same report as rows held as objects, in every format."""

from __future__ import annotations

import functools
import json
from datetime import UTC, datetime
from pathlib import Path

import polars as pl
import pytest

from builders import delivered, file_name, spec_block, stamp, suite
from loganalyzer import analyze
from loganalyzer.model.report import Report, plain
from loganalyzer.model.status import PairStatus
from loganalyzer.model.text import clean
from loganalyzer.render.registry import Options, renderer
from loganalyzer.report import build, pair_table
from loganalyzer.report.pair_table import COLUMNS, PairTable, column_row

# Keys that JSON, Markdown, HTML and the scrub each have to escape, raw in the log line.
ODD_KEYS = ["back\\slash", "ключ-é", "esc\x1b]0;t\x07x", "del\x7fx", "c1\x9bm", "<b>&amp;"]


def _odd_write(key: str, second: int) -> str:
    path = f"/tmp/notifications/notification-{key}-20260110-1918{second:02d}.000000.json"
    return (
        f"2026-01-10T19:18:{second:02d}Z\tINFO\tNotification delivered successfully to file"
        f'\t{{"notification": "x", "filePath": "{path}"}}'
    )


def _at(n: int) -> str:
    return f"1918{10 + n % 40:02d}.{n:06d}"


def _logs(directory: Path, tests: bool = True) -> None:
    controller = [delivered(f"k{n}", _at(n)) for n in range(60)]
    controller += [delivered("same", "191820.000000"), delivered("same", "191820.000000")]
    controller += [_odd_write(key, 10 + n) for n, key in enumerate(ODD_KEYS)]
    (directory / "controller.log").write_text("\n".join(controller) + "\n", encoding="utf-8")
    if not tests:
        return
    # Three specs wait for and see three files; everything else nobody waited for.
    blocks = [
        spec_block(
            f"Delivers {n}",
            [
                f"STEP: Waiting for the notification file @ {stamp(f'19:18:{9 + n % 40:02d}.900')}",
                f"Found notification file: /tmp/x/{file_name(f'k{n}', _at(n))}",
                f"STEP: done @ {stamp(f'19:18:{11 + n % 40:02d}.000')}",
            ],
        )
        for n in (3, 17, 42)
    ]
    (directory / "ginkgo.log").write_text(suite(blocks, procs=2), encoding="utf-8")


def _both(directory: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Report, Report]:
    columnar = analyze([str(directory)], test_tz="UTC")
    objects = functools.partial(build.build_report, columnar=False)
    with monkeypatch.context() as patch:
        patch.setattr(build, "build_report", objects)
        whole = analyze([str(directory)], test_tz="UTC")
    return columnar, whole


@pytest.mark.parametrize(("tests", "batch"), [(True, 4096), (False, 4096), (True, 5)])
def test_columns_and_objects_give_the_same_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tests: bool, batch: int
) -> None:
    monkeypatch.setattr(pair_table, "BATCH", batch)  # windows that split runs of rows
    _logs(tmp_path, tests)
    columnar, whole = _both(tmp_path, monkeypatch)
    table = columnar.pairs
    assert isinstance(table, PairTable) and isinstance(whole.pairs, PairTable)
    assert table.columns.height >= 60 and whole.pairs.columns.height == 0
    assert len(table.rows) == (3 if tests else 0)
    assert list(table) == list(whole.pairs) and table == whole.pairs
    assert [table[i] for i in range(len(table))] == list(whole.pairs)
    assert table[-1] == whole.pairs[-1] and table[2:9] == whole.pairs[2:9]
    assert columnar.summary == whole.summary
    for name in ("json", "markdown", "html", "terminal"):
        emit = renderer(name)
        options = Options(width=200)
        assert "".join(emit(columnar, options)) == "".join(emit(whole, options)), name
    assert columnar.to_dict() == whole.to_dict()


def test_column_rows_are_scrubbed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _logs(tmp_path)
    columnar, _ = _both(tmp_path, monkeypatch)
    assert isinstance(columnar.pairs, PairTable)
    keys = set(columnar.pairs.columns.get_column("key").to_list())
    assert {clean(k) for k in ODD_KEYS} <= keys
    text = "".join(renderer("json")(columnar, Options()))
    assert not {"\x1b", "\x07", "\x7f", "\x9b"} & set(text)
    assert "esc\\\\x1b]0;t\\\\x07x" in text and "ключ-é" in text


def test_column_rows_encode_as_the_json_encoder_does() -> None:
    texts = ['quote"d', "back\\slash", "tab\tand\nnewline", "ключ", "", "/"]
    at = datetime(2026, 1, 10, 19, 18, 10, 5, tzinfo=UTC)
    values = [(t, t + "/p", at, PairStatus.NOT_WAITED.value, n or None, f"{t}.log", n)
              for n, t in enumerate(texts)]  # fmt: skip
    written = "2026-01-10T19:18:10.000005Z"
    rows = [column_row(k, p, written, PairStatus(s), c, f, n) for k, p, _, s, c, f, n in values]
    columns = pl.DataFrame(values, schema=COLUMNS, orient="row")
    objects = [column_row(None, "orphan", "x", PairStatus.UNKNOWN, None, "o", 1)]
    table = PairTable(objects, [2], columns)
    expected = [*rows[:2], objects[0], *rows[2:]]
    assert list(table) == expected and len(table) == 7
    encoder = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))
    encoded = [row for batch in table.json_rows() for row in batch]
    assert encoded == [encoder.encode(plain(r)) for r in expected]


def test_object_rows_are_scrubbed(tmp_path: Path) -> None:
    """A row a spec touched, whose spec name carries escapes, is scrubbed like the column
    rows: the one-pass search that spares clean tables must not miss it."""
    key = "k-odd"
    at = "191810.000000"
    (tmp_path / "controller.log").write_text(delivered(key, at) + "\n", encoding="utf-8")
    block = spec_block(
        "Odd \x1b[2Jname\x9b",
        [
            f"STEP: Waiting for the notification file @ {stamp('19:18:09.900')}",
            f"Found notification file: /tmp/x/{file_name(key, at)}",
            f"STEP: done @ {stamp('19:18:11.000')}",
        ],
    )
    (tmp_path / "ginkgo.log").write_text(suite([block]), encoding="utf-8")
    table = analyze([str(tmp_path)], test_tz="UTC").pairs
    assert isinstance(table, PairTable) and len(table.rows) == 1
    row = table.rows[0]
    assert row.spec == "Odd name\\x9b"  # colour codes are the console's; the C1 byte is text
    assert all(clean(value) == value for value in row.evidence.values())


def test_a_write_before_the_year_1000_is_written_alike(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A year typo (0026): polars and ``iso_utc`` both pad the year, so its row can be a column."""
    name = "notification-k1-00260110-191814.500000.json"
    (tmp_path / "controller.log").write_text(
        "0026-01-10T19:18:14.5Z\tINFO\tNotification delivered successfully to file"
        f'\t{{"notification": "x", "filePath": "/tmp/notifications/{name}"}}\n'
        + _odd_write("k2", 15)
        + "\n",
        encoding="utf-8",
    )
    columnar, whole = _both(tmp_path, monkeypatch)
    assert isinstance(columnar.pairs, PairTable) and columnar.pairs.columns.height == 2
    assert columnar.pairs[0].written_at == "0026-01-10T19:18:14.500000Z"
    assert columnar.to_dict() == whole.to_dict()
    for name in ("json", "markdown", "html", "terminal"):
        emit = renderer(name)
        assert "".join(emit(columnar, Options())) == "".join(emit(whole, Options())), name


def test_rows_written_in_the_same_second_interleave_as_objects_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Second-resolution stamps: many files share a write time, so rows seen by specs (objects)
    fall between column rows by key, then path."""
    keys = [f"k{n:02d}" for n in range(40)]
    shuffled = keys[::3] + keys[1::3] + keys[2::3]
    lines = [_odd_write(key, 10) for key in shuffled] + [_odd_write(key, 11) for key in keys[:5]]
    (tmp_path / "controller.log").write_text("\n".join(lines) + "\n", encoding="utf-8")
    seen = ["k05", "k17", "k18", "k39"]
    blocks = [
        spec_block(
            f"Sees {key}",
            [
                f"STEP: Waiting for the notification file @ {stamp('19:18:09.500')}",
                f"Found notification file: /tmp/x/notification-{key}-20260110-191810.000000.json",
                f"STEP: done @ {stamp('19:18:12.000')}",
            ],
        )
        for key in seen
    ]
    (tmp_path / "ginkgo.log").write_text(suite(blocks, procs=4), encoding="utf-8")
    columnar, whole = _both(tmp_path, monkeypatch)
    table = columnar.pairs
    assert isinstance(table, PairTable) and len(table.rows) == len(seen)
    assert [r.key for r in table] == sorted(keys) + keys[:5]
    assert list(table) == list(whole.pairs)
    assert columnar.to_dict() == whole.to_dict()
