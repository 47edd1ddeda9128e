"""``go test -json`` output (test2json events) of a Ginkgo suite.

The console text is rebuilt from the "output" events, package by package, and read by
ginkgo_text. Each event's Time (RFC3339Nano with an offset) is when go test read that
output, so it is an upper bound on when a line was printed. Untimed lines (GinkgoWriter
output) get it as their ``hi`` when it is tighter than the next timed line. The events'
offset also gives the zone of the zone-less console stamps, unless one is passed.

Line numbers are 1-based lines of the JSON file: each console line is cited at the
event that printed its first character, and a spec at the event of its header line.
Accounting is in file lines: every JSON event is used (it feeds the console text or
the times); other non-blank lines are skipped.

Ginkgo's own ``--gojson-report`` has one run/output/result event set per spec (Test is
the full spec text, all output arrives at the end). When the console text holds no
Ginkgo spec, specs are built from those events: name, state, duration and window
are exact, but lines are only bracketed by the spec's window, and no deadline is known.
"""

from __future__ import annotations

import bisect
import json
from collections import Counter
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone, tzinfo

from loganalyzer.errors import InputError
from loganalyzer.formats.ginkgo import console as ginkgo_text
from loganalyzer.formats.ginkgo.structured import (
    count_lines,
    decode_text,
    recite,
    summarize,
    writer_line,
)
from loganalyzer.formats.times import offset_of, parse_iso
from loganalyzer.model.specs import FAILED, PASSED, SKIPPED, Attempt, Spec, TestLog, bracket, finish

NAME = "gotest-json"
RESULTS = {"pass": PASSED, "fail": FAILED, "skip": SKIPPED}
SLACK = timedelta(milliseconds=500)  # a console stamp later than its event: wrong zone


def sniff(head: str) -> bool:
    """Lines of JSON objects with "Action" and "Package" (the last one may be cut off)."""
    lines = [line for line in head.splitlines() if line.strip()][:5]
    good = 0
    for line in lines:
        try:
            event = json.loads(line)
        except (ValueError, RecursionError):
            continue
        good += isinstance(event, dict) and "Action" in event and "Package" in event
    return good > 0 and good >= len(lines) - 1


@dataclass
class _Event:
    line: int
    action: str
    package: str
    test: str
    output: str | None
    stamp: str
    time: datetime | None
    elapsed: float | None


def parse(data: bytes, source: str, zone: tzinfo | None) -> TestLog:
    """Parse ``go test -json`` output; ``zone`` is the zone of the console stamps."""
    text = decode_text(data, source, "go test -json output")
    events, skipped = _events(text, source)
    console, origin, bound = _console(events)
    label = ""
    if zone is None:
        # go test stamps events in the same local zone the console stamps use.
        offsets = Counter(o for e in events if e.stamp and (o := offset_of(e.stamp)) is not None)
        if offsets:
            zone = timezone(offsets.most_common(1)[0][0])
            label = " (from go test -json event times)"
    log = ginkgo_text.parse(console, source, zone)
    specs, suite, summary = log.specs, log.suite_nodes, log.summary
    warnings, zone_name = list(log.warnings), log.zone + label
    counters, marks = log.counters, log.marks
    per_test = [e for e in events if e.test and e.action in RESULTS]
    # Ginkgo's --gojson-report has one result per spec and no console spec; a suite node
    # in its output text is no reason to drop them.
    if specs or (suite and not per_test) or marks:
        late = _tighten(specs + suite, bound)
        if late:
            warnings.append(
                f"{source}: {late} console stamps are later than the go test -json events "
                "that printed them; the test zone looks wrong (pass --test-tz)"
            )
        for spec in specs + suite:
            _cite(spec, origin)
    else:  # no console spec: per-test events, whose times carry their own offsets
        specs = _per_test(events, source)
        warnings, zone_name, summary = [], "from the events (exact)", {}
        counters, marks = _results(per_test), {}
    lines = count_lines(text)
    used = lines - sum(skipped.values())
    summary = summary or summarize(specs)
    log = TestLog(source, specs, suite, lines, used, dict(skipped), zone_name, warnings, summary)
    log.counters, log.marks = dict(counters), dict(marks)
    offsets = Counter(o for e in events if e.stamp and (o := offset_of(e.stamp)) is not None)
    log.offset = offsets.most_common(1)[0][0] if offsets else None
    return log


def _results(results: list[_Event]) -> dict[str, int]:
    """One result per test: the last one each test got (a rerun test has several)."""
    last = {(e.package, e.test): e.action for e in results}
    by = Counter(last.values())
    out = {"specs": len(last), "passed": by["pass"], "failed": by["fail"]}
    return {**out, "skipped": by["skip"]} if by["skip"] else out


