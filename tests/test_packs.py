"""Choosing packs (``--packs``), listing them, and a second system run on its own pack."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, Result
from loganalyzer.extract.pack_check import check_pack
from loganalyzer.extract.packs import builtin_packs, load_pack
from loganalyzer.pipeline import analyze

CONFIGMAPS = "samples/configmap-sync/logs"
KNOWN = "known: configmap-sync, infrastructure, kubernaut-notification"


@pytest.mark.parametrize("path", builtin_packs(), ids=lambda p: p.name)
def test_every_builtin_pack_passes_its_embedded_samples(path: Path) -> None:
    pack = load_pack(path)
    assert pack.events or pack.signatures
    assert check_pack(pack) == []


def test_patterns_check_runs_every_builtin_pack(run_cli: Callable[..., Result]) -> None:
    result = run_cli("patterns", "check")
    assert result.exit_code == 0, result.stderr
    samples = sum(len(e.samples) for p in map(load_pack, builtin_packs()) for e in p.events) + sum(
        len(s.samples) for p in map(load_pack, builtin_packs()) for s in p.signatures
    )
    assert result.stdout == f"3 packs, {samples} samples: all good\n"
    one = run_cli("patterns", "check", "--packs", "configmap-sync")
    assert one.stdout.startswith("1 pack, 9 samples: all good")


def test_second_system_passes_with_its_own_pack_only(run_cli: Callable[..., Result]) -> None:
    result = run_cli("analyze", CONFIGMAPS, "--packs", "configmap-sync", "-f", "json")
    assert result.exit_code == 0, result.stderr
    # The goldens are made with every built-in pack: the other packs add nothing here.
    golden = (ROOT / "samples/configmap-sync/expected.json").read_text(encoding="utf-8")
    assert result.stdout == golden
    doc = json.loads(result.stdout)
    pairs = {p["key"]: p for p in doc["pairs"]}
    # Two specs made a template of the same name in their own namespaces: two ConfigMaps.
    first, second = pairs["csync-e2e-4q7wd/checkout-flags"], pairs["csync-e2e-k9v2s/checkout-flags"]
    assert (first["status"], first["observation"]) == ("observed", "exact")
    assert first["path"] == "csync-e2e-4q7wd/checkout-flags-config"
    assert first["spec"].endswith("creates its ConfigMap")
    assert (second["status"], second["observation"]) == ("observed", "bracketed")
    assert second["spec"].endswith("copies the template data into its ConfigMap")
    late = pairs["csync-e2e-m2x8c/payment-routes"]
    assert late["status"] == "unobserved"
    # Found by a third component (the workload that mounts it) before the spec gave up.
    assert late["first_sighting_at"] == "2026-01-10T19:18:14.462119Z"
    assert late["evidence"]["sighting"] == f"{CONFIGMAPS}/payments-api.log:3"
    failed = [(s["name"], s["verdict"], s["reason"]) for s in doc["specs"] if s["verdict"]]
    assert [(name.split(" when ")[1][:24], verdict) for name, verdict, _ in failed] == [
        ("a ConfigTemplate referen", "visibility-latency"),
        ("the namespace has a Conf", "not-written"),
    ]
    assert failed[0][2].endswith(
        f"found by {CONFIGMAPS}/payments-api.log 0.014 s before this spec's deadline"
    )
    assert failed[1][2].startswith("csync-e2e-t5r7n/quota-limits: no ConfigMap was written for it;")


def test_a_pack_whose_artifacts_are_named_by_path_tells_namespaces_apart(
    tmp_path: Path,
) -> None:
    pack = (ROOT / "patterns/configmap-sync.toml").read_text(encoding="utf-8")
    assert 'identity = "path"\n' in pack
    (tmp_path / "configmap-sync.toml").write_text(
        pack.replace('identity = "path"\n', ""), encoding="utf-8"
    )
    by_path = analyze([str(ROOT / CONFIGMAPS)]).to_dict()
    by_name = analyze([str(ROOT / CONFIGMAPS)], pattern_dirs=[tmp_path]).to_dict()
    assert by_path["summary"]["writes"] == 4
    # Named by their last segment, the two checkout-flags-config ConfigMaps are one artifact.
    assert by_name["summary"]["writes"] == 3
    assert [p["path"] for p in by_name["pairs"]].count("csync-e2e-4q7wd/checkout-flags-config") == 1
    assert "csync-e2e-k9v2s/checkout-flags-config" not in [p["path"] for p in by_name["pairs"]]


def test_report_says_which_packs_were_used_and_their_noun() -> None:
    report = analyze([str(ROOT / CONFIGMAPS)])
    assert list(report.packs) == ["configmap-sync", "infrastructure", "kubernaut-notification"]
    assert report.packs["configmap-sync"] == "ConfigMap" and report.artifact == "ConfigMap"
    seed = analyze([str(ROOT / "samples/focused-run/logs")], packs=["kubernaut-notification"])
    assert seed.packs == {"kubernaut-notification": "file"} and seed.artifact == "file"


def test_a_pack_left_out_pairs_nothing(run_cli: Callable[..., Result]) -> None:
    result = run_cli("analyze", CONFIGMAPS, "--packs", "kubernaut-notification,infrastructure")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(
        run_cli("analyze", CONFIGMAPS, "--packs", "kubernaut-notification", "-f", "json").stdout
    )
    assert doc["summary"]["writes"] == 0
    assert any("no writes found" in w for w in doc["warnings"])


@pytest.mark.parametrize(
    "args",
    [
        ["analyze", CONFIGMAPS, "--packs", "configmap-sync,nope"],
        ["compare", CONFIGMAPS, CONFIGMAPS, "--packs", "nope"],
        ["inputs", CONFIGMAPS, "--packs", "nope"],
        ["patterns", "list", "--packs", "nope"],
        ["patterns", "check", "--packs", "nope"],
    ],
    ids=lambda a: a[0] + "-" + a[1],
)
def test_unknown_pack_is_a_one_line_usage_error(
    run_cli: Callable[..., Result], args: list[str]
) -> None:
    result = run_cli(*args)
    assert result.exit_code == 2
    assert result.stderr == f"loganalyzer: error: --packs: unknown pack 'nope' ({KNOWN})\n"


def test_empty_pack_list_is_a_usage_error(run_cli: Callable[..., Result]) -> None:
    result = run_cli("analyze", CONFIGMAPS, "--packs", " , ")
    assert result.exit_code == 2
    assert result.stderr == f"loganalyzer: error: --packs: no pack named ({KNOWN})\n"


def test_packs_selects_user_packs_too(run_cli: Callable[..., Result], tmp_path: Path) -> None:
    mine = (ROOT / "patterns/configmap-sync.toml").read_text(encoding="utf-8")
    (tmp_path / "mine.toml").write_text(
        mine.replace('name = "configmap-sync"', 'name = "mine"'), encoding="utf-8"
    )
    args = ["inputs", CONFIGMAPS, "--patterns", str(tmp_path)]
    result = run_cli(*args, "--packs", "mine")
    assert result.exit_code == 0, result.stderr
    assert "; 16 events" in result.stdout.splitlines()[0]
    none = run_cli(*args, "--packs", "infrastructure")
    assert "events" not in none.stdout.splitlines()[0]


CONFIGMAP_LISTING = """\
configmap-sync (built-in)
  pairs: ConfigMap (identity: path)
  about: ConfigTemplate controller (klog) that creates ConfigMaps, and its E2E suite
  events: 6
    configmap-created        write        role=controller  contains 'ConfigMap"'
    template-reconciling     intent       role=controller  contains 'ConfigTemplate"'
    configmap-create-failed  error        role=controller  contains 'ConfigMap"'
    reconciler-error         error        role=controller  contains 'ConfigTemplate"'
    configmap-found          observation  role=test        contains 'Found ConfigMap'
    configmap-loaded         observation  role=controller  contains 'ConfigMap"'
  signatures: none
  spec mappings: 4
