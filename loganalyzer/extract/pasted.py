"""Hooks that let ingest read pastes and wrapped test output through the usual readers.

A paste (see ``formats.paste``) is normalised whole, in memory, into a source of
the same number of lines; the usual scan then reads that source, and the counts
are corrected afterwards: a placeholder line is not blank but folded (used) or an
elision (skipped). Only files whose head showed a paste come here, and only up
to :data:`PASTE_LIMIT` bytes: the fast path for big clean files is untouched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field, replace
from datetime import datetime, timedelta

import regex

from loganalyzer.extract.line_reader import Extraction, split_lines
from loganalyzer.formats.ansi import strip_ansi
from loganalyzer.formats.containers import CRI_RE, Wrapper
from loganalyzer.formats.detect import (
    LINE_FORMATS,
    Detection,
    normalise_controller,
    normalise_test,
)
from loganalyzer.formats.ginkgo import console as ginkgo_text
from loganalyzer.formats.line_format import LineFormat
from loganalyzer.formats.paste import Paste
from loganalyzer.formats.times import parse_record_time
from loganalyzer.model.specs import TestLog
from loganalyzer.read.sources import Source

# Bigger files are logs, not pastes: only a constant prefix and indent are stripped,
# by the scan itself (Detection.strip), never line by line in Python.
PASTE_LIMIT = 8 << 20


def forced_paste(det: Detection, head: bytes) -> Detection:
    """A format forced with ``--as`` still reads a paste as a paste (indent, prefix, cuts)."""
    if det.format is None or det.paste:
        return det
    lines = [strip_ansi(ln) for ln in split_lines(head)]
    if det.format == ginkgo_text.NAME and det.wrapper is None:
        return replace(det, paste=normalise_test(lines).changed)
    if det.format in LINE_FORMATS:
        fmt = None if det.wrapper else LINE_FORMATS[det.format]
        paste = normalise_controller(lines, fmt)
        if paste.changed:
            strip = normalise_controller(split_lines(head)).strip_pattern()
            return replace(det, paste=True, strip=strip)
    return det


def pasted_source(source: Source, fmt: LineFormat, wrapped: bool) -> tuple[Source, Paste] | None:
    """The source normalised in memory, or None when it is too big to be a paste."""
    if source.path is not None:
        if source.path.stat().st_size > PASTE_LIMIT:
            return None
    elif source.truncated:  # a stream read once: only its head may be read twice
        return None
    data = source.read()
    paste = normalise_controller(split_lines(data), None if wrapped else fmt)
    text = "".join(line + "\n" for line in paste.lines)
    return Source(source.name, text.encode("utf-8"), truncated=False, mtime=source.mtime), paste


def account(got: Extraction, paste: Paste) -> None:
    """Count placeholders as what they were: folded pieces are used, elisions skipped."""
    placeholders = paste.folded + paste.elided + paste.fences
    blank = got.skip_reasons.get("blank", 0) - placeholders
    reasons = {k: v for k, v in got.skip_reasons.items() if k != "blank"}
    if blank > 0:
        reasons["blank"] = blank
    reasons.update(paste.skip_reasons)
    got.skip_reasons = reasons
    got.used += paste.folded


@dataclass
class TestText:
    """A test log's lines ready for the console parser, and what reading them undid."""

    lines: list[str]
    skip_reasons: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def test_text(data: bytes, det: Detection) -> TestText:
    """Unwrap (CRI, Docker) and normalise a pasted test log, keeping its line count."""
    lines = split_lines(data)
    out = TestText(lines)
    if det.paste:
        plain = [strip_ansi(ln) for ln in lines]
        # Wrapped lines are pasted as container lines: undo the paste around the wrapper.
        paste = normalise_controller(plain) if det.wrapper else normalise_test(plain)
        out.lines = paste.lines
        out.skip_reasons.update(paste.skip_reasons)
        out.notes.append(paste.note())
    if det.wrapper is not None:
        out.lines = _unwrapped(out.lines, det.wrapper, out.skip_reasons)
    return out


