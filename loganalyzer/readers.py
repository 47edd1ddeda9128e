"""Inputs: turn the paths a user names into readable local files, one per log.

Files are read where they are; stdin and compressed files are spooled once to a
private temporary directory so that every later stage can scan a plain file.
"""

from __future__ import annotations

import gzip
import shutil
import sys
import tempfile
import zlib
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from loganalyzer.errors import InputError

HEAD_BYTES = 256 * 1024
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class Source:
    """One input log: ``path`` is a plain file to read, ``name`` is what reports call it."""

    name: str
    path: Path

    def head(self, size: int = HEAD_BYTES) -> bytes:
        with self.path.open("rb") as fh:
            return fh.read(size)


@contextmanager
def open_sources(paths: Sequence[str], stdin: BinaryIO | None = None) -> Iterator[list[Source]]:
    """Expand files, directories (recursively) and ``-`` into Sources; clean up on exit.

    >>> with open_sources(["samples/focused-run"]) as found:  # doctest: +SKIP
    ...     [s.name for s in found]
    """
    with tempfile.TemporaryDirectory(prefix="loganalyzer-") as tmp:
        spool = Path(tmp)
        sources: list[Source] = []
        for raw in paths:
            if raw == "-":
                sources.append(_spool_stdin(stdin or sys.stdin.buffer, spool, len(sources)))
                continue
            path = Path(raw)
            if not path.exists():
                raise InputError(f"{raw}: no such file or directory")
            files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
            for file in files:
                sources.append(_plain(file, _display(file, path, raw), spool, len(sources)))
        yield sources


def _display(file: Path, root: Path, raw: str) -> str:
    if file == root:
        return raw
    return str(Path(raw) / file.relative_to(root))


def _spool_stdin(stream: BinaryIO, spool: Path, index: int) -> Source:
    target = spool / f"{index}-stdin"
    with target.open("wb") as out:
        shutil.copyfileobj(stream, out, 1 << 20)
    return _plain(target, "-", spool, index)


def _plain(file: Path, name: str, spool: Path, index: int) -> Source:
    try:
        with file.open("rb") as fh:
            magic = fh.read(2)
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    if magic != _GZIP_MAGIC:
        return Source(name, file)
    target = spool / f"{index}-{file.name.removesuffix('.gz')}"
    try:
        with gzip.open(file, "rb") as src, target.open("wb") as out:
            shutil.copyfileobj(src, out, 1 << 20)
    except (OSError, EOFError, zlib.error) as exc:
        raise InputError(f"{name}: corrupt gzip data: {exc}") from exc
    return Source(name, target)
