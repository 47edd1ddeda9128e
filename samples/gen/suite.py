"""The kubernaut Notification E2E suite (test/e2e/notification, January 2026) as data.

Its specs, what each NotificationRequest carries, and the helpers that build timeline events.
Texts come from the test sources; a scenario picks from them (setup_output.py holds what the
suite nodes print).
"""

from __future__ import annotations

import json
import random
import re
import uuid
import zlib
from datetime import timedelta

from samples.gen.model import Content, Fail, Log, Out, Spec, Step, Wait
from samples.gen.timefmt import at
from samples.gen.zap import Value

SUITE_NAME = "Notification E2E Suite"
SUITE_FILE = "notification_e2e_suite_test.go"
SUITE_DIR = "/src/test/e2e/notification"
HOST_DIR = "/tmp/kubernaut-e2e-notifications"  # e2eFileOutputDir, bind-mounted into the pod
POD_DIR = "/tmp/notifications"
KUBECONFIG = "/home/jgil/.kube/notification-e2e-config"
IMAGE = "localhost/kubernaut-notification:e2e-test"
METRICS_URL = "http://localhost:9186/metrics"
RULE = "━" * 60
NS = "default"
EMAIL_ERROR = "no delivery service registered for channel: email"

FANOUT = "Multi-Channel Fanout E2E (BR-NOT-053)"
PRIORITY = "Priority-Based Routing E2E (BR-NOT-052)"
FILES = "File-Based Notification Delivery E2E Tests"
METRICS = "Metrics E2E Validation"
FAILED = "E2E Test: Failed Delivery Audit Event"
F01, F02 = "01_notification_lifecycle_audit_test.go", "02_audit_correlation_test.go"
F03, F04A = "03_file_delivery_validation_test.go", "04_failed_delivery_audit_test.go"
F04M, F06 = "04_metrics_validation_test.go", "06_multi_channel_fanout_test.go"
F07, SUITE_FILE = "07_priority_routing_test.go", "notification_e2e_suite_test.go"
AUDIT = ("e2e", "audit", "failure")
MET = ("metrics",)

# fmt: off
SPECS: dict[int, Spec] = {
    1: Spec(("E2E Test 1: Full Notification Lifecycle with Audit",),
            "should create NotificationRequest and persist audit events to PostgreSQL",
            F01, 128, ("e2e", "lifecycle", "audit")),
    2: Spec(("E2E Test 2: Audit Correlation Across Multiple Notifications",),
            "should generate correlated audit events persisted to PostgreSQL",
            F02, 156, ("e2e", "correlation", "audit", "compliance")),
    3: Spec((FILES, "Scenario 1: Complete Message Content Validation"),
            "should deliver notification with all message fields preserved in file", F03, 64),
    4: Spec((FILES, "Scenario 2: Data Sanitization Validation"),
            "should sanitize sensitive data in notification before file delivery", F03, 128),
    5: Spec((FILES, "Scenario 3: Priority Field Validation"),
            "should preserve priority field in delivered notification file", F03, 191),
    6: Spec((FILES, "Scenario 4: Concurrent Delivery Validation"),
            "should handle concurrent notifications without file collisions", F03, 261),
    7: Spec((FILES, "Scenario 5: FileService Error Handling (CRITICAL)"),
            "should NOT block production delivery when FileService fails", F03, 319),
    8: Spec((FAILED,), "should persist notification.message.failed audit event when delivery fails",
            F04A, 136, AUDIT),
    9: Spec((FAILED,), "should emit separate audit events for each channel (success + failure)",
            F04A, 279, AUDIT),
    10: Spec((METRICS, "Metrics Endpoint Availability"), "should expose metrics endpoint",
             F04M, 47, MET),
    11: Spec((METRICS, "Notification Delivery Metrics"), "should track notification_phase metric",
             F04M, 64, MET),
    12: Spec((METRICS, "Notification Delivery Metrics"),
             "should track notification_deliveries_total metric", F04M, 123, MET),
    13: Spec((METRICS, "Notification Delivery Metrics"),
             "should track kubernaut_notification_delivery_duration_seconds metric",
             F04M, 182, MET),
    14: Spec((METRICS, "Metrics Integration Health"),
             "should validate key notification metrics are exposed", F04M, 244, MET),
    15: Spec((FANOUT, "Scenario 1: All channels deliver successfully"),
             "should deliver notification to console, file, and log channels", F06, 87),
    16: Spec((FANOUT, "Scenario 3: Log channel outputs structured JSON"),
             "should output notification as structured JSON to stdout", F06, 197),
    17: Spec((PRIORITY, "Scenario 1: Critical priority notification with file audit trail"),
             "should deliver critical notification with file audit immediately", F07, 76),
    18: Spec((PRIORITY, "Scenario 2: Multiple priorities delivered in order"),
             "should deliver notifications in priority order (Critical > High > Medium > Low)",
             F07, 169),
    19: Spec((PRIORITY, "Scenario 3: High priority with console, file, and log channels"),
             "should deliver high priority notification to all channels", F07, 276),
}
SUITE_NODES = {"SynchronizedBeforeSuite": 82, "SynchronizedAfterSuite": 242}
# fmt: on


