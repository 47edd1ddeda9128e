"""The controller's log: ``kubectl logs`` of the Notification controller pod.

controller-runtime zap console (development mode, UTC, one-second stamps), with the console
channel's logrus and stdout lines, the log channel's JSON messages, and Go stack traces after
ERROR lines. One reconcile worker: each request is initialised, delivered, then rechecked when
its status update comes back; a failed file channel is retried with backoff, then given up.
"""

from __future__ import annotations

import json
import random
import uuid
import zlib
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

from samples.gen.model import FailedFile, Request, Scenario, file_name
from samples.gen.suite import EMAIL_ERROR, LONG_KEY, NS, POD_DIR, content
from samples.gen.timefmt import MS, go_duration, nanoseconds, rfc3339
from samples.gen.zap import Fields, Raw, zap_line

STDOUT, STDERR = "stdout", "stderr"
CONTROLLER_KEYS: Fields = (
    ("controller", "notificationrequest"),
    ("controllerGroup", "kubernaut.ai"),
    ("controllerKind", "NotificationRequest"),
)
CR = "/go/pkg/mod/sigs.k8s.io/controller-runtime@v0.22.4/pkg/internal/controller/controller.go"
DELIVERY = "github.com/jordigilh/kubernaut/pkg/notification/delivery"
DELIVERY_SRC = "/workspace/pkg/notification/delivery"
RECONCILER = "github.com/jordigilh/kubernaut/internal/controller/notification"
RECONCILER_SRC = "/workspace/internal/controller/notification/notificationrequest_controller.go"
TAIL = (
    (f"{RECONCILER}.(*NotificationRequestReconciler).handleDeliveryLoop", f"{RECONCILER_SRC}:1046"),
    (f"{RECONCILER}.(*NotificationRequestReconciler).Reconcile", f"{RECONCILER_SRC}:363"),
    *(
        (f"sigs.k8s.io/controller-runtime/pkg/internal/controller.(*Controller[...]).{fn}",
         f"{CR}:{n}")
        for fn, n in (("Reconcile", 216), ("reconcileHandler", 461), ("processNextWorkItem", 421),
                      ("Start.func1.1", 296))
    ),
)  # fmt: skip


def stack(*frames: tuple[str, str]) -> tuple[str, ...]:
    """zap development mode: a stack trace after every ERROR entry, as separate lines."""
    return tuple(line for fn, loc in (*frames, *TAIL) for line in (fn, f"\t{loc}"))


ORCHESTRATOR = (f"{DELIVERY}.(*Orchestrator).DeliverToChannels", f"{DELIVERY_SRC}/orchestrator.go")
FILE_STACK = stack(
    (f"{DELIVERY}.(*FileDeliveryService).Deliver", f"{DELIVERY_SRC}/file.go:128"),
    (ORCHESTRATOR[0], f"{ORCHESTRATOR[1]}:196"),
)
ORCH_STACK = stack((ORCHESTRATOR[0], f"{ORCHESTRATOR[1]}:212"))


