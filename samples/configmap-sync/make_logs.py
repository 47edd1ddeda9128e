"""Write this scenario's logs: a klog ConfigTemplate controller and its Ginkgo v2 suite.

Self-contained and deterministic: ``python samples/configmap-sync/make_logs.py`` rewrites
``logs/controller.log`` (``kubectl logs`` of the controller: klog text, UTC) and
``logs/ginkgo.log`` (``ginkgo -v --procs=2 --no-color``: local EST stamps without a zone; the
suite logger's lines carry ``-0500``) and ``logs/payments-api.log`` (a workload that mounts one
of the ConfigMaps, klog). The README says what each line is there to show.
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
CTRL = (
    'controller="configtemplate" controllerGroup="configsync.example.dev" '
    'controllerKind="ConfigTemplate"'
)
DASHES = "-" * 30


def reconcile(ns: str, name: str, rid: str) -> str:
    """The keys controller-runtime adds to every line of one reconcile."""
    return f'{CTRL} ConfigTemplate="{ns}/{name}" namespace="{ns}" name="{name}" reconcileID="{rid}"'


def klog(level: str, stamp: str, where: str, text: str) -> str:
    return f"{level}0110 {stamp}       1 {where}] {text}"


def controller_lines() -> list[str]:
    cp = "configtemplate_controller.go"
    r_default = reconcile(
        "configsync-system", "default-settings", "e1a3c2d4-7b5f-4a60-8d19-3f2e6c0b7a51"
    )
    r_checkout = reconcile(
        "csync-e2e-4q7wd", "checkout-flags", "0b7d3c8e-52a1-4f7e-9c0d-6e2f1a9b4c17"
    )
    r_search = reconcile(
        "csync-e2e-k9v2s", "checkout-flags", "9a4e1f70-3c2b-4d8a-b5e6-71f0c2d9a384"
    )
    r_pay1 = reconcile("csync-e2e-m2x8c", "payment-routes", "5f0e2a71-9d3b-4c8e-a6f4-2b1c7d9e0a35")
    r_pay2 = reconcile("csync-e2e-m2x8c", "payment-routes", "c27d90b4-1e6a-4f35-9b80-d4a3e5f16c02")
    r_quota1 = reconcile("csync-e2e-t5r7n", "quota-limits", "71b5d3e9-4a20-4c6f-8e17-a9c0f2b6d453")
    r_quota2 = reconcile("csync-e2e-t5r7n", "quota-limits", "3e8f6a12-d59c-47b0-a2e4-0c71b9f5d826")
    quota_err = (
        'configmaps \\"quota-limits-config\\" is forbidden: exceeded quota: cm-quota, '
        "requested: count/configmaps=1, used: count/configmaps=2, limited: count/configmaps=2"
    )
    return [
        klog("I", "19:17:57.902318", "main.go:97", '"Starting manager" version="v0.4.2"'),
        klog(
            "I",
            "19:17:57.911520",
            "server.go:208",
            '"Starting metrics server" logger="controller-runtime.metrics"',
        ),
        klog(
            "I",
            "19:17:57.911893",
            "server.go:247",
            '"Serving metrics server" logger="controller-runtime.metrics" bindAddress=":8080" '
            "secure=false",
        ),
        klog(
            "I",
            "19:17:57.912006",
            "leaderelection.go:257",
            "attempting to acquire leader lease configsync-system/configsync.example.dev...",
        ),
        klog(
            "I",
            "19:17:57.931772",
            "leaderelection.go:271",
            "successfully acquired lease configsync-system/configsync.example.dev",
        ),
        klog(
            "I",
            "19:17:57.932190",
            "controller.go:175",
            f'"Starting EventSource" {CTRL} source="kind source: *v1alpha1.ConfigTemplate"',
        ),
        klog(
            "I",
            "19:17:57.932301",
            "controller.go:175",
            f'"Starting EventSource" {CTRL} source="kind source: *v1.ConfigMap"',
        ),
        klog(
            "I",
            "19:17:57.932355",
            "controller.go:175",
            f'"Starting EventSource" {CTRL} source="kind source: *v1.Secret"',
        ),
        klog("I", "19:17:57.932402", "controller.go:183", f'"Starting Controller" {CTRL}'),
        klog(
            "I",
            "19:17:58.033901",
            "controller.go:217",
            f'"Starting workers" {CTRL} "worker count"=2',
        ),
        # The suite's own template: a ConfigMap no spec waits for.
        klog("I", "19:18:01.021477", f"{cp}:88", f'"Reconciling ConfigTemplate" {r_default}'),
        klog(
            "I",
            "19:18:01.064215",
            f"{cp}:142",
            f'"Created ConfigMap" {r_default} '
            'configMap="configsync-system/default-settings-config" '
            'configTemplate="configsync-system/default-settings" keys=4',
        ),
        klog("I", "19:18:02.139877", f"{cp}:88", f'"Reconciling ConfigTemplate" {r_checkout}'),
        klog("I", "19:18:02.148402", f"{cp}:88", f'"Reconciling ConfigTemplate" {r_search}'),
        klog(
            "I",
            "19:18:02.187311",
            f"{cp}:142",
            f'"Created ConfigMap" {r_checkout} configMap="csync-e2e-4q7wd/checkout-flags-config" '
            'configTemplate="csync-e2e-4q7wd/checkout-flags" keys=3',
        ),
        klog(
            "I",
            "19:18:02.203918",
            f"{cp}:142",
            f'"Created ConfigMap" {r_search} configMap="csync-e2e-k9v2s/checkout-flags-config" '
            'configTemplate="csync-e2e-k9v2s/checkout-flags" keys=5',
        ),
        klog("I", "19:18:04.452664", f"{cp}:88", f'"Reconciling ConfigTemplate" {r_pay1}'),
        klog("I", "19:18:04.459013", f"{cp}:88", f'"Reconciling ConfigTemplate" {r_quota1}'),
        klog(
            "E",
            "19:18:04.466201",
            f"{cp}:137",
            f'"Failed to create ConfigMap" err="{quota_err}" {r_quota1} '
            'configMap="csync-e2e-t5r7n/quota-limits-config" '
            'configTemplate="csync-e2e-t5r7n/quota-limits"',
        ),
        klog(
            "E",
            "19:18:04.466512",
            "controller.go:316",
            f'"Reconciler error" err="creating ConfigMap csync-e2e-t5r7n/quota-limits-config: '
            f'{quota_err}" {r_quota1}',
        ),
        klog(
            "E",
            "19:18:04.468730",
            "controller.go:316",
            '"Reconciler error" err="rendering csync-e2e-m2x8c/payment-routes: '
            f'Secret \\"payment-gateway\\" not found" {r_pay1}',
        ),
        klog("I", "19:18:04.472066", f"{cp}:88", f'"Reconciling ConfigTemplate" {r_quota2}'),
        klog(
            "E",
            "19:18:04.478930",
            f"{cp}:137",
            f'"Failed to create ConfigMap" err="{quota_err}" {r_quota2} '
            'configMap="csync-e2e-t5r7n/quota-limits-config" '
            'configTemplate="csync-e2e-t5r7n/quota-limits"',
        ),
        klog(
            "E",
            "19:18:04.479204",
            "controller.go:316",
            f'"Reconciler error" err="creating ConfigMap csync-e2e-t5r7n/quota-limits-config: '
            f'{quota_err}" {r_quota2}',
        ),
        # The ExternalSecret operator fills the Secret ten seconds late; its watch event
        # brings the template back, and the ConfigMap is created 44 ms before the deadline.
        klog("I", "19:18:14.409381", f"{cp}:88", f'"Reconciling ConfigTemplate" {r_pay2}'),
        klog(
            "I",
            "19:18:14.431907",
            f"{cp}:142",
            f'"Created ConfigMap" {r_pay2} configMap="csync-e2e-m2x8c/payment-routes-config" '
            'configTemplate="csync-e2e-m2x8c/payment-routes" keys=7',
        ),
    ]


def consumer_lines() -> list[str]:
    """A workload that mounts payment-routes-config: a third component that sees the ConfigMap."""
    cm = 'configMap="csync-e2e-m2x8c/payment-routes-config"'
    return [
        klog("I", "19:18:04.603214", "main.go:61", '"Starting payments-api" version="v2.14.0"'),
        klog("I", "19:18:04.603871", "settings.go:44", f'"Waiting for ConfigMap" {cm}'),
        klog(
            "I",
            "19:18:14.462118",
            "settings.go:57",
            f'"Loaded ConfigMap" {cm} keys=7 resourceVersion="48377"',
        ),
        klog("I", "19:18:14.463020", "server.go:88", '"Listening" addr=":8443"'),
    ]


def spec(
    header: str, name: str, location: str, timeline: list[str], failure: list[str]
) -> list[str]:
    lines = [DASHES, header, name, location, "", "  Timeline >>"]
    lines += [f"  {t}" if t else "" for t in timeline]
    lines += ["  << Timeline"]
    if failure:
        lines += [""] + [f"  {f}" for f in failure]
    return lines


def suite_node(node: str, seconds: str, location: str, timeline: list[str]) -> list[str]:
    lines = [DASHES, f"{node} PASSED [{seconds} seconds]", f"{node} ", location]
    if timeline:
        lines += ["", "  Timeline >>"] + [f"  {t}" for t in timeline] + ["  << Timeline"]
    return lines


def ginkgo_lines() -> list[str]:
    suite = "/src/test/e2e/configsync"
    at = "@ 01/10/26"
    log = "2026-01-10T{}-0500\tINFO\tconfigsync-e2e{}\t{}"
    failed_wait = [
        "[FAILED] Timed out after 10.001s.",
        "ConfigMap {} was not created within 10s",
        "Expected",
        "    <bool>: false",
        "to be true",
    ]
    lines = [
        f"Running Suite: ConfigSync E2E Suite - {suite}",
        "=" * 56,
        "Random Seed: 1768072662",
        "",
        "Will run 5 of 5 specs",
        "Running in parallel across 2 processes",
    ]
    lines += suite_node(
        "[SynchronizedBeforeSuite]",
        "38.418",
        f"{suite}/suite_test.go:48",
        [
            log.format("14:17:22.604", "", 'Creating Kind cluster "configsync-e2e"'),
            'Creating cluster "configsync-e2e" ...',
            " ✓ Ensuring node image (kindest/node:v1.34.0) 🖼",
            " ✓ Preparing nodes 📦  ",
            " ✓ Writing configuration 📜",
            " ✓ Starting control-plane 🕹️",
            " ✓ Installing CNI 🔌",
            " ✓ Installing StorageClass 💾",
            'Set kubectl context to "kind-configsync-e2e"',
            log.format("14:17:49.377", "", "Deploying the ConfigSync controller"),
            "customresourcedefinition.apiextensions.k8s.io/configtemplates.configsync.example.dev "
            "created",
            "namespace/configsync-system created",
            "deployment.apps/configsync-controller created",
            log.format("14:18:00.911", "", "ConfigSync controller is ready"),
            log.format(
                "14:18:01.016",
                "",
                'Created ConfigTemplate\t{"configTemplate": "configsync-system/default-settings"}',
            ),
        ],
    )
    lines += suite_node("[SynchronizedBeforeSuite]", "38.425", f"{suite}/suite_test.go:48", [])
    lines += spec(
        "• [2.178 seconds]",
        "ConfigTemplate sync when a ConfigTemplate is created copies the template data into its "
        "ConfigMap",
        f"{suite}/sync_test.go:63",
        [
            f"STEP: Creating namespace csync-e2e-k9v2s {at} 14:18:02.118",
            f"STEP: Creating ConfigTemplate csync-e2e-k9v2s/checkout-flags {at} 14:18:02.14",
            f"STEP: Waiting for the ConfigMap to be created {at} 14:18:02.171",
            "Found ConfigMap csync-e2e-k9v2s/checkout-flags-config (resourceVersion 48219)",
            f"STEP: Verifying the ConfigMap data matches the template {at} 14:18:04.178",
            f"STEP: Deleting namespace csync-e2e-k9v2s {at} 14:18:04.29",
        ],
        [],
    )
    lines += spec(
        "• [2.206 seconds]",
        "ConfigTemplate sync when a ConfigTemplate is created creates its ConfigMap",
        f"{suite}/sync_test.go:41",
        [
            f"STEP: Creating namespace csync-e2e-4q7wd {at} 14:18:02.102",
            f"STEP: Creating ConfigTemplate csync-e2e-4q7wd/checkout-flags {at} 14:18:02.131",
            f"STEP: Waiting for the ConfigMap to be created {at} 14:18:02.164",
            log.format(
                "14:18:04.171",
                "-process-1",
                'Found ConfigMap\t{"configMap": "csync-e2e-4q7wd/checkout-flags-config", '
                '"resourceVersion": "48213", "polls": 2}',
            ),
            f"STEP: Verifying the ConfigMap data matches the template {at} 14:18:04.175",
            f"STEP: Deleting namespace csync-e2e-4q7wd {at} 14:18:04.301",
        ],
        [],
    )
    pay = "csync-e2e-m2x8c/payment-routes-config"
    lines += spec(
        "• [FAILED] [10.121 seconds]",
        "ConfigTemplate sync when a ConfigTemplate references a Secret [It] renders the Secret's "
        "keys into its ConfigMap",
        f"{suite}/sync_test.go:88",
        [
            f"STEP: Creating namespace csync-e2e-m2x8c {at} 14:18:04.412",
            f"STEP: Creating ExternalSecret csync-e2e-m2x8c/payment-gateway {at} 14:18:04.421",
            f"STEP: Creating ConfigTemplate csync-e2e-m2x8c/payment-routes {at} 14:18:04.44",
            f"STEP: Waiting for the ConfigMap to be created {at} 14:18:04.471",
            f"[FAILED] in [It] - {suite}/sync_test.go:112 {at} 14:18:14.476",
            "ConfigMaps in csync-e2e-m2x8c at failure:",
            "  kube-root-ca.crt",
            "  payment-routes-config",
            f"STEP: Deleting namespace csync-e2e-m2x8c {at} 14:18:14.529",
        ],
        [
            *(f.format(pay) for f in failed_wait),
            f"In [It] at: {suite}/sync_test.go:112 {at} 14:18:14.476",
        ],
    )
    quota = "csync-e2e-t5r7n/quota-limits-config"
    lines += spec(
        "• [FAILED] [10.133 seconds]",
        "ConfigTemplate sync when the namespace has a ConfigMap quota [It] creates its ConfigMap "
        "within the quota",
        f"{suite}/quota_test.go:37",
        [
            f"STEP: Creating namespace csync-e2e-t5r7n {at} 14:18:04.402",
            f"STEP: Creating ResourceQuota csync-e2e-t5r7n/cm-quota {at} 14:18:04.418",
            f"STEP: Creating ConfigTemplate csync-e2e-t5r7n/quota-limits {at} 14:18:04.45",
            f"STEP: Waiting for the ConfigMap to be created {at} 14:18:04.48",
            f"[FAILED] in [It] - {suite}/quota_test.go:61 {at} 14:18:14.486",
            f"STEP: Deleting namespace csync-e2e-t5r7n {at} 14:18:14.531",
        ],
        [
            *(f.format(quota) for f in failed_wait),
            f"In [It] at: {suite}/quota_test.go:61 {at} 14:18:14.486",
        ],
    )
    lines += spec(
        "• [0.394 seconds]",
        "ConfigSync controller metrics exposes reconcile counts",
        f"{suite}/metrics_test.go:29",
        [
            f"STEP: Scraping the controller's metrics endpoint {at} 14:18:14.612",
            "STEP: Checking controller_runtime_reconcile_total for configtemplate "
            f"{at} 14:18:14.98",
        ],
        [],
    )
    lines += suite_node("[SynchronizedAfterSuite]", "0.002", f"{suite}/suite_test.go:97", [])
    lines += suite_node(
        "[SynchronizedAfterSuite]",
        "6.231",
        f"{suite}/suite_test.go:97",
        [
            log.format("14:18:15.102", "", 'Deleting Kind cluster "configsync-e2e"'),
            'Deleting cluster "configsync-e2e" ...',
            'Deleted nodes: ["configsync-e2e-control-plane"]',
            log.format("14:18:21.317", "", "Kind cluster deleted"),
        ],
    )
    lines += [
        DASHES,
        "",
        "Summarizing 2 Failures:",
        "  [FAIL] ConfigTemplate sync when a ConfigTemplate references a Secret [It] renders the "
        "Secret's keys into its ConfigMap",
        f"  {suite}/sync_test.go:112",
        "  [FAIL] ConfigTemplate sync when the namespace has a ConfigMap quota [It] creates its "
        "ConfigMap within the quota",
        f"  {suite}/quota_test.go:61",
        "",
        "Ran 5 of 5 Specs in 58.921 seconds",
        "FAIL! -- 3 Passed | 2 Failed | 0 Pending | 0 Skipped",
        "",
        "",
        "Ginkgo ran 1 suite in 1m6.482310915s",
        "",
        "Test Suite Failed",
    ]
    return lines


def main() -> None:
    logs = HERE / "logs"
    logs.mkdir(exist_ok=True)
    for name, lines in (
        ("controller.log", controller_lines()),
        ("ginkgo.log", ginkgo_lines()),
        ("payments-api.log", consumer_lines()),
    ):
        (logs / name).write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