def _unwrapped(lines: list[str], wrapper: Wrapper, reasons: dict[str, int]) -> list[str]:
    """Payloads in place of wrapped lines; P pieces joined onto the line of the first."""
    out = [""] * len(lines)
    pending: dict[str, int] = {}
    for i, line in enumerate(lines):
        piece = wrapper.unwrap(line)
        if piece is None:
            if line.strip():
                reasons["not a container log line"] = reasons.get("not a container log line", 0) + 1
            continue
        at = pending.get(piece.stream)
        if at is None:
            out[i] = piece.payload
            at = i
        else:
            out[at] += piece.payload
        if piece.tag == "P":
            pending[piece.stream] = at
        else:
            pending.pop(piece.stream, None)
    return out


def adjust_log(log: TestLog, text: TestText) -> None:
    """Move the placeholders' counts from used to their skip reasons."""
    for reason, count in text.skip_reasons.items():
        log.skip_reasons[reason] = log.skip_reasons.get(reason, 0) + count
        log.used -= count


def wrapper_time(head: bytes, wrapper: Wrapper) -> datetime | None:
    """The full timestamp of a wrapped file's first line (CRI's field, Docker's ``time``)."""
    for line in (ln.strip() for ln in split_lines(head)[:50]):  # a pasted copy may be indented
        stamp: str | None = None
        if wrapper.name == "cri":
            found = regex.match(CRI_RE, line)
            stamp = found.group("ts") if found else None
        else:
            try:
                value = json.loads(line)
            except ValueError:
                continue
            stamp = value.get("time") if isinstance(value, dict) else None
        if isinstance(stamp, str):
            at, _ = parse_record_time(stamp, "iso", None)
            if at is not None:
                return at
    return None


@dataclass
class KlogClock:
    """What a wrapped klog file's runtime stamps say: the year, and klog's offset from UTC."""

    year: int
    offset: timedelta = timedelta(0)
    note: str = ""
    warning: str = ""


def klog_clock(source: Source, wrapper: Wrapper, fmt: LineFormat) -> KlogClock | None:
    """The year and zone of a klog file inside a CRI or Docker wrapper, from the wrapper.

    klog's ``I0110 19:18:14.485730`` has no year and no zone; the runtime's stamp on
    the same line has both. None when the head has no wrapped stamp.
    """
    outer = wrapper_time(source.head, wrapper)
    if outer is None:
        return None
    offset, _ = klog_offset(source.head, wrapper, fmt, outer.year)
    clock = KlogClock(outer.year, offset)
    if offset:
        hours = offset.total_seconds() / 3600
        clock.note = f"klog times {hours:+g} h from the container runtime's: corrected"
        clock.warning = (
            f"{source.name}: klog stamps are {-hours:+g} h from the container runtime's "
            "UTC stamps (klog wrote local time); moved to UTC"
        )
    return clock


def klog_offset(
    head: bytes, wrapper: Wrapper, fmt: LineFormat, year: int
) -> tuple[timedelta, datetime | None]:
    """How far a wrapped klog file's own stamps are from the runtime's, rounded to 15 min.

    klog writes the process's local time without a zone; the runtime's stamp is
    UTC-true. A difference of whole quarter hours is a zone, not a delay.
    """
    for line in (ln.strip() for ln in split_lines(head)[:200]):
        piece = wrapper.unwrap(line)
        if piece is None or not fmt.is_record(piece.payload):
            continue
        stamp = regex.search(fmt.time, piece.payload)
        outer = wrapper_time(line.encode("utf-8"), wrapper)
        if stamp is None or outer is None:
            continue
        inner, _ = parse_record_time(stamp.group(1), "klog", year)
        if inner is None:
            continue
        quarters = round((outer - inner).total_seconds() / 900)
        return timedelta(minutes=15 * quarters), outer
    return timedelta(0), None