class ControllerLog:
    """Lines of one controller pod in time order, each with the stream it went to."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.lines: list[tuple[datetime, str, str]] = []  # (time, stream, line)

    def uuid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def add(self, t: datetime, level: str, logger: str | None, msg: str, fields: Fields = (),
            extra: tuple[str, ...] = ()) -> None:  # fmt: skip
        self.lines.append((t, STDERR, zap_line(rfc3339(t), level, logger, msg, fields)))
        self.raw(t, *extra)

    def raw(self, t: datetime, *lines: str, stream: str = STDERR) -> None:
        self.lines += [(t, stream, line) for line in lines]

    def text(self) -> str:
        return "".join(line + "\n" for _, _, line in self.lines)


def startup(clog: ControllerLog, t0: datetime) -> None:
    setup = (("metricsAddr", ":9090"), ("probeAddr", ":8081"), ("leaderElection", False))
    clog.add(t0, "INFO", "setup", "Starting Notification Controller", setup)
    file_service = (("output_dir", POD_DIR), ("format", "json"), ("timeout", "5s"))
    clog.add(t0 + 3 * MS, "INFO", "setup", "File delivery service initialized", file_service)
    channels = ["console", "slack", "file", "log"]
    for i, channel in enumerate(channels):
        clog.add(t0 + (4 + i) * MS, "INFO", "delivery-orchestrator", "Registered delivery channel",
                 (("channel", channel),))  # fmt: skip
    clog.add(t0 + 9 * MS, "INFO", "setup", "Registered channels", (("channels", channels),))
    clog.add(t0 + 11 * MS, "INFO", "setup", "starting manager")
    clog.add(t0 + 13 * MS, "INFO", "controller-runtime.metrics", "Starting metrics server")
    probe = (("name", "health probe"), ("addr", "[::]:8081"))
    clog.add(t0 + 14 * MS, "INFO", None, "starting server", probe)
    serving = (("bindAddress", ":9090"), ("secure", False))
    clog.add(t0 + 15 * MS, "INFO", "controller-runtime.metrics", "Serving metrics server", serving)
    for source in ("kind source: *v1alpha1.NotificationRequest", "kind source: *v1.ConfigMap"):
        fields = (*CONTROLLER_KEYS, ("source", source))
        clog.add(t0 + 17 * MS, "INFO", None, "Starting EventSource", fields)
    clog.add(t0 + 18 * MS, "INFO", None, "Starting Controller", CONTROLLER_KEYS)
    workers = (*CONTROLLER_KEYS, ("worker count", 1))
    clog.add(t0 + 1121 * MS, "INFO", None, "Starting workers", workers)


def reconcile_keys(clog: ControllerLog, name: str) -> Fields:
    ref = Raw(json.dumps({"name": name, "namespace": NS}, separators=(",", ":")))
    return (*CONTROLLER_KEYS, ("NotificationRequest", ref), ("namespace", NS), ("name", name),
            ("reconcileID", clog.uuid()))  # fmt: skip


def start_debug(name: str, phase: str, observed: int, ok: int, failed: int) -> Fields:
    return (("name", name), ("generation", 1), ("observedGeneration", observed), ("phase", phase),
            ("successfulDeliveries", ok), ("failedDeliveries", failed),
            ("totalAttempts", ok + failed), ("deliveryAttemptCount", ok + failed))  # fmt: skip


def terminal_check(phase: str, terminal: bool, ok: int, failed: int) -> Fields:
    return (("phase", phase), ("isTerminal", terminal), ("successfulDeliveries", ok),
            ("failedDeliveries", failed))  # fmt: skip


def transition(phase: str, channels: int, ok: int, failed: int) -> Fields:
    return (("currentPhase", phase), ("totalChannels", channels), ("totalSuccessful", ok),
            ("totalFailed", failed))  # fmt: skip


def who(name: str) -> Fields:
    return (("notification", name), ("namespace", NS))


def begin(clog: ControllerLog, t: datetime, rk: Fields, debug: Fields, check: Fields) -> None:
    clog.add(t, "INFO", None, "🔍 RECONCILE START DEBUG", (*rk, *debug))
    clog.add(t + MS, "INFO", None, "🔍 TERMINAL CHECK #1 DEBUG", (*rk, *check))


def phase_logic(clog: ControllerLog, t: datetime, rk: Fields, post: tuple[int, int, int],
                phase: Fields) -> None:  # fmt: skip
    attempts, before, channels = post
    debug = (("deliveryAttemptsFromOrchestrator", attempts),
             ("statusDeliveryAttemptsBeforeUpdate", before), ("channels", channels))  # fmt: skip
    clog.add(t, "INFO", None, "🔍 POST-DELIVERY DEBUG (handleDeliveryLoop)", (*rk, *debug))
    clog.add(t + MS, "INFO", None, "🔍 PHASE TRANSITION LOGIC START", (*rk, *phase))


def file_size(name: str) -> int:
    c = content(name)
    extra = 20 * (len(c.labels) + len(c.metadata))
    return 1500 + zlib.crc32(name.encode()) % 800 + extra


def delivered_document(r: Request, uid: str, t: datetime) -> str:
    """The notification as the file service writes it (compact JSON)."""
    c = content(r.name)
    doc = {"name": r.name, "namespace": NS, "uid": uid, "type": c.type, "priority": c.priority,
           "subject": c.subject, "body": c.body, "channels": list(c.channels),
           "labels": dict(c.labels), "metadata": dict(c.metadata),
           "timestamp": rfc3339(t)}  # fmt: skip
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":"))


def console(clog: ControllerLog, t: datetime, name: str) -> None:
    """The console service's logrus line, then the message itself: stdout."""
    c = content(name)
    clog.raw(
        t,
        f'time="{rfc3339(t)}" level=info msg="Notification delivered to console" '
        f'namespace={NS} notification={name} priority={c.priority} subject="{c.subject}" '
        f'timestamp="{rfc3339(t)}" type={c.type}',
        *f"[{c.priority}] [{c.type}] {c.subject}\n{c.body}".split("\n"),
        stream=STDOUT,
    )


