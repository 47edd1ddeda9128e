"""Write four failure-mode samples of the kubernaut Notification E2E suite for loganalyzer.

The seed incident (``generate_incident.py``) shows one failure mode: files written but seen too
late. This script adds the other outcomes a verdict must tell apart, each as a small run of the
same suite (jordigilh/kubernaut, test/e2e/notification, January 2026) on 2026-01-10:

- ``not-written`` (16:07-16:13 UTC, ``--procs=4``): the controller never writes
  ``e2e-priority-critical``: every attempt fails on ``no space left on device``, is retried twice,
  then the channel gives up; the spec's 5 s file wait times out.
- ``infrastructure`` (16:20-16:25 UTC, ``--procs=4``): ``kind load image-archive`` fails in
  process 1's ``[SynchronizedBeforeSuite]``; the other processes' suite nodes fail with Ginkgo's
  "failed on Ginkgo parallel process #1" error and no spec runs.
- ``flaky`` (16:35-16:40 UTC, ``--procs=2``): Priority Scenario 3 with ``FlakeAttempts(2)``:
  attempt 1 does not see its file within 5 s, attempt 2 recreates the request and sees the new
  file.
- ``skewed-clock`` (17:00-17:05 UTC, ``--procs=2``): three passing specs; the test machine's
  clock is 7.5 s behind the controller's, so every test-side stamp is 7.5 s early.

Each scenario writes ``samples/<scenario>/logs/controller.log`` (``kubectl logs``: zap console,
development mode, UTC, one-second stamps), ``logs/ginkgo.log`` (``ginkgo -v --procs=N`` with
colours, local EST stamps, the suite logger's ``-0500`` lines) and ``README.md``. Every time is
written in true UTC below; the renderer shifts test-side stamps by the scenario's clock skew.
Reconcile IDs come from a seeded generator, so ``python samples/generate_failure_modes.py`` run
from the repository root rewrites the four folders byte for byte. ``check()`` asserts what the
samples must keep (stamps in order, one spec at a time per process, files seen only once visible,
deadlines after writes, cleanup counts). Formatting helpers and the controller's constants
come from ``generate_incident.py``.
"""

from __future__ import annotations

import itertools
import json
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import partial

from generate_incident import (  # shared with the incident samples
    ALL3,
    BOLD,
    CONSOLE_FILE,
    CR,
    CYAN,
    EST,
    FANOUT,
    FILES,
    GRAY,
    GREEN,
    HERE,
    HOST_DIR,
    IMAGE,
    MS,
    NS,
    POD_DIR,
    PRIORITY,
    RED,
    RESET,
    RULE,
    SETUP_LOGGER,
    SHARED,
    SUITE_DIR,
    SUITE_NODES,
    YELLOW,
    Content,
    ControllerLog,
    Fields,
    Log,
    Step,
    Value,
    at,
    file_size,
    ginkgo_stamp,
    go_duration,
    indent,
    log,
    logger_name,
    nanoseconds,
    process_setup,
    reconcile_keys,
    rfc3339,
    start_debug,
    startup,
    step,
    test_logger_line,
)
from generate_incident import (
    Console as IncidentConsole,
)

SUITE_FILE = "notification_e2e_suite_test.go"
SETUP_EXPECT_LINE = 131  # Expect(err).ToNot(HaveOccurred()) after CreateNotificationCluster
AW_IMAGE = "localhost/authwebhook:e2e-test"
TOTAL_SPECS = 19
ZERO = timedelta(0)


# ---------------------------------------------------------------------------------------------
# Ginkgo v2 console output (reporters/default_reporter.go, formatter/formatter.go colours)
# ---------------------------------------------------------------------------------------------
LIGHT_YELLOW = "\x1b[38;5;228m"


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
    return f"{BOLD}{RED}{heading}{RESET}\n" + fiw(1, 80, message) + "\n\n"


# internal/suite.go: what processes 2..N report when process 1's SynchronizedBeforeSuite fails
PROC1_FAILED = ginkgo_error(
    "SynchronizedBeforeSuite failed on Ginkgo parallel process #1",
    "The first SynchronizedBeforeSuite function running on Ginkgo parallel process #1 failed.  "
    "This suite will now abort.",
)


# ---------------------------------------------------------------------------------------------
# The specs used here (research table §2d; It lines and failure lines as in the incident)
# ---------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Spec:
    containers: tuple[str, ...]
    leaf: str
    file: str
    line: int


F03, F06, F07 = (
    "03_file_delivery_validation_test.go",
    "06_multi_channel_fanout_test.go",
    "07_priority_routing_test.go",
)
SPECS: dict[int, Spec] = {
    5: Spec(
        (FILES, "Scenario 3: Priority Field Validation"),
        "should preserve priority field in delivered notification file",
        F03,
        191,
    ),
    15: Spec(
        (FANOUT, "Scenario 1: All channels deliver successfully"),
        "should deliver notification to console, file, and log channels",
        F06,
        87,
    ),
    17: Spec(
        (PRIORITY, "Scenario 1: Critical priority notification with file audit trail"),
        "should deliver critical notification with file audit immediately",
        F07,
        76,
    ),
    19: Spec(
        (PRIORITY, "Scenario 3: High priority with console, file, and log channels"),
        "should deliver high priority notification to all channels",
        F07,
        276,
    ),
}
WAIT_LINE = {17: 141, 19: 332, 15: 138}  # the file-wait Eventually of each spec


@dataclass(frozen=True)
class Out:
    """GinkgoWriter text with no timestamp of its own (infrastructure output)."""

    text: str


@dataclass(frozen=True)
class Fail:
    t: datetime
    line: int  # where the failure happened (Failure.Location)
    message: str
    node: str = "It"  # FailureNodeType


@dataclass(frozen=True)
class Retry:
    """SpecEventSpecRetry: 'Attempt #N Failed.  Retrying ↺ @ t'."""

    t: datetime
    attempt: int


Event = Step | Log | Out | Fail | Retry


@dataclass(frozen=True)
class Wait:
    """A file wait: ground truth for check() and the README, printed nowhere."""

    key: str
    step: datetime  # the wait STEP
    seen: datetime | None = None  # the poll that found the file (simulated)
    deadline: datetime | None = None  # the [FAILED] stamp
    write: int = 0  # which write of the key (a retried spec writes the same key twice)


@dataclass(frozen=True)
class Run:
    node: int | str  # spec row, or a suite node name
    process: int
    start: datetime
    end: datetime
    events: tuple[Event, ...] = ()
    waits: tuple[Wait, ...] = ()

    @property
    def attempts(self) -> int:
        return 1 + sum(isinstance(e, Retry) for e in self.events)

    @property
    def failure(self) -> Fail | None:
        """The failure the node ended with (a retried attempt's failure is not one)."""
        last_retry = max((i for i, e in enumerate(self.events) if isinstance(e, Retry)), default=-1)
        fails = [e for e in self.events[last_retry + 1 :] if isinstance(e, Fail)]
        return fails[-1] if fails else None

    @property
    def timed(self) -> list[datetime]:
        return [e.t for e in self.events if not isinstance(e, Out)]


def run(
    node: int | str, process: int, span: str, *events: Event, waits: tuple[Wait, ...] = ()
) -> Run:
    """span: 'HH:MM:SS.fff-HH:MM:SS.fff' (UTC)."""
    start, end = span.split("-")
    return Run(node, process, at(start), at(end), events, waits)


def out(*lines: str) -> Out:
    return Out("\n".join(lines))


def file_wait_fail(hms: str, line: int) -> Fail:
    what = "File should be created in pod within 5 seconds"
    message = f"Timed out after 5.001s.\n{what}\nExpected\n    <int>: 0\nto be >=\n    <int>: 1"
    return Fail(at(hms), line, message)


def seen(key: str, step_at: str, seen_at: str, write: int = 0) -> Wait:
    return Wait(key, at(step_at), seen=at(seen_at), write=write)


def missed(key: str, step_at: str, deadline: str, write: int = 0) -> Wait:
    return Wait(key, at(step_at), deadline=at(deadline), write=write)


FANOUT_KEY = "e2e-multi-channel-fanout"
PRIORITY_GLOB = f"{HOST_DIR}/notification-e2e-priority-*.json"
FANOUT_GLOB = f"{HOST_DIR}/notification-e2e-multi-channel-*.json"


def cleaned(hms: str, glob: str, count: int) -> Log:
    return log(hms, "Cleaned up test files", ("pattern", glob), ("count", count))


CONTENT: dict[str, Content] = {
    "e2e-multi-channel-fanout": Content(
        "simple",
        "high",
        "E2E Test: Multi-Channel Fanout",
        "Testing delivery to console, file, and log channels simultaneously",
        ALL3,
        (("test-scenario", "multi-channel-fanout"), ("test-priority", "P0")),
    ),
    "e2e-priority-critical": Content(
        "escalation",
        "critical",
        "E2E Test: Critical Priority Notification",
        "CRITICAL: Testing priority-based routing with file audit trail",
        CONSOLE_FILE,
        (("test-scenario", "priority-critical"), ("test-priority", "P0")),
        (
            ("severity", "critical"),
            ("alert-name", "CriticalSystemFailure"),
            ("cluster", "production"),
            ("environment", "prod"),
        ),
    ),
    "e2e-priority-high-multi": Content(
        "status-update",
        "high",
        "E2E Test: High Priority Multi-Channel",
        "Testing high priority delivery to console, file, and log channels",
        ALL3,
        (("test-scenario", "priority-high-multi-channel"), ("test-priority", "P1")),
        (("severity", "high"), ("alert-name", "HighPriorityAlert"), ("cluster", "staging")),
    ),
    "e2e-priority-validation": Content(
        "simple",
        "critical",
        "Critical Alert: System Outage",
        "Priority validation test for critical alerts",
        CONSOLE_FILE,
        (("test-scenario", "priority-validation"),),
    ),
}


