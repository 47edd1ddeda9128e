"""Ginkgo's structured reports: ``--json-report`` (types.Report) and ``--junit-report``.

Times in the reports are exact (nanoseconds) and fall inside the milliseconds the console shows.
"""

from __future__ import annotations

import json
import random
import zlib
from dataclasses import dataclass

from samples.gen.model import Fail, Log, Out, Retry, Run, Scenario, Step
from samples.gen.suite import (
    F01,
    F02,
    F03,
    F04A,
    F04M,
    F06,
    F07,
    SPECS,
    SUITE_DIR,
    SUITE_FILE,
    SUITE_NAME,
    SUITE_NODES,
    logger_name,
)
from samples.gen.timefmt import (
    EST,
    epoch_ns,
    go_seconds,
    rfc3339_nano,
)
from samples.gen.zap import test_logger_line

FILE_INIT = {F01: 1, F02: 2, F03: 3, F04A: 4, F04M: 5, F06: 6, F07: 7}  # init.funcN order
DESCRIBE_LINE = {F01: 43, F02: 48, F03: 38, F04A: 52, F04M: 33, F06: 34, F07: 36}


@dataclass
class Entry:
    """A timeline entry of the report: a By event or the failure."""

    event: Step | Fail
    ns: int
    offset: int
    order: int = 0
    line: int = 0  # By: the CodeLocation line


@dataclass
class NodeReport:
    run: Run
    start: int
    end: int
    writer: str
    entries: list[Entry]

    @property
    def runtime(self) -> int:
        return self.end - self.start


def node_reports(scn: Scenario) -> list[NodeReport]:
    """Every spec and suite node with nanosecond times inside the console's milliseconds."""
    rng = random.Random(scn.seed)
    reports = []
    for r in scn.runs:
        start_sub = rng.randrange(30_000, 450_000)
        start = epoch_ns(r.start) + start_sub
        previous, writer, entries = start, b"", []
        for ev in r.events:
            if isinstance(ev, Log):
                name = ev.logger or logger_name(r.process)
                writer += (test_logger_line(ev.t, name, ev.msg, ev.fields) + "\n").encode()
            elif isinstance(ev, Out):
                writer += (ev.text + "\n").encode()
            elif not isinstance(ev, Retry):
                ns = max(epoch_ns(ev.t) + rng.randrange(40_000, 960_000), previous + 17_000)
                assert ns // 1_000_000 == epoch_ns(ev.t) // 1_000_000, (r.node, ev)
                entries.append(Entry(ev, ns, len(writer)))
                previous = ns
        console = f"{(r.end - r.start).total_seconds():.3f}"
        for bound in (400_000, 50_000, 2_000):  # the header's runtime must not change
            end = epoch_ns(r.end) + start_sub + rng.randrange(1_000, bound)
            if f"{go_seconds(end - start):.3f}" == console:
                break
        assert f"{go_seconds(end - start):.3f}" == console, (r.node, console)
        assert previous < end and (end - epoch_ns(r.end)) < 1_000_000, r.node
        steps = [e for e in entries if isinstance(e.event, Step)]
        for k, e in enumerate(steps):
            e.line = by_line(r, k)
        reports.append(NodeReport(r, start, end, writer.decode(), entries))
    for process in range(1, scn.procs + 1):  # TimelineLocation.Order counts per process
        order = 0
        mine = sorted((n for n in reports if n.run.process == process), key=lambda n: n.start)
        for n in mine:
            order += 1  # the node's own start
            for e in n.entries:
                order += 1
                e.order = order
            order += 1
    return reports


def by_line(r: Run, k: int) -> int:
    spec = SPECS[r.node] if isinstance(r.node, int) else None
    assert spec is not None
    line = spec.line + 4 + 9 * k
    assert r.failure is None or line < r.failure.line, (r.node, k)
    return line


def code_location(file: str, line: int, trace: str | None = None) -> dict[str, object]:
    loc: dict[str, object] = {"FileName": f"{SUITE_DIR}/{file}", "LineNumber": line}
    if trace is not None:
        loc["FullStackTrace"] = trace
    return loc


def stack_trace(r: Run) -> str:
    assert isinstance(r.node, int) and r.failure is not None
    spec = SPECS[r.node]
    same_file = sorted(row for row, s in SPECS.items() if s.file == spec.file)
    fn = f"init.func{FILE_INIT[spec.file]}.{same_file.index(r.node) + 2}()"
    offset = 0x400 + zlib.crc32(fn.encode() + spec.file.encode()) % 0x800
    return (
        f"github.com/jordigilh/kubernaut/test/e2e/notification.{fn}\n"
        f"\t{SUITE_DIR}/{spec.file}:{r.failure.line} +0x{offset:x}"
    )


def timeline_location(offset: int, order: int, ns: int) -> dict[str, object]:
    loc: dict[str, object] = {}
    if offset:
        loc["Offset"] = offset
    if order:
        loc["Order"] = order
    loc["Time"] = rfc3339_nano(ns, EST)
    return loc