def deliver_channel(clog: ControllerLog, r: Request, rk: Fields, channel: str, t: datetime,
                    uid: str) -> None:  # fmt: skip
    """Log one channel's delivery as the Jan 2026 services do."""
    c = content(r.name)
    if channel == "console":
        console(clog, t, r.name)
    elif channel == "file":
        intent = (("filename", r.file_name), ("outputDir", POD_DIR), ("format", "json"))
        clog.add(t, "INFO", None, "Delivering notification to file", (*rk, *who(r.name), *intent))
        path = f"{POD_DIR}/{r.file_name}"
        size: Fields = (("filePath", path), ("filesize", file_size(r.name)), ("format", "json"))
        if r.name == LONG_KEY:  # the document written, logged whole: over 16 KiB
            document = delivered_document(r, uid, t)
            size = (*size[:1], ("filesize", len(document.encode())), *size[2:])
            size += (("message", document),)
        msg = "Notification delivered successfully to file"
        clog.add(t + timedelta(microseconds=3100), "INFO", None, msg, (*rk, *who(r.name), *size))
    elif channel == "log":  # the log channel's message is the notification as JSON
        entry: dict[str, object] = {
            "body": c.body, "notification_name": r.name, "notification_namespace": NS,
            "notification_uid": uid, "phase": "Sending", "priority": c.priority,
            "subject": c.subject, "timestamp": rfc3339(t), "type": c.type,
        }  # fmt: skip
        if c.labels:
            entry["labels"] = dict(c.labels)
        if c.metadata:
            entry["metadata"] = dict(c.metadata)
        clog.add(t, "INFO", None, json.dumps(entry, sort_keys=True, separators=(",", ":")), rk)
    else:  # email: no service registered in the E2E deployment
        msg = "Delivery failed with retryable error"
        fields = (*who(r.name), ("error", EMAIL_ERROR))
        clog.add(t, "ERROR", "delivery-orchestrator", msg, fields, ORCH_STACK)
        return
    ok = (*who(r.name), ("channel", channel))
    t += timedelta(microseconds=3500)
    clog.add(t, "INFO", "delivery-orchestrator", "Delivery successful", ok)


def backoff(clog: ControllerLog, rk: Fields, t: datetime, done: datetime, wait: timedelta,
            attempt: int, channel: str) -> None:  # fmt: skip
    retry_at = done + wait
    fields = (("attemptNumber", attempt), ("lastAttemptTime", rfc3339(done)),
              ("nextRetryTime", rfc3339(retry_at)),
              ("remainingBackoff", go_duration(nanoseconds(retry_at - t, 731402))),
              ("channel", channel))  # fmt: skip
    msg = "⏸️ BACKOFF ENFORCEMENT: Too early to retry, requeueing"
    clog.add(t + 2 * MS, "INFO", None, msg, (*rk, *fields))


