"""Record formats and content sniffing: which format, and so which role, each file has."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo

from loganalyzer.formats.ansi import strip_ansi
from loganalyzer.formats.containers import WRAPPERS, Wrapper
from loganalyzer.formats.controller import klog, logfmt, zap_console, zap_json
from loganalyzer.formats.ginkgo import console as ginkgo_text
from loganalyzer.formats.ginkgo import gotest as gotest_json
from loganalyzer.formats.ginkgo import json_report as ginkgo_json
from loganalyzer.formats.ginkgo import junit as junit_xml
from loganalyzer.formats.line_format import LineFormat
from loganalyzer.model.specs import TestLog

# Formats whose lines the fast path reads; the test-log format is parsed whole.
LINE_FORMATS: dict[str, LineFormat] = {
    f.name: f for f in (zap_json.FORMAT, zap_console.FORMAT, klog.FORMAT, logfmt.FORMAT)
}
# journalctl output (kind's kubelet.log, containerd.log, journal.log): node logs, not read.
JOURNAL_RE = re.compile(r"^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ [\w.@-]+(?:\[\d+\])?: ")
_STAMP_RE = re.compile(r"\d\d:\d\d:\d\d")
TestParser = Callable[[bytes, str, "tzinfo | None"], TestLog]


def _text(data: bytes, source: str, zone: tzinfo | None) -> TestLog:
    lines = data.decode("utf-8", "replace").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return ginkgo_text.parse(lines, source, zone)


# Test-log formats, most precise first: when two describe the same spec, the first wins.
TEST_PARSERS: dict[str, TestParser] = {
    ginkgo_json.NAME: lambda data, source, zone: ginkgo_json.parse(data, source),
    gotest_json.NAME: gotest_json.parse,
    junit_xml.NAME: junit_xml.parse,
    ginkgo_text.NAME: _text,
}
TEST_FORMATS = tuple(TEST_PARSERS)
MIN_SHARE = 0.5


@dataclass(frozen=True)
class Detection:
    """What a file was detected as; ``format`` is None when it is skipped, with ``reason``."""

    format: str | None
    role: str | None
    reason: str = ""
    wrapper: Wrapper | None = None

    @property
    def label(self) -> str | None:
        """``zap-console``, or ``cri/zap-console`` for a wrapped log."""
        if self.format is None:
            return None
        return f"{self.wrapper.name}/{self.format}" if self.wrapper else self.format


def detect(head: bytes, *, truncated: bool) -> Detection:
    """Detect a file's format from its first bytes.

    >>> detect(b'2026-01-10T19:18:14Z\\tINFO\\tStarting workers\\t{"worker count": 1}\\n',
    ...        truncated=False).format
    'zap-console'
    """
    if not head:
        return Detection(None, None, "empty file")
    # A log cut short by a crash is often padded with NULs: its text is still a log.
    head = head.rstrip(b"\x00") or head
    if head.count(b"\x00") > len(head) // 100:
        return Detection(None, None, "binary content")
    for structured in (ginkgo_json, junit_xml, gotest_json):
        try:
            if structured.sniff(head.decode("utf-8", "replace")):
                return Detection(structured.NAME, "test")
        except (RecursionError, ValueError):  # nesting too deep to read, or a bad value
            continue
    text = head.decode("utf-8", "replace")
    lines = text.splitlines()
    if truncated and len(lines) > 1:
        lines = lines[:-1]
    plain = [strip_ansi(line) for line in lines]
    if ginkgo_text.sniff(plain):
        return Detection(ginkgo_text.NAME, "test")
    content = [line for line in plain if line.strip()]
    if not content:
        return Detection(None, None, "only blank lines")
    for wrapper in WRAPPERS:
        if sum(1 for line in content if wrapper.matches(line)) >= MIN_SHARE * len(content):
            pieces = [wrapper.unwrap(line) for line in content]
            payloads = [p.payload for p in pieces if p is not None and p.tag == "F"]
            inner = _line_format([p for p in payloads if p.strip()])
            if inner is None:
                return Detection(
                    None, None, f"{wrapper.name} log whose lines are in no known format"
                )
            return Detection(inner.name, inner.role, wrapper=wrapper)
    found = _line_format(content)
    if found is not None:
        return Detection(found.name, found.role)
    if sum(1 for line in content if JOURNAL_RE.match(line)) >= MIN_SHARE * len(content):
        return Detection(None, None, "node journal (kubelet, containerd, systemd): not read")
    # Never quote the file: it may be anything (a symlinked secret); describe it instead.
    stamped = sum(1 for line in content if _STAMP_RE.search(line))
    times = f"{stamped} with a timestamp" if stamped else "no timestamps"
    more = "+" if truncated else ""
    noun = "line" if len(lines) == 1 and not more else "lines"
    return Detection(None, None, f"no known log format (text, {len(lines)}{more} {noun}, {times})")


def _line_format(lines: list[str]) -> LineFormat | None:
    for fmt in LINE_FORMATS.values():
        try:
            if lines and fmt.share(lines) >= MIN_SHARE:
                return fmt
        except (RecursionError, ValueError):  # a line nested too deep for json
            continue
    return None


def forced(spec: str) -> tuple[str, Detection]:
    """Parse ``--as GLOB=FORMAT[:ROLE]`` into the glob and the detection it forces.

    FORMAT is a format name, optionally behind a wrapper (``cri/zap-console``);
    ROLE ``ignore`` skips matching files.

    >>> forced("*/manager.log=cri/zap-console")[1].label
    'cri/zap-console'
    """
    glob, sep, rest = spec.partition("=")
    if not sep or not glob or not rest:
        raise ValueError(f"--as: expected GLOB=FORMAT[:ROLE], got {spec!r}")
    name, _, role = rest.partition(":")
    if role == "ignore" or name == "ignore":
        return glob, Detection(None, None, f"ignored by --as {spec}")
    wrapper_name, slash, fmt_name = name.rpartition("/")
    wrapper = None
    if slash:
        wrapper = next((w for w in WRAPPERS if w.name == wrapper_name), None)
        if wrapper is None:
            names = ", ".join(w.name for w in WRAPPERS)
            raise ValueError(f"--as: unknown wrapper {wrapper_name!r} (one of: {names})")
    known = {**{n: f.role for n, f in LINE_FORMATS.items()}, **{n: "test" for n in TEST_FORMATS}}
    if fmt_name not in known:
        raise ValueError(f"--as: unknown format {fmt_name!r} (one of: {', '.join(sorted(known))})")
    if role and role != known[fmt_name]:
        raise ValueError(
            f"--as: format {fmt_name} is read as a {known[fmt_name]} log, not as {role!r}"
        )
    if wrapper is not None and fmt_name in TEST_FORMATS:
        raise ValueError(f"--as: {fmt_name} cannot be read inside {wrapper.name}")
    return glob, Detection(fmt_name, known[fmt_name], "forced by --as", wrapper)
