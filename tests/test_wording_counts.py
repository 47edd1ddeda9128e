"""Counts in user-facing text agree with their number: no ``spec(s)``, ``line(s)``."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from loganalyzer.model.text import counted

PACKAGE = Path(__file__).parent.parent / "loganalyzer"
SAMPLES = Path(__file__).parent.parent / "samples"
HEDGED = re.compile(r"[A-Za-z]\((?:s|es)\)")


def test_counted_is_singular_for_one() -> None:
    assert counted(1, "spec") == "1 spec"
    assert counted(0, "spec") == "0 specs"
    assert counted(19, "event line") == "19 event lines"
    assert counted(2, "process", "processes") == "2 processes"


def test_no_hedged_plural_in_any_message() -> None:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = {id(d) for n in ast.walk(tree) if (d := _docstring(n)) is not None}
        for node in ast.walk(tree):
            # Column heads such as "gap (s)" are seconds, not a plural: the pattern needs a
            # letter right before the bracket. Docstrings hold code such as ``is_elision(s)``.
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and id(node) not in docs and HEDGED.search(text):
                found.append(f"{path.name}: {text!r}")
    assert found == []


def _docstring(node: ast.AST) -> ast.Constant | None:
    kinds = (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)
    if not isinstance(node, kinds) or not node.body:
        return None
    first = node.body[0]
    if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
        return first.value
    return None


def test_no_hedged_plural_in_any_golden() -> None:
    found = [
        f"{path}:{n}"
        for path in sorted(SAMPLES.glob("*/expected.*"))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if HEDGED.search(line)
    ]
    assert found == []