def logger_name(process: int) -> str:
    return f"notification-e2e-test-process-{process}"


SETUP_LOGGER = "notification-e2e-test"  # process 1's logger before the per-process one


# --- timeline helpers: every time is 'HH:MM:SS.fff' UTC on 2026-01-10 ------------------------
def step(hms: str, text: str) -> Step:
    return Step(at(hms), text)


def log(hms: str, msg: str, *fields: tuple[str, Value], logger: str | None = None) -> Log:
    return Log(at(hms), msg, tuple(fields), logger)


def out(*lines: str) -> Out:
    return Out("\n".join(lines))


def fail(hms: str, line: int, what: str = "File should be created in pod within 5 seconds") -> Fail:
    message = f"Timed out after 5.001s.\n{what}\nExpected\n    <int>: 0\nto be >=\n    <int>: 1"
    return Fail(at(hms), line, message)


def seen(key: str, step_at: str, seen_at: str, write: int = 0) -> Wait:
    return Wait(key, at(step_at), seen=at(seen_at), write=write)


def missed(key: str, step_at: str, deadline: str, write: int = 0) -> Wait:
    return Wait(key, at(step_at), deadline=at(deadline), write=write)


SANITIZED_BODY = (
    "Sensitive information detected:\n- password: ***REDACTED***\n"
    "- api_key: ***REDACTED***\n- token: ***REDACTED***\n- email: user@example.com\n"
)
CONSOLE_FILE = ("console", "file")
ALL3 = ("console", "file", "log")


def ordering(priority: str) -> Content:
    labels = (("test-scenario", "priority-ordering"), ("priority", priority))
    subject = f"E2E Test: Priority Ordering - {priority}"
    return Content(
        "simple",
        priority,
        subject,
        "Testing priority-based delivery ordering",
        CONSOLE_FILE,
        labels,
    )


def concurrent(name: str) -> Content:
    labels = (("test-scenario", "concurrent-delivery"),)
    body = "Testing concurrent notification delivery"
    return Content("simple", "medium", f"Concurrent Test: {name}", body, CONSOLE_FILE, labels)


def metrics(subject: str, body: str, priority: str) -> Content:
    return Content("simple", priority, f"Metrics Test: {subject}", body, ("console",))


LONG_KEY = "e2e-complete-message"  # the one controller line over the runtime's 16 KiB limit
CRASHLOOP_EXPR = (
    "max_over_time(kube_pod_container_status_waiting_reason"
    '{job="kube-state-metrics",namespace=~".*",reason="CrashLoopBackOff"}[5m]) >= 1'
)


def alert_payload(count: int = 40) -> str:
    """The Alertmanager webhook group the complete-message notification carries (compact JSON).

    Forty crash-looping pods: this is what makes the one long controller line, when the file
    service logs the document it wrote.
    """
    rng = random.Random(zlib.crc32(LONG_KEY.encode()))
    apps = ("payments-api", "checkout-worker", "inventory-sync", "search-indexer", "auth-proxy")
    query = "".join(c if c.isalnum() or c in "_.-" else f"%{ord(c):02X}" for c in CRASHLOOP_EXPR)
    common = {"alertname": "KubePodCrashLooping", "cluster": "production",
              "prometheus": "monitoring/k8s", "severity": "warning"}  # fmt: skip
    alerts = []
    for i in range(count):
        app = apps[i % len(apps)]
        namespace = app.split("-")[0]
        pod = f"{app}-{rng.getrandbits(36):09x}-{rng.getrandbits(20):05x}"
        labels = {**common, "container": app, "job": "kube-state-metrics",
                  "namespace": namespace, "pod": pod, "reason": "CrashLoopBackOff",
                  "uid": str(uuid.UUID(int=rng.getrandbits(128), version=4))}  # fmt: skip
        description = (
            f'Pod {namespace}/{pod} ({app}) is in waiting state (reason: "CrashLoopBackOff").'
        )
        starts = at("18:41:07") + timedelta(seconds=23 * i, milliseconds=rng.randrange(1000))
        alerts.append({
            "status": "firing",
            "labels": dict(sorted(labels.items())),
            "annotations": {
                "description": description,
                "runbook_url": "https://runbooks.prometheus-operator.dev/runbooks/kubernetes/"
                               "kubepodcrashlooping",
                "summary": "Pod is crash looping.",
            },
            "startsAt": starts.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
            "endsAt": "0001-01-01T00:00:00Z",
            "generatorURL": f"http://prometheus-k8s-0:9090/graph?g0.expr={query}&g0.tab=1",
            "fingerprint": f"{rng.getrandbits(64):016x}",
        })  # fmt: skip
    group = {
        "receiver": "kubernaut",
        "status": "firing",
        "alerts": alerts,
        "groupLabels": {"alertname": "KubePodCrashLooping"},
        "commonLabels": common,
        "commonAnnotations": {"summary": "Pod is crash looping."},
        "externalURL": "http://alertmanager-main-0:9093",
        "version": "4",
        "groupKey": '{}:{alertname="KubePodCrashLooping"}',
        "truncatedAlerts": 0,
    }
    return json.dumps(group, separators=(",", ":"))


