"""Inputs: the paths a user names -> one Source per log, read in place.

Plain files are scanned where they lie. Compressed files (gzip, zstd), archive
members (tar, tar.gz, zip) and stdin are streams: they are decompressed as they
are read, never extracted to disk. Sources are yielded one at a time and a
stream is valid only until the next one is requested, so a tar archive is read
once, front to back.
"""

from __future__ import annotations

import contextlib
import io
import os
import queue
import stat
import sys
import tarfile
import threading
import zipfile
import zlib
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import BinaryIO, Protocol, cast

import zstandard
from zlib_ng import zlib_ng

from loganalyzer.errors import InputError
from loganalyzer.model.text import clean_name, counted
from loganalyzer.read import budget


class Readable(Protocol):
    def read(self, size: int = -1, /) -> bytes: ...


HEAD_BYTES = 256 * 1024
DEFAULT_MAX_BYTES = 20 << 30
MAX_LINE_BYTES = 16 << 20  # a longer line is skipped with a reason (--max-line)
# A stream that expands more than this many times past BOMB_FLOOR is a decompression bomb:
# real logs compress 5-50 fold, a GiB of zeros 1000 fold and more.
BOMB_RATIO, BOMB_FLOOR = 1000, 256 << 20
_INFLATE = cast("type[Exception]", zlib_ng.error)  # the stubs call it an instance
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
    problem: str | None = None  # why it is not read at all (a special file, an encrypted member)
    notes: list[str] = field(default_factory=list)  # what went wrong while it was read
    max_line: int = MAX_LINE_BYTES

    def chunks(self, size: int | None = None) -> Iterator[bytes]:
        """The content in blocks that end at a line end (the last may not); ``size``
        defaults to the memory budget's block (``read.budget``)."""
        size = size or budget.current().block
        if self.path is not None:
            with self.path.open("rb") as fh:
                yield from _blocks(fh, b"", size, self)
            return
        yield from _blocks(self.stream, self.head, size, self) if self.stream else iter([self.head])

    def read(self) -> bytes:
        return b"".join(self.chunks())


class _Budget:
    """Counts decompressed bytes and stops a decompression bomb with a clear error."""

    def __init__(self, name: str, limit: int) -> None:
        self.name, self.limit, self.used, self.raw = name, limit, 0, 0
        self.notes: list[str] = []

    def wrap(self, stream: Readable) -> Readable:
        return _Counted(stream, self)

    def add(self, count: int) -> None:
        self.used += count
        if self.used > BOMB_FLOOR and self.raw and self.used > BOMB_RATIO * self.raw:
            raise InputError(
                f"{self.name}: refused: {_size(self.used)} expanded from {self.raw} bytes "
                f"(over {BOMB_RATIO} fold: a decompression bomb)"
            )
        if self.used > self.limit:
            raise InputError(
                f"{self.name}: decompressed size exceeds the limit of {_size(self.limit)} "
                "(raise it with --max-bytes)"
            )


class _Counted(io.RawIOBase):
    def __init__(self, inner: Readable, budget: _Budget) -> None:
        self.inner, self.budget, self.done = inner, budget, False

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        if self.done:
            return b""
        # Piece by piece (read1), so that damage loses only what lies past it: one
        # read of a whole block would drop the block's good start with it.
        step = getattr(self.inner, "read1", self.inner.read)
        parts: list[bytes] = []
        got = 0
        try:
            while size < 0 or got < size:
                data = step(size - got if size >= 0 else -1)
                if not data:
                    break
                self.budget.add(len(data))
                parts.append(data)
                got += len(data)
        except (OSError, EOFError, zlib.error, _INFLATE, zstandard.ZstdError) as exc:
            # Keep what was read: the report says how much, and that the rest is lost.
            self.done = True
            self.budget.notes.append(
                f"truncated or corrupt compressed data after {self.budget.used} bytes "
                f"({exc}); what was read is kept"
            )
        return parts[0] if len(parts) == 1 else b"".join(parts)


