"""A ``kind export logs`` tree: CRI container logs (twice), node journals, and the archive.

``kind export logs DIR`` writes ``DIR/<node>/containers/<pod>_<ns>_<container>-<id>.log`` and
``DIR/<node>/pods/<ns>_<pod>_<uid>/<container>/0.log`` (the same content), and per node
``kubelet.log``, ``containerd.log``, ``journal.log`` and ``kubernetes-version.txt``.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import tarfile
import uuid
import zlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from samples.gen.model import Scenario
from samples.gen.suite import IMAGE
from samples.gen.timefmt import MS, at, epoch_ns, from_ns, rfc3339_nano

CLUSTER = "notification-e2e"
CONTROL_PLANE, WORKER = f"{CLUSTER}-control-plane", f"{CLUSTER}-worker"
CONTROLLER_NS = "notification-e2e"
CONTAINER = "manager"
K8S_VERSION = "v1.34.0"


def hex_id(*parts: str) -> str:
    """A 64-hex container or sandbox ID, fixed by its names."""
    return hashlib.sha256("/".join(parts).encode()).hexdigest()


def pod_uid(pod: str) -> str:
    return str(uuid.UUID(bytes=hashlib.sha256(pod.encode()).digest()[:16], version=4))


# kubelet and containerd as journalctl prints them (short format, node time is UTC)
@dataclass(frozen=True)
class Journal:
    t: datetime
    node: str
    unit: str  # systemd, containerd, kubelet
    text: str

    def line(self) -> str:
        pid = {"systemd": 1, "containerd": 104, "kubelet": 211 if self.node == WORKER else 233}
        return f"{self.t:%b %d %H:%M:%S} {self.node} {self.unit}[{pid[self.unit]}]: {self.text}"


def klog(t: datetime, node: str, where: str, msg: str, level: str = "I") -> Journal:
    pid = 211 if node == WORKER else 233
    t += timedelta(microseconds=zlib.crc32(msg.encode()) % 1000)
    stamp = f"{level}{t:%m%d %H:%M:%S.%f} {pid:7d} {where}] {msg}"
    return Journal(t, node, "kubelet", stamp)


def containerd(t: datetime, node: str, msg: str, **kv: str) -> Journal:
    extra = "".join(f" {k}={v}" for k, v in kv.items())
    ns = epoch_ns(t) + zlib.crc32(f"{node} {msg}".encode()) % 1_000_000
    text = f'time="{rfc3339_nano(ns)}" level=info msg="{msg}"{extra}'
    return Journal(from_ns(ns), node, "containerd", text)


def systemd(t: datetime, node: str, text: str) -> Journal:
    return Journal(t, node, "systemd", text)


def esc(text: str) -> str:
    """A value inside containerd's quoted msg."""
    return text.replace("\\", "\\\\").replace('"', '\\"')


def node_boot(node: str, t0: datetime, kubelet_at: datetime) -> list[Journal]:
    def ms(n: int) -> datetime:
        return t0 + timedelta(milliseconds=n)

    revision = "cb4a8aa5a0e5e1bfe5c0c4de7ba02b4e8d3e2d0e"
    return [
        systemd(ms(0), node, "Starting containerd.service - containerd container runtime..."),
        containerd(ms(41), node, "starting containerd", revision=revision, version="v2.1.4"),
        containerd(ms(48), node, "loading plugin", id="io.containerd.snapshotter.v1.overlayfs",
                   type="io.containerd.snapshotter.v1"),
        containerd(ms(52), node, "loading plugin", id="io.containerd.cri.v1.runtime",
                   type="io.containerd.cri.v1"),
        containerd(ms(61), node, "serving...", address="/run/containerd/containerd.sock"),
        containerd(ms(62), node, "containerd successfully booted in 0.058214s"),
        systemd(ms(64), node, "Started containerd.service - containerd container runtime."),
        systemd(ms(70), node, "Reached target multi-user.target - Multi-User System."),
        systemd(kubelet_at, node, "Started kubelet.service - kubelet: The Kubernetes Node Agent."),
        klog(kubelet_at + timedelta(milliseconds=312), node, "server.go:530",
             f'"Kubelet version" kubeletVersion="{K8S_VERSION}"'),
        klog(kubelet_at + timedelta(milliseconds=318), node, "server.go:956",
             '"Client rotation is on, will bootstrap in background"'),
        klog(kubelet_at + timedelta(milliseconds=1204), node, "kubelet_node_status.go:75",
             f'"Attempting to register node" node="{node}"'),
        klog(kubelet_at + timedelta(milliseconds=1297), node, "kubelet_node_status.go:78",
             f'"Successfully registered node" node="{node}"'),
    ]  # fmt: skip