def init(clog: ControllerLog, name: str, t: datetime) -> None:
    rk = reconcile_keys(clog, name)
    clog.add(t, "INFO", None, "🔍 RECONCILE START DEBUG", (*rk, *start_debug(name, "", 0, 0, 0)))


def deliver(clog: ControllerLog, r: Request) -> None:
    """Second reconcile: every channel in spec order, then the atomic status update."""
    rk, uid = reconcile_keys(clog, r.name), clog.uuid()
    channels = content(r.name).channels
    n, failed = len(channels), sum(ch == "email" for ch in channels)
    begin(clog, r.deliver, rk, start_debug(r.name, "Pending", 0, 0, 0),
          terminal_check("Pending", False, 0, 0))  # fmt: skip
    cursor = r.deliver + 30 * MS
    for channel in channels:
        t = r.written if channel == "file" and r.written else cursor
        assert t >= cursor - 10 * MS, (r.name, channel)
        deliver_channel(clog, r, rk, channel, t, uid)
        cursor = t + 80 * MS
    end = r.done - 4 * MS
    assert cursor - 75 * MS < end, r.name
    phase_logic(clog, end, rk, (n, 0, n), transition("Sending", n, n - failed, failed))
    if failed:
        retry = (("name", r.name), ("successfulDeliveries", n - failed),
                 ("failedDeliveries", failed), ("backoff", "30s"),
                 ("attemptsRecorded", n))  # fmt: skip
        msg = "NotificationRequest entering retry phase (atomic update)"
        clog.add(r.done, "INFO", None, msg, (*rk, *retry))
        return
    clog.add(end + 2 * MS, "INFO", None, "✅ ALL CHANNELS SUCCEEDED → transitioning to Sent", rk)
    completed = (("name", r.name), ("successfulDeliveries", n), ("attemptsRecorded", n))
    msg = "NotificationRequest completed successfully (atomic update)"
    clog.add(r.done, "INFO", None, msg, (*rk, *completed))


def recheck(clog: ControllerLog, r: Request) -> None:
    """Third reconcile, triggered by the status update."""
    rk = reconcile_keys(clog, r.name)
    channels = content(r.name).channels
    n, failed = len(channels), sum(ch == "email" for ch in channels)
    if failed:
        begin(clog, r.recheck, rk, start_debug(r.name, "Retrying", 1, n - failed, failed),
              terminal_check("Retrying", False, n - failed, failed))  # fmt: skip
        backoff(clog, rk, r.recheck, r.done, timedelta(seconds=30), 1, "email")
        return
    debug = start_debug(r.name, "Sent", 1, n, 0)
    clog.add(r.recheck, "INFO", None, "🔍 RECONCILE START DEBUG", (*rk, *debug))
    done = (("generation", 1), ("observedGeneration", 1), ("deliveryAttempts", n),
            ("phase", "Sent"))  # fmt: skip
    msg = "✅ DUPLICATE RECONCILE PREVENTED: Generation already processed"
    clog.add(r.recheck + MS, "INFO", None, msg, (*rk, *done))


# --- a file channel that never writes: console + file, every write fails ---------------------
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
    t += timedelta(microseconds=1640)
    clog.add(t, "ERROR", "delivery-orchestrator", msg, wrapped, ORCH_STACK)


def skip_console(clog: ControllerLog, t: datetime, name: str) -> None:
    msg = "Channel already delivered successfully, skipping"
    clog.add(t, "INFO", "delivery-orchestrator", msg, (*who(name), ("channel", "console")))


