"""Ginkgo v2 console output (``ginkgo -v``), reporters/default_reporter.go byte for byte.

The line writers (``Palette``, ``spec_block``, ``failure_tail``, ``banner``, ``footer``) are
shared by the samples, the tests (``tests/builders.py``) and the benchmark; ``render`` writes a
scenario's whole ``ginkgo.log``: whole nodes in completion order under ``--procs=N``, the
streamed form under ``--procs=1``, local-time stamps shifted by the scenario's clock skew.

>>> spec_block("• [1.000 seconds]", "A leaf", "/x_test.go:3", ["  STEP: go"], c=NO_COLOR)[3:]
['', '  Timeline >>', '  STEP: go', '  << Timeline']
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from samples.gen import suite
from samples.gen.model import Event, Fail, Log, Out, Run, Scenario, Step
from samples.gen.timefmt import ginkgo_stamp, go_duration, nanoseconds
from samples.gen.zap import test_logger_line


@dataclass(frozen=True)
class Palette:
    """formatter.go's colours; ``NO_COLOR`` is ``--no-color``."""

    reset: str = "\x1b[0m"
    bold: str = "\x1b[1m"
    red: str = "\x1b[38;5;9m"
    green: str = "\x1b[38;5;10m"
    yellow: str = "\x1b[38;5;11m"
    cyan: str = "\x1b[38;5;14m"
    gray: str = "\x1b[38;5;243m"
    coral: str = "\x1b[38;5;204m"
    light_yellow: str = "\x1b[38;5;228m"

    @property
    def delimiter(self) -> str:
        return f"{self.gray}{'-' * 30}{self.reset}"


COLOR = Palette()
NO_COLOR = Palette(*[""] * 9)


def indent(text: str, levels: int = 1) -> list[str]:
    pad = "  " * levels
    return [pad + line if line else line for line in text.split("\n")]


def fiw(indentation: int, max_width: int, text: str) -> str:
    """formatter.Fiw: wrap words at max_width - 2*indentation, then indent."""
    width = max_width - 2 * indentation
    lines: list[str] = []
    for line in text.split("\n"):
        if len(line) <= width:
            lines.append(line)
            continue
        words = line.split(" ")
        kept, length = [words[0]], len(words[0])
        for word in words[1:]:
            if length + len(word) + 1 <= width:
                length += len(word) + 1
                kept.append(word)
                continue
            lines.append(" ".join(kept))
            kept, length = [word], len(word)
        lines.append(" ".join(kept))
    return "\n".join(indent("\n".join(lines), indentation))


def ginkgo_error(heading: str, message: str) -> str:
    """types.GinkgoError.Error() (no code location, no doc link)."""
    return f"{COLOR.bold}{COLOR.red}{heading}{COLOR.reset}\n" + fiw(1, 80, message) + "\n\n"


# internal/suite.go: what processes 2..N report when process 1's SynchronizedBeforeSuite fails
PROC1_FAILED = ginkgo_error(
    "SynchronizedBeforeSuite failed on Ginkgo parallel process #1",
    "The first SynchronizedBeforeSuite function running on Ginkgo parallel process #1 failed.  "
    "This suite will now abort.",
)


def spec_block(
    header: str,
    hierarchy: str,
    location: str,
    timeline: list[str],
    tail: list[str] | None = None,
    *,
    streamed: bool = False,
    c: Palette = COLOR,
) -> list[str]:
    """One node without its delimiters: whole (``--procs=N``) or streamed (``--procs=1``)."""
    if streamed:
        return [hierarchy, location, *timeline, header, *(tail or [])]
    lines = [header, hierarchy, location]
    if timeline:
        lines += [
            "",
            f"  {c.gray}Timeline >>{c.reset}",
            *timeline,
            f"  {c.gray}<< Timeline{c.reset}",
        ]
    return lines + (tail or [])


def failure_tail(
    message: list[str], node: str, where: str, stamp: str, c: Palette = COLOR
) -> list[str]:
    """The failure block after a failed node's timeline: message lines, then 'In [It] at:'."""
    at = f"  {c.red}In {c.bold}[{node}]{c.reset}{c.red} at: {c.bold}{where}{c.reset}"
    return ["", *indent("\n".join(message)), f"{at} {c.gray}@ {stamp}{c.reset}"]


