"""Archives and compressed streams: read in place, same answers, hostile input refused."""

from __future__ import annotations

import gzip
import io
import json
import tarfile
import zipfile
import zlib
from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
import zstandard

from builders import delivered, spec_block, stamp, suite
from conftest import Result
from loganalyzer import analyze
from loganalyzer.extract.packs import load_packs
from loganalyzer.extract.scan import extract
from loganalyzer.formats.containers import CRI
from loganalyzer.formats.detect import LINE_FORMATS
from loganalyzer.read.sources import NESTED, Source, iter_sources

pytestmark = pytest.mark.usefixtures("polars_scan")  # held to the per-line reader

Run = Callable[..., Result]
PATTERNS = [e for p in load_packs() for e in p.events if e.role == "controller"]


def run_files() -> dict[str, bytes]:
    controller = delivered("arc-1", "191820.500000") + "\n"
    block = spec_block(
        "Archive leaf",
        [
            "Created NotificationRequest default/arc-1",
            f"STEP: wait @ {stamp('19:18:20')}",
            f"STEP: done @ {stamp('19:18:22')}",
        ],
    )
    return {"run/controller.log": controller.encode(), "run/ginkgo.log": suite([block]).encode()}


def tar_bytes(files: dict[str, bytes], mode: str = "w:gz") -> bytes:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode=mode) as tar:  # type: ignore[call-overload]
        for name, data in files.items():
            info = tarfile.TarInfo(name)
            info.size, info.mtime = len(data), 1768072800
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def summary(paths: list[str]) -> dict[str, object]:
    report = analyze(paths, test_tz="UTC").to_dict()
    return {
        "pairs": [
            (p["key"], p["status"], p["gap_min_seconds"], p["gap_max_seconds"])
            for p in report["pairs"]
        ],
        "specs": [(s["name"], s["state"]) for s in report["specs"]],
    }