"""


def test_patterns_list_shows_noun_events_signatures_and_mappings(
    run_cli: Callable[..., Result], tmp_path: Path
) -> None:
    result = run_cli("patterns", "list")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith(CONFIGMAP_LISTING + "\n")
    blocks = result.stdout.split("\n\n")
    assert [b.split(" ", 1)[0] for b in blocks] == [
        "configmap-sync",
        "infrastructure",
        "kubernaut-notification",
    ]
    assert "  signatures: 5\n    kind-image-load      contains 'failed to load image" in blocks[1]
    assert (
        "  spec mappings: 9" in blocks[2]
        and "file-delivered     write   role=controller  contains" in blocks[2]
    )
    assert run_cli("patterns", "list").stdout == result.stdout  # deterministic
    assert run_cli("patterns", "list", "--packs", "configmap-sync").stdout == CONFIGMAP_LISTING
    # A user pack is named by its file; a built-in one never by where it was installed.
    (tmp_path / "u.toml").write_text('name = "u"\nartifact = "row"\n', encoding="utf-8")
    user = run_cli("patterns", "list", "--patterns", str(tmp_path), "--packs", "u")
    assert user.stdout.splitlines()[:2] == [f"u ({tmp_path / 'u.toml'})", "  pairs: row"]


def test_no_engine_code_names_one_system() -> None:
    """What one system logs lives in its pack: the package never names kubernaut's words."""
    for path in sorted((ROOT / "loganalyzer").rglob("*.py")):
        text = path.read_text(encoding="utf-8").lower()
        assert "kubernaut" not in text and "notification" not in text, path


def test_readme_pack_example_loads_and_passes_its_samples(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```toml\n", readme.index("## Pattern packs")) + len("```toml\n")
    example = tmp_path / "example.toml"
    example.write_text(readme[start : readme.index("```", start)], encoding="utf-8")
    pack = load_pack(example)
    assert [e.kind for e in pack.events] == ["write", "observation"]
    assert check_pack(pack) == []


def test_readme_patterns_list_excerpt_is_real(run_cli: Callable[..., Result]) -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("```\n", readme.index("the same on every machine:")) + len("```\n")
    excerpt = readme[start : readme.index("```", start)].splitlines()
    real = run_cli("patterns", "list", "--packs", "configmap-sync").stdout.splitlines()
    shown = [ln for ln in excerpt if ln.strip() != "…"]
    assert shown == [ln for ln in real if ln in shown] and len(shown) > 6