def banner(
    description: str, path: str, seed: int, will_run: int, total: int, procs: int, c: Palette
) -> list[str]:
    title = f"Running Suite: {description} - {path}"
    lines = [title, "=" * len(title), f"Random Seed: {c.bold}{seed}{c.reset}", ""]
    lines.append(f"Will run {c.bold}{will_run}{c.reset} of {c.bold}{total}{c.reset} specs")
    if procs > 1:
        lines.append(f"Running in parallel across {c.bold}{procs}{c.reset} processes")
    return lines


def footer(
    ran: int,
    total: int,
    seconds: float,
    counts: tuple[int, int, int, int],
    c: Palette,
    ok: bool | None = None,
) -> list[str]:
    """'Ran N of M Specs' and the counters: (passed, failed, flaked, skipped)."""
    passed, failed, flaked, skipped = counts
    ok = not failed if ok is None else ok
    color, status = (c.green + c.bold, "SUCCESS!") if ok else (c.red + c.bold, "FAIL!")
    flake = f"{c.light_yellow}{c.bold}{flaked} Flaked{c.reset} | " if flaked else ""
    return [
        "",
        f"{color}Ran {ran} of {total} Specs in {seconds:.3f} seconds{c.reset}",
        f"{color}{status}{c.reset} -- {c.green}{c.bold}{passed} Passed{c.reset} | "
        f"{c.red}{c.bold}{failed} Failed{c.reset} | {flake}{c.yellow}{c.bold}0 Pending{c.reset} | "
        f"{c.cyan}{c.bold}{skipped} Skipped{c.reset}",
    ]


class Console:
    """Line buffer that drops a delimiter right after another one, as _emit() does."""

    def __init__(self, c: Palette = COLOR) -> None:
        self.c = c
        self.lines: list[str] = []

    def add(self, *lines: str) -> None:
        self.lines += lines

    def delimiter(self) -> None:
        if not self.lines or self.lines[-1] != self.c.delimiter:
            self.lines.append(self.c.delimiter)

    def skipped(self) -> None:
        """A skipped spec prints a bare 'S' with no newline; the next block starts a line."""
        marker = f"{self.c.cyan}S{self.c.reset}"
        if self.lines[-1] == self.c.delimiter:
            self.lines.append(marker)
        else:
            self.lines[-1] += marker

    def text(self) -> str:
        return "".join(line + "\n" for line in self.lines)


# --- a scenario's ginkgo.log ------------------------------------------------------------------
def hierarchy(run: Run, highlight: str, c: Palette = COLOR) -> str:
    """codeLocationBlock's first line: containers alternate reset/gray, the leaf highlighted."""
    labels: tuple[str, ...] = ()
    if isinstance(run.node, str):
        texts = [f"[{run.node}] "]
    else:
        spec = suite.SPECS[run.node]
        failed_in_it = run.failure is not None and run.failure.node == "It"
        texts = [*spec.containers, ("[It] " if failed_in_it else "") + spec.leaf]
        labels = spec.labels
    line = ""
    for i, text in enumerate(texts):
        last = i == len(texts) - 1
        style = highlight + c.bold if last else (c.gray if i % 2 else c.reset)
        line += style + text + (c.reset if last else " ")
    if labels:
        line += f" {c.coral}[{', '.join(labels)}]{c.reset}"
    return line


def location(run: Run, line: int | None = None) -> str:
    if isinstance(run.node, str):
        return f"{suite.SUITE_DIR}/{suite.SUITE_FILE}:{line or suite.SUITE_NODES[run.node]}"
    spec = suite.SPECS[run.node]
    return f"{suite.SUITE_DIR}/{spec.file}:{line or spec.line}"


def header(run: Run, c: Palette = COLOR) -> str:
    runtime = f"[{(run.end - run.start).total_seconds():.3f} seconds]"
    if isinstance(run.node, str):
        state = "[FAILED]" if run.failure else "PASSED"
        return f"{c.red if run.failure else c.green}[{run.node}] {state} {runtime}{c.reset}"
    if run.failure:
        return f"{c.red}• [FAILED] {runtime}{c.reset}"
    if run.attempts > 1:
        took = f"TOOK {run.attempts} ATTEMPTS TO PASS"
        return f"{c.green}↺ [FLAKEY TEST - {took}] {runtime}{c.reset}"
    return f"{c.green}• {runtime}{c.reset}"