@dataclass(frozen=True)
class Request:
    """One NotificationRequest delivered in one go (reconcile times, the write, visibility)."""

    name: str
    init: datetime  # first reconcile: status initialised, requeued
    deliver: datetime  # second reconcile: channels delivered
    done: datetime  # status written (Sent)
    recheck: datetime  # third reconcile, triggered by the status update
    written: datetime  # file name stamp = the write, microseconds (UTC)
    visible: datetime  # when `ls` in the pod (and the host glob) first lists it (ground truth)

    @property
    def content(self) -> Content:
        return CONTENT[self.name]

    @property
    def file_name(self) -> str:
        return file_name(self.name, self.written)


def file_name(name: str, written: datetime) -> str:
    return f"notification-{name}-{written.strftime('%Y%m%d-%H%M%S.%f')}.json"


def req(name: str, times: str, written: str, visible: str) -> Request:
    """times: 'init deliver done recheck' (UTC)."""
    init, deliver, done, recheck = (at(t) for t in times.split())
    return Request(name, init, deliver, done, recheck, at(written), at(visible))


@dataclass(frozen=True)
class Attempt:
    """One reconcile that tried the file channel and failed before writing anything."""

    start: datetime  # reconcile start
    stamp: datetime  # time.Now() in generateFilenameWithFormat: the file that never was
    done: datetime  # status update (entering retry phase)
    recheck: datetime  # reconcile triggered by that update: backoff enforced
    backoff: timedelta


@dataclass(frozen=True)
class FailedFile:
    """A request whose file channel never wrote: every attempt fails, then the channel gives up."""

    name: str
    init: datetime
    attempts: tuple[Attempt, ...]
    final: datetime  # the reconcile that finds the channel out of attempts
    final_done: datetime
    final_recheck: datetime
    error: str  # os.WriteFile's error text after the temp file path


def attempt(times: str, backoff_s: int) -> Attempt:
    """times: 'start stamp done recheck' (UTC)."""
    start, stamp, done, recheck = (at(t) for t in times.split())
    return Attempt(start, stamp, done, recheck, timedelta(seconds=backoff_s))


# ---------------------------------------------------------------------------------------------
# Scenario container and the suite's setup/cleanup output
# ---------------------------------------------------------------------------------------------
@dataclass
class Scenario:
    slug: str
    procs: int
    will_run: int
    cli_start: datetime
    suite_start: datetime
    suite_end: datetime
    cli_end: datetime
    skew: timedelta = ZERO  # added to every test-side stamp (test clock minus true time)
    controller_start: datetime | None = None
    requests: list[Request] = field(default_factory=list)
    failed_files: list[FailedFile] = field(default_factory=list)
    runs: list[Run] = field(default_factory=list)
    skips: dict[int, int] = field(default_factory=dict)  # block index -> 'S' printed after it
    failure_order: list[int] = field(default_factory=list)  # processes, for suite-node failures
    controller_text: str | None = None  # a controller.log that is not a controller's output

    def writes(self, key: str) -> list[Request]:
        return sorted((r for r in self.requests if r.name == key), key=lambda r: r.written)

    @property
    def spec_runs(self) -> list[Run]:
        return [r for r in self.runs if isinstance(r.node, int)]

    @property
    def seed(self) -> int:
        """Ginkgo's default seed: time.Now().Unix() on the test machine."""
        return int((self.cli_start + self.skew).timestamp())


def setup_banner(hms: str) -> list[Event]:
    """Process 1's SynchronizedBeforeSuite, up to CreateNotificationCluster."""

    def lg(msg: str) -> Log:
        return log(hms, msg, logger=SETUP_LOGGER)

    return [
        lg(RULE),
        lg("Notification E2E Test Suite - Cluster Setup (ONCE - Process 1)"),
        lg(RULE),
        lg("Creating Kind cluster and deploying Notification Controller..."),
        lg("  • Kind cluster (2 nodes: control-plane + worker)"),
        lg("  • NotificationRequest CRD (cluster-wide)"),
        lg("  • Notification Controller Docker image (build + load)"),
        lg("  • Shared Notification Controller (notification-e2e namespace)"),
        lg("  • Kubeconfig: ~/.kube/notification-e2e-config"),
        lg(""),
        lg("Note: All tests share the same controller instance"),
        lg("      Tests use FileService for message validation"),
        lg(RULE),
        lg("Skipping cluster deletion (clean state assumed)..."),
    ]


KIND_CREATE = (
    "PHASE 2: Creating Kind cluster...",
    'Creating cluster "notification-e2e" ...',
    " ✓ Ensuring node image (kindest/node:v1.34.0) 🖼",
    " ✓ Preparing nodes 📦 📦  ",
    " ✓ Writing configuration 📜",
    " ✓ Starting control-plane 🕹️",
    " ✓ Installing CNI 🔌",
    " ✓ Installing StorageClass 💾",
    " ✓ Joining worker nodes 🚜",
    'Set kubectl context to "kind-notification-e2e"',
)
BUILD = (
    RULE,
    "Notification E2E Cluster Setup - Hybrid Parallel (DD-TEST-002)",
    RULE,
    f"📁 Creating E2E file output directory: {HOST_DIR}",
    "📦 PHASE 1: Building images in parallel...",
    "  ├── Notification Controller",
    "  └── AuthWebhook (FOR SOC2 CC8.1)",
    f"  ✅ AuthWebhook build completed: {AW_IMAGE}",
    f"  ✅ Notification build completed: {IMAGE}",
)


def cluster_setup(t: dict[str, str], pod: str) -> list[Event]:
    """Process 1's half of SynchronizedBeforeSuite when every phase works."""

    def lg(key: str, msg: str) -> Log:
        return log(t[key], msg, logger=SETUP_LOGGER)

    return [
        *setup_banner(t["begin"]),
        out(
            *BUILD,
            *KIND_CREATE,
            "📦 PHASE 3: Loading images into Kind cluster...",
            "  ✅ Notification loaded",
            "  ✅ AuthWebhook loaded",
            "PHASE 4: Installing NotificationRequest CRD...",
            "customresourcedefinition.apiextensions.k8s.io/notificationrequests.kubernaut.ai "
            "created",
            "✅ Hybrid Parallel Setup Complete - tests can now deploy controller",
        ),
        lg("deploy", "Deploying shared Notification Controller..."),
        lg("deploy", f"  • Using image: {IMAGE}"),
        out(
            "namespace/notification-e2e created",
            "configmap/notification-controller-config created",
            "serviceaccount/notification-controller created",
            "clusterrole.rbac.authorization.k8s.io/notification-controller-role created",
            "clusterrolebinding.rbac.authorization.k8s.io/notification-controller-rolebinding "
            "created",
            "deployment.apps/notification-controller created",
            "service/notification-controller-metrics created",
        ),
        lg("wait", "⏳ Waiting for Notification Controller pod to be ready..."),
        out(f"pod/{pod} condition met"),
        lg("ready", "✅ Notification Controller pod is ready"),
        lg("ready", "Deploying Audit Infrastructure (PostgreSQL + Data Storage)..."),
        out(
            "deployment.apps/postgresql created",
            "service/postgresql created",
            "⏳ Waiting for PostgreSQL to be ready...",
            "✅ PostgreSQL ready",
            "📋 Applying audit schema migrations...",
            "deployment.apps/datastorage created",
            "service/datastorage created",
            "⏳ Waiting for Data Storage to be ready...",
            "✅ Data Storage ready",
        ),
        lg("audit", "✅ Audit infrastructure ready"),
        lg("audit", RULE),
        lg("audit", "🔐 Deploying AuthWebhook Manifests"),
        lg("audit", RULE),
        out(
            "service/authwebhook created",
            "deployment.apps/authwebhook created",
            "mutatingwebhookconfiguration.admissionregistration.k8s.io/kubernaut-authwebhook "
            "created",
            "validatingwebhookconfiguration.admissionregistration.k8s.io/kubernaut-authwebhook "
            "created",
        ),
        lg("webhook", "✅ AuthWebhook deployed - SOC2 CC8.1 cancellation attribution enabled"),
        lg("webhook", RULE),
        lg("webhook", "Cluster Setup Complete - Ready for parallel processes"),
        lg("webhook", RULE),
    ]


# LoadImageToKind (test/infrastructure) and `kind load image-archive` when containerd's store
# on the worker node is full; the two loads run in parallel goroutines.
CTR_IMPORT = (
    "podman exec --privileged -i notification-e2e-worker ctr --namespace=k8s.io images import "
    "--all-platforms --digests --snapshotter=overlayfs -"
)
BLOB = "9b2f6c1d0e7a4f3b8c5d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a7b6c5d4e3f2a1b"
INGEST = (
    "/var/lib/containerd/io.containerd.content.v1.content/ingest/"
    "5d0c7f3b2e9a41c8b6f1a2d3e4c5b6a7d8e9f0a1b2c3d4e5f60718293a4b5c6d/data"
)
LOAD_ERROR = "failed to load image to Kind: exit status 1"
SETUP_ERROR = f"image loads failed: [{LOAD_ERROR}]"
# Gomega's Expect(err).ToNot(HaveOccurred()) message for SETUP_ERROR (*errors.errorString)
SETUP_FAILURE = (
    "Unexpected error:\n"
    "    <*errors.errorString | 0xc000b8e3f0>: \n"
    f"    {SETUP_ERROR}\n"
    "    {\n"
    f'        s: "{SETUP_ERROR}",\n'
    "    }\n"
    "occurred"
)


def failed_cluster_setup(t: dict[str, str]) -> list[Event]:
    """Process 1's SynchronizedBeforeSuite when the AuthWebhook image does not load."""
    return [
        *setup_banner(t["begin"]),
        out(
            *BUILD,
            *KIND_CREATE,
            "📦 PHASE 3: Loading images into Kind cluster...",
            "  ├── Notification Controller",
            "  └── AuthWebhook (SOC2)",
            "📦 Loading image to Kind cluster: notification-e2e",
            "   📦 Exporting image to: /tmp/notification-e2e-test.tar",
            "📦 Loading image to Kind cluster: notification-e2e",
            "   📦 Exporting image to: /tmp/authwebhook-e2e-test.tar",
            "   📦 Importing archive into Kind cluster...",
            "   📦 Importing archive into Kind cluster...",
            f'ERROR: failed to load image: command "{CTR_IMPORT}" failed with error: exit status 1',
            f'Command Output: ctr: failed to ingest "blobs/sha256:{BLOB}": failed to copy: write '
            f"{INGEST}: no space left on device",
            "   ✅ Removed tar file: /tmp/notification-e2e-test.tar",
            "   🗑️  Removing Podman image to free disk space...",
            f"Untagged: {IMAGE}",
            "Deleted: 3f9c2b7e1d4a6c8b0e2f4a6c8e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2c4e6b",
            f"   ✅ Podman image removed: {IMAGE}",
            "   ✅ Image loaded to Kind",
            "  ✅ Notification loaded",
            f"  ❌ AuthWebhook load failed: {LOAD_ERROR}",
        ),
        Fail(at(t["fail"]), SETUP_EXPECT_LINE, SETUP_FAILURE, "SynchronizedBeforeSuite"),
    ]


