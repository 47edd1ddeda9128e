"""Ginkgo ``--json-report`` output: a JSON array of suite Reports with their SpecReports.

The most precise test source: StartTime, EndTime and every event time are RFC3339Nano
with an offset, so the zone is exact. GinkgoWriter output has no stamps; each event's
``TimelineLocation.Offset`` (bytes of that output written when it happened) places the
writer lines between the events, as Ginkgo's own timeline renderer does.

Line numbers are 1-based lines of the report file: a spec is cited at its SpecReport's
opening brace, an event (By, Node, Retry, report entry, failure) at its own object, and
writer lines at the line holding CapturedGinkgoWriterOutput (one JSON string, one line).
Downstream code reads line order as print order (an output line numbered at or after
the deadline line was printed after the test gave up), and the report's key order does
not follow time, so in a failed attempt the writer lines printed before the failure are
cited at the spec's opening line instead (``keep_deadline_order``). Event lines keep
their own lines even so. ProgressReports (goroutine dumps) are not read.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from loganalyzer.errors import InputError
from loganalyzer.formats.ginkgo.console import TIMED_OUT_RE
from loganalyzer.formats.ginkgo.structured import (
    count_lines,
    decode_text,
    keep_deadline_order,
    summarize,
    writer_line,
)
from loganalyzer.formats.times import offset_of, parse_iso
from loganalyzer.model.specs import (
    FAILED,
    FLAKY,
    PASSED,
    PENDING,
    SKIPPED,
    Attempt,
    Spec,
    TestLine,
    TestLog,
    bracket,
    finish,
)

NAME = "ginkgo-json"
ZONE = "from the report (exact)"
MICRO = 1e-6  # RFC3339Nano holds nanoseconds; datetime keeps microseconds
_SUITE = "BeforeSuite SynchronizedBeforeSuite AfterSuite SynchronizedAfterSuite ReportBeforeSuite"
SUITE_NODES = frozenset([*_SUITE.split(), "ReportAfterSuite", "DeferCleanup (Suite)"])
FAILURE_STATES = frozenset({FAILED, "panicked", "timedout", "interrupted", "aborted"})
RETRY_EVENTS = {"Retry": False, "Spec Retry": False, "Repeat": True}  # -> attempt passed
_NO_TIME = datetime(1971, 1, 1, tzinfo=UTC)  # Go's zero time.Time means "not set"
Obj = dict[str, Any]


def sniff(head: str) -> bool:
    """A JSON array or object that names Ginkgo's SuitePath or SpecReports."""
    text = head.lstrip("\ufeff \t\r\n")
    return text[:1] in ("[", "{") and ('"SuitePath"' in text or '"SpecReports"' in text)


def parse(data: bytes, source: str) -> TestLog:
    """Parse a Ginkgo JSON report into specs with exact UTC times."""
    text = decode_text(data, source, "Ginkgo JSON report")
    doc = _Doc(text)
    try:
        loaded = doc.load()
    except json.JSONDecodeError as err:
        raise InputError(
            f"{source}: not a valid Ginkgo JSON report: {err.msg} "
            f"(line {err.lineno}, column {err.colno})"
        ) from None
    except RecursionError:
        raise InputError(f"{source}: JSON is nested too deeply for a Ginkgo report") from None
    reports = loaded if isinstance(loaded, list) else [loaded]
    if not reports or not all(_is_report(r) for r in reports):
        raise InputError(f"{source}: JSON is not a Ginkgo report (no SuitePath or SpecReports)")
    specs: list[Spec] = []
    suite: list[Spec] = []
    skipped: Counter[str] = Counter()
    total = 0
    stated = True
    offsets: Counter[timedelta] = Counter()
    for report in reports:
        stats = _obj(report, "PreRunStats")
        stated = stated and "TotalSpecs" in stats
        total += _int(stats, "TotalSpecs")
        if (offset := _offset(report.get("StartTime"))) is not None:
            offsets[offset] += 1
        for raw in _list(report, "SpecReports"):
            try:
                spec = _spec(raw, doc, source)
            except (TypeError, ValueError, AttributeError) as err:
                where = doc.line(raw, 1)
                raise InputError(f"{source}:{where}: malformed SpecReport ({err})") from None
            if spec.suite_node and not spec.failed and _empty(raw):
                # Every process reports its own suite nodes; only one has content.
                end = doc.spans.get(id(raw), (0, 1))[1]
                skipped["empty per-process suite node"] += doc.line_at(end - 1) - spec.line_no + 1
                continue
            (suite if spec.suite_node else specs).append(spec)
    lines = count_lines(text)
    used = lines - sum(skipped.values())
    log = TestLog(
        source, specs, suite, lines, used, dict(skipped), ZONE, [], summarize(specs, total)
    )
    # PreRunStats.TotalSpecs counts every spec, and the report lists every spec.
    log.counters = {"specs": total} if stated and reports else {}
    log.offset = offsets.most_common(1)[0][0] if offsets else None
    return log