def test_archives_give_the_same_answers_as_the_folder(tmp_path: Path) -> None:
    files = run_files()
    for name, data in files.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(data)
    expected = summary([str(tmp_path / "run")])
    (tmp_path / "a.tar.gz").write_bytes(tar_bytes(files))
    (tmp_path / "a.tar").write_bytes(tar_bytes(files, "w"))
    with zipfile.ZipFile(tmp_path / "a.zip", "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    (tmp_path / "a.tar.zst").write_bytes(zstandard.ZstdCompressor().compress(tar_bytes(files, "w")))
    for archive_name in ("a.tar.gz", "a.tar", "a.zip", "a.tar.zst"):
        assert summary([str(tmp_path / archive_name)]) == expected, archive_name


def test_member_names_say_where_they_came_from(tmp_path: Path) -> None:
    (tmp_path / "a.tgz").write_bytes(tar_bytes(run_files()))
    report = analyze([str(tmp_path / "a.tgz")], test_tz="UTC")
    assert [i.path for i in report.inputs] == [
        f"{tmp_path / 'a.tgz'}!run/controller.log",
        f"{tmp_path / 'a.tgz'}!run/ginkgo.log",
    ]
    assert report.pairs[0].evidence["write"] == f"{tmp_path / 'a.tgz'}!run/controller.log:1"


def test_gzip_inside_a_tar_and_zstd_file(tmp_path: Path) -> None:
    files = run_files()
    nested = {
        "run/controller.log.gz": gzip.compress(files["run/controller.log"]),
        "run/ginkgo.log": files["run/ginkgo.log"],
    }
    (tmp_path / "n.tar").write_bytes(tar_bytes(nested, "w"))
    assert summary([str(tmp_path / "n.tar")])["pairs"] == [("arc-1", "observed", 0.0, 4.5)]
    (tmp_path / "c.log.zst").write_bytes(
        zstandard.ZstdCompressor().compress(files["run/controller.log"])
    )
    report = analyze([str(tmp_path / "c.log.zst")])
    assert report.summary.writes == 1


def test_archives_inside_archives(tmp_path: Path) -> None:
    """A CI artifact's logs.tar.gz inside a zip or a tar is opened, to a bounded depth; a zip
    inside a stream cannot be (it needs to seek) and is listed with why."""
    files = run_files()
    expected = summary([str(_written(tmp_path / "folder", files) / "run")])
    inner = tar_bytes(files)
    with zipfile.ZipFile(tmp_path / "artifact.zip", "w") as archive:
        archive.writestr("logs.tar.gz", inner)
    (tmp_path / "outer.tar").write_bytes(tar_bytes({"x/logs.tar.gz": inner}, "w"))
    for name in ("artifact.zip", "outer.tar"):
        assert summary([str(tmp_path / name)]) == expected, name
    report = analyze([str(tmp_path / "outer.tar")], test_tz="UTC")
    assert [i.path for i in report.inputs] == [
        f"{tmp_path}/outer.tar!x/logs.tar.gz!run/controller.log",
        f"{tmp_path}/outer.tar!x/logs.tar.gz!run/ginkgo.log",
    ]
    deep = inner
    for level in range(NESTED + 1):
        deep = tar_bytes({f"level{level}.tar.gz": deep})
    (tmp_path / "deep.tgz").write_bytes(deep)
    rows = analyze([str(tmp_path / "deep.tgz"), str(tmp_path / "folder")]).inputs
    assert [r.note for r in rows if "level" in r.path] == [
        f"an archive nested more than {NESTED} deep: not read"
    ]
    with zipfile.ZipFile(buffer := io.BytesIO(), "w") as archive:
        archive.writestr("c.log", files["run/controller.log"])
    (tmp_path / "zip-in-tar.tar").write_bytes(tar_bytes({"a.zip": buffer.getvalue()}, "w"))
    rows = analyze([str(tmp_path / "zip-in-tar.tar"), str(tmp_path / "folder")]).inputs
    assert "a zip archive inside an archive" in rows[0].note


def test_names_with_control_characters_are_one_visible_line(run_cli: Run, tmp_path: Path) -> None:
    files = run_files()
    evil = "evil\x1b]0;title\x07\nname.log"
    (tmp_path / "e.tar").write_bytes(
        tar_bytes({evil: files["run/controller.log"], "g.log": files["run/ginkgo.log"]}, "w")
    )
    result = run_cli("inputs", str(tmp_path / "e.tar"))
    assert result.exit_code == 0
    assert "e.tar!evil\\x1b]0;title\\x07\\x0aname.log: zap-console" in result.stdout
    assert "\x1b" not in result.stdout and len(result.stdout.splitlines()) == 2


def _written(folder: Path, files: dict[str, bytes]) -> Path:
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    return folder


@pytest.mark.parametrize("member", ["../escape.log", "/etc/passwd", "a/../../b.log"])
def test_path_traversal_is_refused(run_cli: Run, tmp_path: Path, member: str) -> None:
    (tmp_path / "evil.tar.gz").write_bytes(tar_bytes({member: b"x\n"}))
    result = run_cli("analyze", str(tmp_path / "evil.tar.gz"))
    assert result.exit_code == 2
    assert "unsafe path" in result.stderr and len(result.stderr.strip().splitlines()) == 1
    with zipfile.ZipFile(tmp_path / "evil.zip", "w") as archive:
        archive.writestr(member, "x\n")
    result = run_cli("analyze", str(tmp_path / "evil.zip"))
    assert result.exit_code == 2 and "unsafe path" in result.stderr


def test_decompression_bomb_is_stopped(run_cli: Run, tmp_path: Path) -> None:
    (tmp_path / "bomb.log.gz").write_bytes(gzip.compress(b"A" * (8 << 20)))
    result = run_cli("analyze", str(tmp_path / "bomb.log.gz"), "--max-bytes", "1MiB")
    assert result.exit_code == 2
    assert "decompressed size exceeds the limit of 1 MiB" in result.stderr


def test_bad_size_is_a_usage_error(run_cli: Run, tmp_path: Path) -> None:
    result = run_cli("analyze", str(tmp_path), "--max-bytes", "lots")
    assert result.exit_code == 2 and "--max-bytes: not a size" in result.stderr


def test_streamed_blocks_agree_with_the_whole_file(tmp_path: Path) -> None:
    """Small blocks put block edges inside a CRI partial record; the answer must not change."""
    line = delivered("edge-1", "191814.485730")
    rows = [f"2026-01-10T19:18:1{i % 10}.1Z stderr F filler line {i}" for i in range(40)]
    rows[20:20] = [
        f"2026-01-10T19:18:14.2Z stderr P {line[:50]}",
        f"2026-01-10T19:18:14.3Z stderr P {line[50:140]}",
        f"2026-01-10T19:18:14.4Z stderr F {line[140:]}",
    ]
    data = ("\n".join(rows) + "\n").encode()
    (tmp_path / "c.log").write_bytes(data)
    whole = extract(
        next(iter_sources([str(tmp_path / "c.log")])), LINE_FORMATS["zap-console"], PATTERNS, CRI
    )

    class Small(Source):
        def chunks(self, size: int = 0) -> object:  # type: ignore[override]
            return super().chunks(300)

    streamed = extract(
        Small(str(tmp_path / "c.log"), data[:10], True, stream=io.BytesIO(data[10:])),
        LINE_FORMATS["zap-console"],
        PATTERNS,
        CRI,
    )
    assert whole.events.get_column("key").to_list() == ["edge-1"]
    assert streamed.quoted_events().equals(whole.quoted_events())
    assert (streamed.lines, streamed.used, streamed.skip_reasons) == (
        whole.lines,
        whole.used,
        whole.skip_reasons,
    )
    assert json.dumps(streamed.skip_reasons) == json.dumps(whole.skip_reasons)


def test_a_block_polars_refuses_is_read_per_line_inside_a_stream(tmp_path: Path) -> None:
    good = delivered("sep-1", "191814.485730")
    rows = [good, "odd \x1f line", delivered("sep-2", "191815.000000"), "junk"]
    data = ("\n".join(rows) + "\n").encode()
    (tmp_path / "c.log").write_bytes(data)
    reference = extract(
        next(iter_sources([str(tmp_path / "c.log")])), LINE_FORMATS["zap-console"], PATTERNS
    )
    assert reference.fallback  # the whole file went the per-line way
    (tmp_path / "c.log.gz").write_bytes(gzip.compress(data))
    (tmp_path / "c.log").unlink()
    sources = iter_sources([str(tmp_path / "c.log.gz")])  # a stream lives while this does
    streamed = extract(next(sources), LINE_FORMATS["zap-console"], PATTERNS)
    assert streamed.events.get_column("key").to_list() == ["sep-1", "sep-2"]
    assert streamed.quoted_events().equals(
        reference.quoted_events().with_columns(pl.lit(str(tmp_path / "c.log.gz")).alias("source"))
    )
    assert (streamed.lines, streamed.used, streamed.skip_reasons) == (
        reference.lines,
        reference.used,
        reference.skip_reasons,
    )


def test_progress_is_told_every_block(tmp_path: Path) -> None:
    data = (
        "\n".join(delivered(f"p-{i}", f"1918{i % 60:02d}.000000") for i in range(200)) + "\n"
    ).encode()
    (tmp_path / "c.log.gz").write_bytes(gzip.compress(data))
    seen: list[int] = []
    sources = iter_sources([str(tmp_path / "c.log.gz")])
    extract(next(sources), LINE_FORMATS["zap-console"], PATTERNS, progress=seen.append)
    assert sum(seen) == len(data)


def _reference_gunzip(data: bytes) -> bytes:
    """What the standard library's reader gives, piece by piece, before it stops at damage."""
    out = bytearray()
    reader = gzip.GzipFile(fileobj=io.BytesIO(data))
    try:
        while block := reader.read1(1000):
            out += block
    except (OSError, EOFError, zlib.error):
        pass
    return bytes(out)


@pytest.mark.parametrize("damage", ["whole", "two members", "truncated", "corrupt start",
                                    "corrupt middle", "bad crc",
                                    "trailing junk", "trailing zeros"])  # fmt: skip
def test_gzip_reads_as_the_standard_library_does(tmp_path: Path, damage: str) -> None:
    """The faster inflater (zlib-ng) keeps exactly the bytes the standard library would, and
    damage is noted, never raised."""
    text = b"".join(
        b"2026-01-10T19:18:%02d.000Z\tINFO\tline %d\n" % (i % 60, i) for i in range(5000)
    )
    whole = gzip.compress(text)
    data = {
        "whole": whole,
        "two members": whole + gzip.compress(b"second member\n"),
        "truncated": whole[: len(whole) // 2],
        "corrupt start": whole[:40] + bytes(64) + whole[104:],
        "corrupt middle": whole[: len(whole) // 2] + bytes(64) + whole[len(whole) // 2 + 64 :],
        "bad crc": whole[:-8] + bytes(4) + whole[-4:],
        "trailing junk": whole + b"\x00\x00junk",
        "trailing zeros": whole + bytes(16),
    }[damage]
    (tmp_path / "c.log.gz").write_bytes(data)
    sources = iter_sources([str(tmp_path / "c.log.gz")])  # held: it holds the file open
    source = next(sources)
    got = source.read()
    expected = _reference_gunzip(data)
    assert got == expected
    if damage in ("truncated", "corrupt middle"):
        assert len(got) > len(text) // 4  # the good start is kept, not the last block dropped
    damaged = damage not in ("whole", "two members", "trailing zeros")
    noted = any("truncated or corrupt" in n for n in source.notes)
    # Damage before the first line is the file's problem: it is listed as unreadable.
    assert (noted or source.problem is not None) == damaged


def test_a_truncated_zstd_stream_keeps_what_was_decoded(tmp_path: Path) -> None:
    text = b"".join(b"2026-01-10T19:18:00.000Z\tINFO\tline %d\n" % i for i in range(20000))
    whole = zstandard.ZstdCompressor().compress(text)
    (tmp_path / "c.log.zst").write_bytes(whole[: len(whole) * 3 // 4])
    sources = iter_sources([str(tmp_path / "c.log.zst")])  # held: it holds the file open
    source = next(sources)
    got = source.read()
    assert 0 < len(got) < len(text) and text.startswith(got)
    assert any("truncated" in n for n in source.notes)
