"""The kubernaut Notification E2E suite (test/e2e/notification, January 2026) as data.

Its specs, what each NotificationRequest carries, and the setup and cleanup output every run
prints. Texts come from the test sources; a scenario picks from them.
"""

from __future__ import annotations

import json
import random
import uuid
import zlib
from datetime import timedelta

from samples.gen.model import Content, Event, Fail, Log, Out, Spec, Step, Wait
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


def add_dynamic_content(test_id: dict[str, str]) -> None:
    """Names built from time.Now() in the test process (local time, EST)."""
    CONTENT[f"e2e-lifecycle-test-{test_id['lifecycle']}"] = Content(
        "simple",
        "critical",
        "E2E Lifecycle Test",
        "Testing full notification lifecycle with audit trail",
        ("console",),
    )
    for i, priority in enumerate(("low", "medium", "high"), start=1):
        CONTENT[f"remediation-{test_id['correlation']}-notification-{i}"] = Content(
            "simple",
            priority,
            f"E2E Correlation Test - Notification {i}",
            "Testing audit correlation across multiple notifications",
            ("console",),
        )
    CONTENT[f"e2e-failed-delivery-{test_id['failed']}"] = Content(
        "simple",
        "critical",
        "E2E Failed Delivery Audit Test",
        "Testing failed delivery audit event persistence",
        ("email",),
        (("test-type", "failed-delivery-audit"),),
    )
    CONTENT[f"e2e-partial-failure-{test_id['partial']}"] = Content(
        "simple",
        "critical",
        "E2E Partial Failure Audit Test",
        "Testing audit events for partial delivery failures",
        ("console", "email"),
        (("test-type", "partial-failure-audit"),),
    )


# --- SynchronizedBeforeSuite and SynchronizedAfterSuite output ------------------------------
# fmt: off
def setup_banner(hms: str) -> list[Event]:
    """Process 1's SynchronizedBeforeSuite, up to CreateNotificationCluster."""
    return [log(hms, msg, logger=SETUP_LOGGER) for msg in (
        RULE, "Notification E2E Test Suite - Cluster Setup (ONCE - Process 1)", RULE,
        "Creating Kind cluster and deploying Notification Controller...",
        "  • Kind cluster (2 nodes: control-plane + worker)",
        "  • NotificationRequest CRD (cluster-wide)",
        "  • Notification Controller Docker image (build + load)",
        "  • Shared Notification Controller (notification-e2e namespace)",
        "  • Kubeconfig: ~/.kube/notification-e2e-config", "",
        "Note: All tests share the same controller instance",
        "      Tests use FileService for message validation", RULE,
        "Skipping cluster deletion (clean state assumed)...")]


def build(service: str) -> tuple[str, ...]:
    """PHASE 1 and 2; ``service`` is how this version of the suite names the controller."""
    return (RULE, "Notification E2E Cluster Setup - Hybrid Parallel (DD-TEST-002)", RULE,
            f"📁 Creating E2E file output directory: {HOST_DIR}",
            "📦 PHASE 1: Building images in parallel...",
            "  ├── Notification Controller",
            "  └── AuthWebhook (FOR SOC2 CC8.1)",
            "  ✅ AuthWebhook build completed: localhost/authwebhook:e2e-test",
            f"  ✅ {service} build completed: {IMAGE}",
            "PHASE 2: Creating Kind cluster...",
            'Creating cluster "notification-e2e" ...',
            " ✓ Ensuring node image (kindest/node:v1.34.0) 🖼",
            " ✓ Preparing nodes 📦 📦  ",
            " ✓ Writing configuration 📜",
            " ✓ Starting control-plane 🕹️",
            " ✓ Installing CNI 🔌",
            " ✓ Installing StorageClass 💾",
            " ✓ Joining worker nodes 🚜",
            'Set kubectl context to "kind-notification-e2e"')


