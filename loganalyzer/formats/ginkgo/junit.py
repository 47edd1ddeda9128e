"""Ginkgo ``--junit-report`` output: one <testcase> per spec or suite node.

Ginkgo renders each spec's timeline into <system-err> in the console format (``-vv``:
STEP and Enter/Exit lines with locations, GinkgoWriter lines, then "[FAILED] message /
In [It] at: location @ stamp"). Its stamps have no zone. Each testcase is rebuilt as a
console block and read by ginkgo_text, so lines are classified, and the zone decided,
exactly as for console output: the explicit zone, else offsets in the text, else this
machine's zone with a warning. Status, time and the failure attributes then override
what the console parser guessed.

Line numbers are 1-based lines of the report file. A spec is cited at its <testcase>
line. A timeline line is cited at the line where its text starts. Ginkgo writes a whole
system-err on one line (newlines as ``&#xA;``), so output lines printed before a failure
are cited at the testcase line instead; see ginkgo_json.keep_deadline_order.

expat is used rather than ElementTree because it reports where character data starts.
Documents with a DOCTYPE are refused, which rules out entity-expansion attacks.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import tzinfo
from xml.parsers import expat

from loganalyzer.errors import InputError
from loganalyzer.formats.ginkgo import console as ginkgo_text
from loganalyzer.formats.ginkgo.json_report import FAILURE_STATES, SUITE_NODES
from loganalyzer.formats.ginkgo.structured import (
    MAX_BYTES,
    count_lines,
    recite,
    summarize,
)
from loganalyzer.model.specs import FLAKY, PASSED, PENDING, SKIPPED, Spec, TestLog

NAME = "ginkgo-junit"
LEAF_RE = re.compile(r"^\[(?P<type>[A-Za-z]+(?: \(Suite\))?)\](?: (?P<text>.*))?$")
ENTER_RE = re.compile(r"^> Enter \[(?P<node>[^\]]+)\] (?P<leaf>.*?) - (?P<loc>\S+:\d+) @ ")
NODE_LINE_RE = re.compile(r"^[<>] (?:Enter|Exit) \[")
STAMP_RE = re.compile(ginkgo_text.STAMP)
LABELS_RE = re.compile(r" \[[^\[\]]*\]$")
OUTCOMES = ("failure", "error", "skipped")


def sniff(head: str) -> bool:
    """An XML document whose root is <testsuites> or <testsuite>."""
    text = head.lstrip("\ufeff \t\r\n")
    return text.startswith("<") and bool(re.search(r"<testsuites?[\s>]", text))


class _Refused(Exception):
    """A DOCTYPE or entity declaration: never expanded."""


@dataclass
class _Text:
    """Character data, with the report line where each piece starts."""

    parts: list[str] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)
    lines: list[int] = field(default_factory=list)
    size: int = 0

    def add(self, data: str, line: int) -> None:
        self.parts.append(data)
        self.starts.append(self.size)
        self.lines.append(line)
        self.size += len(data)

    def with_lines(self) -> list[tuple[str, int]]:
        """Each text line and the report line its first character is on."""
        out, pos = [], 0
        for text in "".join(self.parts).split("\n"):
            index = max(bisect.bisect_right(self.starts, pos) - 1, 0)
            out.append((text, self.lines[index] if self.lines else 0))
            pos += len(text) + 1
        return out[:-1] if out and not out[-1][0] else out


@dataclass
class _Case:
    attrs: dict[str, str]
    line: int
    end: int = 0
    outcome: str = ""
    outcome_attrs: dict[str, str] = field(default_factory=dict)
    texts: dict[str, _Text] = field(default_factory=dict)

    def text(self, tag: str) -> list[tuple[str, int]]:
        found = self.texts.get(tag)
        return found.with_lines() if found else []


_UNKNOWN_ENCODING = expat.errors.codes[expat.errors.XML_ERROR_UNKNOWN_ENCODING]


class _BadEncoding(Exception):
    """The declared encoding is unknown, or one expat cannot read (UTF-7, Shift-JIS)."""


class _Reader:
    def __init__(self, source: str, encoding: str | None = None) -> None:
        self.source = source
        self.parser = expat.ParserCreate(encoding)
        self.cases: list[_Case] = []
        self.case: _Case | None = None
        self.target: _Text | None = None
        self.root: str | None = None
        self.suites: list[dict[str, str]] = []  # each <testsuite>'s attributes, then the root's
        self.parser.StartDoctypeDeclHandler = self._refuse
        self.parser.EntityDeclHandler = self._refuse
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._data

    def read(self, data: bytes) -> list[_Case]:
        try:
            self.parser.Parse(data, True)
        except (ValueError, LookupError) as err:
            if self.root is not None:
                raise
            raise _BadEncoding(str(err)) from None
        except _Refused:
            raise InputError(
                f"{self.source}: XML with a DOCTYPE or entity declarations is refused "
                "(entity expansion); Ginkgo JUnit reports have none"
            ) from None
        except expat.ExpatError as err:
            if err.code == _UNKNOWN_ENCODING and self.root is None:
                raise _BadEncoding(str(err)) from None
            raise InputError(f"{self.source}: not well-formed JUnit XML ({err})") from None
        return self.cases

    def _refuse(self, *_: object) -> None:
        raise _Refused

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        if self.root is None:
            self.root = tag
            if tag not in ("testsuites", "testsuite"):
                raise InputError(f"{self.source}: not a JUnit report (root element <{tag}>)")
        line = self.parser.CurrentLineNumber
        if tag in ("testsuites", "testsuite"):
            self.suites.append({"tag": tag, **attrs})
        if tag == "testcase":
            self.case = _Case(attrs, line)
        elif self.case is not None and tag in (*OUTCOMES, "system-err", "system-out"):
            if tag in OUTCOMES:
                self.case.outcome, self.case.outcome_attrs = tag, attrs
            self.target = self.case.texts.setdefault(tag, _Text())

    def _end(self, tag: str) -> None:
        self.target = None
        if tag == "testcase" and self.case is not None:
            self.case.end = self.parser.CurrentLineNumber
            self.cases.append(self.case)
            self.case = None

    def _data(self, data: str) -> None:
        if self.target is not None:
            self.target.add(data, self.parser.CurrentLineNumber)


def parse(data: bytes, source: str, zone: tzinfo | None) -> TestLog:
    """Parse a Ginkgo JUnit report; ``zone`` is the zone of its stamps (``--test-tz``)."""
    if len(data) > MAX_BYTES:
        raise InputError(f"{source}: JUnit report is larger than {MAX_BYTES // 2**20} MiB")
    reader, fallback = _Reader(source), None
    try:
        cases = reader.read(data)
    except _BadEncoding as err:
        # Ginkgo writes UTF-8; a bogus declaration is more likely damage than intent.
        fallback = f"{source}: its XML encoding cannot be read ({err}); read as UTF-8"
        reader = _Reader(source, "UTF-8")
        cases = reader.read(data)
    skipped: Counter[str] = Counter()
    kept = []
    for case in cases:
        if _suite_node(case)[0] and _state(case) == PASSED and _empty(case):
            # Every process reports its own suite nodes; only one has content.
            skipped["empty per-process suite node"] += case.end - case.line + 1
        else:
            kept.append(case)
    console, origin = _console(kept)
    log = ginkgo_text.parse(console, source, zone)
    parsed = log.specs + log.suite_nodes
    if len(parsed) != len(kept):
        raise InputError(f"{source}: could not read {len(kept)} testcase timelines")
    specs: list[Spec] = []
    suite: list[Spec] = []
    for case, spec in zip(kept, parsed, strict=True):
        _apply(case, spec, origin)
        (suite if spec.suite_node else specs).append(spec)
    lines = count_lines(data.decode("utf-8", "replace"))
    used = lines - sum(skipped.values())
    zone_name, warnings = log.zone, log.warnings
    if not any(STAMP_RE.search(text) for text in console):
        zone_name, warnings = "none needed (no stamps in the report)", []
    if fallback:
        warnings = [fallback, *warnings]
    log = TestLog(
        source, specs, suite, lines, used, dict(skipped), zone_name, warnings, summarize(specs)
    )
    log.counters = _counters(reader.suites, cases)
    return log


def _counters(suites: list[dict[str, str]], cases: list[_Case]) -> dict[str, int]:
    """The report's own counts, in spec terms.

    Each <testsuite> (or else the <testsuites> root) states tests, failures, errors,
    skipped and (Ginkgo: pending) disabled. Ginkgo counts its suite setup nodes as tests
    too, so the testcases that are suite nodes are taken off.
    """
    inner = [s for s in suites if s["tag"] == "testsuite"]
    chosen = inner or [s for s in suites if s["tag"] == "testsuites"]
    said: dict[str, int] = {}
    for name in ("tests", "failures", "errors", "skipped", "disabled"):
        values = [_int(s.get(name)) for s in chosen if s.get(name) is not None]
        if values and all(v is not None for v in values):
            said[name] = sum(v for v in values if v is not None)
    if "tests" not in said:
        return {}
    nodes = [c for c in cases if _suite_node(c)[0]]
    out = {"specs": said["tests"] - len(nodes)}
    if "failures" in said or "errors" in said:
        failed_nodes = sum(1 for c in nodes if _state(c) in FAILURE_STATES)
        out["failed"] = said.get("failures", 0) + said.get("errors", 0) - failed_nodes
    if inner:
        if "skipped" in said:
            out["skipped"] = said["skipped"]
        if "disabled" in said:
            out["pending"] = said["disabled"]
    return out


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _console(cases: list[_Case]) -> tuple[list[str], list[int]]:
    """One console block per testcase; ``origin`` maps each console line to a report line.

    Timeline lines are indented, as the console prints them, so no output line can pass
    for a delimiter or a spec header.
    """
    console: list[str] = []
    origin: list[int] = []
    for case in cases:
        state, secs = _state(case), _float(case.attrs.get("time"))
        word = "" if state in (PASSED, FLAKY) else f"[{state.upper()}] "
        timeline = case.text("system-err") or case.text(case.outcome)
        block = [ginkgo_text.DELIMITER, f"• {word}[{secs:.6f} seconds]", "", "  Timeline >>"]
        console += block
        origin += [case.line] * len(block)
        for text, line in timeline:
            console.append(f"  {text}")
            origin.append(line)
        console.append("  << Timeline")
        origin.append(case.line)
        stdout = case.text("system-out")
        if stdout:
            console.append("  Captured StdOut/StdErr Output >>")
            origin.append(case.line)
            console += [f"  {text}" for text, _ in stdout]
            origin += [line for _, line in stdout]
    return console, origin


def _apply(case: _Case, spec: Spec, origin: list[int]) -> None:
    """Set what the report states exactly, and cite report lines."""
    node, text, ginkgo = _suite_node(case)
    entered = (ENTER_RE.match(t) for t in _lines(spec))
    enter = next((m for m in entered if m and m.group("node") == (node or "It")), None)
    if ginkgo and not node and not (enter and text.endswith(enter.group("leaf"))):
        # Ginkgo appends labels as "leaf [a, b]"; the Enter line tells the leaf text.
        text = LABELS_RE.sub("", text)
    spec.name = f"[{node}] {text}".strip() if node else text
    spec.suite_node = node
    spec.location = enter.group("loc") if enter else spec.location
    spec.state = _state(case)
    if case.attrs.get("time"):
        spec.duration = _float(case.attrs.get("time"))
    message = case.outcome_attrs.get("message", "")
    if spec.failed and message:
        spec.failure_message = message
        timed_out = ginkgo_text.TIMED_OUT_RE.search(message)
        spec.attempts[-1].wait_seconds = float(timed_out.group(1)) if timed_out else None
    if not spec.failure_location and spec.failed:
        first = next(iter(case.text(case.outcome)), ("", 0))[0].strip()
        spec.failure_location = first if ginkgo_text.LOCATION_RE.match(first) else ""
    if spec.state == PASSED and any(not a.passed for a in spec.attempts):
        spec.state = FLAKY
    spec.line_no = case.line
    recite(spec, origin)


def _lines(spec: Spec) -> list[str]:
    return [line.text for attempt in spec.attempts for line in attempt.lines]


def _suite_node(case: _Case) -> tuple[str | None, str, bool]:
    """The suite node type (or None), the name without "[It] ", and whether Ginkgo named it."""
    name = case.attrs.get("name", "").strip()
    leaf = LEAF_RE.match(name)
    if not leaf:
        return None, name, False
    kind, text = leaf.group("type"), leaf.group("text") or ""
    return (kind if kind in SUITE_NODES else None), text, True


def _state(case: _Case) -> str:
    status = case.attrs.get("status", "").lower()
    if status in FAILURE_STATES or status in (PASSED, SKIPPED, PENDING):
        return status
    # Not Ginkgo's status attribute: judge by the outcome element.
    if case.outcome == "skipped":
        return PENDING if case.outcome_attrs.get("message") == "pending" else SKIPPED
    if case.outcome:
        kind = case.outcome_attrs.get("type", "").lower()
        return kind if kind in FAILURE_STATES else "failed"
    return PASSED


def _empty(case: _Case) -> bool:
    """No outcome and no output beyond the node's own Enter/Exit lines."""
    texts = [t.strip() for tag in ("system-err", "system-out") for t, _ in case.text(tag)]
    return not case.outcome and all(not t or NODE_LINE_RE.match(t) for t in texts)


def _float(value: str | None) -> float:
    try:
        return float(value or 0)
    except ValueError:
        return 0.0
