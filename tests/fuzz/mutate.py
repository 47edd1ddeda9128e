"""Mutation fuzzer: small real inputs, mutated, through the whole library and every renderer.

Each case takes one seed input (a slice of a sample: controller log, Ginkgo console, JSON
report, JUnit, go test -json, CRI), mutates it (bit flips, hostile tokens, cut, repeated or
dropped lines), analyses it beside a good log of the other role and renders every format.
A case fails when anything but LogAnalyzerError escapes, when it runs past the hang limit,
or when an output carries a control character.

    python -m tests.fuzz.mutate --cases 5000 --seed 1      # what CI runs, smaller
    python -m tests.fuzz.mutate --long                      # a million cases
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from loganalyzer import analyze
from loganalyzer.errors import LogAnalyzerError
from loganalyzer.render.registry import RENDERERS, Options, renderer

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
class Tally:
    cases: int = 0
    clean_errors: int = 0
    guarded: int = 0  # a file skipped whole because a reader failed on it (not a crash)
    guards: list[str] = field(default_factory=list)  # why: each is a place to fix
    crashes: list[str] = field(default_factory=list)
    hangs: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)


def one_case(folder: Path, name: str, data: bytes, partner: tuple[str, bytes], tally: Tally,
             hang: float) -> None:  # fmt: skip
    for old in folder.iterdir():
        old.unlink()
    (folder / name).write_bytes(data)
    (folder / partner[0]).write_bytes(partner[1])
    started = time.perf_counter()
    tally.cases += 1
    try:
        report = analyze([str(folder)], test_tz="UTC")
        caught = [w for w in report.warnings if "could not be read" in w]
        tally.guarded += bool(caught)
        tally.guards += [
            f"guard: {name}: {w.split('could not be read: ', 1)[1][:120]}" for w in caught
        ]
        for fmt in RENDERERS:
            text = "".join(renderer(fmt)(report, Options()))
            if fmt != "json" and _CONTROL.search(text.replace("\n", "").replace("\t", "")):
                tally.leaks.append(f"{name}/{fmt}")
    except LogAnalyzerError as error:
        tally.clean_errors += 1
        if "\n" in str(error):
            tally.leaks.append(f"{name}: a multi-line error")
    except BaseException as exc:  # everything else is a finding
        if isinstance(exc, KeyboardInterrupt):
            raise
        where = traceback.extract_tb(exc.__traceback__)[-1]
        tally.crashes.append(f"{name}: {type(exc).__name__} at {Path(where.filename).name}:"
                             f"{where.lineno}: {str(exc)[:120]}")  # fmt: skip
    if time.perf_counter() - started > hang:
        tally.hangs.append(f"{name}: {time.perf_counter() - started:.1f} s")


def fuzz(cases: int, seed: int, hang: float = 10.0,
         progress: Callable[[Tally], None] | None = None) -> Tally:  # fmt: skip
    """Run ``cases`` mutated inputs from ``seed``; the tally of what went wrong."""
    rng = random.Random(seed)
    inputs = seeds()
    partners = {"controller": ("ginkgo.log", inputs["ginkgo.log"]),
                "test": ("controller.log", inputs["controller.log"])}  # fmt: skip
    tally = Tally()
    names = sorted(inputs)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        for i in range(cases):
            name = names[i % len(names)]
            role = "controller" if name in ("controller.log", "klog.log", "cri.log") else "test"
            partner = partners[role]
            one_case(folder, name, mutate(inputs[name], rng), partner, tally, hang)
            if progress is not None and (i + 1) % 1000 == 0:
                progress(tally)
    return tally


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cases", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--long", action="store_true", help="a million cases")
    args = parser.parse_args()
    cases = 1_000_000 if args.long else args.cases
    started = time.time()

    def tell(t: Tally) -> None:
        print(
            f"{t.cases} cases, {len(t.crashes)} crashes, {len(t.hangs)} hangs, "
            f"{len(t.leaks)} leaks, {t.guarded} files skipped by the input guard, "
            f"{t.clean_errors} clean errors, {time.time() - started:.0f} s",
            file=sys.stderr,
            flush=True,
        )

    tally = fuzz(cases, args.seed, progress=tell)
    tell(tally)
    guards = sorted(set(tally.guards))[:50]
    for finding in sorted(set(tally.crashes))[:50] + tally.hangs[:20] + tally.leaks[:20] + guards:
        print(finding)
    sys.exit(1 if tally.crashes or tally.hangs or tally.leaks else 0)


if __name__ == "__main__":
    main()
