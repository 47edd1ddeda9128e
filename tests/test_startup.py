"""Start-up: the command line imports no heavy library until a command needs it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SAMPLE = Path(__file__).parents[1] / "samples" / "focused-run" / "logs"
# Charts, history and statistics only: a plain analysis never needs them.
DEFERRED = {"altair", "vl_convert", "dask", "distributed", "deltalake", "scipy", "pandas"}


def _imported(code: str) -> set[str]:
    """The top-level packages loaded after running ``code`` in a fresh interpreter."""
    names = "sorted({m.split('.')[0] for m in sys.modules})"
    probe = f"{code}\nimport sys, json\nprint(json.dumps({names}))"
    result = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return set(json.loads(result.stdout.strip().splitlines()[-1]))


def test_importing_the_cli_loads_no_heavy_library() -> None:
    loaded = _imported("import loganalyzer.cli")
    assert not loaded & (DEFERRED | {"polars", "rich", "pyarrow", "numpy", "zstandard"})


def test_a_json_analysis_loads_no_chart_history_or_statistics_library() -> None:
    run = (
        "import contextlib, io\n"
        "from loganalyzer.cli import app\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    app(['analyze', {str(SAMPLE)!r}, '-f', 'json'], standalone_mode=False)"
    )
    loaded = _imported(run)
    assert "polars" in loaded  # it did analyse
    assert not loaded & (DEFERRED | {"rich"})
