"""Record formats and content sniffing: which format, and so which role, each file has."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import tzinfo

from loganalyzer.formats.ansi import strip_ansi
from loganalyzer.formats.containers import WRAPPERS, Wrapper
from loganalyzer.formats.controller import klog, logfmt, zap_console, zap_json
from loganalyzer.formats.ginkgo import console as ginkgo_text
from loganalyzer.formats.ginkgo import gotest as gotest_json
from loganalyzer.formats.ginkgo import json_report as ginkgo_json
from loganalyzer.formats.ginkgo import junit as junit_xml
from loganalyzer.formats.line_format import LineFormat
from loganalyzer.formats.paste import Paste, normalise, rejoin, rejoin_timed, rejoin_titles
from loganalyzer.model.specs import TestLog

# Formats whose lines the fast path reads; the test-log format is parsed whole.
LINE_FORMATS: dict[str, LineFormat] = {
    f.name: f for f in (zap_json.FORMAT, zap_console.FORMAT, klog.FORMAT, logfmt.FORMAT)
}
# journalctl output (kind's kubelet.log, containerd.log, journal.log): node logs, not read.
JOURNAL_RE = re.compile(r"^[A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d \S+ [\w.@-]+(?:\[\d+\])?: ")
_WRAPPED = [re.compile(w.sniff) for w in WRAPPERS]
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
# Fewer records than this need a share of the lines too (a paste is mostly prose).
MIN_RECORDS = 2
# Lines that say a file is Ginkgo output, not a controller log, whatever else it holds.
_GINKGO_MARK = re.compile(
    r"^\s*(?:STEP: |END STEP: |Timeline >>|<< Timeline|-{30}$|• \[|\[FAIL\] |Ran \d+ of \d+ Specs"
    r"|=== RUN |--- (?:PASS|FAIL): )"
)


@dataclass(frozen=True)
class Detection:
    """What a file was detected as; ``format`` is None when it is skipped, with ``reason``."""

    format: str | None
    role: str | None
    reason: str = ""
    wrapper: Wrapper | None = None
    paste: bool = False  # read through formats.paste: indented, prefixed, elided or wrapped
    strip: str | None = None  # a paste's constant prefix and indent, as one regex

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
    if not any(line.strip() for line in plain):
        return Detection(None, None, "only blank lines")
    pasted = normalise_test(plain)
    if ginkgo_text.sniff(plain) or (pasted.changed and ginkgo_text.sniff(pasted.lines)):
        return Detection(ginkgo_text.NAME, "test", paste=pasted.changed)
    pasted = normalise_controller(plain)
    content = [line for line in pasted.lines if line.strip()]
    if not content:
        return Detection(None, None, "only blank lines")
    for wrapper, sniff in zip(WRAPPERS, _WRAPPED, strict=True):
        if sum(1 for line in content if sniff.match(line)) >= MIN_SHARE * len(content):
            pieces = [wrapper.unwrap(line) for line in content]
            payloads = [p.payload for p in pieces if p is not None and p.tag == "F"]
            if ginkgo_text.sniff([strip_ansi(p) for p in payloads]):
                return Detection(ginkgo_text.NAME, "test", wrapper=wrapper, paste=pasted.changed)
            inner = _line_format([p for p in payloads if p.strip()])
            if inner is None:
                return Detection(
                    None, None, f"{wrapper.name} log whose lines are in no known format"
                )
            return Detection(inner.name, inner.role, wrapper=wrapper, paste=pasted.changed)
    found = _line_format(content) or _rejoined_format(pasted)
    if found is not None:
        rejoin(pasted, found)
        if not pasted.changed:
            return Detection(found.name, found.role)
        found = _line_format([line for line in pasted.lines if line.strip()]) or found
        # Stripped from the raw lines (colours and all) when a file is too big to normalise.
        strip = normalise_controller(lines).strip_pattern()
        return Detection(found.name, found.role, paste=True, strip=strip)
    if sum(1 for line in content if JOURNAL_RE.match(line)) >= MIN_SHARE * len(content):
        return Detection(None, None, "node journal (kubelet, containerd, systemd): not read")
    # Never quote the file: it may be anything (a symlinked secret); describe it instead.
    stamped = sum(1 for line in content if _STAMP_RE.search(line))
    times = f"{stamped} with a timestamp" if stamped else "no timestamps"
    more = "+" if truncated else ""
    noun = "line" if len(lines) == 1 and not more else "lines"
    return Detection(None, None, f"no known log format (text, {len(lines)}{more} {noun}, {times})")


def _line_format(lines: list[str]) -> LineFormat | None:
    """The format with the most records, when they are evidence enough.

    Half the lines accounted for is enough; so are a few records (or one in five
    lines) when nothing contradicts them: a paste is often mostly wrapped pieces,
    prose or elisions, but Ginkgo markers or node-journal lines say it is not a
    controller log.
    """
    if not lines:
        return None
    for fmt in LINE_FORMATS.values():
        try:
            if lines and fmt.share(lines) >= MIN_SHARE:
                return fmt
        except (RecursionError, ValueError):  # a line nested too deep for json
            continue
    try:
        counts = {n: sum(1 for ln in lines if f.is_record(ln)) for n, f in LINE_FORMATS.items()}
    except (RecursionError, ValueError):  # a line nested too deep for json
        return None
    name = max(counts, key=lambda n: counts[n])
    records = counts[name]
    if records == 0 or (records < MIN_RECORDS and records * 5 < len(lines)):
        return None
    contrary = sum(1 for ln in lines if _GINKGO_MARK.match(ln) or JOURNAL_RE.match(ln))
    if contrary:
        return None
    return LINE_FORMATS[name]


def _rejoined_format(pasted: Paste) -> LineFormat | None:
    """zap JSON whose records appear only once cut lines are joined (every record
    pretty-printed, or hard-wrapped before its message key); the text formats show
    their records' starts whole, so they are found without joining."""
    fmt = LINE_FORMATS[zap_json.FORMAT.name]
    trial = replace(pasted, lines=list(pasted.lines))
    rejoin(trial, fmt)
    if trial.folded and _line_format([ln for ln in trial.lines if ln.strip()]) is fmt:
        return fmt
    return None