def iter_sources(
    paths: Sequence[str],
    stdin: BinaryIO | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_line: int = MAX_LINE_BYTES,
) -> Iterator[Source]:
    """Every input's Source (see :func:`_sources`), each reading lines up to ``max_line``."""
    for source in _sources(paths, stdin, max_bytes):
        source.max_line = max_line
        source.name = clean_name(source.name)
        yield source


def _sources(paths: Sequence[str], stdin: BinaryIO | None, max_bytes: int) -> Iterator[Source]:
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
        entries = _walk(path) if path.is_dir() else [(path, _special(path))]
        seen: set[Path] = set()
        for file, problem in entries:
            name = raw if file == path else str(Path(raw) / file.relative_to(path))
            if problem:  # listed with the reason, never silently left out
                yield Source(name, b"", False, problem=problem)
                continue
            real = file.resolve()
            if real in seen:  # a symlinked copy in the same tree (kind's containers/ -> pods/)
                continue
            seen.add(real)
            if stat.S_ISFIFO(file.stat().st_mode):  # a pipe (analyze <(cat x)): read once
                with file.open("rb") as fh:
                    yield from _from_stream(name, fh, None, max_bytes)
                continue
            yield from _from_file(file, name, max_bytes)


def _special(path: Path) -> str | None:
    """Why ``path`` is not read as a file (a device, a socket, a dangling link), or None."""
    try:
        mode = path.stat().st_mode
    except OSError as exc:
        return f"not read: {exc.strerror or exc}"
    if stat.S_ISREG(mode) or stat.S_ISFIFO(mode) or stat.S_ISDIR(mode):
        return None
    kind = (
        "character device"
        if stat.S_ISCHR(mode)
        else "block device"
        if stat.S_ISBLK(mode)
        else "socket"
        if stat.S_ISSOCK(mode)
        else "special file"
    )
    return f"{kind}: not read"


def _walk(root: Path) -> list[tuple[Path, str | None]]:
    """Every entry under ``root`` that is not a directory, with why it is not read, if so."""
    found: list[tuple[Path, str | None]] = []

    def unreadable(exc: OSError) -> None:
        where = Path(exc.filename) if exc.filename else root
        found.append((where, f"directory not read: {exc.strerror or exc}"))

    for folder, dirs, files in os.walk(root, onerror=unreadable, followlinks=False):
        base = Path(folder)
        for link in dirs:  # os.walk does not enter linked folders: say so
            if (base / link).is_symlink():
                found.append((base / link, "symbolic link to a directory: not followed"))
        for entry in files:
            file = base / entry
            if file.is_symlink() and not file.exists():
                found.append((file, "dangling symbolic link: not read"))
                continue
            problem = _special(file)
            if problem is None and stat.S_ISFIFO(file.stat().st_mode):
                problem = "FIFO: not read inside a directory"
            found.append((file, problem))
    return sorted(found)


def _from_file(file: Path, name: str, max_bytes: int) -> Iterator[Source]:
    try:
        with file.open("rb") as fh:
            magic = fh.read(4)
        mtime = datetime.fromtimestamp(file.stat().st_mtime, UTC)
    except OSError as exc:
        raise InputError(f"{name}: cannot read: {exc.strerror or exc}") from exc
    if magic.startswith((_GZIP, _ZSTD)) or _is_tar(file):  # a bounded probe
        with file.open("rb") as fh:
            yield from _from_stream(name, fh, mtime, max_bytes)
    elif magic.startswith(_ZIP):
        yield from _from_zip(file, name, max_bytes)
    else:
        with file.open("rb") as fh:
            head = fh.read(HEAD_BYTES)
        yield Source(name, head, len(head) == HEAD_BYTES, path=file, mtime=mtime)


def _is_tar(file: Path) -> bool:
    """A tar archive's first header, in the first 512 bytes (never a scan of the file)."""
    try:
        with file.open("rb") as fh:
            return _looks_like_tar(fh.read(512))
    except OSError:
        return False