def process_cleanup(process: int, hms: str, logger: str | None = None) -> list[Event]:
    p = ("process", process)
    return [
        log(hms, RULE, p, logger=logger),
        log(hms, "Notification E2E Process Cleanup", p, logger=logger),
        log(hms, "✅ Process cleanup complete", p, logger=logger),
        log(hms, RULE, logger=logger),
    ]


def export_lines(local_stamp: str) -> list[str]:
    export_dir = f"/tmp/notification-e2e-logs-{local_stamp}"
    return [
        "⚠️  Test failures detected - exporting cluster logs (must-gather)...",
        f'Exporting logs for cluster "notification-e2e" to:\n{export_dir}',
        f"✅ Cluster logs exported to {export_dir}",
    ]


def cluster_cleanup(
    t: dict[str, str],
    export: list[str],
    logger: str | None = None,
    setup_failed: bool = False,
) -> list[Event]:
    def lg(key: str, msg: str, *fields: tuple[str, Value]) -> Log:
        return log(t[key], msg, *fields, logger=logger)

    image_removed = (
        [lg("rmi", "✅ Service image removed", ("image", IMAGE))]
        if not setup_failed  # LoadImageToKind already removed it with `podman rmi -f`
        else [
            lg(
                "rmi",
                "⚠️  Failed to remove service image (may not exist)",
                ("image", IMAGE),
                ("error", "exit status 1"),
            )
        ]
    )
    return [
        lg("begin", RULE),
        lg("begin", "Notification E2E Cluster Cleanup (ONCE - Process 1)"),
        *([lg("begin", "⚠️  Setup failure detected (k8sClient is nil)")] if setup_failed else []),
        lg("begin", "Deleting Kind cluster..."),
        out(
            *export,
            'Deleting cluster "notification-e2e" ...',
            'Deleted nodes: ["notification-e2e-control-plane" "notification-e2e-worker"]',
        ),
        lg("deleted", "✅ Kind cluster deleted"),
        lg("deleted", "Cleaning up Notification controller image built for Kind..."),
        *image_removed,
        lg("rmi", "Pruning dangling images from Kind builds..."),
        lg("end", "✅ Dangling images pruned"),
        lg("end", RULE),
        lg("end", "Notification E2E Cluster Cleanup Complete"),
        lg("end", RULE),
    ]


def before_suites(ends: dict[int, str], start: str) -> list[Run]:
    """SynchronizedBeforeSuite of processes 2..N: no content, only the header."""
    begin = at(start)
    return [
        Run("SynchronizedBeforeSuite", p, begin + (p - 1) * MS, at(end))
        for p, end in ends.items()
        if p != 1
    ]


def after_suites(idle: dict[int, str]) -> list[Run]:
    """SynchronizedAfterSuite of processes 2..N: their logger prints nothing there."""
    runs = []
    for p, hms in idle.items():
        begin = at(hms) + 4 * MS
        runs.append(Run("SynchronizedAfterSuite", p, begin, begin + timedelta(microseconds=3400)))
    return runs


# ---------------------------------------------------------------------------------------------
# Scenario 1: not-written, ginkgo -v --procs=4 --focus=..., 4 specs, 1 failure (~16:12 UTC)
# ---------------------------------------------------------------------------------------------
NO_SPACE = "no space left on device"


def not_written() -> Scenario:
    scn = Scenario(
        slug="not-written", procs=4, will_run=4,
        cli_start=at("16:07:02.000"), suite_start=at("16:07:13.508"),
        suite_end=at("16:13:03.760"), cli_end=at("16:13:04.305418"),
        controller_start=at("16:11:10.322"),
    )  # fmt: skip
    # One reconcile worker. The node's /tmp is full from 16:11:54.9 to 16:11:58.4: every file
    # write in that window fails; the writes before it succeed.
    scn.requests = [  # name, "init deliver done recheck", file stamp (the write), visible
        req("e2e-multi-channel-fanout", "16:11:52.559 16:11:52.639 16:11:53.009 16:11:53.019",
            "16:11:52.759403", "16:11:54.300"),
        req("e2e-priority-high-multi", "16:11:52.591 16:11:53.029 16:11:53.420 16:11:53.430",
            "16:11:53.149882", "16:11:54.900"),
        req("e2e-priority-validation", "16:11:54.419 16:11:54.499 16:11:54.760 16:11:54.772",
            "16:11:54.619330", "16:11:55.900"),
    ]  # fmt: skip
    scn.failed_files = [
        FailedFile(
            "e2e-priority-critical",
            init=at("16:11:54.762"),
            attempts=(
                attempt("16:11:54.852 16:11:54.962431 16:11:55.052 16:11:55.062", 1),
                attempt("16:11:56.058 16:11:56.147902 16:11:56.212 16:11:56.222", 2),
                attempt("16:11:58.218 16:11:58.305517 16:11:58.370 16:11:58.380", 4),
            ),
            final=at("16:12:02.376"),
            final_done=at("16:12:02.392"),
            final_recheck=at("16:12:02.402"),
            error=NO_SPACE,
        )
    ]
    pod = "notification-controller-5f8b9c7d6-tw4rk"
    setup = cluster_setup(
        {"begin": "16:07:13.559", "deploy": "16:11:07.884", "wait": "16:11:09.571",
         "ready": "16:11:22.046", "audit": "16:11:39.512", "webhook": "16:11:47.268"},
        pod)  # fmt: skip
    cleanup = cluster_cleanup(
        {"begin": "16:12:00.301", "deleted": "16:12:57.402", "rmi": "16:13:00.118",
         "end": "16:13:03.709"}, export_lines("20260110-111200"))  # fmt: skip
    scn.runs = [
        run("SynchronizedBeforeSuite", 1, "16:07:13.511-16:11:52.330",
            *setup, *process_setup(1, "16:11:47.297", "16:11:52.318")),
        *before_suites({2: "16:11:52.362", 3: "16:11:54.371", 4: "16:11:54.390"}, "16:07:13.511"),
        run(15, 1, "16:11:52.336-16:11:55.069",
            log("16:11:52.337", "Multi-channel fanout test starting", SHARED),
            step("16:11:52.538", "Creating NotificationRequest with three channels"),
            step("16:11:52.562", "Waiting for all channels to deliver successfully"),
            step("16:11:53.069", "Verifying all three channels delivered (BR-NOT-053)"),
            step("16:11:53.075", "Verifying file channel created audit file"),
            step("16:11:55.051", "Validating file content matches notification"),
            step("16:11:55.057", "Verifying delivery attempts recorded for all channels"),
            log("16:11:55.059", "✅ MULTI-CHANNEL SUCCESS: All 3 channels delivered successfully"),
            cleaned("16:11:55.066", FANOUT_GLOB, 1),
            waits=(seen("e2e-multi-channel-fanout", "16:11:53.075", "16:11:54.425"),)),
        run(19, 2, "16:11:52.367-16:11:55.578",
            log("16:11:52.368", "Priority routing test starting", SHARED),
            step("16:11:52.568", "Creating High priority NotificationRequest with three channels"),
            step("16:11:52.592",
                 "Waiting for high priority notification to be delivered to all channels"),
            step("16:11:53.597", "Verifying all three channels delivered successfully"),
            step("16:11:53.603", "Verifying file audit trail contains priority metadata"),
            step("16:11:55.561", "Verifying delivery attempts recorded for all channels"),
            log("16:11:55.563", "✅ HIGH PRIORITY MULTI-CHANNEL SUCCESS: All channels delivered "
                "with priority preserved"),
            cleaned("16:11:55.571", PRIORITY_GLOB, 1),
            waits=(seen("e2e-priority-high-multi", "16:11:53.603", "16:11:54.953"),)),
        run(17, 3, "16:11:54.376-16:12:00.291",
            log("16:11:54.377", "Priority routing test starting", SHARED),
            step("16:11:54.577",
                 "Creating Critical priority NotificationRequest with file channel"),
            step("16:11:54.601", "Waiting for critical notification to be delivered immediately"),
            log("16:11:55.106", "Critical notification delivered",
                ("deliveryTime", "528.912377ms")),
            step("16:11:55.108", "Verifying both channels delivered successfully"),
            step("16:11:55.114", "Verifying file audit trail was created"),
            file_wait_fail("16:12:00.121", WAIT_LINE[17]),
            cleaned("16:12:00.283", PRIORITY_GLOB, 1),
            waits=(missed("e2e-priority-critical", "16:11:55.114", "16:12:00.121"),)),
        run(5, 4, "16:11:54.395-16:11:56.309",
            step("16:11:54.396", "Creating NotificationRequest with Critical priority"),
            step("16:11:54.420", "Waiting for successful delivery"),
            step("16:11:54.926", "Validating priority field in file (BR-NOT-056)"),
            waits=(seen("e2e-priority-validation", "16:11:54.926", "16:11:55.951"),)),
        *after_suites({2: "16:11:55.578", 4: "16:11:56.309", 3: "16:12:00.291"}),
        # process 1 waits in its SynchronizedAfterSuite for the others, then deletes the cluster
        run("SynchronizedAfterSuite", 1, "16:11:55.073-16:13:03.711",
            *process_cleanup(1, "16:11:55.074"), *cleanup),
    ]  # fmt: skip
    # --focus leaves 4 of 19 specs; the processes report the other 15 (S) as they reach them.
    scn.skips = {0: 5, 1: 4, 2: 3, 3: 3}
    return scn


