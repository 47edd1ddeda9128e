"""Ginkgo's ``--junit-report``: encoding/xml, the timeline in ``<system-err>`` without colour."""

from __future__ import annotations

from samples.gen.ginkgo_console import location
from samples.gen.ginkgo_report import (
    Entry,
    NodeReport,
    completion_order,
    stack_trace,
    suite_times,
)
from samples.gen.model import Fail, Run, Scenario, Step
from samples.gen.suite import SPECS, SUITE_DIR, SUITE_NAME
from samples.gen.timefmt import EST, from_ns, ginkgo_stamp, go_float, go_seconds


def xml_escape(text: str) -> str:
    """encoding/xml's EscapeText, as used for attributes and character data."""
    table = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&#34;", "'": "&#39;",
             "\t": "&#x9;", "\n": "&#xA;", "\r": "&#xD;"}  # fmt: skip
    return "".join(table.get(c, c) for c in text)


def junit_name(r: Run) -> str:
    if isinstance(r.node, str):
        return f"[{r.node}]"
    spec = SPECS[r.node]
    name = f"[It] {' '.join((*spec.containers, spec.leaf))}"
    return name + (f" [{', '.join(spec.labels)}]" if spec.labels else "")


def failure_block(n: NodeReport, e: Entry) -> str:
    """emitFailure with VeryVerbose and no colour: message, then "In [It] at: ... @ stamp"."""
    assert isinstance(e.event, Fail)
    where = location(n.run, e.event.line)
    return f"[FAILED] {e.event.message}\nIn [It] at: {where} @ {ginkgo_stamp(from_ns(e.ns))}\n"


def system_err(n: NodeReport) -> str:
    """emitTimeline (VeryVerbose, no colour): writer output cut at each entry's offset."""
    gw, cursor, out = n.writer.encode(), 0, []
    for e in sorted(n.entries, key=lambda e: e.order):
        if e.offset < len(gw):
            out.append(gw[cursor : e.offset].decode())
            cursor = e.offset
        elif cursor < len(gw):
            out.append(gw[cursor:].decode())
            cursor = len(gw)
        if isinstance(e.event, Step):
            assert isinstance(n.run.node, int)
            where = f"{SUITE_DIR}/{SPECS[n.run.node].file}:{e.line}"
            out.append(f"STEP: {e.event.text} - {where} @ {ginkgo_stamp(from_ns(e.ns))}\n")
        else:
            out.append(failure_block(n, e))
    out.append(gw[cursor:].decode())
    return "".join(out)


def render_junit(scn: Scenario, nodes: list[NodeReport]) -> str:
    """ginkgo --junit-report: encoding/xml with Indent("  ", "    "), no final newline."""
    ordered = completion_order(nodes)
    start, end = suite_times(scn)
    failures = sum(1 for n in ordered if n.run.failure)
    seconds = go_float(go_seconds(end - start))
    stamp = from_ns(start).astimezone(EST).strftime("%Y-%m-%dT%H:%M:%S")
    properties = {
        "SuiteSucceeded": "false" if failures else "true", "SuiteHasProgrammaticFocus": "false",
        "SpecialSuiteFailureReason": "", "SuiteLabels": "[]", "RandomSeed": str(scn.seed),
        "RandomizeAllSpecs": "false", "LabelFilter": "", "FocusStrings": "", "SkipStrings": "",
        "FocusFiles": "", "SkipFiles": "", "FailOnPending": "false", "FailFast": "false",
        "FlakeAttempts": "0", "DryRun": "false", "ParallelTotal": str(scn.procs),
        "OutputInterceptorMode": "",
    }  # fmt: skip
    lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        f'  <testsuites tests="{len(ordered)}" disabled="0" errors="0" failures="{failures}" '
        f'time="{seconds}">',
        f'      <testsuite name="{SUITE_NAME}" package="{SUITE_DIR}" tests="{len(ordered)}" '
        f'disabled="0" skipped="0" errors="0" failures="{failures}" time="{seconds}" '
        f'timestamp="{stamp}">',
        "          <properties>",
        *(
            f'              <property name="{k}" value="{xml_escape(v)}"></property>'
            for k, v in properties.items()
        ),
        "          </properties>",
    ]
    for n in ordered:
        attrs = (
            f'name="{xml_escape(junit_name(n.run))}" classname="{SUITE_NAME}" '
            f'status="{"failed" if n.run.failure else "passed"}" '
            f'time="{go_float(go_seconds(n.runtime))}"'
        )
        children = []
        fail = next((e for e in n.entries if isinstance(e.event, Fail)), None)
        if fail is not None:
            assert isinstance(fail.event, Fail)
            text = failure_block(n, fail) + "\nFull Stack Trace\n"
            text += "".join(f"  {line}\n" for line in stack_trace(n.run).split("\n"))
            children.append(
                f'<failure message="{xml_escape(fail.event.message)}" type="failed">'
                f"{xml_escape(text)}</failure>"
            )
        timeline = system_err(n)
        if timeline:
            children.append(f"<system-err>{xml_escape(timeline)}</system-err>")
        if not children:
            lines.append(f"          <testcase {attrs}></testcase>")
            continue
        lines.append(f"          <testcase {attrs}>")
        lines += [f"              {child}" for child in children]
        lines.append("          </testcase>")
    lines += ["      </testsuite>", "  </testsuites>"]
    return "\n".join(lines)
