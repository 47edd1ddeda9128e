"""A history of many runs for ``loganalyzer history`` (issue 15), with its truth beside it.

Each run is a small ConfigSync suite (the ``configmap-sync`` pack): a klog controller log
and a Ginkgo console log (``ginkgo -v --procs=2 --no-color``), four specs, three of which
wait for a ConfigMap. Two things are planted, and ``truth.json`` says so:

- a **regression**: from ``REGRESSION_DAY`` on, the ``alpha`` ConfigMap is seen about 3 s
  later than before (it still passes: the wait is 10 s);
- a **flaky spec**: ``gamma`` misses its ConfigMap on the first attempt in about one run in
  five and passes on the retry.

Nothing else changes over the weeks. ``python -m samples.gen.history DIR [RUNS]`` writes
``DIR/run-NNNN/logs/{controller,ginkgo}.log`` and ``DIR/truth.json``.

>>> files = generate(runs=3)
>>> sorted(files)[:2], json.loads(files["truth.json"])["regression"]["spec"][:12]
(['run-0000/logs/controller.log', 'run-0000/logs/ginkgo.log'], 'ConfigSync h')
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

SCHEMA = "loganalyzer.history-truth/1"
START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)  # a Monday
WEEKS = 8
REGRESSION_DAY = date(2026, 2, 23)  # the last week: alpha's latency grows from here on
SUITE = "ConfigSync history"
FILE = "/src/test/e2e/configsync/history_test.go"
WAIT = 10.0  # the specs' Eventually timeout
# (leaf text, template name or None, line): the template's ConfigMap is what the spec waits for
SPECS: tuple[tuple[str, str | None, int], ...] = (
    ("creates the alpha ConfigMap", "alpha", 20),
    ("creates the beta ConfigMap", "beta", 40),
    ("creates the gamma ConfigMap", "gamma", 60),
    ("exposes reconcile metrics", None, 80),
)
FLAKE_RATE = 0.2


def spec_name(leaf: str) -> str:
    return f"{SUITE} {leaf}"


def _stamp(t: datetime) -> str:
    """Ginkgo's ``01/02/06 15:04:05.999`` in UTC (the suite's logger gives the zone)."""
    text = t.strftime("%m/%d/%y %H:%M:%S.%f")[:-3].rstrip("0")
    return text.rstrip(".")


def _iso(t: datetime) -> str:
    return t.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "+0000"


def _klog(t: datetime, text: str, level: str = "I") -> str:
    return f"{level}{t.strftime('%m%d %H:%M:%S.%f')}       1 {text}"


@dataclass
class _Spec:
    leaf: str
    line: int
    process: int
    lines: list[str]
    start: datetime
    end: datetime
    failed_at: int | None = None  # the failure's line when its last attempt failed
    flaked: bool = False


def _waiting(
    rng: random.Random, ns: str, name: str, t: datetime, gap: float, out: list[str], ctl: list[str]
) -> tuple[datetime, bool]:
    """One attempt: create the template, wait for its ConfigMap; True when seen in time."""
    key = f"{ns}/{name}"
    out.append(f"  STEP: Creating namespace {ns} @ {_stamp(t)}")
    t += timedelta(milliseconds=rng.randint(8, 20))
    out.append(f"  STEP: Creating ConfigTemplate {key} @ {_stamp(t)}")
    created = t + timedelta(milliseconds=rng.randint(5, 15))
    ctl.append(
        _klog(
            created,
            f'configtemplate_controller.go:88] "Reconciling ConfigTemplate" '
            f'ConfigTemplate="{key}" namespace="{ns}" name="{name}"',
        )
    )
    written = created + timedelta(microseconds=rng.randint(20_000, 60_000))
    ctl.append(
        _klog(
            written,
            f'configtemplate_controller.go:142] "Created ConfigMap" '
            f'configMap="{key}-config" configTemplate="{key}" keys=3',
        )
    )
    t += timedelta(milliseconds=rng.randint(20, 40))
    out.append(f"  STEP: Waiting for the ConfigMap to be created @ {_stamp(t)}")
    seen = written + timedelta(seconds=gap)
    if gap < WAIT - 0.5:
        out.append(
            f"  {_iso(seen)}\tINFO\tconfigsync-e2e-process-1\tFound ConfigMap\t"
            f'{{"configMap": "{key}-config", "polls": {1 + int(gap)}}}'
        )
        t = seen + timedelta(milliseconds=rng.randint(3, 9))
        out.append(f"  STEP: Verifying the ConfigMap data matches the template @ {_stamp(t)}")
        return t + timedelta(milliseconds=rng.randint(80, 140)), True
    return t + timedelta(seconds=WAIT, milliseconds=5), False


def _run(index: int, at: datetime, rng: random.Random) -> tuple[str, str, dict[str, object]]:
    ctl = [_klog(at - timedelta(seconds=30), 'main.go:97] "Starting manager" version="v0.4.2"')]
    specs: list[_Spec] = []
    clocks = {1: at + timedelta(seconds=1), 2: at + timedelta(seconds=1, milliseconds=3)}
    truth: dict[str, object] = {}
    for n, (leaf, template, line) in enumerate(SPECS):
        process = 1 + n % 2
        t = clocks[process]
        spec = _Spec(leaf, line, process, [], t, t)
        if template is None:
            spec.lines.append(f"  STEP: Scraping the controller's metrics endpoint @ {_stamp(t)}")
            spec.end = t + timedelta(milliseconds=rng.randint(300, 450))
        else:
            late = template == "alpha" and at.date() >= REGRESSION_DAY
            gap = max(0.2, rng.gauss(3.8 if late else 1.0, 0.4 if late else 0.15))
            flake = template == "gamma" and rng.random() < FLAKE_RATE
            ns = f"csync-{index:04d}-{template}"
            if flake:
                t, _ = _waiting(rng, ns + "-a1", template, t, WAIT + 2.0, spec.lines, ctl)
                spec.lines.append(f"  [FAILED] in [It] - {FILE}:{line + 9} @ {_stamp(t)}")
                t += timedelta(milliseconds=40)
                spec.lines.append(f"\n  Attempt #1 Failed.  Retrying ↺ @ {_stamp(t)}\n")
                t += timedelta(milliseconds=5)
                spec.flaked = True
            t, _ = _waiting(rng, ns, template, t, gap, spec.lines, ctl)
            spec.end = t
            truth[template] = {"gap_seconds": round(gap, 6), "flaked": flake}
        clocks[process] = spec.end + timedelta(milliseconds=10)
        specs.append(spec)
    return "\n".join(ctl) + "\n", _console(index, at, specs, clocks), truth


def _console(index: int, at: datetime, specs: list[_Spec], clocks: dict[int, datetime]) -> str:
    end = max(clocks.values())
    out = [
        "Running Suite: ConfigSync E2E Suite - /src/test/e2e/configsync",
        "=" * 56,
        f"Random Seed: {int(at.timestamp())}",
        "",
        f"Will run {len(specs)} of {len(specs)} specs",
        "Running in parallel across 2 processes",
        "-" * 30,
        "[SynchronizedBeforeSuite] PASSED [0.812 seconds]",
        "[SynchronizedBeforeSuite] ",
        "/src/test/e2e/configsync/suite_test.go:48",
        "",
        "  Timeline >>",
        f"  {_iso(at)}\tINFO\tconfigsync-e2e\tConfigSync controller is ready",
        "  << Timeline",
        "-" * 30,
    ]
    for spec in sorted(specs, key=lambda s: s.end):
        took = (spec.end - spec.start).total_seconds()
        head = f"↺ [FLAKEY TEST - TOOK 2 ATTEMPTS TO PASS] [{took:.3f} seconds]"
        out.append(head if spec.flaked else f"• [{took:.3f} seconds]")
        out += [spec_name(spec.leaf), f"{FILE}:{spec.line}", "", "  Timeline >>"]
        out += [*spec.lines, "  << Timeline", "-" * 30]
    flaked = sum(s.flaked for s in specs)
    total = (end - at).total_seconds() + 1.0
    out += [
        "",
        f"Ran {len(specs)} of {len(specs)} Specs in {total:.3f} seconds",
        f"SUCCESS! -- {len(specs)} Passed | 0 Failed | {flaked} Flaked | 0 Pending | 0 Skipped",
        "",
        "Test Suite Passed",
    ]
    return "\n".join(out) + "\n"


def generate(runs: int = 200, seed: int = 15) -> dict[str, bytes]:
    """Every file of the history, by path; ``truth.json`` says what was planted."""
    rng = random.Random(seed)
    span = timedelta(weeks=WEEKS) / runs
    files: dict[str, bytes] = {}
    planted: list[dict[str, object]] = []
    for index in range(runs):
        at = START + span * index + timedelta(seconds=rng.randint(0, 600))
        controller, console, truth = _run(index, at, rng)
        files[f"run-{index:04d}/logs/controller.log"] = controller.encode()
        files[f"run-{index:04d}/logs/ginkgo.log"] = console.encode()
        planted.append({"run": f"run-{index:04d}", "started_at": at.isoformat(), **truth})
    files["truth.json"] = json.dumps(
        {
            "schema": SCHEMA,
            "runs": len(planted),
            "first_day": START.date().isoformat(),
            "last_day": (START + timedelta(weeks=WEEKS)).date().isoformat(),
            "regression": {
                "spec": spec_name(SPECS[0][0]),
                "kind": "gap",
                "from_day": REGRESSION_DAY.isoformat(),
            },
            "flaky": {"spec": spec_name(SPECS[2][0]), "rate": FLAKE_RATE},
            "per_run": planted,
        },
        indent=1,
    ).encode()
    return files


def write(root: Path, files: dict[str, bytes]) -> None:
    for path, data in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_bytes(data)


if __name__ == "__main__":
    target = Path(sys.argv[1] if len(sys.argv) > 1 else "history-sample")
    write(target, generate(int(sys.argv[2]) if len(sys.argv) > 2 else 200))
    print(f"wrote a history under {target}")
