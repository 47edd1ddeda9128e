"""What the suite's SynchronizedBeforeSuite and SynchronizedAfterSuite print on process 1:
cluster, controller and audit setup (or a setup that fails loading an image), and cleanup."""

from __future__ import annotations

from samples.gen.model import Event, Fail, Log
from samples.gen.suite import HOST_DIR, IMAGE, KUBECONFIG, METRICS_URL, RULE, SETUP_LOGGER, log, out
from samples.gen.timefmt import at
from samples.gen.zap import Value


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