def _offset(value: object) -> timedelta | None:
    return offset_of(value) if isinstance(value, str) and value else None


class _Doc:
    """The report text, decoded with the span of every object.

    The decoder gives no positions, so one pass of a regex lists every object's braces
    (strings skipped) in the order the objects close: the order in which the decoder
    finishes them and hands them to ``object_hook``.
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self.spans: dict[int, tuple[int, int]] = {}
        self._newlines = [m.start() for m in re.finditer("\n", text)]

    def load(self) -> Any:
        closed = iter(_object_spans(self.text))
        spans = self.spans

        def hook(obj: Obj) -> Obj:
            # Objects stay alive, so ids are unique. A span can be missing only in a
            # document the decoder is about to refuse.
            spans[id(obj)] = next(closed, (0, 0))
            return obj

        return json.loads(self.text, object_hook=hook)

    def line_at(self, pos: int) -> int:
        return bisect.bisect_right(self._newlines, pos) + 1

    def line(self, obj: object, default: int) -> int:
        span = self.spans.get(id(obj))
        return self.line_at(span[0]) if span else default


# A JSON string (escapes included) or a brace outside any string.
_BRACE_RE = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"|[{}]')


def _object_spans(text: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every JSON object in ``text``, in the order they close.

    >>> _object_spans('[{"a": {"b": "}{"}}, {}]')
    [(7, 18), (1, 19), (21, 23)]
    """
    opened: list[int] = []
    closed: list[tuple[int, int]] = []
    for found in _BRACE_RE.finditer(text):
        token = found.group()
        if token == "{":
            opened.append(found.start())
        elif token == "}" and opened:
            closed.append((opened.pop(), found.end()))
    return closed


@dataclass
class _Event:
    """One timeline entry: its lines, in Ginkgo's order, at its writer offset."""

    order: int
    offset: int
    lines: list[TestLine]
    retry: bool | None = None  # attempt passed, for Retry/Repeat events
    failure: str | None = None  # message, for failures


def _spec(raw: Obj, doc: _Doc, source: str) -> Spec:
    leaf_type, leaf = _str(raw, "LeafNodeType"), _str(raw, "LeafNodeText")
    suite_node = leaf_type if leaf_type in SUITE_NODES else None
    texts = raw.get("ContainerHierarchyTexts") or []
    texts = [t for t in texts if isinstance(t, str)] if isinstance(texts, list) else []
    name = (
        f"[{suite_node}] {leaf}".strip() if suite_node else " ".join(t for t in [*texts, leaf] if t)
    )
    state = _str(raw, "State").lower() or PASSED
    if state == PASSED and _int(raw, "NumAttempts") > 1 and _int(raw, "MaxMustPassRepeatedly") < 2:
        state = FLAKY
    spec = Spec(
        name, state, source, doc.line(raw, 1), location=_where(_obj(raw, "LeafNodeLocation"))
    )
    spec.suite_node = suite_node
    if "RunTime" in raw:
        spec.duration = _int(raw, "RunTime") / 1e9
    spec.process = _int(raw, "ParallelProcess") or None
    failure = _obj(raw, "Failure")
    if state not in (SKIPPED, PENDING) and failure:
        spec.failure_message = _str(failure, "Message") or _str(failure, "ForwardedPanic")
        spec.failure_location = _where(_obj(failure, "Location"))
    events = _events(raw, doc, state)
    first = next((e for e in events if e.failure is not None), None)
    if first is not None and not spec.failure_message:
        # A flaky spec keeps only its earlier attempts' failures.
        spec.failure_message = first.failure or ""
        spec.failure_location = first.lines[0].detail or ""
    _fill(spec, raw, doc, events)
    return spec