def failed_attempt(clog: ControllerLog, f: FailedFile, i: int) -> None:
    """Attempt i+1 of the file channel: console first (or skipped), the write fails, retry."""
    a, rk = f.attempts[i], reconcile_keys(clog, f.name)
    if i == 0:
        begin(clog, a.start, rk, start_debug(f.name, "Pending", 0, 0, 0),
              terminal_check("Pending", False, 0, 0))  # fmt: skip
        console(clog, a.start + 30 * MS, f.name)
        ok = (*who(f.name), ("channel", "console"))
        t = a.start + 30 * MS + timedelta(microseconds=3500)
        clog.add(t, "INFO", "delivery-orchestrator", "Delivery successful", ok)
        post = (2, 0, 2)
    else:
        begin(clog, a.start, rk, start_debug(f.name, "Retrying", 1, 1, i),
              terminal_check("Retrying", False, 1, i))  # fmt: skip
        skip_console(clog, a.start + 2 * MS, f.name)
        post = (1, 1 + i, 2)
    failed_write(clog, f, rk, a.stamp)
    phase_logic(clog, a.done - 4 * MS, rk, post, transition("Sending" if i == 0 else "Retrying",
                                                            2, 1, 1))  # fmt: skip
    retry = (("name", f.name), ("successfulDeliveries", 1), ("failedDeliveries", i + 1),
             ("backoff", go_duration(nanoseconds(a.backoff))),
             ("attemptsRecorded", 2 + i))  # fmt: skip
    msg = "NotificationRequest entering retry phase (atomic update)"
    clog.add(a.done, "INFO", None, msg, (*rk, *retry))


def backoff_recheck(clog: ControllerLog, f: FailedFile, i: int) -> None:
    a, rk = f.attempts[i], reconcile_keys(clog, f.name)
    begin(clog, a.recheck, rk, start_debug(f.name, "Retrying", 1, 1, i + 1),
          terminal_check("Retrying", False, 1, i + 1))  # fmt: skip
    backoff(clog, rk, a.recheck, a.done, a.backoff, i + 1, "file")


def exhausted(clog: ControllerLog, f: FailedFile) -> None:
    """The reconcile after the last backoff: the file channel is out of attempts."""
    rk, n = reconcile_keys(clog, f.name), len(f.attempts)
    begin(clog, f.final, rk, start_debug(f.name, "Retrying", 1, 1, n),
          terminal_check("Retrying", False, 1, n))  # fmt: skip
    skip_console(clog, f.final + 2 * MS, f.name)
    limit = (*who(f.name), ("channel", "file"), ("attempts", n), ("maxAttempts", n))
    msg = "Max retry attempts reached for channel"
    clog.add(f.final + 2 * MS, "INFO", "delivery-orchestrator", msg, limit)
    phase_logic(clog, f.final_done - 4 * MS, rk, (0, 1 + n, 2), transition("Retrying", 2, 1, 1))
    partial_ = (("name", f.name), ("successfulDeliveries", 1), ("failedDeliveries", n),
                ("attemptsRecorded", 1 + n))  # fmt: skip
    msg = "NotificationRequest partially completed (atomic update)"
    clog.add(f.final_done, "INFO", None, msg, (*rk, *partial_))
    rk = reconcile_keys(clog, f.name)
    begin(clog, f.final_recheck, rk, start_debug(f.name, "PartiallySent", 1, 1, n),
          terminal_check("PartiallySent", True, 1, n))  # fmt: skip


def controller_log(scn: Scenario) -> ControllerLog:
    """Every reconcile of the scenario, in time order (ties in the order they are listed)."""
    assert scn.controller_start is not None
    clog = ControllerLog(zlib.crc32(scn.slug.encode()))
    startup(clog, scn.controller_start)
    blocks: list[tuple[datetime, Callable[[], None]]] = []
    for r in scn.requests:
        blocks += [(r.init, partial(init, clog, r.name, r.init)),
                   (r.deliver, partial(deliver, clog, r)),
                   (r.recheck, partial(recheck, clog, r))]  # fmt: skip
    for f in scn.failed_files:
        blocks.append((f.init, partial(init, clog, f.name, f.init)))
        for i, a in enumerate(f.attempts):
            blocks += [(a.start, partial(failed_attempt, clog, f, i)),
                       (a.recheck, partial(backoff_recheck, clog, f, i))]  # fmt: skip
        blocks.append((f.final, partial(exhausted, clog, f)))
    for _, write in sorted(blocks, key=lambda b: b[0]):
        write()
    times = [t for t, _, _ in clog.lines]
    assert times == sorted(times), f"{scn.slug}: controller lines out of order"
    return clog
