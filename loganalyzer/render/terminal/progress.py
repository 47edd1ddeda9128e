"""The CLI's progress bar: shown for large inputs, only when stderr is a terminal."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

PROGRESS_BYTES = 50 << 20


@contextmanager
def progress_for(paths: Sequence[str]) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on stderr for inputs over 50 MiB, only when stderr is a terminal."""
    files = [p for raw in paths if raw != "-" for p in _files(Path(raw))]
    size = sum(p.stat().st_size for p in files)
    if not sys.stderr.isatty() or (size < PROGRESS_BYTES and "-" not in paths):
        yield None
        return
    from loganalyzer.render.terminal.report import progress_bar

    compressed = any(p.suffix in (".gz", ".tgz", ".zst", ".zip") for p in files)
    with progress_bar(None if compressed or "-" in paths else size) as advance:
        yield advance


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return [p for p in path.rglob("*") if p.is_file()]
    return [path] if path.is_file() else []
