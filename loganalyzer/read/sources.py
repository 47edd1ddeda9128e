"""Inputs: the paths a user names -> one Source per log, read in place.

Plain files are scanned where they lie. Compressed files (gzip, zstd), archive
members (tar, tar.gz, zip) and stdin are streams: they are decompressed as they
are read, never extracted to disk. Sources are yielded one at a time and a
stream is valid only until the next one is requested, so a tar archive is read
once, front to back.
"""

from __future__ import annotations

import contextlib
import gzip
import io
import queue
import sys
import tarfile
import threading
import zipfile
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import IO, BinaryIO, Protocol, cast

import zstandard

from loganalyzer.errors import InputError


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


HEAD_BYTES = 256 * 1024
CHUNK_BYTES = 8 << 20  # measured: as fast per GiB as larger blocks, and less in flight
DEFAULT_MAX_BYTES = 20 << 30
_GZIP, _ZSTD, _ZIP = b"\x1f\x8b", b"\x28\xb5\x2f\xfd", b"PK\x03\x04"


@dataclass
class Source:
    """One input log. ``path`` is set for a plain file; otherwise ``stream`` yields its bytes."""

    name: str
    head: bytes
    truncated: bool  # the head is not the whole content
    path: Path | None = None
    stream: Readable | None = None
    mtime: datetime | None = None

    def chunks(self, size: int = CHUNK_BYTES) -> Iterator[bytes]:
        """The content in blocks that end at a line end (the last may not)."""
        if self.path is not None:
            with self.path.open("rb") as fh:
                yield from _blocks(fh, b"", size)
            return
        yield from _blocks(self.stream, self.head, size) if self.stream else iter([self.head])

    def read(self) -> bytes:
        return b"".join(self.chunks())


class _Budget:
    """Counts decompressed bytes and stops a decompression bomb with a clear error."""

    def __init__(self, name: str, limit: int) -> None:
        self.name, self.limit, self.used = name, limit, 0

    def wrap(self, stream: Readable) -> Readable:
        return _Counted(stream, self)

    def add(self, count: int) -> None:
        self.used += count
        if self.used > self.limit:
            raise InputError(
                f"{self.name}: decompressed size exceeds the limit of {_size(self.limit)} "
                "(raise it with --max-bytes)"
            )


class _Counted(io.RawIOBase):
    def __init__(self, inner: Readable, budget: _Budget) -> None:
        self.inner, self.budget = inner, budget

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        try:
            data = self.inner.read(size)
        except (OSError, EOFError, zlib.error, zstandard.ZstdError) as exc:
            raise InputError(f"{self.budget.name}: corrupt compressed data: {exc}") from exc
        self.budget.add(len(data))
        return data


def iter_sources(
    paths: Sequence[str], stdin: BinaryIO | None = None, max_bytes: int = DEFAULT_MAX_BYTES
) -> Iterator[Source]:
    """Expand files, directories (recursively), archives and ``-`` into Sources, in order.

    >>> [s.name for s in iter_sources(["samples/focused-run/logs"])]  # doctest: +SKIP
    ['samples/focused-run/logs/controller.log', 'samples/focused-run/logs/ginkgo.log']
    """
    for raw in paths:
        if raw == "-":
            yield from _from_stream("-", stdin or sys.stdin.buffer, None, max_bytes)
            continue
        path = Path(raw)
        if not path.exists():
            raise InputError(f"{raw}: no such file or directory")
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        seen: set[Path] = set()
        for file in files:
            real = file.resolve()
            if real in seen:  # a symlinked copy in the same tree (kind's containers/ -> pods/)
                continue
            seen.add(real)
            name = raw if file == path else str(Path(raw) / file.relative_to(path))
            yield from _from_file(file, name, max_bytes)


def _from_file(file: Path, name: str, max_bytes: int) -> Iterator[Source]:
    try:
        with file.open("rb") as fh:
            magic = fh.read(4)
        mtime = datetime.fromtimestamp(file.stat().st_mtime, UTC)
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    if magic.startswith((_GZIP, _ZSTD)) or _is_tar(file):
        with file.open("rb") as fh:
            yield from _from_stream(name, fh, mtime, max_bytes)
    elif magic.startswith(_ZIP):
        yield from _from_zip(file, name, max_bytes)
    else:
        with file.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
        yield Source(name, head, len(head) == HEAD_BYTES, path=file, mtime=mtime)


def _is_tar(file: Path) -> bool:
    try:
        return tarfile.is_tarfile(file)
    except OSError:
        return False


def _from_stream(
    name: str, raw: Readable, mtime: datetime | None, max_bytes: int
) -> Iterator[Source]:
    """A possibly compressed stream: a single log, or a tar archive of logs."""
    budget = _Budget(name, max_bytes)
    stream = budget.wrap(_decompressed(raw)[0])
    head = _read_up_to(stream, HEAD_BYTES)
    if _looks_like_tar(head):
        yield from _from_tar(name, _Prefixed(head, stream), budget)
        return
    yield Source(name, head, len(head) == HEAD_BYTES, stream=stream, mtime=mtime)


