"""The README's JSON schema comes from the model and lists exactly the keys of real output."""

from __future__ import annotations

import json
from typing import Any

from conftest import ROOT
from loganalyzer import analyze
from loganalyzer.model.report import SCHEMA
from loganalyzer.render.json_ import render
from loganalyzer.report.gating import gated, parse_condition
from loganalyzer.report.schema import document_fields, listed, markdown

README = ROOT / "README.md"
UNOBSERVED = parse_condition("unobserved")


def paths(value: Any, prefix: str, maps: set[str], out: set[str]) -> set[str]:
    """Every key path of a JSON value, ``a[].b`` style; maps are not descended into."""
    if isinstance(value, dict) and prefix not in maps:
        for key, child in value.items():
            paths(child, f"{prefix}.{key}" if prefix else key, maps, out)
    elif isinstance(value, list):
        out.add(prefix + "[]")
        for item in value:
            if isinstance(item, dict):
                paths(item, prefix + "[]", maps, out)
    else:
        out.add(prefix)
    if isinstance(value, dict) and prefix:
        out.add(prefix)
    return out


def real_paths() -> set[str]:
    maps = {f.path for f in document_fields() if f.kind.startswith("object:")}
    # --fail-on unobserved fires on this run: summary.fail_on has an entry
    logs = str(ROOT / "samples" / "parallel-run" / "logs")
    documents = [json.loads(render(gated(analyze([logs], context=3.0), [UNOBSERVED])))]
    for golden in sorted(ROOT.glob("samples/*/expected.json")):
        document = json.loads(golden.read_text(encoding="utf-8"))
        if document.get("schema") == SCHEMA:
            documents.append(document)
    found: set[str] = set()
    for document in documents:
        paths(document, "", maps, found)
    return found


def test_readme_section_is_generated_from_the_model() -> None:
    readme = README.read_text(encoding="utf-8")
    assert markdown() in readme, "run: python -m loganalyzer.report.schema README.md"


def test_readme_lists_exactly_the_keys_a_report_has() -> None:
    documented = listed(README.read_text(encoding="utf-8"))
    assert len(documented) == len(set(documented))
    real = real_paths()
    assert set(documented) - real == set(), "documented but never in the output"
    assert real - set(documented) == set(), "in the output but not documented"


def test_every_field_says_what_it_means() -> None:
    assert [f.path for f in document_fields() if not f.meaning] == []


def test_the_key_walk_sees_new_and_missing_fields() -> None:
    maps = {"a.m"}
    got = paths({"a": {"b": 1, "m": {"x": 1}, "l": [{"c": None}]}}, "", maps, set())
    assert got == {"a", "a.b", "a.m", "a.l[]", "a.l[].c"}