def spec_report(n: NodeReport) -> dict[str, object]:
    """types.SpecReport as MarshalJSON writes it (empty Failure and output omitted)."""
    r = n.run
    if isinstance(r.node, str):
        texts = locations = labels = None
        leaf_type, leaf_text = r.node, ""
        leaf = code_location(SUITE_FILE, SUITE_NODES[r.node])
    else:
        spec = SPECS[r.node]
        texts = list(spec.containers)
        locations = [code_location(spec.file, DESCRIBE_LINE[spec.file])]
        locations += [code_location(spec.file, spec.line - 7) for _ in spec.containers[1:]]
        labels = [list(spec.labels)] + [[] for _ in spec.containers[1:]]
        leaf_type, leaf_text, leaf = "It", spec.leaf, code_location(spec.file, spec.line)
    report: dict[str, object] = {
        "ContainerHierarchyTexts": texts,
        "ContainerHierarchyLocations": locations,
        "ContainerHierarchyLabels": labels,
        "LeafNodeType": leaf_type,
        "LeafNodeLocation": leaf,
        "LeafNodeLabels": [],
        "LeafNodeText": leaf_text,
        "State": "failed" if r.failure else "passed",
        "StartTime": rfc3339_nano(n.start, EST),
        "EndTime": rfc3339_nano(n.end, EST),
        "RunTime": n.runtime,
        "ParallelProcess": r.process,
    }
    events = []
    for e in n.entries:
        where = timeline_location(e.offset, e.order, e.ns)
        if isinstance(e.event, Fail):
            assert isinstance(r.node, int)
            spec = SPECS[r.node]
            report["Failure"] = {
                "Message": e.event.message,
                "Location": code_location(spec.file, e.event.line, stack_trace(r)),
                "TimelineLocation": where,
                "FailureNodeContext": "leaf-node",
                "FailureNodeType": "It",
                "FailureNodeLocation": code_location(spec.file, spec.line),
            }
            continue
        assert isinstance(r.node, int)
        events.append({
            "SpecEventType": "By",
            "CodeLocation": code_location(SPECS[r.node].file, e.line),
            "TimelineLocation": where,
            "Message": e.event.text,
        })  # fmt: skip
    suite_node = isinstance(r.node, str)
    report["NumAttempts"] = 0 if suite_node else 1
    report["MaxFlakeAttempts"] = 0 if suite_node else 1
    report["MaxMustPassRepeatedly"] = 0 if suite_node else 1
    if n.writer:
        report["CapturedGinkgoWriterOutput"] = n.writer
    if events:
        report["SpecEvents"] = events
    return report


def go_json(value: object) -> str:
    """json.Encoder with SetIndent("", "  "): HTML characters escaped, a final newline."""
    text = json.dumps(value, indent=2, ensure_ascii=False)
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return text + "\n"


def suite_config(scn: Scenario) -> dict[str, object]:
    return {
        "RandomSeed": scn.seed, "RandomizeAllSpecs": False, "FocusStrings": None,
        "SkipStrings": None, "FocusFiles": None, "SkipFiles": None, "LabelFilter": "",
        "FailOnPending": False, "FailFast": False, "FlakeAttempts": 0, "DryRun": False,
        "PollProgressAfter": 0, "PollProgressInterval": 0, "Timeout": 3_600_000_000_000,
        "EmitSpecProgress": False, "OutputInterceptorMode": "", "SourceRoots": None,
        "GracePeriod": 30_000_000_000, "ParallelProcess": 1, "ParallelTotal": scn.procs,
        "ParallelHost": "http://127.0.0.1:41087",
    }  # fmt: skip


def render_ginkgo_json(scn: Scenario, nodes: list[NodeReport]) -> str:
    """ginkgo --json-report: the suite Report, SpecReports in completion order."""
    start, end = suite_times(scn)
    report = {
        "SuitePath": SUITE_DIR,
        "SuiteDescription": SUITE_NAME,
        "SuiteLabels": [],
        "SuiteSucceeded": not any(n.run.failure for n in nodes),
        "SuiteHasProgrammaticFocus": False,
        "SpecialSuiteFailureReasons": [],
        "PreRunStats": {"TotalSpecs": len(SPECS), "SpecsThatWillRun": len(scn.spec_runs)},
        "StartTime": rfc3339_nano(start, EST),
        "EndTime": rfc3339_nano(end, EST),
        "RunTime": end - start,
        "SuiteConfig": suite_config(scn),
        "SpecReports": [spec_report(n) for n in completion_order(nodes)],
    }
    return go_json([report])


def suite_times(scn: Scenario) -> tuple[int, int]:
    start = epoch_ns(scn.suite_start) + 118_204
    end = epoch_ns(scn.suite_end) + 301_377
    console = f"{(scn.suite_end - scn.suite_start).total_seconds():.3f}"
    assert f"{go_seconds(end - start):.3f}" == console
    return start, end


def completion_order(nodes: list[NodeReport]) -> list[NodeReport]:
    """The order the parallel server received the reports: the console's block order."""
    return sorted(nodes, key=lambda n: (n.run.end, n.run.process))
