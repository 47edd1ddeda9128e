"""Ginkgo v2 console output (``ginkgo -v``/``-vv``, serial or ``--procs=N``, colour or not).

Under ``--procs=N`` each spec is printed whole after it finishes: a delimiter of 30
dashes, the ``•`` header with state and runtime, the hierarchy and location, the
timeline, then the failure. Under ``--procs=1`` the hierarchy comes first, the
timeline streams, and the header follows it. Stamps are local time with no zone
(``01/02/06 15:04:05.999``); the zone is decided once per log.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from datetime import UTC, datetime, timedelta, timezone, tzinfo

from loganalyzer.formats.ansi import strip_ansi
from loganalyzer.formats.times import ISO_WITH_ZONE, UTC_ZONE, offset_of, parse_iso
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
    finish,
)

NAME = "ginkgo-text"

DELIMITER = "-" * 30
GUESSED = "(this machine's zone: a guess)"  # ends the zone label of a guessed zone
STAMP = r"\d\d/\d\d/\d\d \d\d:\d\d:\d\d(?:\.\d{1,9})?"
_AT = rf" (?:- \S+:\d+ )?@ (?P<ts>{STAMP})(?: \((?P<dur>[^)]*)\))?$"

HEADER_RE = re.compile(
    r"^(?:(?P<den>[•↺+SPR])|\[(?P<node>[A-Za-z]*Suite|DeferCleanup \(Suite\))\])(?: PASSED)?"
    r"(?: \[(?P<state>[A-Z]+(?: [A-Z]+)*)(?: - TOOK (?P<tries>\d+) ATTEMPTS TO PASS)?\])?"
    r"(?: DURING REPETITION #\d+)?(?: \[(?P<secs>\d+(?:\.\d+)?) seconds\])?\s*$"
)
# Ginkgo v1: "• Failure [0.001 seconds]", "• Failure in Spec Setup (BeforeEach) [0.003 seconds]",
# "• Panic [0.000 seconds]", "S [SKIPPING] [0.001 seconds]", "P [PENDING]",
# "• [SLOW TEST:10.004 seconds]".
V1_HEADER_RE = re.compile(
    r"^[•SP] (?:(?P<word>Failure|Panic|Timeout)|\[(?P<mark>SKIPPING|PENDING)\])"
    r"(?: in Spec (?:Setup|Teardown) \(\w+\))?(?: \[(?P<secs>\d+(?:\.\d+)?) seconds\])?\s*$"
    r"|^• \[SLOW TEST:(?P<slow>\d+(?:\.\d+)?) seconds\]\s*$"
)
# A failed spec pasted from a CI page without its "•" header: "[FAIL] <title>".
FAIL_TITLE_RE = re.compile(r"^\[FAIL\] (?P<title>\S.*?)\s*$")
# Progress marks of a non-verbose run: one per spec, several per line under -p.
MARKS_RE = re.compile(r"^[•SP]+$")
_MARK_STATES = {"•": PASSED, "S": SKIPPED, "P": PENDING}
# Where someone cut text out of a paste.
ELISION_RE = re.compile(r"^(?:\.{3,}|…+|\[(?:\.{3}|…)\]|\[?(?:snip|snipped|truncated)\]?)$")
# The end-of-suite summary: it ends any spec block it follows.
SUMMARY_START_RE = re.compile(
    r"^(?:Ran \d+ of \d+ Specs?|Summarizing \d+ Failures?:|(?:SUCCESS|FAIL)! -- )"
)
_TIMED = [
    ("step", re.compile(r"^STEP: (?P<text>.*?)" + _AT)),
    ("end-step", re.compile(r"^END STEP: (?P<text>.*?)" + _AT)),
    ("node", re.compile(r"^[<>] (?:Enter|Exit) \[(?P<text>[^\]]+)\].*?" + _AT)),
    ("failure", re.compile(r"^\[[A-Z]+\] in \[[^\]]+\] - (?P<text>\S+)" + _AT)),
    ("failure-at", re.compile(r"^In \[[^\]]+\] at: (?P<text>\S+)" + _AT)),
    (
        "retry",
        re.compile(
            r"^Attempt #(?P<text>\d+) (?:Failed|Passed)\.\s+(?:Retrying|Repeating).*?" + _AT
        ),
    ),
    ("entry", re.compile(r"^(?P<text>.+?) - \S+:\d+ @ (?P<ts>" + STAMP + r")$")),
]
LABELS_RE = re.compile(r"\s+\[[^\[\]]+\]$")
STAMPED_RE = re.compile(rf"^(?P<ts>{ISO_WITH_ZONE})\b")
LOCATION_RE = re.compile(r"^\s*(?:\[[A-Za-z]+\] )?\S+\.\w+:\d+\s*$")
NODE_MARK_RE = re.compile(
    r"(?:TOP-LEVEL )?\[(?:It|BeforeEach|JustBeforeEach|AfterEach|JustAfterEach|BeforeAll"
    r"|AfterAll|DeferCleanup[^\]]*)\] ?"
)
FAIL_MSG_RE = re.compile(
    r"^\[(?P<state>FAILED|PANICKED|TIMEDOUT|INTERRUPTED|ABORTED)\] (?P<msg>.*)$"
)
TIMED_OUT_RE = re.compile(r"Timed out after (\d+(?:\.\d+)?)s")
_META = [
    re.compile(p)
    for p in (
        r"^Running Suite: ",
        r"^=+$",
        r"^Random Seed: ",
        r"^Will run \d+ of \d+ specs",
        r"^Running in parallel across \d+ processes",
        r"^Summarizing \d+ Failures?:",
        r"^\s*\[(?:FAIL|PANICKED!|TIMEDOUT|INTERRUPTED|ABORTED|Fail|Panic!|Timeout)\] ",
        r"^Ran \d+ of \d+ Specs",
        r"^(?:SUCCESS|FAIL)!",
        r"^Ginkgo ran \d+ suites?",
        r"^Test Suite (?:Passed|Failed)",
        r"^--- (?:PASS|FAIL): ",
        r"^(?:PASS|FAIL|ok|FAIL\s.*|ok\s.*)$",
        r"^A BeforeSuite node failed",
        r"^\d+ Passed \| \d+ Failed",
        r"^\S+\.go:\d+$",  # the location under a summary's [FAIL] line
    )
]
_V1_STATES = {"Failure": FAILED, "Panic": "panicked", "Timeout": "timedout",
               "SKIPPING": SKIPPED, "PENDING": PENDING}  # fmt: skip
_STATE_NAMES = {
    "FAILED": FAILED,
    "PANICKED": "panicked",
    "TIMEDOUT": "timedout",
    "INTERRUPTED": "interrupted",
    "ABORTED": "aborted",
    "SKIPPED": SKIPPED,
    "PENDING": PENDING,
}


def sniff(lines: list[str]) -> bool:
    """Ginkgo output has a suite banner, a summary, or a spec header.

    A header counts after a delimiter, or, for a spec pasted without one, when a
    location line or a timeline follows it.
    """
    for i, line in enumerate(lines):
        if line.startswith(("Running Suite: ", "Will run ")) or re.match(
            r"^Ran \d+ of \d+ Specs", line
        ):
            return True
        if line == DELIMITER and i + 1 < len(lines) and HEADER_RE.match(lines[i + 1]):
            return True
        if (_is_header(line) or FAIL_TITLE_RE.match(line)) and _spec_follows(lines, i + 1):
            return True
    return False


def _spec_follows(lines: list[str], i: int) -> bool:
    """A location or a timeline within the next few lines: a spec block, not prose."""
    ahead = [line.strip() for line in lines[i : i + 6]]
    return any(LOCATION_RE.match(line) or line == "Timeline >>" for line in ahead)


def parse(raw_lines: list[str], source: str, zone: tzinfo | None) -> TestLog:
    """Parse Ginkgo console output into specs with UTC times.

    ``zone`` is the zone of the stamps (``--test-tz``); when None it is inferred
    from offset-bearing lines, or else taken from this machine with a warning.
    """
    lines = [strip_ansi(line).rstrip("\r\n") for line in raw_lines]
    warnings: list[str] = []
    zone, zone_name = _decide_zone(lines, source, zone, warnings)
    parser = _Parser(lines, source, zone)
    parser.run()
    skipped = dict(parser.skipped)
    if not (parser.specs or parser.summary or parser.marks):
        # Nothing Ginkgo in it (a format forced on another file): no line was used.
        skipped = {"no Ginkgo spec or summary": len(lines)} if lines else {}
    used = len(lines) - sum(skipped.values())
    suite = [s for s in parser.specs if s.suite_node]
    specs = [s for s in parser.specs if not s.suite_node]
    log = TestLog(
        source, specs, suite, len(lines), used, skipped, zone_name, warnings, parser.summary
    )
    log.counters = dict(parser.summary)
    log.marks = dict(parser.marks)
    return log


def _decide_zone(
    lines: list[str], source: str, zone: tzinfo | None, warnings: list[str]
) -> tuple[tzinfo, str]:
    if zone is not None:
        return zone, _zone_label(zone)
    offsets: Counter[timedelta] = Counter()
    for line in lines:
        found = STAMPED_RE.match(line.strip())
        if found:
            offset = offset_of(found.group("ts"))
            if offset is not None:
                offsets[offset] += 1
    if offsets:
        inferred = timezone(offsets.most_common(1)[0][0])
        return inferred, f"{_zone_label(inferred)} (from offsets in the log)"
    local = datetime.now().astimezone().tzinfo or UTC
    label = _zone_label(local)
    warnings.append(
        f"{source}: test times have no zone and none could be inferred; "
        f"assumed this machine's zone ({label}). Pass --test-tz to set it."
    )
    return local, f"{label} {GUESSED}"


def _zone_label(zone: tzinfo) -> str:
    key = getattr(zone, "key", None)
    if key:
        return str(key)
    offset = zone.utcoffset(None) or timedelta(0)
    minutes = int(offset.total_seconds() // 60)
    sign = "-" if minutes < 0 else "+"
    return f"UTC{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"


def _is_header(line: str) -> bool:
    # A bare "S" or "P" line is text; a header always carries a state or a runtime.
    if V1_HEADER_RE.match(line):
        return True
    match = HEADER_RE.match(line)
    return bool(match and (match.group("node") or match.group("state") or match.group("secs")))


def _starts_spec(line: str) -> bool:
    """A header that starts a spec of its own: not a suite node's bare "[Node] " text line."""
    match = HEADER_RE.match(line)
    if match is not None and not (match.group("state") or match.group("secs")):
        return line.rstrip() != f"[{match.group('node')}]"
    return _is_header(line)


