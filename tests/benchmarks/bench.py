"""Benchmark loganalyzer against cat, grep -c and zcat on generated logs; not part of pytest.

    python tests/benchmarks/bench.py --size 1GiB            # throughput and peak memory
    python tests/benchmarks/bench.py --size 1GiB --threads 2 16   # a thread-count sweep
    python tests/benchmarks/bench.py --ten                  # 10 GiB with 1M writes
    python tests/benchmarks/bench.py --join 10000 100000 1000000   # correlation scaling
    python tests/benchmarks/bench.py --size 1GiB --files 4  # 4 controller files, one scan
                                                            # at a time and several at once

Inputs are generated once into --dir and reused. Every tool runs on a warm cache and the
median of --repeat runs is reported, with its ratio to the baseline that ran in the same
session (grep -c for plain and CRI logs, zcat for .gz), because machines are noisy. The
pair count loganalyzer reports is checked against the number of writes generated, and its
peak RSS against --memory-limit. --threads runs loganalyzer once per count given, with
POLARS_MAX_THREADS set in the child.
"""

from __future__ import annotations

import argparse
import functools
import gc
import gzip
import json
import math
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from samples.gen.controller import CONTROLLER_KEYS
from samples.gen.ginkgo_console import COLOR, banner, footer, spec_block  # the samples' writers
from samples.gen.timefmt import ginkgo_stamp
from samples.gen.zap import Fields, Raw, zap_line

BOLD, GRAY, GREEN, RESET = COLOR.bold, COLOR.gray, COLOR.green, COLOR.reset

LITERAL = "delivered successfully to file"
VERSION = 2  # of the generated inputs: older cached inputs are made again
SPECS = 3000
EVERY = 100  # one record in EVERY is a file write, unless --writes asks for more
RECORD_BYTES = 274  # the generated records' mean size, to place --writes over --size
START = datetime(2026, 1, 10, 19, 0, 0, tzinfo=UTC)
STACK = (
    "\tsigs.k8s.io/controller-runtime/pkg/internal/controller.(*Controller).reconcileHandler\n"
    "\t\t/go/pkg/mod/sigs.k8s.io/controller-runtime@v0.19.0/pkg/internal/controller/"
    "controller.go:316"
)


def parse_size(text: str) -> int:
    units = {"KiB": 1 << 10, "MiB": 1 << 20, "GiB": 1 << 30}
    for unit, scale in units.items():
        if text.endswith(unit):
            return int(float(text[: -len(unit)]) * scale)
    return int(text)


def controller_lines(size: int, first: int, every: int = EVERY) -> tuple[list[str], int, int]:
    """One file write in ``every`` records (1%) among other controller traffic, and a few
    ERROR stack traces.

    Record ``n`` (counted from ``first``) is stamped ``n`` ms after START. Returns the
    lines, the number of writes and the next record number.
    """
    out: list[str] = []
    total = writes = 0
    n = first
    while total < size:
        at = START + timedelta(milliseconds=n)
        stamp = at.strftime("%Y-%m-%dT%H:%M:%SZ")
        key = f"bench-{n % 5000}-{n}"
        who: Fields = (("notification", key), ("namespace", "default"))
        ref = Raw(f'{{"name":"{key}","namespace":"default"}}')
        reconcile = f"6f1c0f4e-2b7d-4f0e-9a51-{n:012d}"
        rk: Fields = (*CONTROLLER_KEYS, ("NotificationRequest", ref), ("namespace", "default"),
                      ("name", key), ("reconcileID", reconcile))  # fmt: skip
        if n % every == 0:
            path = f"/tmp/notifications/notification-{key}-{at:%Y%m%d-%H%M%S.%f}.json"
            fields = (*rk, *who, ("filePath", path), ("filesize", 1965), ("format", "json"))
            line = zap_line(
                stamp, "INFO", None, "Notification delivered successfully to file", fields
            )
            writes += 1
        elif n % 997 == 0:
            msg = "Delivery failed with retryable error"
            error = (*who, ("error", "smtp: connection refused"))
            line = zap_line(stamp, "ERROR", "delivery-orchestrator", msg, error) + "\n" + STACK
        elif n % 4 == 0:
            line = zap_line(
                stamp, "INFO", None, "Reconciling NotificationRequest", (*rk, ("phase", "Sending"))
            )
        elif n % 4 == 1:
            ok = (*who, ("channel", "console"))
            line = zap_line(stamp, "INFO", "delivery-orchestrator", "Delivery successful", ok)
        elif n % 4 == 2:
            msg, listen = (
                "Metrics server is starting to listen",
                (("addr", ":8080"), ("attempt", n)),
            )
            line = zap_line(stamp, "DEBUG", "controller-runtime.metrics", msg, listen)
        else:
            msg = "NotificationRequest completed successfully (atomic update)"
            done = (*rk, ("successfulDeliveries", 3), ("attemptsRecorded", 3))
            line = zap_line(stamp, "INFO", None, msg, done)
        out.append(line)
        total += len(line) + 1
        n += 1
    return out, writes, n