# ---------------------------------------------------------------------------------------------
# Scenario 2: infrastructure, ginkgo -v --procs=4, image load fails in setup (~16:25 UTC)
# ---------------------------------------------------------------------------------------------
def infrastructure() -> Scenario:
    scn = Scenario(
        slug="infrastructure", procs=4, will_run=TOTAL_SPECS,
        cli_start=at("16:20:20.000"), suite_start=at("16:20:31.588"),
        suite_end=at("16:25:47.986"), cli_end=at("16:25:48.531207"),
    )  # fmt: skip
    # The controller was never deployed: the CI step that saves `kubectl logs` found nothing.
    scn.controller_text = 'Error from server (NotFound): namespaces "notification-e2e" not found\n'
    setup = failed_cluster_setup({"begin": "16:20:31.639", "fail": "16:24:58.742"})
    cleanup = cluster_cleanup(
        {"begin": "16:24:58.851", "deleted": "16:25:44.213", "rmi": "16:25:44.402",
         "end": "16:25:47.935"},
        export_lines("20260110-112458"), logger=SETUP_LOGGER, setup_failed=True)  # fmt: skip
    proc1_failed = at("16:24:58.742")
    scn.runs = [run("SynchronizedBeforeSuite", 1, "16:20:31.591-16:24:58.744", *setup)]
    for p, seen_at in ((2, "16:24:58.789"), (3, "16:24:58.791"), (4, "16:24:58.793")):
        # BlockUntilSynchronizedBeforeSuiteData polls every 50 ms, then the node fails
        fail = Fail(at(seen_at), SUITE_NODES["SynchronizedBeforeSuite"], PROC1_FAILED,
                    "SynchronizedBeforeSuite")  # fmt: skip
        assert proc1_failed < fail.t
        begin = at("16:20:31.591") + (p - 1) * MS
        scn.runs.append(Run("SynchronizedBeforeSuite", p, begin, fail.t + 2 * MS, (fail,)))
    scn.runs += [
        *after_suites({2: "16:24:58.791", 3: "16:24:58.793", 4: "16:24:58.795"}),
        # the per-process logger was never created: process 1 still logs as the setup logger
        run("SynchronizedAfterSuite", 1, "16:24:58.748-16:25:47.937",
            *process_cleanup(1, "16:24:58.749", SETUP_LOGGER), *cleanup),
    ]  # fmt: skip
    # The summary follows the aggregated report: processes 2-4 end first, process 1 last.
    scn.failure_order = [2, 3, 4, 1]
    return scn


# ---------------------------------------------------------------------------------------------
# Scenario 3: flaky, ginkgo -v --procs=2 --focus=..., FlakeAttempts(2) retries once (~16:40 UTC)
# ---------------------------------------------------------------------------------------------
def flaky() -> Scenario:
    scn = Scenario(
        slug="flaky", procs=2, will_run=3,
        cli_start=at("16:35:31.000"), suite_start=at("16:35:42.211"),
        suite_end=at("16:40:39.466"), cli_end=at("16:40:40.012733"),
        controller_start=at("16:39:29.540"),
    )  # fmt: skip
    scn.requests = [  # name, "init deliver done recheck", file stamp (the write), visible
        req("e2e-priority-critical", "16:40:12.030 16:40:12.110 16:40:12.410 16:40:12.420",
            "16:40:12.230514", "16:40:13.700"),
        # attempt 1: written before the wait starts, visible only 5.65 s later (a stalled sync)
        req("e2e-priority-high-multi", "16:40:12.090 16:40:12.430 16:40:12.840 16:40:12.850",
            "16:40:12.550113", "16:40:18.200"),
        req("e2e-multi-channel-fanout", "16:40:14.777 16:40:14.857 16:40:15.227 16:40:15.237",
            "16:40:14.977288", "16:40:16.450"),
        # attempt 2 recreates the request (attempt 1's was deleted): a new file, a new stamp
        req("e2e-priority-high-multi", "16:40:18.493 16:40:18.573 16:40:18.983 16:40:18.993",
            "16:40:18.693627", "16:40:20.150"),
    ]  # fmt: skip
    pod = "notification-controller-6d4c8b9f7-k2vxq"
    setup = cluster_setup(
        {"begin": "16:35:42.262", "deploy": "16:39:27.118", "wait": "16:39:28.806",
         "ready": "16:39:41.311", "audit": "16:39:58.904", "webhook": "16:40:06.655"},
        pod)  # fmt: skip
    cleanup = cluster_cleanup(
        {"begin": "16:40:20.984", "deleted": "16:40:33.102", "rmi": "16:40:35.871",
         "end": "16:40:39.415"}, [])  # fmt: skip
    scn.runs = [
        run("SynchronizedBeforeSuite", 1, "16:35:42.214-16:40:11.802",
            *setup, *process_setup(1, "16:40:06.683", "16:40:11.797")),
        *before_suites({2: "16:40:11.861"}, "16:35:42.214"),
        run(17, 1, "16:40:11.806-16:40:14.541",
            log("16:40:11.807", "Priority routing test starting", SHARED),
            step("16:40:12.007",
                 "Creating Critical priority NotificationRequest with file channel"),
            step("16:40:12.031", "Waiting for critical notification to be delivered immediately"),
            log("16:40:12.533", "Critical notification delivered",
                ("deliveryTime", "524.318714ms")),
            step("16:40:12.535", "Verifying both channels delivered successfully"),
            step("16:40:12.541", "Verifying file audit trail was created"),
            step("16:40:14.521", "Validating priority field preserved in file audit"),
            log("16:40:14.524",
                "✅ CRITICAL PRIORITY SUCCESS: Delivered immediately with file audit trail"),
            cleaned("16:40:14.531", PRIORITY_GLOB, 1),
            waits=(seen("e2e-priority-critical", "16:40:12.541", "16:40:13.891"),)),
        run(19, 2, "16:40:11.866-16:40:20.975",
            log("16:40:11.867", "Priority routing test starting", SHARED),
            step("16:40:12.067", "Creating High priority NotificationRequest with three channels"),
            step("16:40:12.091",
                 "Waiting for high priority notification to be delivered to all channels"),
            step("16:40:13.097", "Verifying all three channels delivered successfully"),
            step("16:40:13.103", "Verifying file audit trail contains priority metadata"),
            file_wait_fail("16:40:18.110", WAIT_LINE[19]),
            cleaned("16:40:18.262", PRIORITY_GLOB, 1),
            Retry(at("16:40:18.268"), 1),
            log("16:40:18.270", "Priority routing test starting", SHARED),
            step("16:40:18.470", "Creating High priority NotificationRequest with three channels"),
            step("16:40:18.494",
                 "Waiting for high priority notification to be delivered to all channels"),
            step("16:40:18.999", "Verifying all three channels delivered successfully"),
            step("16:40:19.005", "Verifying file audit trail contains priority metadata"),
            step("16:40:20.958", "Verifying delivery attempts recorded for all channels"),
            log("16:40:20.960", "✅ HIGH PRIORITY MULTI-CHANNEL SUCCESS: All channels delivered "
                "with priority preserved"),
            cleaned("16:40:20.967", PRIORITY_GLOB, 1),
            waits=(missed("e2e-priority-high-multi", "16:40:13.103", "16:40:18.110"),
                   seen("e2e-priority-high-multi", "16:40:19.005", "16:40:20.355", write=1))),
        run(15, 1, "16:40:14.553-16:40:17.262",
            log("16:40:14.554", "Multi-channel fanout test starting", SHARED),
            step("16:40:14.754", "Creating NotificationRequest with three channels"),
            step("16:40:14.778", "Waiting for all channels to deliver successfully"),
            step("16:40:15.284", "Verifying all three channels delivered (BR-NOT-053)"),
            step("16:40:15.290", "Verifying file channel created audit file"),
            step("16:40:17.241", "Validating file content matches notification"),
            step("16:40:17.247", "Verifying delivery attempts recorded for all channels"),
            log("16:40:17.249", "✅ MULTI-CHANNEL SUCCESS: All 3 channels delivered successfully"),
            cleaned("16:40:17.256", FANOUT_GLOB, 1),
            waits=(seen("e2e-multi-channel-fanout", "16:40:15.290", "16:40:16.640"),)),
        *after_suites({2: "16:40:20.975"}),
        run("SynchronizedAfterSuite", 1, "16:40:17.266-16:40:39.417",
            *process_cleanup(1, "16:40:17.267"), *cleanup),
    ]  # fmt: skip
    scn.skips = {0: 8, 1: 6, 2: 2}
    return scn


# ---------------------------------------------------------------------------------------------
# Scenario 4: skewed-clock, ginkgo -v --procs=2 --focus=..., all pass, test clock 7.5 s behind
# ---------------------------------------------------------------------------------------------
SKEW = timedelta(seconds=-7.5)


def found(hms: str, request: Request) -> Log:
    """A debug line added to the spec after WaitForFileInPod: the file it copied."""
    return log(hms, "Found notification file", ("file", request.file_name))


