"""Infrastructure failures: a suite node that failed, or a known signature in a failure.

When a ``[SynchronizedBeforeSuite]`` fails, Ginkgo skips every spec and reports
the node once per process. That is one cause, not N failures: it becomes one
verdict, on the node that holds the evidence.
"""

from __future__ import annotations

from collections.abc import Sequence

from loganalyzer.correlate.pairs import Correlation, Evidence
from loganalyzer.diagnose.verdict import Verdict
from loganalyzer.extract.packs import Signature
from loganalyzer.model.specs import Spec, TestLine
from loganalyzer.model.status import VerdictKind
from loganalyzer.model.text import counted


def signature_in(
    lines: Sequence[TestLine], signatures: Sequence[Signature]
) -> tuple[Signature, TestLine] | None:
    """The first line that shows a known infrastructure failure, with its signature."""
    for line in lines:
        for signature in signatures:
            if signature.matches(line.text):
                return signature, line
    return None


def spec_infrastructure(spec: Spec, signatures: Sequence[Signature]) -> Verdict | None:
    """A failed spec whose own failure shows a known infrastructure signature."""
    failure = [
        ln
        for a in spec.attempts
        for ln in a.lines
        if ln.kind in ("failure-message", "failure", "failure-at")
    ]
    found = signature_in(failure, signatures)
    if found is None:
        return None
    signature, line = found
    return Verdict(
        spec,
        VerdictKind.INFRASTRUCTURE,
        f"{signature.description}: {line.text.strip()}",
        [Evidence(spec.source, line.line_no, line.text, line.at or line.lo)],
    )


def suite_verdicts(
    corr: Correlation, signatures: Sequence[Signature], not_run: int
) -> list[Verdict]:
    """One verdict for all failed suite nodes, on the one with the evidence."""
    failed = [n for n in corr.suite_nodes if n.failed]
    if not failed:
        return []
    matches = [
        (n, m)
        for n in failed
        if (m := signature_in([ln for a in n.attempts for ln in a.lines], signatures))
    ]
    node = (
        matches[0][0]
        if matches
        else max(failed, key=lambda n: sum(len(a.lines) for a in n.attempts))
    )
    where = f" on process {node.process}" if node.process else ""
    if matches:
        signature, line = matches[0][1]
        reason = f"{node.name} failed{where}: {signature.description}: {line.text.strip()}"
        evidence = [Evidence(node.source, line.line_no, line.text, line.at or line.lo)]
    else:
        message = node.failure_message.splitlines()[0] if node.failure_message else "no message"
        reason = f"{node.name} failed{where}: {message}"
        evidence = []
    deadline = [
        ln
        for a in node.attempts
        for ln in a.lines
        if ln.line_no == (node.attempts[-1].deadline_line)
    ]
    evidence += [Evidence(node.source, ln.line_no, ln.text, ln.at) for ln in deadline]
    if len(failed) > 1:
        reason += f" (reported by {len(failed)} processes)"
    if not_run:
        reason += f"; {counted(not_run, 'spec')} did not run because of it"
    return [Verdict(node, VerdictKind.INFRASTRUCTURE, reason, evidence)]