def is_controller_top(line: str) -> bool:
    """A line a controller log (or its container wrapper) writes at column 0."""
    return any(f.is_record(line) for f in LINE_FORMATS.values()) or any(
        w.match(line) for w in _WRAPPED
    )


def is_test_top(line: str) -> bool:
    """A line Ginkgo writes at column 0: a delimiter, a spec header, a banner or summary."""
    return (
        line == ginkgo_text.DELIMITER
        or _is_spec_header(line)
        or line.startswith(("Running Suite: ", "Will run ", "Summarizing ", "Ran "))
    )


def _is_spec_header(line: str) -> bool:
    found = ginkgo_text.HEADER_RE.match(line)
    return bool(found and (found.group("node") or found.group("state") or found.group("secs")))


# A Ginkgo line that carries a stamp at its end, and the end it must have.
_TIMED_START = re.compile(
    r"^\s*(?:STEP: |END STEP: |\[[A-Z]+\] in \[|In \[[^\]]+\] at: "
    r"|[<>] (?:Enter|Exit) \[|Attempt #)"
)
_TIMED_END = re.compile(rf"@ {ginkgo_text.STAMP}(?: \([^)]*\))?$")


def normalise_test(lines: list[str]) -> Paste:
    """A pasted Ginkgo console log, normalised (see formats.paste)."""
    paste = normalise(lines, is_test_top)
    rejoin_timed(paste, _TIMED_START, _TIMED_END)
    opens = lambda line: line == ginkgo_text.DELIMITER or _is_spec_header(line)  # noqa: E731
    rejoin_titles(paste, opens, ginkgo_text.LOCATION_RE)
    return paste


def normalise_controller(lines: list[str], fmt: LineFormat | None = None) -> Paste:
    """A pasted controller log, normalised; with ``fmt``, wrapped records rejoined."""
    return normalise(lines, is_controller_top, fmt)


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
    if wrapper is not None and fmt_name in TEST_FORMATS and fmt_name != ginkgo_text.NAME:
        raise ValueError(f"--as: {fmt_name} cannot be read inside {wrapper.name}")
    return glob, Detection(fmt_name, known[fmt_name], "forced by --as", wrapper)
