"""Read a scenario file (``scenarios/<name>.scn``) into a ``Scenario``.

One statement per line; ``#`` starts a comment line (indented ones too); times are
``HH:MM:SS.ffffff`` UTC on 2026-01-10, always true time (``skew`` shifts the test side when
printed). ``$NAME`` in a text is a constant of ``suite`` or ``ginkgo_console`` (``$HOST_DIR``,
``$PROC1_FAILED``). Statements (indented ones belong to the statement above)::

    procs N | will-run N | pod NAME | ci-artifact | skew SECONDS | controller T
    cli START END | suite START END | controller-text TEXT
    order NODE|S ...        --procs=1: the streamed order, S for a skipped spec
    skips I=N ...           N skipped specs ('S') printed after the I-th block
    failure-order P ...     the summary's order of failed suite nodes, by process
    request NAME INIT DELIVER DONE RECHECK [WRITTEN|- [VISIBLE|-]]
    failed-file NAME INIT FINAL FINAL_DONE FINAL_RECHECK ERROR
      attempt START STAMP DONE RECHECK BACKOFF_SECONDS
    before-suites START P=END ...   empty SynchronizedBeforeSuite nodes (process P starts P-1 ms
                                    after START); a later `run` of the same node replaces one
    after-suites P=IDLE ...         empty SynchronizedAfterSuite nodes
    run NODE PROCESS START END      a spec (its row in suite.SPECS) or a suite node, then:
      step T TEXT | log T MSG [| KEY=VALUE ...] | out [TEXT] | retry T N
      timeout T LINE [WHAT]         a 5 s Eventually that timed out ([FAILED] in [It])
      fail T LINE NODE TEXT         any other failure
      seen KEY STEP SEEN [WRITE]    a true wait: from its STEP to the poll that saw the file
      missed KEY STEP DEADLINE [WRITE]    ... or to the deadline; WRITE: which write of the key
      @cluster-setup SERVICE | @failed-cluster-setup | @cluster-cleanup [setup-failed]
          [logger=L] [export=STAMP]  (each with `| KEY=TIME ...`), @process-setup BEGIN DONE,
      @process-cleanup T [LOGGER]   what setup_output.py prints for the suite nodes
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import timedelta
from pathlib import Path

from samples.gen import ginkgo_console, setup_output, suite
from samples.gen.model import Attempt, Event, Fail, FailedFile, Request, Retry, Run, Scenario
from samples.gen.timefmt import MS, at
from samples.gen.zap import Value

HEADER = {"procs", "will-run", "pod", "ci-artifact", "skew", "controller", "cli", "suite",
          "controller-text", "order", "skips", "failure-order", "before-suites",
          "after-suites"}  # fmt: skip


def expand(text: str) -> str:
    def constant(m: re.Match[str]) -> str:
        value = getattr(suite, m[1], None) or getattr(ginkgo_console, m[1])
        return str(value)

    return re.sub(r"\$([A-Z][A-Z0-9_]*)", constant, text)


def pairs(words: list[str]) -> dict[str, str]:
    return dict(w.split("=", 1) for w in words)


def value(text: str) -> Value:
    return int(text) if text.isdigit() else expand(text)


def macro(scn: Scenario, name: str, args: list[str], times: dict[str, str]) -> list[Event]:
    if name == "cluster-setup":
        return setup_output.cluster_setup(times, scn.pod, " ".join(args))
    if name == "failed-cluster-setup":
        return setup_output.failed_cluster_setup(times)
    if name == "process-setup":
        return setup_output.process_setup(1, args[0], args[1])
    if name == "process-cleanup":
        return setup_output.process_cleanup(1, args[0], expand(args[1]) if args[1:] else None)
    if name != "cluster-cleanup":
        raise ValueError(f"unknown statement @{name}")
    options = pairs([a for a in args if "=" in a])
    export = setup_output.export_lines(options["export"]) if "export" in options else []
    logger = expand(options["logger"]) if "logger" in options else None
    return setup_output.cluster_cleanup(times, export, logger, "setup-failed" in args)


def event(scn: Scenario, kind: str, rest: str) -> list[Event]:
    words = rest.split(" ")
    if kind == "step":
        return [suite.step(words[0], rest.split(" ", 1)[1])]
    if kind == "log":
        head, _, tail = rest.partition(" | ")
        fields = [(k, value(v)) for k, v in pairs(tail.split()).items()]
        return [suite.log(words[0], head.split(" ", 1)[1], *fields)]
    if kind == "out":
        return [suite.out(expand(rest))]
    if kind == "retry":
        return [Retry(at(words[0]), int(words[1]))]
    if kind == "timeout":
        return [suite.fail(words[0], int(words[1]), *rest.split(" ", 2)[2:])]
    if kind == "fail":
        t, line, node, text = rest.split(" ", 3)
        return [Fail(at(t), int(line), expand(text), node)]
    args, _, times = rest.partition("|")
    return macro(scn, kind.removeprefix("@"), args.split(), pairs(times.split()))


def read(path: Path) -> Scenario:
    """The scenario a file describes; its name is the file's stem."""
    lines = path.read_text(encoding="utf-8").splitlines()
    statements = [line.partition(" ")[::2] for line in lines if line and line[0] not in " #"]
    head = dict(statements)
    if unknown := set(head) - HEADER - {"request", "failed-file", "run"}:
        raise ValueError(f"{path}: unknown statements {sorted(unknown)}")
    cli, span = head["cli"].split(), head["suite"].split()
    skew = timedelta(seconds=float(head.get("skew", 0)))
    scn = Scenario(path.stem, int(head["procs"]), int(head["will-run"]), at(cli[0]), at(span[0]),
                   at(span[1]), at(cli[1]), pod=head.get("pod", ""),
                   ci_artifact="ci-artifact" in head, skew=skew)  # fmt: skip
    if "controller" in head:
        scn.controller_start = at(head["controller"])
    if "controller-text" in head:
        scn.controller_text = head["controller-text"] + "\n"
    scn.order = [int(n) if n.isdigit() else n for n in head.get("order", "").split()]
    scn.skips = {int(k): int(v) for k, v in pairs(head.get("skips", "").split()).items()}
    scn.failure_order = [int(p) for p in head.get("failure-order", "").split()]
    first, *ends = head["before-suites"].split()
    scn.runs = [Run("SynchronizedBeforeSuite", int(p), at(first) + (int(p) - 1) * MS, at(end))
                for p, end in pairs(ends).items()]  # fmt: skip
    for line in lines:
        kind, _, rest = line.strip().partition(" ")
        w = rest.split()
        if kind in ("", "#"):
            continue
        if kind == "request":
            written, visible = [at(t) if t != "-" else None for t in (*w[5:], "-", "-")][:2]
            init, deliver, done, recheck = (at(t) for t in w[1:5])
            scn.requests.append(Request(w[0], init, deliver, done, recheck, written, visible))
        elif kind == "failed-file":
            error = rest.split(" ", 5)[5]
            final, final_done, final_recheck = (at(t) for t in w[2:5])
            failed = FailedFile(w[0], at(w[1]), (), final, final_done, final_recheck, error)
            scn.failed_files.append(failed)
        elif kind == "attempt":
            f = scn.failed_files[-1]
            start, stamp, done, recheck = (at(t) for t in w[:4])
            a = Attempt(start, stamp, done, recheck, timedelta(seconds=int(w[4])))
            scn.failed_files[-1] = replace(f, attempts=(*f.attempts, a))
        elif kind == "run":
            node = int(w[0]) if w[0].isdigit() else w[0]
            new = Run(node, int(w[1]), at(w[2]), at(w[3]))
            same = [i for i, r in enumerate(scn.runs) if (r.node, r.process) == (node, new.process)]
            index = same[0] if same else len(scn.runs)
            scn.runs[index : index + 1] = [new]
        elif kind in ("seen", "missed"):
            make = suite.seen if kind == "seen" else suite.missed
            wait = make(w[0], w[1], w[2], int(w[3]) if w[3:] else 0)
            scn.runs[index] = replace(scn.runs[index], waits=(*scn.runs[index].waits, wait))
        elif line.startswith(" "):
            events = (*scn.runs[index].events, *event(scn, kind, rest))
            scn.runs[index] = replace(scn.runs[index], events=events)
    for p, idle in pairs(head.get("after-suites", "").split()).items():
        begin = at(idle) + 4 * MS
        end = begin + timedelta(microseconds=3400)
        scn.runs.append(Run("SynchronizedAfterSuite", int(p), begin, end))
    return scn