def _ginkgo_time(stamp: str, zone: tzinfo) -> datetime | None:
    """``01/02/06 15:04:05.999`` (STAMP) in ``zone`` -> UTC; None for an impossible date.

    Rearranged into ISO order for ``fromisoformat``. Two-digit years follow
    strptime's ``%y`` (69-99 are 1900s).
    """
    year = int(stamp[6:8]) + (1900 if stamp[6:8] >= "69" else 2000)
    try:
        local = datetime.fromisoformat(f"{year}-{stamp[0:2]}-{stamp[3:5]}T{stamp[9:]}")
    except ValueError:
        return None
    return local.replace(tzinfo=zone).astimezone(UTC_ZONE)


class _Parser:
    def __init__(self, lines: list[str], source: str, zone: tzinfo) -> None:
        self.lines = lines
        self.source = source
        self.zone = zone
        self.specs: list[Spec] = []
        self.skipped: Counter[str] = Counter()
        self.summary: dict[str, int] = {}
        self.marks: dict[str, int] = {}
        self.summarizing = False  # inside "Summarizing N Failures:"

    def run(self) -> None:
        start = 0
        for i, line in enumerate([*self.lines, DELIMITER]):
            if line == DELIMITER:
                self._block(start, i)
                start = i + 1

    # A block is the span between two delimiters; numbers are 0-based indexes.
    def _block(self, lo: int, hi: int) -> None:
        # The suite's summary ends a spec whose closing delimiter was cut out of a paste.
        end = next((i for i in range(lo, hi) if SUMMARY_START_RE.match(self.lines[i])), hi)
        if end < hi:
            self._block(lo, end)
            self._loose(end, hi)
            return
        headers = [i for i in range(lo, hi) if self._header_at(i)]
        starts = [i for i in headers if _starts_spec(self.lines[i])]
        # Two headers in one block: the delimiter between two specs was cut out (an
        # elision, or a paste of separate blocks). Each header starts its own spec.
        if len(starts) > 1 and not self._location_at(lo):
            cuts = [lo, *starts[1:], hi]
            for a, b in itertools.pairwise(cuts):
                self._block(a, b)
            return
        header = headers[0] if headers else None
        if header is None:
            if any(
                self.lines[i].lstrip().startswith(("STEP: ", "END STEP: ")) for i in range(lo, hi)
            ):
                self._spec(lo, hi, None)  # a streamed spec cut off before its header
            else:
                self._loose(lo, hi)
            return
        self._spec(lo, hi, header)

    def _header_at(self, i: int) -> bool:
        line = self.lines[i]
        if _is_header(line):
            return True
        # "[FAIL] title" heads a pasted spec, unless it is in the end-of-suite summary.
        return (
            bool(FAIL_TITLE_RE.match(line))
            and not self.summarizing
            and _spec_follows(self.lines, i + 1)
        )

    def _loose(self, lo: int, hi: int) -> None:
        for i in range(lo, hi):
            line = self.lines[i].strip()
            if not line:
                continue
            if self._mark(line):
                continue
            if any(p.match(line) for p in _META):
                self._summary_line(line)
                continue
            if ELISION_RE.match(line):
                self.skipped["elided by whoever cut the log"] += 1
                continue
            self.skipped["outside any spec"] += 1

    def _mark(self, line: str) -> bool:
        """Count a line of progress marks (``•••S•``): one spec each, not named."""
        if not MARKS_RE.match(line):
            return False
        for char in line:
            state = _MARK_STATES[char]
            self.marks[state] = self.marks.get(state, 0) + 1
        return True

    def _summary_line(self, line: str) -> None:
        if line.startswith("Summarizing "):
            self.summarizing = True
        ran = re.match(r"^Ran (\d+) of (\d+) Specs?", line)
        if ran:
            # One "Ran" line per suite (ginkgo -r runs several): the counts add up.
            for key, value in (("ran", ran.group(1)), ("total", ran.group(2))):
                self.summary[key] = self.summary.get(key, 0) + int(value)
            self.summarizing = False
        if re.match(r"^(?:(?:SUCCESS|FAIL)! -- )?\d+ Passed \|", line):
            for count, word in re.findall(r"(\d+) (Passed|Failed|Flaked|Pending|Skipped)", line):
                self.summary[word.lower()] = self.summary.get(word.lower(), 0) + int(count)

    def _spec(self, lo: int, hi: int, header: int | None) -> None:
        restated = hi  # where lines stop being printed as they happened
        title = FAIL_TITLE_RE.match(self.lines[header]) if header is not None else None
        if title is not None and header is not None:
            # "[FAIL] title", then the location and the timeline.
            for i in range(lo, header):
                if self.lines[i].strip():
                    self.skipped["outside any spec"] += 1
            body_start = header + 1
            location = ""
            if body_start < hi and LOCATION_RE.match(self.lines[body_start]):
                location, body_start = self.lines[body_start].strip(), body_start + 1
            spec = self._new_spec([title.group("title")], location, None, header)
            spec.state = FAILED
            self._fill(spec, list(range(body_start, hi)), restated)
            self.specs.append(spec)
            return
        head = self._head(header)
        if header is not None and header > lo and self._location_at(lo):
            # --procs=1: hierarchy first, the timeline streams, the header comes last.
            texts, location, body_start = self._hierarchy(lo)
            body = list(range(body_start, header))
            after = header + 1
            if after < hi and self._location_at(after):
                _, _, after = self._hierarchy(after)
            restated = after
            body += list(range(after, hi))
        elif header is not None:
            for i in range(lo, header):
                if self.lines[i].strip():
                    self.skipped["outside any spec"] += 1
            texts, location, body_start = self._hierarchy(header + 1)
            body = list(range(body_start, hi))
        else:
            texts, location, body_start = self._hierarchy(lo)
            body = list(range(body_start, hi))
        spec = self._new_spec(texts, location, head, header if header is not None else lo)
        self._fill(spec, body, restated)
        self.specs.append(spec)

    def _location_at(self, i: int) -> bool:
        return (
            i + 1 < len(self.lines)
            and bool(LOCATION_RE.match(self.lines[i + 1]))
            and bool(self.lines[i].strip())
            and not LOCATION_RE.match(self.lines[i])
        )

    def _hierarchy(self, i: int) -> tuple[list[str], str, int]:
        """Consume (text, location) line pairs; return texts, leaf location, next index."""
        texts: list[str] = []
        location = ""
        n = len(self.lines)
        while (
            i + 1 < n
            and self.lines[i].strip()
            and LOCATION_RE.match(self.lines[i + 1])
            and not self._kind(self.lines[i].strip())
        ):
            texts.append(self.lines[i].strip())
            location = self.lines[i + 1].strip()
            i += 2
            while i < n and LOCATION_RE.match(self.lines[i]):  # e.g. "[BeforeEach] file:line"
                i += 1
        return texts, location, i

    def _head(self, header: int | None) -> dict[str, str | None] | None:
        """The header's parts: node, state (a Spec state or Ginkgo's word), tries, secs."""
        if header is None:
            return None
        v1 = V1_HEADER_RE.match(self.lines[header])
        if v1 is not None:
            word = v1.group("word") or v1.group("mark")
            state = _V1_STATES[word] if word else None
            secs = v1.group("secs") or v1.group("slow")
            return {"node": None, "state": state, "tries": None, "secs": secs}
        head = HEADER_RE.match(self.lines[header])
        if head is None:
            return None
        raw = head.group("state")
        state = _STATE_NAMES.get(raw, raw.lower()) if raw else None
        return {"node": head.group("node"), "state": state, "tries": head.group("tries"),
                "secs": head.group("secs")}  # fmt: skip

    def _new_spec(
        self, texts: list[str], location: str, head: dict[str, str | None] | None, at: int
    ) -> Spec:
        node = head["node"] if head else None
        name = NODE_MARK_RE.sub("", " ".join(texts)).strip()
        # Ginkgo prints the spec's labels last, as "[a, b]": they are not part of its text.
        name = LABELS_RE.sub("", name)
        if node:
            name = re.sub(rf"^\[{node}\]\s*", "", name)
            name = f"[{node}] {name}".strip()
        state = PASSED
        if head is None:
            state = "interrupted"
        elif head["tries"]:
            state = FLAKY
        elif head["state"]:
            state = str(head["state"])
        secs = head["secs"] if head else None
        return Spec(
            name=name,
            state=state,
            source=self.source,
            line_no=at + 1,
            location=location,
            # A spec lasts less than a week; a larger figure is a bad value, not a time.
            duration=float(secs) if secs and float(secs) < 7 * 86400 else None,
            suite_node=node,
        )

    def _kind(self, text: str) -> tuple[str, re.Match[str]] | None:
        for kind, pattern in _TIMED:
            found = pattern.match(text)
            if found:
                return kind, found
        return None

    def _fill(self, spec: Spec, body: list[int], restated: int) -> None:
        attempt = Attempt(1)
        spec.attempts.append(attempt)
        message: list[str] | None = None
        for i in body:
            text = self.lines[i].strip()
            if ELISION_RE.match(text):
                self.skipped["elided by whoever cut the log"] += 1
                continue
            if not self.lines[i].startswith((" ", "\t")) and self._mark(text):
                continue  # progress marks printed after the spec, before any delimiter
            if text == "<< Timeline":
                restated = min(restated, i)
            if (
                not text
                or text in {"Timeline >>", "<< Timeline"}
                or re.match(
                    r"^(?:<< )?(?:Captured StdOut/StdErr Output|Report Entries)(?: >>)?$", text
                )
            ):
                continue
            line = self._line(i, text)
            line.restated = i > restated
            if message is not None and line.kind == "writer" and not FAIL_MSG_RE.match(text):
                message.append(text)
                line.kind = "failure-message"
            fail = FAIL_MSG_RE.match(text)
            if fail and line.kind == "writer":
                message = [fail.group("msg")]
                line.kind = "failure-message"
            elif line.kind == "failure-at" and message is not None:
                spec.failure_message = "\n".join(message).strip()
                message = None
            if line.kind in ("failure", "failure-at"):
                spec.failure_location = spec.failure_location or line.detail or ""
                if attempt.deadline is None and line.at is not None:
                    attempt.deadline, attempt.deadline_line = line.at, line.line_no
                    attempt.passed = False
            if line.kind == "retry":
                attempt.passed = False
                attempt.lines.append(line)
                attempt = Attempt(attempt.number + 1)
                spec.attempts.append(attempt)
                continue
            attempt.lines.append(line)
        if message is not None and not spec.failure_message:
            spec.failure_message = "\n".join(message).strip()
        timed_out = TIMED_OUT_RE.search(spec.failure_message)
        last = spec.attempts[-1]
        last.passed = not spec.failed
        if spec.failed and timed_out:
            last.wait_seconds = float(timed_out.group(1))
        finish(spec)

    def _line(self, i: int, text: str) -> TestLine:
        found = self._kind(text)
        at = _ginkgo_time(found[1].group("ts"), self.zone) if found else None
        if found and at is not None:
            kind, match = found
            line = TestLine(i + 1, text, kind, at, 0.001)
            line.detail = match.group("text")
            return line
        stamped = STAMPED_RE.match(text)
        if stamped:
            try:
                at, res = parse_iso(stamped.group("ts"))
            except ValueError:  # an impossible time: the line is read as untimed text
                return TestLine(i + 1, text, "writer")
            return TestLine(i + 1, text, "stamped", at, res)
        return TestLine(i + 1, text, "writer")
