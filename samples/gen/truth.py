"""``truth.json``: what really happened in a generated run, for checks against a report.

Schema ``loganalyzer.truth/1`` (described in samples/README.md): every write with its true
write time, when the file became visible, when the waiting spec saw it, and which spec (and
attempt) waited for it; keys a spec waited for that were never written; each spec's verdict.
"""

from __future__ import annotations

import json
from datetime import datetime

from samples.gen.model import Retry, Run, Scenario, Wait
from samples.gen.suite import SPECS
from samples.gen.timefmt import iso_utc

SCHEMA = "loganalyzer.truth/1"


def _time(t: datetime | None) -> str | None:
    return iso_utc(t) if t is not None else None


def _attempt(run: Run, wait: Wait) -> int:
    return 1 + sum(isinstance(e, Retry) and e.t < wait.step for e in run.events)


def _waiter(run: Run, wait: Wait) -> dict[str, object]:
    assert isinstance(run.node, int)
    return {"name": SPECS[run.node].name, "process": run.process, "attempt": _attempt(run, wait)}


def verdict(scn: Scenario, run: Run) -> str | None:
    """The true verdict of a spec: None when it passed at the first attempt."""
    if run.failure is None:
        return "flaky" if run.attempts > 1 else None
    failed = [w for w in run.waits if w.deadline is not None]
    if any(not scn.writes(w.key) for w in failed):
        return "not-written"
    return "visibility-latency" if failed else "other"


def truth(scn: Scenario) -> dict[str, object]:
    waits = {(w.key, w.write): (r, w) for r in scn.spec_runs for w in r.waits}
    writes = []
    for key in sorted({r.name for r in scn.requests}):
        for i, request in enumerate(scn.writes(key)):
            run, wait = waits.get((key, i), (None, None))
            writes.append({
                "key": key,
                "file": request.file_name,
                "written_at": _time(request.written),
                "visible_at": _time(request.visible),
                "waited_from": _time(wait.step) if wait else None,
                "seen_at": _time(wait.seen) if wait else None,
                "deadline": _time(wait.deadline) if wait else None,
                "spec": _waiter(run, wait) if run and wait else None,
            })  # fmt: skip
    writes.sort(key=lambda w: str(w["written_at"]))
    not_written = [
        {
            "key": w.key,
            "waited_from": _time(w.step),
            "deadline": _time(w.deadline),
            "spec": _waiter(r, w),
        }
        for (key, _), (r, w) in sorted(waits.items())
        if not scn.writes(key)
    ]
    specs = [
        {"name": SPECS[r.node].name, "process": r.process, "attempts": r.attempts,
         "state": "failed" if r.failure else "passed", "verdict": verdict(scn, r)}
        for r in sorted(scn.spec_runs, key=lambda r: (r.start, r.process))
        if isinstance(r.node, int)
    ]  # fmt: skip
    setup_failed = any(isinstance(r.node, str) and r.failure for r in scn.runs)
    return {
        "schema": SCHEMA,
        "scenario": scn.slug,
        "procs": scn.procs,
        "test_clock_skew_seconds": scn.skew.total_seconds(),
        "suite_verdict": "infrastructure" if setup_failed else None,
        "writes": writes,
        "not_written": not_written,
        "specs": specs,
    }


def render(scn: Scenario) -> str:
    return json.dumps(truth(scn), indent=2, ensure_ascii=False) + "\n"
