"""The failure section's words, shared by the terminal, Markdown and HTML renderers.

Each failed spec reads in one order everywhere: the verdict in one sentence, the test's
own failure message with its source line, the labelled evidence in time order, then the
lines of every input around the failure (``--context``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from loganalyzer.model.report import Context, ContextLine, EvidenceLine, SpecRow
from loganalyzer.model.status import VerdictKind
from loganalyzer.render.wording import counted

NO_MESSAGE = "(the test log gives no failure message)"
# Ginkgo's console prints only "[FAILED] in [It] - file:line" for an attempt a retry passed;
# its JSON and JUnit reports keep the message.
NO_RETRIED_MESSAGE = (
    "(Ginkgo's console output gives no message for an attempt that failed before a retry "
    "passed; the run's --json-report or --junit-report file has it: add that file to the inputs)"
)


def section_title(failed: list[SpecRow]) -> str:
    flaky = any(s.verdict == VerdictKind.FLAKY for s in failed)
    return "Failed or flaky specs" if flaky else "Failed specs"


def heading(spec: SpecRow) -> str:
    """The spec's name, with its process when known."""
    return spec.name + (f" (process {spec.process})" if spec.process else "")


def verdict_sentence(spec: SpecRow) -> str:
    """``visibility-latency: e2e-x: written at …``: the verdict and its reason."""
    return f"{spec.verdict}: {spec.reason}" if spec.reason else str(spec.verdict)


def failed_at(spec: SpecRow) -> str:
    """Where the test failed in its source (``…/07_routing_test.go:141``)."""
    return spec.failure_location or spec.location


def message_lines(spec: SpecRow) -> list[str]:
    """The whole failure message, every line of it, without trailing blank lines; else why
    there is none."""
    lines = spec.failure_message.rstrip().splitlines()
    if lines:
        return lines
    return [NO_RETRIED_MESSAGE if spec.verdict == VerdictKind.FLAKY else NO_MESSAGE]


def clock(iso: str | None) -> str:
    """``2026-01-10T19:19:30.106897Z`` -> ``19:19:30.106897Z``; ``-`` for no time."""
    return iso[11:] if iso else "-"


def place(at: str, limit: int = 32) -> str:
    """``source:line`` with the source's folders dropped and a long name cut in the
    middle, for narrow columns.

    >>> place("logs/kind/containers/manager-1.log:192")
    'manager-1.log:192'
    >>> place("pods/sync-operator-6c9d8f7b5-q8kzt_default_manager-79c4cc4e16.log:192")
    'sync-operator-6…c4cc4e16.log:192'
    """
    name = at.rsplit("/", 1)[-1]
    if len(name) <= limit:
        return name
    keep = limit - 1
    return name[: keep // 2] + "…" + name[-(keep - keep // 2) :]


def evidence_cells(line: EvidenceLine) -> tuple[str, str, str, str]:
    """``(label, UTC clock, source:line, text)`` for one evidence line."""
    return line.label or "line", clock(line.time), line.at, line.text.strip()


def context_title(context: Context) -> str:
    return (
        f"Lines of every input within {context.seconds:g} s of the write and the deadline "
        "(UTC, the line's own time, source:line)"
    )


_FRACTION = re.compile(r":\d\d[.,]\d")


def _utc(line: ContextLine) -> str:
    """The UTC clock as precise as the line's own stamp: a whole-second stamp is not shown
    with microseconds; a line with no stamp of its own shows none."""
    if not line.local:
        return ""
    utc = clock(line.time)
    return utc if _FRACTION.search(line.local) else utc[:8] + "Z"


@dataclass(frozen=True)
class Row:
    """One row of a context listing: a line, or a note standing for lines not shown."""

    text: str
    utc: str = ""
    local: str = ""
    at: str = ""
    noise: bool = False

    @property
    def note(self) -> bool:
        return not self.at


def context_rows(context: Context, fold: bool) -> list[Row]:
    """The context's lines in time order; with ``fold``, runs of controller lines naming
    none of its keys become one counted row."""
    rows: list[Row] = []
    folded = 0
    named = ", ".join(context.keys) or "the spec's keys"

    def flush() -> None:
        nonlocal folded
        if folded:
            rows.append(Row(f"… {counted(folded, 'controller line')} naming none of {named}"))
            folded = 0

    for line in context.lines:
        if fold and line.noise:
            folded += 1
            continue
        flush()
        rows.append(Row(line.text, _utc(line), line.local, place(line.at), line.noise))
    flush()
    if not context.lines:
        rows.append(Row("(no line of any input falls in this window)"))
    if context.more:
        rows.append(Row(f"… {counted(context.more, 'more line')} in the window"))
    if context.note:
        rows.append(Row(f"({context.note})"))
    return rows
