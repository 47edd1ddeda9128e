"""Mutation fuzzer: small real inputs, mutated, through the whole library and every renderer.

Each case takes one seed input (a slice of a sample: controller log, Ginkgo console, JSON
report, JUnit, go test -json, CRI), mutates it (bit flips, hostile tokens, cut, repeated or
dropped lines), analyses it beside a good log of the other role and renders every format.
A case fails when anything but LogAnalyzerError escapes, when it runs past the hang limit,
or when an output carries a control character.

Case ``i`` of seed ``s`` is the same input whatever the number of workers, so a finding is
replayed on its own, with its traceback, by ``--replay i --seed s``.

    python -m tests.fuzz.mutate --cases 5000 --seed 1      # all CPUs (--jobs N)
    python -m tests.fuzz.mutate --long                      # a million cases
    python -m tests.fuzz.mutate --seed 1 --replay 1234 DIR  # case 1234's files, in DIR
"""

from __future__ import annotations

import argparse
import json
import random
import re
import signal
import sys
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path

from loganalyzer import analyze
from loganalyzer.errors import LogAnalyzerError
from loganalyzer.render.html import library as html_library
from loganalyzer.render.registry import RENDERERS, Options, renderer

from .pool import Lost, default_jobs, run_cases

ROOT = Path(__file__).parents[2]
SAMPLES = ROOT / "samples"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
TOKENS = [
    "\x1b]0;t\x07", "\x1b[31m", "\x9b", "\x00", "\r", "\n", "\t", "[/]", "[bold]", "](x)",
    "![](u)", "<img src=x>", "|", "\\|", "`", "9999-12-31T23:59:59+99:99", "0000-00-00",
    "23:59:60", "24:00:00", "02/30/26", "99/99/99", "1e308", "9.2e+12", "NaN", "Infinity",
    "-1", "99999999999", "9" * 400, "[" * 3000, "{" * 3000, '"', "'", "}", "]", ",", ":",
    "• [FAILED] [1e9 seconds]", "-" * 30, "STEP: x @ 01/10/26 14:18:13.2", "\ufeff", "\u2028",
    "&#27;", "<!DOCTYPE x [<!ENTITY a 'b'>]>", "P ", "F ", " stderr ", "(a|aa)+",
]  # fmt: skip


def _slice(path: Path, lines: int) -> bytes:
    return b"".join(path.read_bytes().splitlines(keepends=True)[:lines])


def seeds() -> dict[str, bytes]:
    """The inputs mutated: small slices of the samples, one per format."""
    ci = SAMPLES / "ci-artifact" / "logs"
    cri = next((ci / "kind-logs").rglob("containers/*.log"))
    found = {
        "controller.log": _slice(SAMPLES / "focused-run/logs/controller.log", 40),
        "ginkgo.log": _slice(SAMPLES / "focused-run/logs/ginkgo.log", 120),
        "klog.log": _slice(SAMPLES / "configmap-sync/logs/controller.log", 20),
        "cri.log": _slice(cri, 40),
        "junit.xml": _slice(ci / "reports/junit.xml", 60),
    }
    report = json.loads((ci / "reports/ginkgo-report.json").read_text())
    report[0]["SpecReports"] = report[0]["SpecReports"][:4]
    found["report.json"] = json.dumps(report, indent=1).encode()
    found["go-test.json"] = b"".join(
        json.dumps(
            {
                "Time": f"2026-01-10T14:18:1{i}.2-05:00",
                "Action": a,
                "Package": "p",
                "Test": "TestE2E/spec_a",
                "Output": "STEP: x\n",
                "Elapsed": 1.5,
            }
        ).encode()
        + b"\n"
        for i, a in enumerate(["run", "output", "output", "fail"])
    )
    return found


def mutate(data: bytes, rng: random.Random) -> bytes:
    """One to four mutations of ``data``."""
    for _ in range(rng.randint(1, 4)):
        at = rng.randrange(len(data) + 1)
        how = rng.randrange(7)
        if how == 0 and data:  # flip a bit
            i = min(at, len(data) - 1)
            data = data[:i] + bytes([data[i] ^ (1 << rng.randrange(8))]) + data[i + 1 :]
        elif how == 1:  # insert a hostile token
            data = data[:at] + rng.choice(TOKENS).encode("utf-8", "surrogatepass") + data[at:]
        elif how == 2:  # replace a run of digits
            data = re.sub(rb"\d+", lambda m: str(rng.choice([0, 9, 99, 10**12])).encode(), data,
                          count=rng.randint(1, 3))  # fmt: skip
        elif how == 3:  # cut
            data = data[:at]
        elif how == 4:  # delete a span
            data = data[:at] + data[at + rng.randrange(200) :]
        elif how == 5:  # repeat a line
            lines = data.splitlines(keepends=True)
            if lines:
                i = rng.randrange(len(lines))
                lines.insert(i, lines[i] * rng.randint(1, 50))
                data = b"".join(lines)
        else:  # a random byte string
            data = data[:at] + rng.randbytes(rng.randrange(1, 16)) + data[at:]
    return data