def pod_start(
    node: str, pod: str, namespace: str, container: str, added: datetime, started_ms: int
) -> list[Journal]:
    """SyncLoop ADD, sandbox and container start, as kubelet and containerd log them."""
    uid, sandbox, cid = pod_uid(pod), hex_id(pod, "sandbox"), hex_id(pod, container)
    started = added + timedelta(milliseconds=started_ms)
    meta = f"&PodSandboxMetadata{{Name:{pod},Uid:{uid},Namespace:{namespace},Attempt:0,}}"
    ref = f"{namespace}/{pod}"
    return [
        klog(added, node, "kubelet.go:2405", f'"SyncLoop ADD" source="api" pods=["{ref}"]'),
        containerd(added + timedelta(milliseconds=35), node, f"RunPodSandbox for {meta}"),
        containerd(added + timedelta(milliseconds=812), node,
                   esc(f'RunPodSandbox for {meta} returns sandbox id "{sandbox}"')),
        containerd(started - timedelta(milliseconds=410), node, esc(
            f'CreateContainer within sandbox "{sandbox}" for container '
            f"&ContainerMetadata{{Name:{container},Attempt:0,}}")),
        containerd(started - timedelta(milliseconds=96), node, esc(
            f'CreateContainer within sandbox "{sandbox}" for '
            f'&ContainerMetadata{{Name:{container},Attempt:0,}} returns container id "{cid}"')),
        containerd(started - timedelta(milliseconds=90), node, esc(f'StartContainer for "{cid}"')),
        containerd(started, node, esc(f'StartContainer for "{cid}" returns successfully')),
        klog(started + timedelta(milliseconds=211), node, "kubelet.go:2453",
             f'"SyncLoop (PLEG): event for pod" pod="{ref}" event={{"ID":"{uid}",'
             f'"Type":"ContainerStarted","Data":"{cid}"}}'),
        klog(started + timedelta(milliseconds=214), node, "pod_startup_latency_tracker.go:104",
             f'"Observed pod startup duration" pod="{ref}" '
             f'podStartSLOduration={(started - added).total_seconds() + 0.214:.6f} '
             f'podCreationTimestamp="{added - timedelta(milliseconds=63):%Y-%m-%d %H:%M:%S} '
             '+0000 UTC"'),
    ]  # fmt: skip