def _from_stream(
    name: str, raw: Readable, mtime: datetime | None, max_bytes: int
) -> Iterator[Source]:
    """A possibly compressed stream: a single log, or a tar archive of logs."""
    budget = _Budget(name, max_bytes)
    stream = budget.wrap(_decompressed(_RawCount(raw, budget))[0])
    head = _read_up_to(stream, HEAD_BYTES)
    if _looks_like_tar(head):
        yield from _from_tar(name, _Prefixed(head, stream), budget)
        return
    yield _source(name, head, stream, mtime, budget)


def _decompressed(raw: Readable) -> tuple[Readable, bool]:
    """The stream's content, decompressed if it is gzip or zstd; and whether it was."""
    peek = _read_up_to(raw, 4)
    joined = _Prefixed(peek, raw)
    if peek.startswith(_GZIP):
        return _Frames.gzip(joined), True
    if peek.startswith(_ZSTD):
        return _Frames.zstd(joined), True
    return joined, False


def _looks_like_tar(head: bytes) -> bool:
    return len(head) >= 512 and head[257:262] == b"ustar"


def _safe_member(archive: str, member: str) -> str:
    pure = PurePosixPath(member.replace("\\", "/"))
    if pure.is_absolute() or ".." in pure.parts or member.startswith(("/", "\\")):
        raise InputError(f"{archive}: refusing archive member with an unsafe path: {member!r}")
    return str(pure)


def _from_tar(name: str, stream: Readable, budget: _Budget, depth: int = 0) -> Iterator[Source]:
    """A tar stream's members; a member that is itself a tar (a CI artifact's logs.tar.gz) is
    opened in turn, up to :data:`NESTED` deep, all within the outer archive's budget."""
    try:
        with tarfile.open(fileobj=stream, mode="r|") as tar:  # type: ignore[call-overload]
            for member in tar:
                inner = _safe_member(name, member.name)
                if member.isdir():
                    continue
                if not member.isfile():
                    what = _TAR_KINDS.get(member.type, "special entry")
                    yield Source(f"{name}!{inner}", b"", False, problem=f"{what}: not read")
                    continue
                fh = tar.extractfile(member)
                if fh is None:
                    continue
                mtime = datetime.fromtimestamp(member.mtime, UTC)
                # The tar stream itself is already counted against the budget.
                yield from _member(f"{name}!{inner}", fh, mtime, budget, True, depth)
    except tarfile.TarError as exc:
        raise InputError(f"{name}: corrupt tar archive: {exc}") from exc


_TAR_KINDS = {
    tarfile.SYMTYPE: "symbolic link",
    tarfile.LNKTYPE: "hard link",
    tarfile.FIFOTYPE: "FIFO",
    tarfile.CHRTYPE: "character device",
    tarfile.BLKTYPE: "block device",
}


def _from_zip(file: Path, name: str, max_bytes: int) -> Iterator[Source]:
    budget = _Budget(name, max_bytes)
    try:
        with zipfile.ZipFile(file) as archive:
            for info in archive.infolist():
                inner = _safe_member(name, info.filename)
                if info.is_dir():
                    continue
                mtime = datetime(*info.date_time, tzinfo=UTC)
                try:
                    fh = archive.open(info)
                except (RuntimeError, NotImplementedError, zipfile.BadZipFile) as exc:
                    # An encrypted member, or a method zipfile cannot read (deflate64).
                    yield Source(f"{name}!{inner}", b"", False, problem=f"not read: {exc}")
                    continue
                with fh:
                    yield from _member(f"{name}!{inner}", fh, mtime, budget, False, 0)
    except (zipfile.BadZipFile, zlib.error, ValueError) as exc:
        raise InputError(f"{name}: corrupt zip archive: {exc}") from exc