@dataclass
class Inputs:
    controller: dict[str, Path]  # plain, cri, gz
    ginkgo: Path
    writes: int
    specs: int


def generate(directory: Path, size: int, every: int = EVERY) -> Inputs:
    """plain, cri and gz controller logs of about ``size`` bytes, and a Ginkgo log (cached)."""
    directory.mkdir(parents=True, exist_ok=True)
    name = f"{size}" if every == EVERY else f"{size}-every{every}"
    plain = directory / f"controller-{name}.log"
    cri = directory / f"controller-{name}.cri.log"
    gz = directory / f"controller-{name}.log.gz"
    ginkgo = directory / f"ginkgo-{name}.log"
    meta = directory / f"controller-{name}.json"
    if json.loads(meta.read_text() if meta.exists() else "{}").get("version") != VERSION:
        chunk = max(1 << 20, size // 64)
        writes = n = 0
        with plain.open("w") as p_out, cri.open("w") as c_out:
            done = 0
            while done < size:
                lines, got, n = controller_lines(min(chunk, size - done), n, every)
                writes += got
                text = "\n".join(lines) + "\n"
                p_out.write(text)
                c_out.write(cri_wrapped(text))
                done += len(text)
        if shutil.which("gzip"):
            with gz.open("wb") as out:
                subprocess.run(["gzip", "-c", "-6", str(plain)], stdout=out, check=True)
        else:
            with plain.open("rb") as src, gzip.open(gz, "wb", 6) as out:
                shutil.copyfileobj(src, out, 1 << 20)
        specs = ginkgo_log(plain, ginkgo, min(SPECS, writes // 10))
        meta.write_text(json.dumps({"version": VERSION, "writes": writes, "specs": specs}))
    got = json.loads(meta.read_text())
    return Inputs({"plain": plain, "cri": cri, "gz": gz}, ginkgo, got["writes"], got["specs"])


def cri_wrapped(text: str) -> str:
    """Each line as the container runtime stores it, stamped with its record's second."""
    out = []
    stamp = "2026-01-10T19:00:00"
    for line in text.splitlines():
        if line[:4] == "2026":
            stamp = line[:19]
        out.append(f"{stamp}.000000000Z stderr F {line}\n")
    return "".join(out)


def ginkgo_log(controller: Path, path: Path, specs: int) -> int:
    """A Ginkgo console log (local-time stamps, colours) of ``specs`` passing specs.

    Spec i waits for the i-th sampled write and prints its file name once visible,
    500 ms after the write; the sample is spread evenly over the controller log.
    """
    found = subprocess.run(
        ["grep", "-F", LITERAL, str(controller)], capture_output=True, check=True, text=True
    ).stdout.splitlines()
    step = max(1, len(found) // max(1, specs))
    lines = banner("Notification E2E Suite", "/src/test/e2e/notification", 1768072481, specs,
                   specs, 1, COLOR)  # fmt: skip
    for i, line in enumerate(found[::step][:specs]):
        name = line.split('"filePath": "', 1)[1].split('"', 1)[0].rsplit("/", 1)[1]
        key = line.split('"notification": "', 1)[1].split('"', 1)[0]
        at = datetime.fromisoformat(line[:20])
        timeline = [
            f"  {BOLD}STEP:{RESET} Creating NotificationRequest {key} "
            f"{GRAY}@ {ginkgo_stamp(at - timedelta(milliseconds=200))}{RESET}",
            f"  {BOLD}STEP:{RESET} Waiting for the notification file "
            f"{GRAY}@ {ginkgo_stamp(at - timedelta(milliseconds=100))}{RESET}",
            f"  Found notification file: /tmp/kubernaut-e2e-notifications/{name}",
            f"  {BOLD}STEP:{RESET} Validating the file content "
            f"{GRAY}@ {ginkgo_stamp(at + timedelta(milliseconds=500))}{RESET}",
        ]
        hierarchy = f"{RESET}Bench file delivery {GREEN}{BOLD}delivers notification {i}{RESET}"
        where = f"{GRAY}/src/test/e2e/notification/bench_test.go:{40 + i % 50}{RESET}"
        header = f"{GREEN}• [1.700 seconds]{RESET}"
        lines += [COLOR.delimiter, *spec_block(header, hierarchy, where, timeline)]
    lines += [COLOR.delimiter, *footer(specs, specs, 3842.105, (specs, 0, 0, 0), COLOR), "PASS"]
    path.write_text("\n".join(lines) + "\n")
    return min(specs, len(found[::step]))


# Runs the command and reports its wall time and peak RSS on the fd given first. Linux
# charges a child with the peak RSS of the process it was forked from, so the command is
# forked from this small process, never from the benchmark (which holds reports).
MEASURE = """
import os, sys, time
start = time.perf_counter()
pid = os.fork()
if pid == 0:
    os.execvp(sys.argv[2], sys.argv[2:])
_, status, usage = os.wait4(pid, 0)
os.write(int(sys.argv[1]), f"{time.perf_counter() - start} {usage.ru_maxrss}".encode())
sys.exit(os.waitstatus_to_exitcode(status))
"""


def run(
    cmd: list[str], stdout: int | None = subprocess.DEVNULL, threads: int | None = None
) -> tuple[float, int, bytes]:
    """Wall seconds, peak RSS in KiB and the output of ``cmd`` (output kept only if piped);
    ``threads`` sets POLARS_MAX_THREADS for it."""
    env = dict(os.environ)
    if threads is not None:
        env["POLARS_MAX_THREADS"] = str(threads)
    read, write = os.pipe()
    proc = subprocess.Popen(
        [sys.executable, "-I", "-S", "-c", MEASURE, str(write), *cmd],
        stdout=stdout if stdout is not None else subprocess.PIPE,
        pass_fds=(write,),
        env=env,
    )
    os.close(write)
    out = proc.stdout.read() if proc.stdout else b""
    if proc.wait() not in (0, 1):
        raise SystemExit(f"failed: {' '.join(cmd)}")
    with os.fdopen(read, "rb") as measured:
        seconds, rss = measured.read().split()
    return float(seconds), int(rss), out


def median_of(repeat: int, fn: Callable[[], tuple[float, int, bytes]]) -> tuple[float, int, bytes]:
    results = [fn() for _ in range(repeat)]
    seconds = statistics.median(r[0] for r in results)
    return seconds, max(r[1] for r in results), results[-1][2]


def throughput(args: argparse.Namespace) -> None:
    size = parse_size(args.size)
    every = EVERY if not args.writes else max(1, round(size / RECORD_BYTES / args.writes))
    inputs = generate(Path(args.dir), size, every)
    limit = parse_size(args.memory_limit)
    exe = [sys.executable, "-m", "loganalyzer", "analyze", "-f", "json", "--test-tz", "-05:00",
           "--memory-limit", args.memory_limit]  # fmt: skip
    sweep: list[int | None] = list(args.threads) if args.threads else [None]
    print(
        f"# {os.cpu_count()} cores, Python {sys.version.split()[0]}, input {args.size} "
        f"({inputs.writes} writes) and a Ginkgo log of {inputs.specs} specs, median of "
        f"{args.repeat}; load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    print(
        f"{'input':<6} {'tool':<16} {'seconds':>8} {'MiB/s':>8} {'ratio':>7} "
        f"{'peak RSS MiB':>13}  memory"
    )
    for kind, path in inputs.controller.items():
        mib = path.stat().st_size / (1 << 20)
        subprocess.run(["cat", str(path)], stdout=subprocess.DEVNULL, check=True)  # warm
        tools: dict[str, tuple[list[str], int | None]] = {"cat": (["cat", str(path)], None)}
        if kind == "gz":
            tools["zcat"] = (["zcat", str(path)], None)
        else:
            tools["grep -c"] = (["grep", "-c", LITERAL, str(path)], None)
        for threads in sweep:
            name = "loganalyzer" + (f" {threads}t" if threads else "")
            tools[name] = ([*exe, str(path), str(inputs.ginkgo)], threads)
        base = "zcat" if kind == "gz" else "grep -c"
        results: dict[str, tuple[float, int, bytes]] = {}
        for name, (cmd, threads) in tools.items():
            # grep stops at the first match when its output is /dev/null: give it a pipe.
            stdout = subprocess.DEVNULL if name in ("cat", "zcat") else None
            results[name] = median_of(args.repeat, functools.partial(run, cmd, stdout, threads))
        for name, (secs, rss, _) in results.items():
            ratio = results[base][0] / secs if secs else 0.0
            within = ""
            if name.startswith("loganalyzer"):
                within = "ok" if rss * 1024 <= limit else f"OVER {args.memory_limit}"
            print(
                f"{kind:<6} {name:<16} {secs:8.2f} {mib / secs:8.0f} {ratio:7.2f} "
                f"{rss / 1024:13.0f}  {within}"
            )
        for name, (_, _, out) in results.items():
            if not name.startswith("loganalyzer"):
                continue
            summary = json.loads(out)["summary"]
            found = (summary["writes"], summary["observed"])
            wanted = (inputs.writes, inputs.specs)
            check = "ok" if found == wanted else f"MISMATCH: {found} != {wanted}"
            print(f"{kind:<6} {name}: writes, observed {found}, generated {wanted}: {check}")


def split_log(path: Path, parts: int) -> list[Path]:
    """``path`` cut into ``parts`` files of about equal size at record starts (cached)."""
    out = path.parent / f"{path.stem}-parts{parts}"
    out.mkdir(exist_ok=True)
    files = [out / f"controller-{k}.log" for k in range(parts)]
    size = path.stat().st_size
    if sum(f.stat().st_size for f in files if f.exists()) == size:
        return files
    cuts = [0]
    with path.open("rb") as src:
        for k in range(1, parts):
            src.seek(size * k // parts)
            window = src.read(1 << 20)
            cuts.append(size * k // parts + window.index(b"\n20") + 1)  # a record's stamp
        cuts.append(size)
        for k, target in enumerate(files):
            src.seek(cuts[k])
            left = cuts[k + 1] - cuts[k]
            with target.open("wb") as dst:
                while left:
                    block = src.read(min(left, 8 << 20))
                    dst.write(block)
                    left -= len(block)
    return files


# One scan at a time, as before controller files were scanned side by side.
ONE_SCAN = (
    "import sys; from loganalyzer.read import budget; budget.MAX_SCANS = 1; "
    "from loganalyzer.cli import main; main()"
)


def several_files(args: argparse.Namespace) -> None:
    """The plain log cut into --files parts: one scan at a time, then several at once."""
    size = parse_size(args.size)
    inputs = generate(Path(args.dir), size)
    parts = [str(p) for p in split_log(inputs.controller["plain"], args.files)]
    rest = ["analyze", "-f", "json", "--test-tz", "-05:00", "--memory-limit", args.memory_limit,
            *parts, str(inputs.ginkgo)]  # fmt: skip
    tools = {
        "one at a time": [sys.executable, "-c", ONE_SCAN, *rest],
        "at once": [sys.executable, "-m", "loganalyzer", *rest],
    }
    print(
        f"# {os.cpu_count()} cores, {args.files} files of {size // args.files >> 20} MiB, "
        f"{inputs.writes} writes, median of {args.repeat}; load average "
        f"{' '.join(f'{x:.1f}' for x in os.getloadavg())}"
    )
    sweep: list[int | None] = list(args.threads) if args.threads else [None]
    for threads in sweep:
        outputs = []
        for name, cmd in tools.items():
            secs, rss, out = median_of(args.repeat, functools.partial(run, cmd, None, threads))
            outputs.append(out)
            print(f"{threads or 'default'} threads {name:<14} {secs:8.2f} s {rss / 1024:6.0f} MiB")
        same = "identical" if outputs[0] == outputs[1] else "DIFFERENT"
        print(f"{threads or 'default'} threads: the two JSON reports are {same}")


def join_scaling(args: argparse.Namespace) -> None:
    """Correlation, diagnosis and report rows for n writes and n observations, in process
    (median of --repeat)."""
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    import polars as pl

    from loganalyzer.correlate.join import correlate
    from loganalyzer.diagnose.verdicts import diagnose
    from loganalyzer.extract.line_reader import EVENT_SCHEMA
    from loganalyzer.extract.packs import load_packs
    from loganalyzer.formats.ginkgo.console import parse
    from loganalyzer.gc_pause import paused
    from loganalyzer.report.build import build_report

    packs = load_packs()
    # ns per n·log2(n) stays flat if the time grows as n log n.
    print(
        f"{'writes':>9} {'observations':>13} {'seconds':>8} {'us/write':>9} "
        f"{'ns/nlogn':>9} {'correlate':>10} {'diagnose':>9} {'report':>7}  check"
    )
    for n in args.join:
        names = [f"notification-k{i}-20260110-190000.{i % 1000000:06d}.json" for i in range(n)]
        at = [START + timedelta(microseconds=i) for i in range(n)]
        events = pl.DataFrame(
            {
                "source": ["c.log"] * n,
                "line_no": list(range(1, n + 1)),
                "pack": ["b"] * n,
                "pattern": ["file-delivered"] * n,
                "kind": ["write"] * n,
                "key": [f"k{i}" for i in range(n)],
                "path": [f"/tmp/notifications/{x}" for x in names],
                "basename": names,
                "at": at,
                "res": [1e-6] * n,
                "error": [None] * n,
                "text": [""] * n,
            },
            schema=EVENT_SCHEMA,
        )
        specs = max(1, n // 100)
        lines = ["Running Suite: Bench - /src", "Will run 1 of 1 specs"]
        for s in range(specs):
            lines += [
                "-" * 30,
                "• [1.000 seconds]",
                f"Bench spec {s}",
                "/src/b_test.go:1",
                "",
                "  Timeline >>",
                "  STEP: wait @ 01/10/26 19:00:00.000",
            ]
            lines += [f"  found {names[i]}" for i in range(s * 100, min(n, (s + 1) * 100))]
            lines += ["  STEP: done @ 01/10/26 19:00:02.000", "  << Timeline"]
        log = parse(lines, "g.log", UTC)
        runs = []  # (total, correlate, diagnose) per run; the median total is reported
        for _ in range(args.repeat):
            gc.collect()
            start = time.perf_counter()
            with paused():  # as the pipeline runs these
                corr = correlate(events, [log], packs)
                linked = time.perf_counter()
                verdicts = diagnose(corr, events)
                judged = time.perf_counter()
                report = build_report([], corr, verdicts, [], "UTC")
            runs.append((time.perf_counter() - start, linked - start, judged - linked))
            observed = report.summary.observed
            pairs = len(report.pairs)
            del corr, report
        secs, linking, judging = sorted(runs)[len(runs) // 2]
        check = "ok" if observed == n == pairs else f"MISMATCH: {observed} observed"
        print(
            f"{n:9d} {n:13d} {secs:8.2f} {secs / n * 1e6:9.1f} "
            f"{secs / (n * math.log2(n)) * 1e9:9.1f} "
            f"{linking:10.2f} {judging:9.2f} {secs - linking - judging:7.2f}  {check}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--size", default="1GiB", help="controller log size (e.g. 200MiB, 3GiB)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--dir", default="/tmp/loganalyzer-bench")
    parser.add_argument("--join", type=int, nargs="*", help="join-scaling sizes instead")
    parser.add_argument(
        "--threads", type=int, nargs="*", help="POLARS_MAX_THREADS for each loganalyzer run"
    )
    parser.add_argument("--writes", type=int, help="about this many file writes in the log")
    parser.add_argument("--ten", action="store_true", help="10 GiB with 1M writes")
    parser.add_argument("--files", type=int, help="cut the plain log into this many files")
    parser.add_argument("--memory-limit", default="512MiB", help="checked against peak RSS")
    args = parser.parse_args()
    if args.ten:
        args.size, args.writes = "10GiB", 1_000_000
    if args.join:
        join_scaling(args)
        return
    compiled()
    if args.files:
        several_files(args)
    else:
        throughput(args)


def compiled() -> None:
    """The project's bytecode written first, as an installed tool has it: with
    ``PYTHONDONTWRITEBYTECODE`` set (as on some CI machines) an editable install never
    caches it, and each run would compile the project's modules again (60-80 ms)."""
    package = Path(__file__).resolve().parents[2] / "loganalyzer"
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip
    print(f"# bytecode of {package} compiled first, as an installed tool has it")


if __name__ == "__main__":
    main()