@dataclass
class Outcome:
    """What one case did; a finding is a crash or a leak."""

    name: str
    clean_error: bool = False
    guards: list[str] = field(default_factory=list)  # why a file was skipped whole, if one was
    crash: str | None = None
    trace: str = ""  # the crash's whole traceback, for --replay
    leaks: list[str] = field(default_factory=list)
    seconds: float = 0.0


@dataclass
class Tally:
    cases: int = 0
    clean_errors: int = 0
    guarded: int = 0  # a file skipped whole because a reader failed on it (not a crash)
    guards: list[str] = field(default_factory=list)  # why: each is a place to fix
    crashes: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    stopped: bool = False  # interrupted (Ctrl-C, SIGTERM): the cases run until then

    def add(self, index: int, got: Outcome | Lost, hang: float) -> list[str]:
        """Count one case; its findings, each naming the case."""
        self.cases += 1
        if isinstance(got, Lost):
            found = [f"case {index}: {got.why}: {got.detail}"]
            (self.hangs if got.why == "hang" else self.crashes).extend(found)
            return found
        self.clean_errors += got.clean_error
        self.guarded += bool(got.guards)
        self.guards += got.guards
        found = [f"case {index}: {got.crash}"] if got.crash else []
        self.crashes += found
        leaks = [f"case {index}: leak: {leak}" for leak in got.leaks]
        self.leaks += leaks
        if got.seconds > hang:  # slow, though it finished before the pool killed it
            self.hangs.append(f"case {index}: {got.name}: {got.seconds:.1f} s")
            found.append(self.hangs[-1])
        return found + leaks


Fault = Callable[[int], None]


def check(folder: Path, name: str, data: bytes, partner: tuple[str, bytes]) -> Outcome:
    """Analyse ``data`` beside ``partner`` in ``folder`` and render every format."""
    for old in folder.iterdir():
        old.unlink()
    (folder / name).write_bytes(data)
    (folder / partner[0]).write_bytes(partner[1])
    got = Outcome(name)
    started = time.perf_counter()
    try:
        report = analyze([str(folder)], test_tz="UTC")
        caught = [w for w in report.warnings if "could not be read" in w]
        got.guards = [
            f"guard: {name}: {w.split('could not be read: ', 1)[1][:120]}" for w in caught
        ]
        for fmt in RENDERERS:
            text = "".join(renderer(fmt)(report, Options()))
            if fmt != "json" and leaks(text):
                got.leaks.append(f"{name}/{fmt}")
    except LogAnalyzerError as error:
        got.clean_error = True
        if "\n" in str(error):
            got.leaks.append(f"{name}: a multi-line error")
    except Exception as exc:  # everything else is a finding
        got.crash, got.trace = _where(name, exc), traceback.format_exc()
    except BaseException as exc:  # polars' PanicException is a BaseException
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        got.crash, got.trace = _where(name, exc), traceback.format_exc()
    got.seconds = time.perf_counter() - started
    return got


def leaks(text: str) -> bool:
    """Whether a control character other than a newline or a tab is in ``text``.

    The Vega bundle every HTML page inlines (900 KB, the same in every page) is searched
    once, not in every case: that search was a tenth of a case's time.
    """
    bundle = _clean_bundle()
    at = text.find(bundle[:200]) if bundle else -1  # then compared whole: faster than find
    if bundle and at >= 0 and text.startswith(bundle, at):
        return bool(_CONTROL.search(text, 0, at) or _CONTROL.search(text, at + len(bundle)))
    return _CONTROL.search(text) is not None


@cache
def _clean_bundle() -> str | None:
    bundle = html_library()
    return None if _CONTROL.search(bundle) else bundle


def _where(name: str, exc: BaseException) -> str:
    where = traceback.extract_tb(exc.__traceback__)[-1]
    return (f"{name}: {type(exc).__name__} at {Path(where.filename).name}:{where.lineno}: "
            f"{str(exc)[:120]}")  # fmt: skip


class Cases:
    """One worker's cases: seed inputs read once, case ``i`` mutated from ``(seed, i)`` alone."""

    def __init__(self, seed: int, fault: Fault | None, folder: Path) -> None:
        self.seed, self.fault, self.folder = seed, fault, folder
        self.inputs = seeds()
        self.names = sorted(self.inputs)

    def warm(self) -> Cases:
        """Each input unmutated: imports what a case uses before any case is timed."""
        for name in self.names:
            check(self.folder, name, self.inputs[name], self.partner(name))
        return self

    def partner(self, name: str) -> tuple[str, bytes]:
        """The good log of the other role, analysed beside a mutated ``name``."""
        other = "ginkgo.log" if name in ("controller.log", "klog.log", "cri.log") else (
            "controller.log")  # fmt: skip
        return other, self.inputs[other]

    def case(self, index: int) -> tuple[str, bytes, tuple[str, bytes]]:
        """Case ``index``: the file name, its mutated bytes, and the good log paired with it."""
        rng = random.Random(f"{self.seed}:{index}")
        name = self.names[index % len(self.names)]
        return name, mutate(self.inputs[name], rng), self.partner(name)

    def __call__(self, index: int) -> Outcome:
        name, data, partner = self.case(index)
        if self.fault is not None:
            try:
                self.fault(index)  # a test plants a crash or a hang here
            except Exception as exc:
                return Outcome(name, crash=_where(name, exc), trace=traceback.format_exc())
        return check(self.folder, name, data, partner)