def skewed_clock() -> Scenario:
    scn = Scenario(
        slug="skewed-clock", procs=2, will_run=3,
        cli_start=at("17:00:41.000"), suite_start=at("17:00:52.417"),
        suite_end=at("17:05:31.751"), cli_end=at("17:05:32.296581"),
        skew=SKEW, controller_start=at("17:04:26.514"),
    )  # fmt: skip
    scn.requests = [  # name, "init deliver done recheck", file stamp (the write), visible
        req("e2e-priority-validation", "17:05:08.442 17:05:08.522 17:05:08.802 17:05:08.813",
            "17:05:08.642813", "17:05:10.050"),
        req("e2e-priority-critical", "17:05:08.803 17:05:08.893 17:05:09.173 17:05:09.183",
            "17:05:09.013374", "17:05:10.350"),
        req("e2e-multi-channel-fanout", "17:05:10.791 17:05:10.871 17:05:11.241 17:05:11.251",
            "17:05:10.991655", "17:05:12.450"),
    ]  # fmt: skip
    critical, fanout = scn.writes("e2e-priority-critical")[0], scn.writes(FANOUT_KEY)[0]
    pod = "notification-controller-7c5d9b8f4-p9wzn"
    setup = cluster_setup(
        {"begin": "17:00:52.468", "deploy": "17:04:24.073", "wait": "17:04:25.760",
         "ready": "17:04:38.209", "audit": "17:04:55.842", "webhook": "17:05:03.317"},
        pod)  # fmt: skip
    cleanup = cluster_cleanup(
        {"begin": "17:05:13.283", "deleted": "17:05:25.390", "rmi": "17:05:28.166",
         "end": "17:05:31.702"}, [])  # fmt: skip
    scn.runs = [
        run("SynchronizedBeforeSuite", 1, "17:00:52.420-17:05:08.412",
            *setup, *process_setup(1, "17:05:03.345", "17:05:08.407")),
        *before_suites({2: "17:05:08.455"}, "17:00:52.420"),
        run(5, 1, "17:05:08.418-17:05:10.552",
            step("17:05:08.419", "Creating NotificationRequest with Critical priority"),
            step("17:05:08.443", "Waiting for successful delivery"),
            step("17:05:08.949", "Validating priority field in file (BR-NOT-056)"),
            waits=(seen("e2e-priority-validation", "17:05:08.949", "17:05:10.101"),)),
        run(17, 2, "17:05:08.460-17:05:11.196",
            log("17:05:08.461", "Priority routing test starting", SHARED),
            step("17:05:08.661",
                 "Creating Critical priority NotificationRequest with file channel"),
            step("17:05:08.685", "Waiting for critical notification to be delivered immediately"),
            log("17:05:09.188", "Critical notification delivered",
                ("deliveryTime", "526.104392ms")),
            step("17:05:09.190", "Verifying both channels delivered successfully"),
            step("17:05:09.196", "Verifying file audit trail was created"),
            found("17:05:11.172", critical),
            step("17:05:11.178", "Validating priority field preserved in file audit"),
            log("17:05:11.181",
                "✅ CRITICAL PRIORITY SUCCESS: Delivered immediately with file audit trail"),
            cleaned("17:05:11.188", PRIORITY_GLOB, 2),
            waits=(seen("e2e-priority-critical", "17:05:09.196", "17:05:10.546"),)),
        run(15, 1, "17:05:10.567-17:05:13.273",
            log("17:05:10.568", "Multi-channel fanout test starting", SHARED),
            step("17:05:10.768", "Creating NotificationRequest with three channels"),
            step("17:05:10.792", "Waiting for all channels to deliver successfully"),
            step("17:05:11.298", "Verifying all three channels delivered (BR-NOT-053)"),
            step("17:05:11.304", "Verifying file channel created audit file"),
            found("17:05:13.250", fanout),
            step("17:05:13.256", "Validating file content matches notification"),
            step("17:05:13.262", "Verifying delivery attempts recorded for all channels"),
            log("17:05:13.264", "✅ MULTI-CHANNEL SUCCESS: All 3 channels delivered successfully"),
            cleaned("17:05:13.271", FANOUT_GLOB, 1),
            waits=(seen(FANOUT_KEY, "17:05:11.304", "17:05:12.654"),)),
        *after_suites({2: "17:05:11.196"}),
        run("SynchronizedAfterSuite", 1, "17:05:13.277-17:05:31.704",
            *process_cleanup(1, "17:05:13.278"), *cleanup),
    ]  # fmt: skip
    scn.skips = {0: 8, 1: 6, 2: 2}
    return scn


DELIVERY = "github.com/jordigilh/kubernaut/pkg/notification/delivery"
RECONCILER = "github.com/jordigilh/kubernaut/internal/controller/notification"
TAIL = (
    (
        f"{RECONCILER}.(*NotificationRequestReconciler).handleDeliveryLoop",
        "/workspace/internal/controller/notification/notificationrequest_controller.go:1046",
    ),
    (
        f"{RECONCILER}.(*NotificationRequestReconciler).Reconcile",
        "/workspace/internal/controller/notification/notificationrequest_controller.go:363",
    ),
    *(
        (
            f"sigs.k8s.io/controller-runtime/pkg/internal/controller.(*Controller[...]).{fn}",
            f"{CR}:{n}",
        )
        for fn, n in (
            ("Reconcile", 216),
            ("reconcileHandler", 461),
            ("processNextWorkItem", 421),
            ("Start.func1.1", 296),
        )
    ),
)


def stack(*frames: tuple[str, str]) -> tuple[str, ...]:
    return tuple(line for fn, loc in (*frames, *TAIL) for line in (fn, f"\t{loc}"))


# zap development mode: a stack trace after every ERROR entry, as separate lines
DELIVERY_SRC = "/workspace/pkg/notification/delivery"
FILE_STACK = stack(
    (f"{DELIVERY}.(*FileDeliveryService).Deliver", f"{DELIVERY_SRC}/file.go:128"),
    (f"{DELIVERY}.(*Orchestrator).DeliverToChannels", f"{DELIVERY_SRC}/orchestrator.go:196"),
)
ORCH_STACK = stack(
    (f"{DELIVERY}.(*Orchestrator).DeliverToChannels", f"{DELIVERY_SRC}/orchestrator.go:212"),
)


def terminal_check(phase: str, terminal: bool, ok: int, failed: int) -> Fields:
    return (
        ("phase", phase),
        ("isTerminal", terminal),
        ("successfulDeliveries", ok),
        ("failedDeliveries", failed),
    )


def begin(clog: ControllerLog, t: datetime, rk: Fields, debug: Fields, check: Fields) -> None:
    clog.add(t, "INFO", None, "🔍 RECONCILE START DEBUG", (*rk, *debug))
    clog.add(t + MS, "INFO", None, "🔍 TERMINAL CHECK #1 DEBUG", (*rk, *check))


def who(name: str) -> Fields:
    return (("notification", name), ("namespace", NS))


def delivered(clog: ControllerLog, t: datetime, name: str, channel: str) -> None:
    ok = (*who(name), ("channel", channel))
    clog.add(t, "INFO", "delivery-orchestrator", "Delivery successful", ok)


def console(clog: ControllerLog, t: datetime, name: str) -> None:
    """logrus on stderr, then the message itself on stdout."""
    c = CONTENT[name]
    clog.raw(
        t,
        f'time="{rfc3339(t)}" level=info msg="Notification delivered to console" '
        f'namespace={NS} notification={name} priority={c.priority} subject="{c.subject}" '
        f'timestamp="{rfc3339(t)}" type={c.type}',
        *f"[{c.priority}] [{c.type}] {c.subject}\n{c.body}".split("\n"),
    )
    delivered(clog, t + timedelta(microseconds=3500), name, "console")


def deliver_channel(
    clog: ControllerLog, r: Request, rk: Fields, channel: str, t: datetime, uid: str
) -> None:
    """Log one channel's delivery as the Jan 2026 services do."""
    c = r.content
    if channel == "console":
        console(clog, t, r.name)
        return
    if channel == "file":
        intent = (("filename", r.file_name), ("outputDir", POD_DIR), ("format", "json"))
        clog.add(t, "INFO", None, "Delivering notification to file", (*rk, *who(r.name), *intent))
        path = f"{POD_DIR}/{r.file_name}"
        size = (("filePath", path), ("filesize", file_size(c, r.name)), ("format", "json"))
        msg = "Notification delivered successfully to file"
        clog.add(t + timedelta(microseconds=3100), "INFO", None, msg, (*rk, *who(r.name), *size))
    else:  # log: the channel's message is the notification as JSON
        entry: dict[str, object] = {
            "body": c.body,
            "labels": dict(c.labels),
            "notification_name": r.name,
            "notification_namespace": NS,
            "notification_uid": uid,
            "phase": "Sending",
            "priority": c.priority,
            "subject": c.subject,
            "timestamp": rfc3339(t),
            "type": c.type,
        }
        if c.metadata:
            entry["metadata"] = dict(c.metadata)
        clog.add(t, "INFO", None, json.dumps(entry, sort_keys=True, separators=(",", ":")), rk)
    delivered(clog, t + timedelta(microseconds=3500), r.name, channel)


def phase_logic(
    clog: ControllerLog, t: datetime, rk: Fields, post: tuple[int, int, int], phase: Fields
) -> None:
    attempts, before, channels = post
    debug = (
        ("deliveryAttemptsFromOrchestrator", attempts),
        ("statusDeliveryAttemptsBeforeUpdate", before),
        ("channels", channels),
    )
    clog.add(t, "INFO", None, "🔍 POST-DELIVERY DEBUG (handleDeliveryLoop)", (*rk, *debug))
    clog.add(t + MS, "INFO", None, "🔍 PHASE TRANSITION LOGIC START", (*rk, *phase))


def transition(phase: str, channels: int, ok: int, failed: int) -> Fields:
    return (
        ("currentPhase", phase),
        ("totalChannels", channels),
        ("totalSuccessful", ok),
        ("totalFailed", failed),
    )


def reconcile_init(clog: ControllerLog, name: str, t: datetime) -> None:
    rk = reconcile_keys(clog, name)
    clog.add(t, "INFO", None, "🔍 RECONCILE START DEBUG", (*rk, *start_debug(name, "", 0, 0, 0)))


def reconcile_deliver(clog: ControllerLog, r: Request) -> None:
    """Second reconcile: every channel in spec order, then the atomic status update."""
    rk, uid = reconcile_keys(clog, r.name), clog.uuid()
    n = len(r.content.channels)
    begin(clog, r.deliver, rk, start_debug(r.name, "Pending", 0, 0, 0),
          terminal_check("Pending", False, 0, 0))  # fmt: skip
    cursor = r.deliver + 30 * MS
    for channel in r.content.channels:
        t = r.written if channel == "file" else cursor
        assert t >= cursor - 10 * MS, (r.name, channel)
        deliver_channel(clog, r, rk, channel, t, uid)
        cursor = t + 80 * MS
    end = r.done - 4 * MS
    assert cursor - 75 * MS < end, r.name
    phase_logic(clog, end, rk, (n, 0, n), transition("Sending", n, n, 0))
    clog.add(end + 2 * MS, "INFO", None, "✅ ALL CHANNELS SUCCEEDED → transitioning to Sent", rk)
    completed = (("name", r.name), ("successfulDeliveries", n), ("attemptsRecorded", n))
    msg = "NotificationRequest completed successfully (atomic update)"
    clog.add(r.done, "INFO", None, msg, (*rk, *completed))