def _events(text: str, source: str) -> tuple[list[_Event], Counter[str]]:
    events: list[_Event] = []
    skipped: Counter[str] = Counter()
    for number, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            obj = json.loads(raw)
        except (ValueError, RecursionError):
            obj = None
        if not isinstance(obj, dict) or not isinstance(obj.get("Action"), str):
            skipped["not a go test -json event"] += 1
            continue
        stamp = obj["Time"] if isinstance(obj.get("Time"), str) else ""
        output = obj.get("Output")
        elapsed = obj.get("Elapsed")
        events.append(
            _Event(
                number,
                obj["Action"],
                str(obj.get("Package") or ""),
                str(obj.get("Test") or ""),
                output if isinstance(output, str) else None,
                stamp,
                _time(stamp, source, number),
                float(elapsed) if isinstance(elapsed, int | float) else None,
            )
        )
    if not events:
        first = next((line.strip() for line in text.splitlines() if line.strip()), "")
        shown = first if len(first) <= 60 else first[:57] + "..."
        raise InputError(f"{source}: no go test -json events (first line: {shown!r})")
    return events, skipped


def _time(stamp: str, source: str, number: int) -> datetime | None:
    if not stamp:
        return None
    try:
        return parse_iso(stamp)[0]
    except (ValueError, OverflowError):
        raise InputError(f"{source}:{number}: bad event Time {stamp!r}") from None


def _console(events: list[_Event]) -> tuple[list[str], list[int], list[datetime | None]]:
    """The console text, with each line's citing event line and upper-bound time.

    Packages run concurrently, so their output is kept together, in first-seen order.
    """
    by_package: dict[str, list[_Event]] = {}
    for event in events:
        if event.output is not None:
            by_package.setdefault(event.package, []).append(event)
    pieces: list[str] = []
    starts: list[int] = []
    owners: list[_Event] = []
    size = 0
    for group in by_package.values():
        for event in group:
            text = event.output or ""
            if event is group[-1] and not text.endswith("\n"):
                text += "\n"  # never join one package's last line with the next package
            pieces.append(text)
            starts.append(size)
            owners.append(event)
            size += len(text)
    console: list[str] = []
    origin: list[int] = []
    bound: list[datetime | None] = []
    pos = 0
    for line in "".join(pieces).split("\n")[:-1]:
        first = owners[bisect.bisect_right(starts, pos) - 1]
        last = owners[bisect.bisect_right(starts, pos + len(line)) - 1]  # printed the "\n"
        console.append(line)
        origin.append(first.line)
        bound.append(last.time)
        pos += len(line) + 1
    return console, origin, bound


def _tighten(specs: list[Spec], bound: list[datetime | None]) -> int:
    """Use event times as upper bounds for untimed lines; count stamps that contradict them."""
    late = 0
    for spec in specs:
        for attempt in spec.attempts:
            for line in attempt.lines:
                by = bound[line.line_no - 1]
                if by is None:
                    continue
                if line.at is not None:
                    late += line.at > by + SLACK
                elif (line.hi is None or by < line.hi) and (line.lo is None or by >= line.lo):
                    line.hi = by
    return late


def _cite(spec: Spec, origin: list[int]) -> None:
    """Console line numbers -> JSON file line numbers."""
    spec.line_no = origin[spec.line_no - 1]
    recite(spec, origin)


def _per_test(events: list[_Event], source: str) -> list[Spec]:
    """Specs from per-test events (Ginkgo's --gojson-report, or plain Go tests)."""
    specs: dict[tuple[str, str], Spec] = {}
    outputs: dict[tuple[str, str], list[_Event]] = {}
    for event in events:
        key = (event.package, event.test)
        if not event.test:
            continue
        if event.action == "run":
            spec = Spec(event.test, PASSED, source, event.line, attempts=[Attempt(1)])
            spec.attempts[0].start = event.time
            specs[key], outputs[key] = spec, []
        elif key in specs and event.action == "output":
            outputs[key].append(event)
        elif key in specs and event.action in RESULTS:
            spec = specs[key]
            spec.state, spec.duration = RESULTS[event.action], event.elapsed
            spec.attempts[0].end = event.time
    for key, spec in specs.items():
        _fill(spec, outputs[key])
    return list(specs.values())


def _fill(spec: Spec, outputs: list[_Event]) -> None:
    attempt = spec.attempts[0]
    start, end = attempt.start, attempt.end
    for event in outputs:
        # Ginkgo writes a failed spec's failure message as its last output event.
        failure = spec.failed and event is outputs[-1]
        for piece in (event.output or "").split("\n"):
            line = writer_line(piece, event.line)
            if line is None:
                continue
            if failure:
                line.kind = "failure-message"
            attempt.lines.append(line)
        if failure:
            spec.failure_message = (event.output or "").strip()
    attempt.passed = not spec.failed
    timed_out = ginkgo_text.TIMED_OUT_RE.search(spec.failure_message)
    attempt.wait_seconds = float(timed_out.group(1)) if spec.failed and timed_out else None
    finish(spec)
    attempt.start = start or attempt.start
    attempt.end = end or attempt.end
    bracket(attempt)