# fmt: off
CONTENT: dict[str, Content] = {
    "e2e-multi-channel-fanout": Content(
        "simple", "high", "E2E Test: Multi-Channel Fanout",
        "Testing delivery to console, file, and log channels simultaneously", ALL3,
        (("test-scenario", "multi-channel-fanout"), ("test-priority", "P0"))),
    "e2e-log-channel-test": Content(
        "status-update", "low", "E2E Test: Log Channel Structured Output",
        "Testing structured JSON log delivery", ("log",),
        (("test-scenario", "log-channel"), ("test-priority", "P1")),
        (("test-key", "test-value"), ("cluster", "e2e-cluster"), ("namespace", "default"),
         ("alert-name", "TestAlert"))),
    "e2e-priority-critical": Content(
        "escalation", "critical", "E2E Test: Critical Priority Notification",
        "CRITICAL: Testing priority-based routing with file audit trail", CONSOLE_FILE,
        (("test-scenario", "priority-critical"), ("test-priority", "P0")),
        (("severity", "critical"), ("alert-name", "CriticalSystemFailure"),
         ("cluster", "production"), ("environment", "prod"))),
    "e2e-priority-low": ordering("low"),
    "e2e-priority-medium": ordering("medium"),
    "e2e-priority-high": ordering("high"),
    "e2e-priority-critical-2": ordering("critical"),
    "e2e-priority-high-multi": Content(
        "status-update", "high", "E2E Test: High Priority Multi-Channel",
        "Testing high priority delivery to console, file, and log channels", ALL3,
        (("test-scenario", "priority-high-multi-channel"), ("test-priority", "P1")),
        (("severity", "high"), ("alert-name", "HighPriorityAlert"), ("cluster", "staging"))),
    "e2e-complete-message": Content(
        "simple", "critical", "E2E Test: Complete Message Validation",
        "This is a comprehensive test message with multiple fields to validate complete "
        "delivery.", CONSOLE_FILE, (("test-scenario", "message-content"),),
        (("alert-name", "KubePodCrashLooping"), ("alert-count", "40"),
         ("alert-payload", alert_payload()))),
    "e2e-sanitization-test": Content(
        "simple", "critical", "Security Alert: Password Leak Detected", SANITIZED_BODY,
        CONSOLE_FILE, (("test-scenario", "data-sanitization"),)),
    "e2e-priority-validation": Content(
        "simple", "critical", "Critical Alert: System Outage",
        "Priority validation test for critical alerts", CONSOLE_FILE,
        (("test-scenario", "priority-validation"),)),
    "e2e-concurrent-1": concurrent("e2e-concurrent-1"),
    "e2e-concurrent-2": concurrent("e2e-concurrent-2"),
    "e2e-concurrent-3": concurrent("e2e-concurrent-3"),
    "e2e-error-handling": Content(
        "simple", "critical", "Error Handling Test",
        "Testing FileService error handling does not block delivery", ("console",),
        (("test-scenario", "error-handling"),)),
    "metrics-test-requests-total": metrics(
        "Requests Total", "Testing notification_requests_total metric", "medium"),
    "metrics-test-delivery-attempts": metrics(
        "Delivery Attempts", "Testing notification_delivery_attempts_total metric", "critical"),
    "metrics-test-delivery-duration": metrics(
        "Delivery Duration", "Testing kubernaut_notification_delivery_duration_seconds metric",
        "low"),
    "metrics-test-all-metrics": metrics(
        "All Metrics Validation", "Testing key metrics are exposed", "critical"),
}
# fmt: on


# Names built from time.Now() in the test process (local time): by prefix
# fmt: off
DYNAMIC = {
    "e2e-lifecycle-test-": Content("simple", "critical", "E2E Lifecycle Test",
        "Testing full notification lifecycle with audit trail", ("console",)),
    "e2e-failed-delivery-": Content("simple", "critical", "E2E Failed Delivery Audit Test",
        "Testing failed delivery audit event persistence", ("email",),
        (("test-type", "failed-delivery-audit"),)),
    "e2e-partial-failure-": Content("simple", "critical", "E2E Partial Failure Audit Test",
        "Testing audit events for partial delivery failures", ("console", "email"),
        (("test-type", "partial-failure-audit"),)),
}
# fmt: on


def content(name: str) -> Content:
    """What the request of this name carries."""
    if name in CONTENT:
        return CONTENT[name]
    if m := re.fullmatch(r"remediation-[0-9-]+-notification-([123])", name):
        i = int(m[1])
        body = "Testing audit correlation across multiple notifications"
        subject = f"E2E Correlation Test - Notification {i}"
        return Content("simple", ("low", "medium", "high")[i - 1], subject, body, ("console",))
    return next(c for prefix, c in DYNAMIC.items() if name.startswith(prefix))