def _events(raw: Obj, doc: _Doc, state: str) -> list[_Event]:
    events = [_spec_event(ev, doc) for ev in _list(raw, "SpecEvents")]
    failures = [(state, _obj(raw, "Failure"))] if state in FAILURE_STATES else []
    failures += [(_str(a, "State"), _obj(a, "Failure")) for a in _list(raw, "AdditionalFailures")]
    events += [_failure(s, f, doc) for s, f in failures if f]
    events += [_entry(e, doc) for e in _list(raw, "ReportEntries")]
    return sorted(events, key=lambda e: (e.order, e.offset))


def _spec_event(ev: Obj, doc: _Doc) -> _Event:
    kind, msg = _str(ev, "SpecEventType"), _str(ev, "Message")
    where = _obj(ev, "TimelineLocation")
    node = _str(ev, "NodeType")
    took = f" ({_int(ev, 'Duration') / 1e9:.3f}s)" if "Duration" in ev else ""
    shapes = {
        "By": ("step", f"STEP: {msg}", msg),
        "By (End)": ("end-step", f"END STEP: {msg}{took}", msg),
        "Node": ("node", f"> Enter [{node}] {msg}".rstrip(), node),
        "Node (End)": ("node", f"< Exit [{node}] {msg}".rstrip() + took, node),
    }
    retry = RETRY_EVENTS.get(kind)
    if retry is not None:
        number = _int(ev, "Attempt")
        verb = "Passed.  Repeating" if retry else "Failed.  Retrying"
        shapes[kind] = ("retry", f"Attempt #{number} {verb} ↺", str(number))
    line_kind, text, detail = shapes.get(kind, ("entry", f"{kind}: {msg}".strip(), kind))
    line = _timed(doc.line(ev, 1), text, line_kind, where, detail)
    return _Event(_int(where, "Order"), _int(where, "Offset"), [line], retry=retry)


def _failure(state: str, failure: Obj, doc: _Doc) -> _Event:
    where = _obj(failure, "TimelineLocation")
    at = doc.line(failure, 1)
    location = _where(_obj(failure, "Location"))
    node = _str(failure, "FailureNodeType") or "It"
    text = f"[{(state or FAILED).upper()}] in [{node}] - {location}"
    message = _str(failure, "Message")
    lines = [_timed(at, text, "failure", where, location)]
    for piece in (message, _str(failure, "ForwardedPanic")):
        lines += [TestLine(at, m, "failure-message") for m in piece.splitlines() if m.strip()]
    return _Event(_int(where, "Order"), _int(where, "Offset"), lines, failure=message)


def _entry(entry: Obj, doc: _Doc) -> _Event:
    where = {"Time": entry.get("Time"), **_obj(entry, "TimelineLocation")}
    at, name = doc.line(entry, 1), _str(entry, "Name")
    lines = [_timed(at, f"{name} - {_where(_obj(entry, 'Location'))}", "entry", where, name)]
    value = _obj(entry, "Value")
    shown = _str(value, "Representation") or _str(value, "AsJSON")
    lines += [TestLine(at, v, "writer") for v in shown.splitlines() if v.strip()]
    return _Event(_int(where, "Order"), _int(where, "Offset"), lines)


