"""Observation events (``kind = "observation"``) from the test output and from other logs."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, Result
from loganalyzer.pipeline import analyze

SAMPLE = ROOT / "samples/configmap-sync/logs"
SECOND = "csync-e2e-k9v2s/checkout-flags"  # the second spec's template
# The GinkgoWriter line that names the second spec's ConfigMap, and what a suite could print
# instead: only the template's name and when the ConfigMap was found.
NAMED = "Found ConfigMap csync-e2e-k9v2s/checkout-flags-config (resourceVersion 48219)"
KEYED = "Template csync-e2e-k9v2s/checkout-flags: ConfigMap ready at 2026-01-10T19:18:03.052417Z"
READY = """
name = "ready"
artifact = "ConfigMap"

[[event]]
id = "ready"
kind = "observation"
contains = "ConfigMap ready at"
regex = '''Template (?P<key>[a-z0-9/-]+): ConfigMap ready at (?P<stamp>\\S+)Z'''
time_from = { capture = "stamp", format = "%Y-%m-%dT%H:%M:%S.%f", tz = "UTC" }
[[event.sample]]
line = "Template ns/a-1: ConfigMap ready at 2026-01-10T19:18:03.052417Z"
expect = { key = "ns/a-1", stamp = "2026-01-10T19:18:03.052417" }
"""


def run(tmp_path: Path, packs: list[str], replace: tuple[str, str] | None = None) -> dict[str, Any]:
    logs = tmp_path / "logs"
    if not logs.exists():
        shutil.copytree(SAMPLE, logs)
        (tmp_path / "packs").mkdir()
        (tmp_path / "packs/ready.toml").write_text(READY, encoding="utf-8")
    if replace is not None:
        ginkgo = logs / "ginkgo.log"
        text = ginkgo.read_text(encoding="utf-8")
        assert replace[0] in text
        ginkgo.write_text(text.replace(*replace), encoding="utf-8")
    report = analyze([str(logs)], pattern_dirs=[tmp_path / "packs"], packs=packs)
    return report.to_dict()


def pair(doc: dict[str, Any], key: str) -> dict[str, Any]:
    return next(p for p in doc["pairs"] if p["key"] == key)


def test_a_test_line_naming_only_the_key_is_an_exact_observation(tmp_path: Path) -> None:
    without = pair(run(tmp_path, ["configmap-sync"], (NAMED, KEYED)), SECOND)
    # The line names no ConfigMap: only the wait step and the next step bracket the sighting.
    assert without["observation"] == "bracketed"
    assert without["evidence"]["observation"].endswith("ginkgo.log:41")  # the wait STEP
    got = pair(run(tmp_path, ["configmap-sync", "ready"]), SECOND)
    assert got["status"] == "observed" and got["observation"] == "exact"
    assert got["observed_at"] == "2026-01-10T19:18:03.052418Z"  # time_from, 1 µs resolution
    assert got["evidence"]["observation"].endswith("ginkgo.log:42")
    # 19:18:02.203918 -> 19:18:03.052417, each stamp to the microsecond
    # Seen by the line's time; from below, only since the spec began waiting.
    assert got["gap_min_seconds"] <= got["gap_seconds"] <= got["gap_max_seconds"]
    assert 0.848498 <= got["gap_max_seconds"] <= 0.848501


def test_an_unwritten_key_found_by_the_tests_is_an_orphan(tmp_path: Path) -> None:
    other = KEYED.replace("checkout-flags", "pricing-rules")
    doc = run(tmp_path, ["configmap-sync", "ready"], (NAMED, other))
    orphan = pair(doc, "csync-e2e-k9v2s/pricing-rules")
    assert orphan["status"] == "orphan" and orphan["path"] == "csync-e2e-k9v2s/pricing-rules"
    assert orphan["observed_at"] == "2026-01-10T19:18:03.052418Z"
    assert orphan["spec"].endswith("copies the template data into its ConfigMap")
    assert doc["summary"]["orphans"] == 1


def test_another_logs_observation_is_a_sighting_never_an_observation(tmp_path: Path) -> None:
    doc = run(tmp_path, ["configmap-sync"])
    late = pair(doc, "csync-e2e-m2x8c/payment-routes")
    assert late["status"] == "unobserved" and late["observed_at"] is None
    assert late["first_sighting_at"] == "2026-01-10T19:18:14.462119Z"
    assert late["evidence"]["sighting"].endswith("payments-api.log:3")
    # Without that log nothing else sighted it: the spec's dump lists bare names, which do not
    # tell namespaces apart, and this pack names a ConfigMap by namespace/name.
    (tmp_path / "logs/payments-api.log").unlink()
    alone = pair(run(tmp_path, ["configmap-sync"]), "csync-e2e-m2x8c/payment-routes")
    assert alone["first_sighting_at"] is None and "sighting" not in alone["evidence"]


def test_another_log_finding_an_unwritten_artifact_is_an_orphan(tmp_path: Path) -> None:
    run(tmp_path, ["configmap-sync"])
    api = tmp_path / "logs/payments-api.log"
    api.write_text(
        api.read_text(encoding="utf-8")
        + 'I0110 19:18:14.470000       1 settings.go:57] "Loaded ConfigMap" '
        'configMap="csync-e2e-m2x8c/legacy-routes-config" keys=2\n',
        encoding="utf-8",
    )
    doc = run(tmp_path, ["configmap-sync"])
    orphan = next(p for p in doc["pairs"] if p["status"] == "orphan")
    assert (orphan["key"], orphan["path"], orphan["spec"]) == (
        None,
        "csync-e2e-m2x8c/legacy-routes-config",
        None,
    )
    assert orphan["observed_at"] == "2026-01-10T19:18:14.470001Z"
    assert orphan["evidence"] == {"observation": f"{tmp_path}/logs/payments-api.log:5"}


@pytest.mark.parametrize("fmt", ["terminal", "markdown", "html", "json"])
def test_every_format_shows_an_orphan_found_by_another_log(
    tmp_path: Path, run_cli: Callable[..., Result], fmt: str
) -> None:
    run(tmp_path, ["configmap-sync"])
    api = tmp_path / "logs/payments-api.log"
    api.write_text(
        api.read_text(encoding="utf-8")
        + 'I0110 19:18:14.470000       1 settings.go:57] "Loaded ConfigMap" '
        'configMap="csync-e2e-m2x8c/legacy-routes-config" keys=2\n',
        encoding="utf-8",
    )
    result = run_cli("analyze", str(tmp_path / "logs"), "-f", fmt, "--width", "200")
    assert result.exit_code == 0, result.stderr
    if fmt in ("html", "json"):
        assert "legacy-routes-config" in result.stdout
    else:  # these show an orphan by its key, which this one has not
        assert "1 seen but never written" in result.stdout
