"""One engine: a scenario in, the files of its sample folder(s) out (paths under samples/)."""

from __future__ import annotations

import zlib
from pathlib import Path

from samples.gen import cri, ginkgo_console, ginkgo_report, junit, kind, truth
from samples.gen.controller import ControllerLog, controller_log
from samples.gen.model import Scenario
from samples.gen.scenarios import NAMES, load
from samples.gen.timefmt import at

ARTIFACT = "ci-artifact"
EXPORTED = at("19:19:44")  # the log export: every member's mtime in the archive


def ci_artifact(scn: Scenario, clog: ControllerLog, console: bytes) -> dict[str, bytes]:
    """The run as a CI job uploads it: the console, the reports, a `kind export logs` tree."""
    nodes = ginkgo_report.node_reports(scn)
    pod, container, ns = scn.pod, kind.CONTAINER, kind.CONTROLLER_NS
    log = cri.render_cri(clog, zlib.crc32(f"{pod}/{container}".encode()))
    cid, uid = kind.hex_id(pod, container), kind.pod_uid(pod)
    files = {
        "ginkgo.log": console,
        "reports/ginkgo-report.json": ginkgo_report.render_ginkgo_json(scn, nodes).encode(),
        "reports/junit.xml": junit.render_junit(scn, nodes).encode(),
        f"kind-logs/{kind.WORKER}/containers/{pod}_{ns}_{container}-{cid}.log": log,
        f"kind-logs/{kind.WORKER}/pods/{ns}_{pod}_{uid}/{container}/0.log": log,
    }
    for node, entries in kind.node_journals(scn, pod).items():
        files[f"kind-logs/{node}/kubelet.log"] = kind.journal_text(entries, "kubelet").encode()
        files[f"kind-logs/{node}/containerd.log"] = kind.journal_text(
            entries, "containerd"
        ).encode()
        files[f"kind-logs/{node}/journal.log"] = kind.journal_text(entries).encode()
        files[f"kind-logs/{node}/kubernetes-version.txt"] = f"{kind.K8S_VERSION}\n".encode()
    return files


def generate(scn: Scenario) -> dict[str, bytes]:
    """Every file a scenario writes, by path relative to samples/.

    >>> sorted(generate(load("focused-run")))
    ['focused-run/logs/controller.log', 'focused-run/logs/ginkgo.log', 'focused-run/truth.json']
    """
    console = ginkgo_console.render(scn).encode()
    clog = controller_log(scn) if scn.controller_text is None else None
    controller = scn.controller_text if clog is None else clog.text()
    assert controller is not None
    the_truth = truth.render(scn).encode()
    files = {
        f"{scn.slug}/logs/controller.log": controller.encode(),
        f"{scn.slug}/logs/ginkgo.log": console,
        f"{scn.slug}/truth.json": the_truth,
    }
    if scn.ci_artifact and clog is not None:
        tree = ci_artifact(scn, clog, console)
        files |= {f"{ARTIFACT}/logs/{path}": data for path, data in tree.items()}
        archive = kind.tar_gz(tree, ARTIFACT, int(EXPORTED.timestamp()))
        files[f"{ARTIFACT}-archive/logs/{ARTIFACT}.tar.gz"] = archive
        files[f"{ARTIFACT}/truth.json"] = files[f"{ARTIFACT}-archive/truth.json"] = the_truth
    return files


def generate_all() -> dict[str, bytes]:
    return {path: data for name in NAMES for path, data in generate(load(name)).items()}


def write(root: Path, files: dict[str, bytes]) -> None:
    """Write the files; remove any other file under the ``logs/`` folders they fill."""
    for folder in {root / path.split("/logs/")[0] / "logs" for path in files if "/logs/" in path}:
        for stale in (p for p in folder.rglob("*") if p.is_file()):
            if stale.relative_to(root).as_posix() not in files:
                stale.unlink()
    for path, data in sorted(files.items()):
        target = root / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