def cluster_setup(t: dict[str, str], pod: str, service: str = "Notification") -> list[Event]:
    """Process 1's half of SynchronizedBeforeSuite: cluster, controller, audit, webhook."""
    def lg(key: str, msg: str) -> Log:
        return log(t[key], msg, logger=SETUP_LOGGER)

    return [
        *setup_banner(t["begin"]),
        out(*build(service),
            "📦 PHASE 3: Loading images into Kind cluster...",
            f"  ✅ {service} loaded",
            "  ✅ AuthWebhook loaded",
            "PHASE 4: Installing NotificationRequest CRD...",
            "customresourcedefinition.apiextensions.k8s.io/notificationrequests.kubernaut.ai "
            "created",
            "✅ Hybrid Parallel Setup Complete - tests can now deploy controller"),
        lg("deploy", "Deploying shared Notification Controller..."),
        lg("deploy", f"  • Using image: {IMAGE}"),
        out("namespace/notification-e2e created",
            "configmap/notification-controller-config created",
            "serviceaccount/notification-controller created",
            "clusterrole.rbac.authorization.k8s.io/notification-controller-role created",
            "clusterrolebinding.rbac.authorization.k8s.io/notification-controller-rolebinding "
            "created",
            "deployment.apps/notification-controller created",
            "service/notification-controller-metrics created"),
        lg("wait", "⏳ Waiting for Notification Controller pod to be ready..."),
        out(f"pod/{pod} condition met"),
        lg("ready", "✅ Notification Controller pod is ready"),
        lg("ready", "Deploying Audit Infrastructure (PostgreSQL + Data Storage)..."),
        out("deployment.apps/postgresql created", "service/postgresql created",
            "⏳ Waiting for PostgreSQL to be ready...", "✅ PostgreSQL ready",
            "📋 Applying audit schema migrations...",
            "deployment.apps/datastorage created", "service/datastorage created",
            "⏳ Waiting for Data Storage to be ready...", "✅ Data Storage ready"),
        lg("audit", "✅ Audit infrastructure ready"),
        lg("audit", RULE),
        lg("audit", "🔐 Deploying AuthWebhook Manifests"),
        lg("audit", RULE),
        out("service/authwebhook created", "deployment.apps/authwebhook created",
            "mutatingwebhookconfiguration.admissionregistration.k8s.io/"
            "kubernaut-authwebhook created",
            "validatingwebhookconfiguration.admissionregistration.k8s.io/"
            "kubernaut-authwebhook created"),
        lg("webhook", "✅ AuthWebhook deployed - SOC2 CC8.1 cancellation attribution enabled"),
        lg("webhook", RULE),
        lg("webhook", "Cluster Setup Complete - Ready for parallel processes"),
        lg("webhook", RULE),
    ]


def process_setup(process: int, begin: str, done: str) -> list[Event]:
    """The all-processes half of SynchronizedBeforeSuite, as process 1 printed it."""
    p = ("process", process)
    return [
        log(begin, RULE, p),
        log(begin, "Notification E2E Process Setup", p, ("kubeconfig", KUBECONFIG)),
        log(begin, "⏳ Waiting for Notification Controller metrics NodePort to be responsive..."),
        log(begin, "Waiting 5 seconds for Kind port mapping to stabilize..."),
        log(done, "✅ Notification Controller metrics accessible via NodePort", p,
            ("url", METRICS_URL), ("attempts", 1)),
        log(done, "✅ Data Storage NodePort configured for audit E2E tests", p, ("port", 30090)),
        log(done, "✅ Process ready", p, ("fileOutputDir", HOST_DIR)),
        log(done, RULE),
    ]




def process_cleanup(process: int, hms: str, logger: str | None = None) -> list[Event]:
    p = ("process", process)
    return [log(hms, RULE, p, logger=logger),
            log(hms, "Notification E2E Process Cleanup", p, logger=logger),
            log(hms, "✅ Process cleanup complete", p, logger=logger),
            log(hms, RULE, logger=logger)]


def export_lines(local_stamp: str) -> list[str]:
    export_dir = f"/tmp/notification-e2e-logs-{local_stamp}"
    return ["⚠️  Test failures detected - exporting cluster logs (must-gather)...",
            f'Exporting logs for cluster "notification-e2e" to:\n{export_dir}',
            f"✅ Cluster logs exported to {export_dir}"]


def cluster_cleanup(t: dict[str, str], export: list[str], logger: str | None = None,
                    setup_failed: bool = False) -> list[Event]:
    def lg(key: str, msg: str, *fields: tuple[str, Value]) -> Log:
        return log(t[key], msg, *fields, logger=logger)

    # after a failed setup, LoadImageToKind already removed the image with `podman rmi -f`
    removed = (lg("rmi", "⚠️  Failed to remove service image (may not exist)", ("image", IMAGE),
                  ("error", "exit status 1")) if setup_failed
               else lg("rmi", "✅ Service image removed", ("image", IMAGE)))
    return [
        lg("begin", RULE),
        lg("begin", "Notification E2E Cluster Cleanup (ONCE - Process 1)"),
        *([lg("begin", "⚠️  Setup failure detected (k8sClient is nil)")] if setup_failed else []),
        lg("begin", "Deleting Kind cluster..."),
        out(*export, 'Deleting cluster "notification-e2e" ...',
            'Deleted nodes: ["notification-e2e-control-plane" "notification-e2e-worker"]'),
        lg("deleted", "✅ Kind cluster deleted"),
        lg("deleted", "Cleaning up Notification controller image built for Kind..."),
        removed,
        lg("rmi", "Pruning dangling images from Kind builds..."),
        lg("end", "✅ Dangling images pruned"),
        lg("end", RULE),
        lg("end", "Notification E2E Cluster Cleanup Complete"),
        lg("end", RULE),
    ]
# fmt: on


# --- a suite setup that fails: the AuthWebhook image does not load into Kind ------------------
SETUP_EXPECT_LINE = 131  # Expect(err).ToNot(HaveOccurred()) after CreateNotificationCluster
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
            *build("Notification"),
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