def _member(
    name: str, fh: Readable, mtime: datetime, budget: _Budget, counted: bool, depth: int
) -> Iterator[Source]:
    inner, compressed = _decompressed(fh)
    stream = budget.wrap(inner) if compressed or not counted else inner
    head = _read_up_to(stream, HEAD_BYTES)
    if _looks_like_tar(head):
        if depth < NESTED:
            # Counted already: by the outer budget, or by the wrap above once decompressed.
            yield from _from_tar(name, _Prefixed(head, stream), budget, depth + 1)
        else:
            yield Source(name, b"", False, mtime=mtime, problem=f"{_DEEP}: not read")
        return
    if head.startswith(_ZIP):  # a zip needs to seek: it cannot be read from inside a stream
        yield Source(name, b"", False, mtime=mtime, problem=_ZIP_INSIDE)
        return
    yield _source(name, head, stream, mtime, budget)


NESTED = 3  # archives inside archives opened, at most
_DEEP = f"an archive nested more than {NESTED} deep"
_ZIP_INSIDE = "a zip archive inside an archive: not read (extract it, then give its path)"


def _source(
    name: str, head: bytes, stream: Readable, mtime: datetime | None, budget: _Budget
) -> Source:
    """A stream's Source; one whose data is corrupt from the start is not read, with why."""
    if not head and budget.notes:
        problem = "corrupt compressed data: " + budget.notes[-1].split("(", 1)[-1].rstrip(")")
        problem = problem.removesuffix("; what was read is kept").rstrip(")")
        return Source(name, b"", False, mtime=mtime, problem=problem)
    return Source(
        name, head, len(head) == HEAD_BYTES, stream=stream, mtime=mtime, notes=budget.notes
    )


class _Decoder(Protocol):
    @property
    def eof(self) -> bool: ...
    @property
    def unused_data(self) -> bytes: ...
    def decompress(self, data: bytes) -> bytes: ...


_PIECE_OUT = 1 << 20  # output of one decompress call past which its input stops growing


class _Frames(io.RawIOBase):
    """Compressed members (gzip) or frames (zstd) one after another, decoded piece by piece.

    Damage is raised only once what was decoded before it is handed out: ``zstandard``'s
    stream reader ends quietly in a cut frame (half a log would pass as whole), and the fast
    gzip readers drop the last piece read. gzip is inflated by zlib-ng, about three times as
    fast as zlib (README, Performance); zlib checks each member's CRC and length, and zero
    padding after a member is skipped, as ``gzip`` does.
    """

    def __init__(
        self, raw: Readable, start: Callable[[], _Decoder], what: str, padded: bool = False
    ) -> None:
        self.raw, self.start, self.what, self.padded = raw, start, what, padded
        self.obj = start()
        self.pending: deque[bytes] = deque()
        self.have = 0
        self.started, self.step = False, 512
        self.damage: Exception | None = None

    @classmethod
    def gzip(cls, raw: Readable) -> _Frames:
        return cls(raw, lambda: zlib_ng.decompressobj(31), "gzip member", padded=True)

    @classmethod
    def zstd(cls, raw: Readable) -> _Frames:
        return cls(raw, lambda: zstandard.ZstdDecompressor().decompressobj(), "zstd frame")

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        want = budget.current().block if size < 0 else size
        while self.have < want and self.damage is None:
            # Small pieces when the data expands a lot (a bomb): the output of one piece
            # stays a few MiB, so the budget sees the growth as it happens.
            data = self.raw.read(self.step)
            if not data:
                if self.started and not self.obj.eof:
                    self.damage = EOFError(f"the stream ends inside a {self.what} (truncated)")
                break
            try:
                self._decode(data)
            except (_INFLATE, zstandard.ZstdError) as exc:
                self.damage = exc
        if not self.have and self.damage is not None:
            raise self.damage
        parts, count = [], 0
        while self.pending and count < want:
            piece = self.pending.popleft()
            if len(piece) > want - count:
                piece, rest = piece[: want - count], piece[want - count :]
                self.pending.appendleft(rest)
            parts.append(piece)
            count += len(piece)
        self.have -= count
        return parts[0] if len(parts) == 1 else b"".join(parts)

    def _decode(self, data: bytes) -> None:
        while data:
            if self.obj.eof:  # the next member or frame
                if self.padded:  # zeros may follow a gzip member
                    data = data.lstrip(b"\0")
                    if not data:
                        return
                self.obj = self.start()
            self.started = True
            out = self._decompress(data)
            # Start small and grow while the data expands like a log does.
            small = len(out) <= 64 * len(data)
            grow = small and len(out) < _PIECE_OUT
            self.step = min(self.step * 2, 1 << 20) if grow else self.step if small else 512
            self._keep(out)
            data = self.obj.unused_data if self.obj.eof else b""

    def _keep(self, out: bytes) -> None:
        if out:
            self.pending.append(out)
            self.have += len(out)

    def _decompress(self, data: bytes) -> bytes:
        copy = getattr(self.obj, "copy", None)  # zlib's state can be copied; zstd's cannot
        if copy is None:
            return self.obj.decompress(data)
        before = copy()
        try:
            return self.obj.decompress(data)
        except _INFLATE:
            self.obj = before
            self._salvage(data)
            raise

    def _salvage(self, data: bytes, size: int = 4096) -> None:
        """Keep what ``data`` decodes to before its damage: it is decoded again in pieces,
        the damaged piece byte by byte (a rare path, bounded by one read's bytes)."""
        for start in range(0, len(data), size):
            before = self.obj.copy()  # type: ignore[attr-defined]
            piece = data[start : start + size]
            try:
                self._keep(self.obj.decompress(piece))
            except _INFLATE:
                self.obj = before
                if size > 1:
                    self._salvage(piece, 1)
                return