def _fill(spec: Spec, raw: Obj, doc: _Doc, events: list[_Event]) -> None:
    """Interleave writer output with the events by offset, split attempts, set windows."""
    output = _str(raw, "CapturedGinkgoWriterOutput").encode()
    at = doc.line(raw, 1)
    writer_at = _key_line(raw, doc, "CapturedGinkgoWriterOutput", at)
    attempt = Attempt(1)
    spec.attempts.append(attempt)
    starts: dict[int, datetime] = {}
    cursor = 0

    def flush(stop: int) -> None:
        nonlocal cursor
        stop = min(max(stop, cursor), len(output))
        for piece in output[cursor:stop].decode("utf-8", "replace").split("\n"):
            line = writer_line(piece, writer_at)
            if line is not None:
                attempt.lines.append(line)
        cursor = stop

    for event in events:
        flush(event.offset)
        attempt.lines += event.lines
        head = event.lines[0]
        if event.retry is not None:
            attempt.passed = event.retry
            attempt = Attempt(attempt.number + 1)
            spec.attempts.append(attempt)
            if head.at is not None:
                starts[attempt.number - 1] = head.at
        elif event.failure is not None and attempt.deadline is None and head.at is not None:
            attempt.deadline, attempt.deadline_line = head.at, head.line_no
            attempt.passed = False
            timed_out = TIMED_OUT_RE.search(event.failure)
            attempt.wait_seconds = float(timed_out.group(1)) if timed_out else None
    flush(len(output))
    # Captured stdout/stderr has no offsets: like the console, it follows the timeline.
    stdout_at = _key_line(raw, doc, "CapturedStdOutErr", at)
    for piece in _str(raw, "CapturedStdOutErr").split("\n"):
        line = writer_line(piece, stdout_at)
        if line is not None:
            attempt.lines.append(line)
    spec.attempts[-1].passed = not spec.failed
    finish(spec)
    # finish() guesses windows from the lines; the report knows them exactly.
    begin, end = _time(raw.get("StartTime")), _time(raw.get("EndTime"))
    spec.exact = begin is not None and end is not None
    if begin is not None:
        spec.attempts[0].start = begin
    if end is not None:
        spec.attempts[-1].end = end + timedelta(seconds=MICRO)
    for index, start in starts.items():
        spec.attempts[index].start = start
        spec.attempts[index - 1].end = start + timedelta(seconds=MICRO)
    for each in spec.attempts:
        bracket(each)
    keep_deadline_order(spec)


def _key_line(raw: Obj, doc: _Doc, key: str, default: int) -> int:
    """The line of one of the spec's own string keys.

    Ginkgo writes keys in a fixed order: Failure (whose ProgressReport can hold keys of
    the same names) comes before the captured output, ReportEntries and ProgressReports
    after it, so the search starts past the Failure object.
    """
    span = doc.spans.get(id(raw))
    if span is None:
        return default
    failure = doc.spans.get(id(raw.get("Failure")))
    found = doc.text.find(f'"{key}"', failure[1] if failure else span[0], span[1])
    return doc.line_at(found) if found >= 0 else default


def _timed(line_no: int, text: str, kind: str, where: Obj, detail: str) -> TestLine:
    at = _time(where.get("Time"))
    return TestLine(line_no, text, kind, at, MICRO if at else 0.0, detail=detail)


def _time(value: object) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        at, _ = parse_iso(value)
    except OverflowError:  # Go's year-1 zero time with a positive offset
        return None
    return at if at > _NO_TIME else None


def _empty(raw: Obj) -> bool:
    """No output, failure, step or entry: only Enter/Exit events, if anything."""
    steps = any(_str(e, "SpecEventType") == "By" for e in _list(raw, "SpecEvents"))
    keys = ("CapturedGinkgoWriterOutput", "CapturedStdOutErr", "Failure", "ReportEntries")
    return not steps and not any(raw.get(k) for k in keys)


def _is_report(value: object) -> bool:
    return isinstance(value, dict) and ("SpecReports" in value or "SuitePath" in value)


def _where(location: Obj) -> str:
    if _str(location, "CustomMessage"):
        return _str(location, "CustomMessage")
    name = _str(location, "FileName")
    return f"{name}:{_int(location, 'LineNumber')}" if name else ""


def _str(obj: Obj, key: str) -> str:
    value = obj.get(key)
    return value if isinstance(value, str) else ""


def _int(obj: Obj, key: str) -> int:
    """A whole-number field; 0 when it is missing, not a number, or not finite (1e999)."""
    value = obj.get(key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0
    return int(value) if math.isfinite(value) else 0


def _obj(obj: Obj, key: str) -> Obj:
    value = obj.get(key)
    return value if isinstance(value, dict) else {}


def _list(obj: Obj, key: str) -> list[Obj]:
    value = obj.get(key)
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []
