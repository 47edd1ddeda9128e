"""Helpers shared by the structured test report readers (Ginkgo JSON, JUnit, go test -json)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

from loganalyzer.errors import InputError
from loganalyzer.formats.ansi import strip_ansi
from loganalyzer.formats.ginkgo.console import STAMPED_RE, TIMED_OUT_RE
from loganalyzer.formats.times import parse_iso
from loganalyzer.model.specs import FLAKY, PASSED, PENDING, SKIPPED, Spec, TestLine

MAX_BYTES = 256 * 1024 * 1024


def decode_text(data: bytes, source: str, what: str) -> str:
    """UTF-8 text of a report, refused cleanly when too large or not text."""
    if len(data) > MAX_BYTES:
        raise InputError(f"{source}: {what} is larger than {MAX_BYTES // 2**20} MiB")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{source}: {what} is not UTF-8 (byte {err.start})") from None


def count_lines(text: str) -> int:
    return text.count("\n") + (1 if text and not text.endswith("\n") else 0)


def summarize(specs: Iterable[Spec], total: int = 0) -> dict[str, int]:
    """Counts in the shape ginkgo_text reads from "Ran N of M Specs" and its summary line."""
    n = Counter(s.state for s in specs)
    count, ran, passed = n.total(), n.total() - n[SKIPPED] - n[PENDING], n[PASSED] + n[FLAKY]
    return dict(ran=ran, total=max(total, count), passed=passed, failed=ran - passed,
                flaked=n[FLAKY], pending=n[PENDING], skipped=n[SKIPPED])  # fmt: skip


def keep_deadline_order(spec: Spec) -> None:
    """Cite output lines printed before an attempt's deadline at the spec's line if needed.

    Downstream code judges "printed before the test gave up" by ``line_no <
    deadline_line`` for the output lines that mention files. In a report file the
    failure can sit on an earlier line than the output printed before it, or on the
    same line, so those lines move to the spec's own line, which precedes both. Event
    lines (STEP, Enter/Exit, entries) keep their own, more useful, citation.
    """
    for attempt in spec.attempts:
        limit = attempt.deadline_line
        if limit is None or spec.line_no >= limit:
            continue
        for line in attempt.lines:
            if line.kind in ("failure", "failure-at") and line.at == attempt.deadline:
                break
            if line.kind in ("writer", "stamped") and line.line_no >= limit:
                line.line_no = spec.line_no


def fill_waits(spec: Spec) -> None:
    """Each failed attempt's wait from its own "Timed out after N s" failure message."""
    for attempt in spec.attempts:
        if attempt.passed or attempt.wait_seconds is not None:
            continue
        text = "\n".join(ln.text for ln in attempt.lines if ln.kind == "failure-message")
        found = TIMED_OUT_RE.search(text)
        attempt.wait_seconds = float(found.group(1)) if found else None


def writer_line(raw: str, line_no: int) -> TestLine | None:
    """A GinkgoWriter line: "stamped" when it starts with its own zoned stamp."""
    text = strip_ansi(raw).rstrip("\r")
    if not text.strip():
        return None
    stamped = STAMPED_RE.match(text.strip())
    if stamped:
        at, res = parse_iso(stamped.group("ts"))
        return TestLine(line_no, text, "stamped", at, res)
    return TestLine(line_no, text, "writer")


def recite(spec: Spec, origin: list[int]) -> None:
    """Renumber a spec rebuilt as console text: console line n was file line origin[n - 1].

    Then fill each failed attempt's wait and keep the deadline order (see above).
    """
    for attempt in spec.attempts:
        for line in attempt.lines:
            line.line_no = origin[line.line_no - 1]
        if attempt.deadline_line is not None:
            attempt.deadline_line = origin[attempt.deadline_line - 1]
    fill_waits(spec)
    keep_deadline_order(spec)