def reconcile_recheck(clog: ControllerLog, r: Request) -> None:
    """Third reconcile, triggered by the status update: nothing left to do."""
    rk, n = reconcile_keys(clog, r.name), len(r.content.channels)
    debug = start_debug(r.name, "Sent", 1, n, 0)
    clog.add(r.recheck, "INFO", None, "🔍 RECONCILE START DEBUG", (*rk, *debug))
    done = (
        ("generation", 1),
        ("observedGeneration", 1),
        ("deliveryAttempts", n),
        ("phase", "Sent"),
    )
    msg = "✅ DUPLICATE RECONCILE PREVENTED: Generation already processed"
    clog.add(r.recheck + MS, "INFO", None, msg, (*rk, *done))


def failed_write(clog: ControllerLog, f: FailedFile, rk: Fields, stamp: datetime) -> None:
    """FileDeliveryService.Deliver: os.WriteFile of the temp file fails; the orchestrator logs."""
    name = file_name(f.name, stamp)
    intent = (("filename", name), ("outputDir", POD_DIR), ("format", "json"))
    t = stamp + timedelta(microseconds=52)
    clog.add(t, "INFO", None, "Delivering notification to file", (*rk, *who(f.name), *intent))
    temp = f"{POD_DIR}/{name}.tmp"
    error = f"open {temp}: {f.error}"
    fields = (*rk, *who(f.name), ("tempFile", temp), ("error", error))
    msg = "Failed to write temporary notification file"
    clog.add(t + timedelta(microseconds=870), "ERROR", None, msg, fields, FILE_STACK)
    wrapped = (*who(f.name), ("error", f"failed to write temporary file: {error}"))
    msg = "Delivery failed with retryable error"
    clog.add(t + timedelta(microseconds=1640), "ERROR", "delivery-orchestrator", msg, wrapped,
             ORCH_STACK)  # fmt: skip


def skip_console(clog: ControllerLog, t: datetime, name: str) -> None:
    msg = "Channel already delivered successfully, skipping"
    clog.add(t, "INFO", "delivery-orchestrator", msg, (*who(name), ("channel", "console")))


def reconcile_failed_attempt(clog: ControllerLog, f: FailedFile, i: int) -> None:
    """Attempt i+1 of the file channel: console first (or skipped), the write fails, retry."""
    a, rk = f.attempts[i], reconcile_keys(clog, f.name)
    failed_before = i  # file failures recorded before this reconcile
    if i == 0:
        begin(clog, a.start, rk, start_debug(f.name, "Pending", 0, 0, 0),
              terminal_check("Pending", False, 0, 0))  # fmt: skip
        console(clog, a.start + 30 * MS, f.name)
        post = (2, 0, 2)
    else:
        begin(clog, a.start, rk, start_debug(f.name, "Retrying", 1, 1, failed_before),
              terminal_check("Retrying", False, 1, failed_before))  # fmt: skip
        skip_console(clog, a.start + 2 * MS, f.name)
        post = (1, 1 + failed_before, 2)
    failed_write(clog, f, rk, a.stamp)
    phase = transition("Sending" if i == 0 else "Retrying", 2, 1, 1)
    phase_logic(clog, a.done - 4 * MS, rk, post, phase)
    retry = (
        ("name", f.name),
        ("successfulDeliveries", 1),
        ("failedDeliveries", failed_before + 1),
        ("backoff", go_duration(nanoseconds(a.backoff))),
        ("attemptsRecorded", 2 + i),
    )
    msg = "NotificationRequest entering retry phase (atomic update)"
    clog.add(a.done, "INFO", None, msg, (*rk, *retry))


def reconcile_backoff(clog: ControllerLog, f: FailedFile, i: int) -> None:
    """The reconcile triggered by the status update: too early, requeued."""
    a, rk, failed = f.attempts[i], reconcile_keys(clog, f.name), i + 1
    begin(clog, a.recheck, rk, start_debug(f.name, "Retrying", 1, 1, failed),
          terminal_check("Retrying", False, 1, failed))  # fmt: skip
    retry_at = a.done + a.backoff
    backoff = (
        ("attemptNumber", failed),
        ("lastAttemptTime", rfc3339(a.done)),
        ("nextRetryTime", rfc3339(retry_at)),
        ("remainingBackoff", go_duration(nanoseconds(retry_at - a.recheck, 731402))),
        ("channel", "file"),
    )
    msg = "⏸️ BACKOFF ENFORCEMENT: Too early to retry, requeueing"
    clog.add(a.recheck + 2 * MS, "INFO", None, msg, (*rk, *backoff))


def reconcile_exhausted(clog: ControllerLog, f: FailedFile) -> None:
    """The reconcile after the last backoff: the file channel is out of attempts."""
    rk, failed, n = reconcile_keys(clog, f.name), len(f.attempts), len(f.attempts)
    begin(clog, f.final, rk, start_debug(f.name, "Retrying", 1, 1, failed),
          terminal_check("Retrying", False, 1, failed))  # fmt: skip
    skip_console(clog, f.final + 2 * MS, f.name)
    limit = (*who(f.name), ("channel", "file"), ("attempts", n), ("maxAttempts", n))
    msg = "Max retry attempts reached for channel"
    clog.add(f.final + 2 * MS, "INFO", "delivery-orchestrator", msg, limit)
    phase_logic(clog, f.final_done - 4 * MS, rk, (0, 1 + failed, 2),
                transition("Retrying", 2, 1, 1))  # fmt: skip
    partial = (
        ("name", f.name),
        ("successfulDeliveries", 1),
        ("failedDeliveries", failed),
        ("attemptsRecorded", 1 + failed),
    )
    msg = "NotificationRequest partially completed (atomic update)"
    clog.add(f.final_done, "INFO", None, msg, (*rk, *partial))
    rk = reconcile_keys(clog, f.name)
    begin(clog, f.final_recheck, rk, start_debug(f.name, "PartiallySent", 1, 1, failed),
          terminal_check("PartiallySent", True, 1, failed))  # fmt: skip


def render_controller(scn: Scenario) -> str:
    if scn.controller_text is not None:
        return scn.controller_text
    assert scn.controller_start is not None
    clog = ControllerLog(zlib.crc32(scn.slug.encode()))
    startup(clog, scn.controller_start)
    blocks: list[tuple[datetime, Callable[[], None]]] = []
    for r in scn.requests:
        blocks += [
            (r.init, partial(reconcile_init, clog, r.name, r.init)),
            (r.deliver, partial(reconcile_deliver, clog, r)),
            (r.recheck, partial(reconcile_recheck, clog, r)),
        ]
    for f in scn.failed_files:
        blocks.append((f.init, partial(reconcile_init, clog, f.name, f.init)))
        for i, a in enumerate(f.attempts):
            blocks += [
                (a.start, partial(reconcile_failed_attempt, clog, f, i)),
                (a.recheck, partial(reconcile_backoff, clog, f, i)),
            ]
        blocks.append((f.final, partial(reconcile_exhausted, clog, f)))
    for _, write in sorted(blocks, key=lambda b: b[0]):
        write()
    times = [t for t, _, _ in clog.lines]
    assert times == sorted(times), f"{scn.slug}: controller lines out of order"
    return clog.text()


# ---------------------------------------------------------------------------------------------
# ginkgo.log
# ---------------------------------------------------------------------------------------------
def hierarchy(run: Run, highlight: str) -> str:
    """codeLocationBlock's first line: containers alternate reset/gray, the leaf highlighted."""
    if isinstance(run.node, str):
        texts = [f"[{run.node}] "]
    else:
        spec = SPECS[run.node]
        failed_in_it = run.failure is not None and run.failure.node == "It"
        texts = [*spec.containers, ("[It] " if failed_in_it else "") + spec.leaf]
    line = ""
    for i, text in enumerate(texts):
        last = i == len(texts) - 1
        style = highlight + BOLD if last else (GRAY if i % 2 else RESET)
        line += style + text + (RESET if last else " ")
    return line


def location(run: Run, line: int | None = None) -> str:
    if isinstance(run.node, str):
        return f"{SUITE_DIR}/{SUITE_FILE}:{line or SUITE_NODES[run.node]}"
    spec = SPECS[run.node]
    return f"{SUITE_DIR}/{spec.file}:{line or spec.line}"


class Console(IncidentConsole):
    """Line buffer for one ginkgo.log: test-side stamps shifted by the test clock's skew."""

    def __init__(self, skew: timedelta) -> None:
        super().__init__()
        self.skew = skew

    def stamp(self, t: datetime) -> str:
        return ginkgo_stamp(t + self.skew)

    def event(self, run: Run, ev: Event) -> None:
        if isinstance(ev, Step):
            self.add(f"  {BOLD}STEP:{RESET} {ev.text} {GRAY}@ {self.stamp(ev.t)}{RESET}")
        elif isinstance(ev, Log):
            name = ev.logger or logger_name(run.process)
            self.add("  " + test_logger_line(ev.t + self.skew, name, ev.msg, ev.fields))
        elif isinstance(ev, Out):
            self.add(*indent(ev.text))
        elif isinstance(ev, Fail):  # emitShortFailure
            where, stamp = location(run, ev.line), self.stamp(ev.t)
            self.add(f"  {RED}[FAILED]{RESET} in [{ev.node}] - {where} {GRAY}@ {stamp}{RESET}")
        else:  # SpecEventSpecRetry: "\n{{bold}}Attempt #%d {{red}}Failed{{/}}..." at indent 1
            retrying = f"{BOLD}.  Retrying ↺{RESET} {GRAY}@ {self.stamp(ev.t)}{RESET}"
            self.add("", f"  {BOLD}Attempt #{ev.attempt} {RED}Failed{RESET}{retrying}", "")


