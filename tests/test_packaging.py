"""The wheel: every package in the tree is listed, and the built-in packs ship inside it.

The packs live in the top-level ``patterns/`` folder and are mapped to
``loganalyzer.packs``; they must load from an unpacked wheel and from the zipped
wheel itself (as under ``pip install --user`` or in a zipapp), not from the tree.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LOAD = (
    "import loganalyzer, sys; from loganalyzer.extract.packs import load_packs; "
    "print(loganalyzer.__file__); print(*sorted(p.name for p in load_packs()))"
)


def test_every_package_in_the_tree_is_listed() -> None:
    listed = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"]
    found = {
        ".".join(init.parent.relative_to(ROOT).parts)
        for init in ROOT.glob("loganalyzer/**/__init__.py")
    }
    assert set(listed) == found | {"loganalyzer.packs"}


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "wheel", "-q", "--no-build-isolation", "--no-deps"]
    subprocess.run([*pip, "-w", str(out), str(ROOT)], check=True, capture_output=True)
    return next(out.glob("loganalyzer-*.whl"))


def test_wheel_carries_the_packs(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    shipped = sorted(n.rsplit("/", 1)[1] for n in names if n.startswith("loganalyzer/packs/"))
    assert shipped == sorted(["__init__.py", *(p.name for p in (ROOT / "patterns").glob("*.toml"))])


@pytest.mark.parametrize("unpacked", [True, False], ids=["unpacked", "zipped"])
def test_packs_load_from_the_installed_wheel(wheel: Path, tmp_path: Path, unpacked: bool) -> None:
    site = wheel
    if unpacked:
        site = tmp_path / "site"
        zipfile.ZipFile(wheel).extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    # -I would also drop the venv's dependencies; -P keeps the source tree off sys.path.
    result = subprocess.run(
        [sys.executable, "-P", "-c", LOAD], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    where, packs = result.stdout.splitlines()
    assert where.startswith(str(site))
    assert packs.split() == sorted(p.stem for p in (ROOT / "patterns").glob("*.toml"))