class _RawCount(io.RawIOBase):
    """The compressed bytes read, for the budget's expansion ratio."""

    def __init__(self, inner: Readable, budget: _Budget) -> None:
        self.inner, self.budget = inner, budget

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.inner.read(size)
        self.budget.raw += len(data)
        return data

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


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


def _blocks(
    stream: Readable | None, first: bytes, size: int, source: Source | None = None
) -> Iterator[bytes]:
    """Blocks that end at a line end; each byte is copied once (the carried partial line).

    A line longer than the source's ``max_line`` is dropped as it is read (memory stays
    bounded, whatever the data) and noted on the source.
    """
    limit = source.max_line if source is not None else MAX_LINE_BYTES
    carry, dropping, dropped = first, False, 0
    while stream is not None:
        data = _read_up_to(stream, size)
        if not data:
            break
        cut = data.rfind(b"\n") + 1
        if dropping:  # inside a line too long to keep: skip to its end
            first_end = data.find(b"\n")
            if first_end < 0:
                continue
            dropping, data = False, data[first_end + 1 :]
            cut = data.rfind(b"\n") + 1
        if not cut:  # no line end in the whole read: keep gathering
            carry += data
            if len(carry) > limit:
                carry, dropping, dropped = b"", True, dropped + 1
            continue
        block = carry + data[:cut] if carry else data[:cut] if cut < len(data) else data
        carry = data[cut:]
        yield block
    if carry and not dropping:
        yield carry
    if dropped and source is not None:
        source.notes.append(long_lines_note(dropped, limit))


def long_lines_note(count: int, limit: int) -> str:
    return f"{counted(count, 'line')} longer than {_size(limit)} skipped"


def _size(count: int) -> str:
    """A size in the largest binary unit it reaches, never rounded down to zero.

    >>> _size(1024), _size(1536), _size(5 << 20), _size(500)
    ('1 KiB', '1.5 KiB', '5 MiB', '500 bytes')
    """
    for unit, shift in (("GiB", 30), ("MiB", 20), ("KiB", 10)):
        if count >= 1 << shift:
            return f"{round(count / (1 << shift), 1):g} {unit}"
    return f"{count} bytes"