def header(run: Run) -> str:
    runtime = f"[{(run.end - run.start).total_seconds():.3f} seconds]"
    if isinstance(run.node, str):
        if run.failure:
            return f"{RED}[{run.node}] [FAILED] {runtime}{RESET}"
        return f"{GREEN}[{run.node}] PASSED {runtime}{RESET}"
    if run.failure:
        return f"{RED}• [FAILED] {runtime}{RESET}"
    if run.attempts > 1:
        return f"{GREEN}↺ [FLAKEY TEST - TOOK {run.attempts} ATTEMPTS TO PASS] {runtime}{RESET}"
    return f"{GREEN}• {runtime}{RESET}"


def parallel_block(con: Console, run: Run) -> None:
    """DidRun under --procs=N: the whole node, printed when it finished."""
    color = RED if run.failure else GREEN
    con.delimiter()
    con.add(header(run), hierarchy(run, color), GRAY + location(run) + RESET)
    # -v hides a timeline that holds nothing but the failure (shown below anyway)
    if any(not isinstance(ev, Fail) for ev in run.events):
        con.add("", f"  {GRAY}Timeline >>{RESET}")
        for ev in run.events:
            con.event(run, ev)
        con.add(f"  {GRAY}<< Timeline{RESET}")
    if run.failure:
        f = run.failure
        where, stamp = location(run, f.line), con.stamp(f.t)
        con.add("", *indent(f"{RED}[FAILED] {f.message}{RESET}"))
        con.add(
            f"  {RED}In {BOLD}[{f.node}]{RESET}{RED} at: {BOLD}{where}{RESET} "
            f"{GRAY}@ {stamp}{RESET}"
        )
    con.delimiter()


def render_ginkgo(scn: Scenario) -> str:
    con = Console(scn.skew)
    title = f"Running Suite: Notification E2E Suite - {SUITE_DIR}"
    con.add(title, "=" * len(title), f"Random Seed: {BOLD}{scn.seed}{RESET}", "")
    con.add(f"Will run {BOLD}{scn.will_run}{RESET} of {BOLD}{TOTAL_SPECS}{RESET} specs")
    con.add(f"Running in parallel across {BOLD}{scn.procs}{RESET} processes")
    for i, r in enumerate(sorted(scn.runs, key=lambda r: (r.end, r.process))):
        parallel_block(con, r)
        for _ in range(scn.skips.get(i, 0)):
            con.skipped()

    failed = [r for r in scn.runs if r.failure]
    if scn.failure_order:
        failed.sort(key=lambda r: scn.failure_order.index(r.process))
    else:
        failed.sort(key=lambda r: r.end)
    if failed:
        count = f"{len(failed)} Failures" if len(failed) > 1 else "1 Failure"
        con.add("", f"{RED}{BOLD}Summarizing {count}:{RESET}")
        for r in failed:
            assert r.failure is not None
            con.add(f"  {RED}[FAIL]{RESET} {hierarchy(r, RED)}")
            con.add(f"  {GRAY}{location(r, r.failure.line)}{RESET}")

    specs = scn.spec_runs
    n_failed = sum(r.failure is not None for r in specs)
    n_passed, n_flaked = len(specs) - n_failed, sum(r.attempts > 1 for r in specs)
    skipped = TOTAL_SPECS - len(specs)
    ok = not failed
    color, status = (f"{GREEN}{BOLD}", "SUCCESS!") if ok else (f"{RED}{BOLD}", "FAIL!")
    runtime = (scn.suite_end - scn.suite_start).total_seconds()
    con.add("", f"{color}Ran {len(specs)} of {TOTAL_SPECS} Specs in {runtime:.3f} seconds{RESET}")
    if not specs and failed:
        skipped_all = f"{CYAN}{BOLD}A BeforeSuite node failed so all tests were skipped.{RESET}"
        con.add(f"{color}{status}{RESET} -- {skipped_all}")
    else:
        flaked = f"{LIGHT_YELLOW}{BOLD}{n_flaked} Flaked{RESET} | " if n_flaked else ""
        con.add(
            f"{color}{status}{RESET} -- {GREEN}{BOLD}{n_passed} Passed{RESET} | "
            f"{RED}{BOLD}{n_failed} Failed{RESET} | {flaked}{YELLOW}{BOLD}0 Pending{RESET} | "
            f"{CYAN}{BOLD}{skipped} Skipped{RESET}"
        )
    took = go_duration(nanoseconds(scn.cli_end - scn.cli_start, 112))
    if ok:
        con.add("", f"Ginkgo ran 1 suite in {took}", "Test Suite Passed")
    else:
        con.add("", f"Ginkgo ran 1 suite in {took}", "", "Test Suite Failed")
    return con.text()


# ---------------------------------------------------------------------------------------------
# Consistency checks
# ---------------------------------------------------------------------------------------------
def check(scn: Scenario) -> None:
    for r in scn.runs:
        timed = r.timed
        assert timed == sorted(timed), (scn.slug, r.node, "stamps out of order")
        assert all(r.start <= t <= r.end for t in timed), (scn.slug, r.node, r.process)
        assert scn.suite_start <= r.start and r.end <= scn.suite_end, (scn.slug, r.node)
    for process in range(1, scn.procs + 1):
        mine = sorted((r for r in scn.runs if r.process == process), key=lambda r: r.start)
        for a, b in itertools.pairwise(mine):
            assert a.end <= b.start, (scn.slug, process, a.node, b.node)
    for r in scn.spec_runs:
        for wait in r.waits:
            if not scn.writes(wait.key):  # never written: the wait can only time out
                assert wait.deadline is not None and r.attempts == 1, wait.key
                continue
            w = scn.writes(wait.key)[wait.write]
            later = [t for t in r.timed if t > wait.step]
            if wait.seen is not None:
                assert w.written < w.visible <= wait.seen, (scn.slug, wait.key)
                assert wait.seen <= (later[0] if later else r.end), (scn.slug, wait.key)
                assert (wait.seen - wait.step).total_seconds() < 5.0, (scn.slug, wait.key)
            else:
                assert wait.deadline is not None and w.written < wait.deadline, wait.key
                assert w.visible > wait.deadline - 400 * MS, (scn.slug, wait.key, "seen")
    removed: set[tuple[str, datetime]] = set()
    logs = [
        ev
        for r in scn.spec_runs
        for ev in r.events
        if isinstance(ev, Log) and ev.msg == "Cleaned up test files"
    ]
    for ev in sorted(logs, key=lambda ev: ev.t):
        fields = dict(ev.fields)
        prefix = str(fields["pattern"]).rsplit("/", 1)[1].removesuffix("*.json")
        hits = {
            (q.name, q.written)
            for q in scn.requests
            if q.visible <= ev.t and q.file_name.startswith(prefix)
        } - removed
        assert fields["count"] == len(hits), (scn.slug, ev.t, hits)
        removed |= hits
    for f in scn.failed_files:
        stamps = [a.stamp for a in f.attempts]
        others = [q.written for q in scn.requests]
        assert not any(stamps[0] <= t <= stamps[-1] for t in others), "write in the ENOSPC window"


# ---------------------------------------------------------------------------------------------
# README.md
# ---------------------------------------------------------------------------------------------
def utc(t: datetime) -> str:
    return t.strftime("%H:%M:%S.%f")


def est(t: datetime) -> str:
    return t.astimezone(EST).strftime("%H:%M:%S.%f")[:-3]


def file_table(scn: Scenario) -> list[str]:
    skewed = scn.skew != ZERO
    head = "| key | written (UTC, file name) | wait STEP (EST, as printed) |"
    head += " wait STEP (true EST) |" if skewed else ""
    head += " next stamp or deadline (EST, as printed) | outcome |"
    rows = [head, "|" + "---|" * head.count(" |")]
    for r in sorted(scn.spec_runs, key=lambda r: r.start):
        for w in r.waits:
            writes = scn.writes(w.key)
            written = f"{utc(writes[w.write].written)}" if writes else "never (3 attempts failed)"
            later = [t for t in r.timed if t > w.step]
            if w.seen is not None:
                nxt = est(later[0] + scn.skew) if later else f"{est(r.end + scn.skew)} (end)"
                outcome = "seen"
            else:
                assert w.deadline is not None
                nxt = f"`[FAILED]` {est(w.deadline + scn.skew)}"
                outcome = "**not seen**" if writes else "**not written**"
            if r.attempts > 1:
                outcome += f" (attempt {2 if w.write else 1})"
            true_step = f" {est(w.step)} |" if skewed else ""
            rows.append(
                f"| `{w.key}` | {written} | {est(w.step + scn.skew)} |{true_step} {nxt} | "
                f"{outcome} |"
            )
    return rows


COMMON_FILES = """\
Files (in `logs/`):
- `controller.log`: `kubectl logs` of the Notification controller: zap console (development
  mode, UTC, one-second stamps), with the console channel's logrus and stdout lines and the log
  channel's JSON messages.
- `ginkgo.log`: Ginkgo v2 console output (`ginkgo -v --procs={procs}`) with colours, each node
  printed whole when it finished. Ginkgo stamps are local EST (UTC-5) without a zone; the suite
  logger's lines carry `-0500` and `notification-e2e-test-process-N`.{skips}"""
SKIP_NOTE = """
  `--focus` leaves {run} of 19 specs; the processes report the other {skipped} as `S` when they
  reach them."""
PRODUCED = (
    "Produced by `python samples/generate_failure_modes.py` (deterministic; do not edit by hand).\n"
)