def _worker(seed: int, fault: Fault | None, folder: Path) -> Cases:
    return Cases(seed, fault, folder).warm()


def fuzz(cases: int, seed: int, hang: float = 10.0, *, jobs: int | None = None, start: int = 0,
         progress: Callable[[Tally, list[str]], None] | None = None,
         fault: Fault | None = None) -> Tally:  # fmt: skip
    """Run cases ``start`` to ``start + cases - 1`` of ``seed`` in ``jobs`` worker processes.

    A case past ``hang`` seconds is killed and counted as a hang. ``progress`` is called
    after every case with the tally and that case's findings. ``fault`` (picklable) is
    called with each case's index before the case runs: a test plants faults with it.
    Interrupted, it returns what it counted, marked ``stopped``.
    """
    tally = Tally()
    setup = partial(_worker, seed, fault)
    todo = range(start, start + cases)
    try:
        for index, got in run_cases(setup, todo, jobs or default_jobs(), hang):
            found = tally.add(index, got, hang)
            if progress is not None:
                progress(tally, found)
    except KeyboardInterrupt:
        tally.stopped = True
    for findings in (tally.crashes, tally.hangs, tally.leaks):
        findings.sort(key=lambda f: int(f.split(":", 1)[0].split()[1]))
    return tally


class Progress:
    """A line on stderr every ``every`` seconds: cases, rate, ETA, findings; findings at once.

    The rate counts from the first answer, so the workers' start does not lower it.
    """

    def __init__(self, total: int, every: float = 10.0) -> None:
        self.total, self.every = total, every
        self.started = self.last = time.monotonic()
        self.first: float | None = None

    def __call__(self, tally: Tally, found: list[str]) -> None:
        for finding in found:
            print(finding, file=sys.stderr, flush=True)
        now = time.monotonic()
        if self.first is None:
            self.first = now
        if now - self.last >= self.every or tally.cases == self.total:
            self.last = now
            print(self.line(tally), file=sys.stderr, flush=True)

    def line(self, t: Tally) -> str:
        now = time.monotonic()
        took = now - (self.first or now)
        rate = (t.cases - 1) / took if took else 0.0
        eta = (self.total - t.cases) / rate if rate else 0.0
        return (f"{t.cases:,}/{self.total:,} cases, {rate:.1f}/s, ETA {_clock(eta)}; "
                f"{len(t.crashes)} crashes, {len(t.hangs)} hangs, {len(t.leaks)} leaks, "
                f"{t.guarded} guard catches, {t.clean_errors} clean errors, "
                f"{_clock(now - self.started)} so far")  # fmt: skip


def _clock(seconds: float) -> str:
    minutes, secs = divmod(int(seconds), 60)
    return f"{minutes // 60}:{minutes % 60:02d}:{secs:02d}"


def replay(seed: int, index: int, folder: Path) -> Outcome:
    """Case ``index`` in this process, its files left in ``folder``."""
    folder.mkdir(parents=True, exist_ok=True)
    cases = Cases(seed, None, folder)
    return check(folder, *cases.case(index))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--long", action="store_true", help="a million cases")
    parser.add_argument("--start", type=int, default=0, help="the first case's number")
    parser.add_argument("--jobs", type=int, default=default_jobs(), help="worker processes")
    parser.add_argument("--hang", type=float, default=10.0, help="seconds before a case is a hang")
    parser.add_argument("--replay", type=int, metavar="CASE", help="run one case here, verbosely")
    parser.add_argument("folder", nargs="?", type=Path, default=Path("fuzz-case"),
                        help="where --replay writes the case's files")  # fmt: skip
    args = parser.parse_args()
    if args.replay is not None:
        got = replay(args.seed, args.replay, args.folder)
        print(f"{got.name} in {args.folder}: {got.seconds:.2f} s, "
              f"{'clean error' if got.clean_error else 'ran'}")  # fmt: skip
        for line in [got.trace.rstrip(), *got.leaks, *got.guards]:
            if line:
                print(line)
        sys.exit(1 if got.crash or got.leaks else 0)
    cases = 1_000_000 if args.long else args.cases
    tell = Progress(cases)
    print(f"cases {args.start:,} to {args.start + cases - 1:,} of seed {args.seed}, "
          f"{args.jobs} workers", file=sys.stderr)  # fmt: skip
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops it with its figures, like Ctrl-C
    tally = fuzz(cases, args.seed, args.hang, jobs=args.jobs, start=args.start, progress=tell)
    print(("stopped: " if tally.stopped else "done: ") + tell.line(tally), file=sys.stderr)
    guards = sorted(set(tally.guards))[:50]
    for finding in tally.crashes[:50] + tally.hangs[:20] + tally.leaks[:20] + guards:
        print(finding)
    sys.exit(1 if tally.crashes or tally.hangs or tally.leaks else 0)


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


if __name__ == "__main__":
    main()