def event_lines(scn: Scenario, run: Run, ev: Event, c: Palette = COLOR) -> list[str]:
    def stamp(t: datetime) -> str:
        return ginkgo_stamp(t + scn.skew)

    if isinstance(ev, Step):
        return [f"  {c.bold}STEP:{c.reset} {ev.text} {c.gray}@ {stamp(ev.t)}{c.reset}"]
    if isinstance(ev, Log):
        name = ev.logger or suite.logger_name(run.process)
        return ["  " + test_logger_line(ev.t + scn.skew, name, ev.msg, ev.fields)]
    if isinstance(ev, Out):
        return indent(ev.text)
    if isinstance(ev, Fail):  # emitShortFailure
        where = location(run, ev.line)
        return [
            f"  {c.red}[FAILED]{c.reset} in [{ev.node}] - {where} {c.gray}@ {stamp(ev.t)}{c.reset}"
        ]
    # SpecEventSpecRetry: "\n{{bold}}Attempt #%d {{red}}Failed{{/}}..." at indent 1
    retrying = f"{c.bold}.  Retrying ↺{c.reset} {c.gray}@ {stamp(ev.t)}{c.reset}"
    return ["", f"  {c.bold}Attempt #{ev.attempt} {c.red}Failed{c.reset}{retrying}", ""]


def node_block(scn: Scenario, run: Run, *, streamed: bool = False) -> list[str]:
    c, failure = COLOR, run.failure
    timeline = [line for ev in run.events for line in event_lines(scn, run, ev)]
    if not any(not isinstance(ev, Fail) for ev in run.events):
        timeline = []  # -v hides a timeline that holds nothing but the failure
    tail = None
    if failure:
        message = f"{c.red}[FAILED] {failure.message}{c.reset}".split("\n")
        stamp = ginkgo_stamp(failure.t + scn.skew)
        tail = failure_tail(message, failure.node, location(run, failure.line), stamp)
    color = c.reset if streamed else c.red if failure else c.green
    loc = c.gray + location(run) + c.reset
    return spec_block(header(run), hierarchy(run, color), loc, timeline, tail, streamed=streamed)


def render(scn: Scenario) -> str:
    c, con = COLOR, Console()
    specs = scn.spec_runs
    con.add(*banner(suite.SUITE_NAME, suite.SUITE_DIR, scn.seed, scn.will_run,
                    len(suite.SPECS), scn.procs, c))  # fmt: skip
    if scn.order:  # --procs=1: streamed in spec order; filtered specs print S
        by_node = {r.node: r for r in scn.runs}
        for item in scn.order:
            if item == "S":
                con.skipped()
                continue
            con.delimiter()
            con.add(*node_block(scn, by_node[item], streamed=True))
            con.delimiter()
    for i, r in enumerate([] if scn.order else sorted(scn.runs, key=lambda r: (r.end, r.process))):
        con.delimiter()
        con.add(*node_block(scn, r))
        con.delimiter()
        for _ in range(scn.skips.get(i, 0)):
            con.skipped()
    failed = [r for r in scn.runs if r.failure]
    if scn.failure_order:
        failed.sort(key=lambda r: scn.failure_order.index(r.process))
    else:
        failed.sort(key=lambda r: r.end)
    if failed:
        count = f"{len(failed)} Failures" if len(failed) > 1 else "1 Failure"
        con.add("", f"{c.red}{c.bold}Summarizing {count}:{c.reset}")
        for r in failed:
            assert r.failure is not None
            con.add(f"  {c.red}[FAIL]{c.reset} {hierarchy(r, c.red)}")
            con.add(f"  {c.gray}{location(r, r.failure.line)}{c.reset}")
    n_failed = sum(r.failure is not None for r in specs)
    flaked = sum(r.attempts > 1 for r in specs)
    total = len(suite.SPECS)
    seconds = (scn.suite_end - scn.suite_start).total_seconds()
    counts = (len(specs) - n_failed, n_failed, flaked, total - len(specs))
    lines = footer(len(specs), total, seconds, counts, c, ok=not failed)
    if not specs and failed:
        skipped_all = (
            f"{c.cyan}{c.bold}A BeforeSuite node failed so all tests were skipped.{c.reset}"
        )
        lines[-1] = f"{c.red}{c.bold}FAIL!{c.reset} -- {skipped_all}"
    con.add(*lines)
    took = go_duration(nanoseconds(scn.cli_end - scn.cli_start, 112))
    if failed:
        con.add("", f"Ginkgo ran 1 suite in {took}", "", "Test Suite Failed")
    else:
        con.add(*(["PASS"] if scn.procs == 1 else []), "", f"Ginkgo ran 1 suite in {took}")
        con.add("Test Suite Passed")
    return con.text()