README_NOT_WRITTEN = """\
# not-written: the controller never writes one file; the spec waits for it in vain

A focused run of 4 specs on 4 processes (2026-01-10, 16:07:02-16:13:04 UTC). 3 pass, 1 fails:
Priority-Based Routing Scenario 1 (process 3), whose file `e2e-priority-critical` is never
written.

{files}

Facts encoded:
- The node's `/tmp` is full from 16:11:54.9 to 16:11:58.4 UTC. The controller logs
  `Delivering notification to file` for `e2e-priority-critical` (file stamp 16:11:54.962431),
  then `Failed to write temporary notification file` (ERROR, `tempFile` and `error`: `open
  /tmp/notifications/notification-e2e-priority-critical-20260110-161154.962431.json.tmp: no
  space left on device`) and `delivery-orchestrator` `Delivery failed with retryable error` (ERROR,
  `failed to write temporary file: …`), each followed by a Go stack trace. Backoffs 1 s and 2 s:
  the same failure at 16:11:56.147902 and 16:11:58.305517 (each attempt a new name). After the
  4 s backoff, at 16:12:02 UTC, `Max retry attempts reached for channel` (`"channel": "file",
  "attempts": 3, "maxAttempts": 3`) and `NotificationRequest partially completed` (console
  delivered, file not).
- The spec's file wait (`Verifying file audit trail was created`, 11:11:55.114 EST) times out:
  `[FAILED]` at 11:12:00.121 EST (`Timed out after 5.001s.` / `File should be created in pod
  within 5 seconds`, 07_priority_routing_test.go:141). No write exists for the key before or
  after the deadline.
- The three other files are written before the full-disk window and seen {seen_gaps} after
  their writes; each spec prints nothing that names its key (the pack maps spec to key).
- Cleanup counts: Priority Scenario 3's AfterEach (11:11:55.571 EST) removes its own file;
  Scenario 1's (11:12:00.283 EST) removes `e2e-priority-validation`'s, already seen by then.
- Known deviation from the real test: in the January test the spec first waits for phase `Sent`
  and checks `SuccessfulDeliveries == 2`, which a failed file channel never satisfies; here, as
  the scenario asks, those steps pass and the spec fails on its file wait.

{table}

Expected verdicts: `not-written` for Priority-Based Routing Scenario 1 (no write for
`e2e-priority-critical`; delivery error `no space left on device`, 3 attempts, retries
exhausted). The other three specs pass; their three writes are `observed` (bracketed).

{produced}"""

README_INFRASTRUCTURE = """\
# infrastructure: suite setup fails, no spec runs

The whole suite on 4 processes (2026-01-10, 16:20:20-16:25:48 UTC). Process 1's
`[SynchronizedBeforeSuite]` fails after 267 s while loading the AuthWebhook image into Kind;
Ginkgo skips all 19 specs.

Files (in `logs/`):
- `controller.log`: the one line the CI step that saves `kubectl logs` got back. The controller
  was never deployed (setup stopped before `DeployNotificationController`), so there is no
  controller output at all.
- `ginkgo.log`: Ginkgo v2 console output (`ginkgo -v --procs=4`) with colours. Stamps are local
  EST (UTC-5) without a zone; the setup logger's lines carry `-0500` and `notification-e2e-test`.

Facts encoded (Ginkgo v2 wording from internal/suite.go, types/errors.go and
reporters/default_reporter.go):
- Process 1's timeline: the suite banner, PHASE 1 (images built), PHASE 2 (Kind cluster
  created), PHASE 3: `LoadImageToKind` for both images in parallel; `kind load image-archive`
  for the AuthWebhook fails (`ERROR: failed to load image: command "podman exec … ctr … images
  import …" failed with error: exit status 1`, `no space left on device` in containerd's ingest
  directory), then `❌ AuthWebhook load failed: failed to load image to Kind: exit status 1`.
  `CreateNotificationCluster` returns `image loads failed: [failed to load image to Kind: exit
  status 1]` and `Expect(err).ToNot(HaveOccurred())` fails: `[FAILED] in
  [SynchronizedBeforeSuite] - …/notification_e2e_suite_test.go:131 @ 01/10/26 11:24:58.742`,
  header `[SynchronizedBeforeSuite] [FAILED] [267.153 seconds]`, failure `Unexpected error: …`.
- Processes 2-4 wait for process 1, then fail with `SynchronizedBeforeSuite failed on Ginkgo
  parallel process #1` / `The first SynchronizedBeforeSuite function running on Ginkgo parallel
  process #1 failed.  This suite will now abort.` (location `:82`, no timeline: nothing but the
  failure).
- No spec is run or reported, so no `S` is printed (Ginkgo only reports specs after a
  successful BeforeSuite). `[SynchronizedAfterSuite]` still runs on every process; process 1's
  deletes the cluster (`⚠️  Setup failure detected (k8sClient is nil)`, logs exported) and
  fails to remove an image `LoadImageToKind` had already removed.
- Summary: `Summarizing 4 Failures:` (the four suite nodes, processes 2-4 first as their
  reports arrive first), `Ran 0 of 19 Specs in 316.398 seconds`, `FAIL! -- A BeforeSuite node
  failed so all tests were skipped.`, `Test Suite Failed`.
- No file is written or observed.

Expected verdicts: one `infrastructure` verdict for the suite setup (signature `failed to load
image to Kind`, evidence on process 1's node); no spec verdicts (0 of 19 specs ran).

{produced}"""

README_FLAKY = """\
# flaky: a spec fails its file wait once, then passes on retry

A focused run of 3 specs on 2 processes (2026-01-10, 16:35:31-16:40:40 UTC). All pass; Priority
Scenario 3 (process 2, `FlakeAttempts(2)`) needs two attempts.

{files}

Facts encoded:
- Attempt 1 creates `e2e-priority-high-multi`; the controller writes its file at 16:40:12.550113
  UTC, 0.55 s before the wait STEP (11:40:13.103 EST). The file becomes visible only at
  16:40:18.200 UTC (a stalled sync), after the deadline: `[FAILED] in [It] - …:332 @ 01/10/26
  11:40:18.11` in the timeline. The AfterEach (11:40:18.262 EST) removes it (`count: 1`), then
  `Attempt #1 Failed.  Retrying ↺ @ 01/10/26 11:40:18.268`.
- Attempt 2 recreates the request under the same name; the controller writes a second file
  with a new stamp, 16:40:18.693627 UTC, seen 1.66 s later within the new wait.
- Ginkgo v2 prints the passed spec with header `↺ [FLAKEY TEST - TOOK 2 ATTEMPTS TO PASS]
  [9.109 seconds]`, the leaf without `[It]`, one timeline holding both attempts, and no failure
  block; attempt 1's failure only as the short `[FAILED] in [It]` line. Footer: `SUCCESS! --
  3 Passed | 0 Failed | 1 Flaked | 0 Pending | 16 Skipped`.
- Assumed: attempt 1's NotificationRequest is deleted before the retry creates it again (the
  January spec does not delete it; a retry would otherwise fail on `AlreadyExists`). The
  deletion logs nothing.

{table}

Expected verdicts: `flaky` for Priority-Based Routing Scenario 3 (attempt 1: its write is
`unobserved`, deadline 11:40:18.110 EST, written 5.56 s before it; attempt 2: a new write of the
same key, `observed`). The two other specs pass; their writes are `observed`.

{produced}"""

README_SKEWED = """\
# skewed-clock: everything passes, but the test machine's clock is 7.5 s behind

A focused run of 3 specs on 2 processes (2026-01-10, 17:00:41-17:05:32 UTC, controller time).
All pass. The test machine's clock runs 7.5 s behind the controller's: every test-side stamp
(Ginkgo `@ …` stamps, the suite logger's `-0500` stamps, the random seed) is 7.5 s early, so by
the raw stamps the tests see files before they are written.

{files}

Facts encoded:
- The run was generated in true time, then 7.5 s subtracted from every test-side stamp;
  controller stamps and file-name stamps are true UTC.
- Two specs print a debug line from the suite logger after `WaitForFileInPod` returned (added to
  the spec for this investigation, not in the January code), naming the file they copied:
  `Found notification file
  {{"file": "notification-e2e-priority-critical-20260110-170509.013374.json"}}` at
  `2026-01-10T12:05:03.672-0500` (true 12:05:11.172 EST, 2.16 s after the write at
  17:05:09.013374 UTC; raw, 5.34 s *before* it), and the same for `e2e-multi-channel-fanout`
  (raw 12:05:05.750 EST, true 12:05:13.250; write 17:05:10.991655 UTC). These are exact
  observations whose raw time precedes the write.
- The three wait STEPs, as printed, come before their files' writes too (by {step_leads}).
- Priority Scenario 1's AfterEach removes two files (its own and `e2e-priority-validation`'s,
  both already seen).

{table}

Expected verdicts: none (all pass). Expected warnings: observations before their writes, a
test clock about 7.5 s behind the controller's (or a wrong zone), with no negative latency
reported as real. True gaps: the polls found the files {seen_gaps} after the writes; the two
`Found notification file` lines came 2.16 s and 2.26 s after theirs.

{produced}"""


def render_readme(scn: Scenario) -> str:
    template = {
        "not-written": README_NOT_WRITTEN,
        "infrastructure": README_INFRASTRUCTURE,
        "flaky": README_FLAKY,
        "skewed-clock": README_SKEWED,
    }[scn.slug]
    skipped = TOTAL_SPECS - scn.will_run
    skips = SKIP_NOTE.format(run=scn.will_run, skipped=skipped) if skipped else ""
    files = COMMON_FILES.format(procs=scn.procs, skips=skips)
    table = "\n".join(file_table(scn))
    return template.format(
        files=files,
        table=table,
        produced=PRODUCED,
        seen_gaps=span_s(
            w.seen - scn.writes(w.key)[w.write].written
            for r in scn.spec_runs
            for w in r.waits
            if w.seen is not None
        ),
        step_leads=span_s(
            scn.writes(w.key)[w.write].written - (w.step + scn.skew)
            for r in scn.spec_runs
            for w in r.waits
            if scn.writes(w.key)
        ),
    )


def span_s(deltas: Iterable[timedelta]) -> str:
    values = sorted(d.total_seconds() for d in deltas)
    return f"{values[0]:.1f}-{values[-1]:.1f} s" if values else "-"


def main() -> None:
    for scn in (not_written(), infrastructure(), flaky(), skewed_clock()):
        check(scn)
        target = HERE / scn.slug
        (target / "logs").mkdir(parents=True, exist_ok=True)
        (target / "logs" / "controller.log").write_text(render_controller(scn), encoding="utf-8")
        (target / "logs" / "ginkgo.log").write_text(render_ginkgo(scn), encoding="utf-8")
        (target / "README.md").write_text(render_readme(scn), encoding="utf-8")
        print(f"wrote samples/{scn.slug}/logs/controller.log, logs/ginkgo.log, README.md")


if __name__ == "__main__":
    main()