def node_journals(scn: Scenario, pod: str) -> dict[str, list[Journal]]:
    """Both nodes' journals: boot, cluster setup, the pods the suite deploys, until the export."""
    boot = at("19:16:21.204")
    added = at("19:18:38.391")  # the Deployment's pod, bound to the worker
    assert scn.controller_start is not None
    started = scn.controller_start - 55 * MS - added  # the manager starts logging 55 ms later
    cp = [
        *node_boot(CONTROL_PLANE, boot, at("19:16:24.318")),
        klog(at("19:16:25.842"), CONTROL_PLANE, "kubelet.go:2405",
             '"SyncLoop ADD" source="file" pods=["kube-system/etcd-notification-e2e-control-plane",'
             '"kube-system/kube-apiserver-notification-e2e-control-plane",'
             '"kube-system/kube-controller-manager-notification-e2e-control-plane",'
             '"kube-system/kube-scheduler-notification-e2e-control-plane"]'),
        *pod_start(CONTROL_PLANE, "coredns-66bc5c9577-8qj2w", "kube-system", "coredns",
                   at("19:16:51.377"), 2180),
        *pod_start(CONTROL_PLANE, "kindnet-4xw9t", "kube-system", "kindnet-cni",
                   at("19:16:51.412"), 1530),
        containerd(at("19:17:52.118"), CONTROL_PLANE, esc(
            f'ImageCreate event name:"{IMAGE}" labels:{{key:"io.cri-containerd.image" '
            'value:"managed"}')),
        containerd(at("19:17:58.604"), CONTROL_PLANE, esc(
            'ImageCreate event name:"localhost/authwebhook:e2e-test" '
            'labels:{key:"io.cri-containerd.image" value:"managed"}')),
        klog(at("19:18:31.907"), CONTROL_PLANE, "kubelet.go:2421",
             '"SyncLoop UPDATE" source="api" pods=["kube-system/kube-apiserver-'
             'notification-e2e-control-plane"]'),
    ]  # fmt: skip
    wk = [
        *node_boot(WORKER, boot + timedelta(milliseconds=37), at("19:16:49.730")),
        *pod_start(WORKER, "kube-proxy-m7d2k", "kube-system", "kube-proxy",
                   at("19:16:51.102"), 1270),
        containerd(at("19:17:52.531"), WORKER, esc(
            f'ImageCreate event name:"{IMAGE}" labels:{{key:"io.cri-containerd.image" '
            'value:"managed"}')),
        containerd(at("19:17:59.017"), WORKER, esc(
            'ImageCreate event name:"localhost/authwebhook:e2e-test" '
            'labels:{key:"io.cri-containerd.image" value:"managed"}')),
        *pod_start(WORKER, pod, CONTROLLER_NS, CONTAINER, added, started // MS),
        klog(at("19:18:52.301"), WORKER, "kubelet.go:2544",
             f'"SyncLoop (probe)" probe="readiness" status="ready" pod="{CONTROLLER_NS}/{pod}"'),
        *pod_start(WORKER, "postgresql-7c9d5b8f6-kq4zn", CONTROLLER_NS, "postgresql",
                   at("19:18:52.906"), 3610),
        *pod_start(WORKER, "datastorage-5f8b9c7d4-wt6hv", CONTROLLER_NS, "datastorage",
                   at("19:19:01.244"), 2290),
        *pod_start(WORKER, "authwebhook-6b7c8d9f5-r2lmx", CONTROLLER_NS, "authwebhook",
                   at("19:19:10.517"), 1940),
        klog(at("19:19:14.882"), WORKER, "kubelet.go:2544",
             '"SyncLoop (probe)" probe="readiness" status="ready" '
             f'pod="{CONTROLLER_NS}/authwebhook-6b7c8d9f5-r2lmx"'),
        klog(at("19:19:27.613"), WORKER, "kubelet.go:2421",
             '"SyncLoop UPDATE" source="api" '
             f'pods=["{CONTROLLER_NS}/datastorage-5f8b9c7d4-wt6hv"]'),
        klog(at("19:19:36.958"), WORKER, "kubelet.go:2421",
             f'"SyncLoop UPDATE" source="api" pods=["{CONTROLLER_NS}/{pod}"]'),
    ]  # fmt: skip
    return {CONTROL_PLANE: sorted(cp, key=lambda j: j.t), WORKER: sorted(wk, key=lambda j: j.t)}


def journal_text(entries: list[Journal], *units: str) -> str:
    """journalctl --no-pager [-u UNIT.service]: a unit's lines and systemd's about it."""
    keep = [
        j
        for j in entries
        if not units
        or j.unit in units
        or (j.unit == "systemd" and any(f"{u}.service" in j.text for u in units))
    ]
    return "".join(j.line() + "\n" for j in keep)


def tar_gz(files: dict[str, bytes], top: str, mtime: int) -> bytes:
    """A deterministic .tar.gz: sorted members with their folders, root-owned, fixed times."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        folders = {top} | {
            "/".join([top, *path.split("/")[:i]])
            for path in files
            for i in range(1, path.count("/") + 1)
        }
        members = sorted([(f, None) for f in folders] + [(f"{top}/{p}", p) for p in files])
        for name, path in members:
            info = tarfile.TarInfo(name)
            info.mtime, info.uid, info.gid, info.uname, info.gname = mtime, 0, 0, "root", "root"
            if path is None:
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                tar.addfile(info)
            else:
                info.mode, info.size = 0o644, len(files[path])
                tar.addfile(info, io.BytesIO(files[path]))
    packed = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=packed, mtime=0, compresslevel=9) as gz:
        gz.write(buffer.getvalue())
    return packed.getvalue()