def _decompressed(raw: Readable) -> tuple[Readable, bool]:
    """The stream's content, decompressed if it is gzip or zstd; and whether it was."""
    peek = _read_up_to(raw, 4)
    joined = _Prefixed(peek, raw)
    if peek.startswith(_GZIP):
        return gzip.GzipFile(fileobj=joined), True
    if peek.startswith(_ZSTD):
        return zstandard.ZstdDecompressor().stream_reader(cast("IO[bytes]", joined)), True
    return joined, False


def _looks_like_tar(head: bytes) -> bool:
    return len(head) >= 512 and head[257:262] == b"ustar"


def _safe_member(archive: str, member: str) -> str:
    pure = PurePosixPath(member.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts or member.startswith(("/", "\\")):
        raise InputError(f"{archive}: refusing archive member with an unsafe path: {member!r}")
    return str(pure)


def _from_tar(name: str, stream: Readable, budget: _Budget) -> Iterator[Source]:
    try:
        with tarfile.open(fileobj=stream, mode="r|") as tar:  # type: ignore[call-overload]
            for member in tar:
                inner = _safe_member(name, member.name)
                if not member.isfile():
                    continue
                fh = tar.extractfile(member)
                if fh is None:
                    continue
                mtime = datetime.fromtimestamp(member.mtime, UTC)
                # The tar stream itself is already counted against the budget.
                yield from _member(f"{name}!{inner}", fh, mtime, budget, counted=True)
    except tarfile.TarError as exc:
        raise InputError(f"{name}: corrupt tar archive: {exc}") from exc


def _from_zip(file: Path, name: str, max_bytes: int) -> Iterator[Source]:
    budget = _Budget(name, max_bytes)
    try:
        with zipfile.ZipFile(file) as archive:
            for info in archive.infolist():
                inner = _safe_member(name, info.filename)
                if info.is_dir():
                    continue
                mtime = datetime(*info.date_time, tzinfo=UTC)
                with archive.open(info) as fh:
                    yield from _member(f"{name}!{inner}", fh, mtime, budget)
    except (zipfile.BadZipFile, zlib.error) as exc:
        raise InputError(f"{name}: corrupt zip archive: {exc}") from exc


def _member(
    name: str, fh: Readable, mtime: datetime, budget: _Budget, counted: bool = False
) -> Iterator[Source]:
    inner, compressed = _decompressed(fh)
    stream = budget.wrap(inner) if compressed or not counted else inner
    head = _read_up_to(stream, HEAD_BYTES)
    yield Source(name, head, len(head) == HEAD_BYTES, stream=stream, mtime=mtime)


class _Prefixed(io.RawIOBase):
    """Bytes already read, then the rest of a stream."""

    def __init__(self, prefix: bytes, rest: Readable) -> None:
        self.prefix, self.rest = prefix, rest

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.prefix:
            if size < 0:
                data, self.prefix = self.prefix + self.rest.read(), b""
                return data
            data, self.prefix = self.prefix[:size], self.prefix[size:]
            return data
        return self.rest.read(size)

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _read_up_to(stream: Readable, size: int) -> bytes:
    parts: list[bytes] = []
    while size > 0:
        data = stream.read(size)
        if not data:
            break
        parts.append(data)
        size -= len(data)
    return b"".join(parts)


def read_ahead(blocks: Iterator[bytes], depth: int = 2) -> Iterator[bytes]:
    """``blocks``, read by a thread up to ``depth`` blocks ahead of the consumer.

    Decompression and file reads release the GIL, as polars does while it scans,
    so a stream is decompressed while its previous block is scanned. Errors reach
    the consumer; a consumer that stops early stops the thread.
    """
    ready: queue.Queue[bytes | BaseException | None] = queue.Queue(depth)
    stop = threading.Event()

    def work() -> None:
        try:
            for block in blocks:
                ready.put(block)
                if stop.is_set():
                    return
            ready.put(None)
        except BaseException as exc:  # handed to the consumer, which raises it
            ready.put(exc)

    worker = threading.Thread(target=work, name="read-ahead", daemon=True)
    worker.start()
    try:
        while (item := ready.get()) is not None:
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while worker.is_alive():  # unblock a worker waiting to put
            with contextlib.suppress(queue.Empty):
                ready.get(timeout=0.05)
        worker.join()


def _blocks(stream: Readable | None, first: bytes, size: int) -> Iterator[bytes]:
    """Blocks that end at a line end; each byte is copied once (the carried partial line)."""
    carry = first
    while stream is not None:
        data = _read_up_to(stream, size)
        if not data:
            break
        cut = data.rfind(b"\n") + 1
        if not cut:  # no line end in the whole read: keep gathering
            carry += data
            continue
        block = carry + data[:cut] if carry else data[:cut] if cut < len(data) else data
        carry = data[cut:]
        yield block
    if carry:
        yield carry


def _size(count: int) -> str:
    return f"{count / (1 << 30):.1f} GiB" if count >= 1 << 30 else f"{count >> 20} MiB"
