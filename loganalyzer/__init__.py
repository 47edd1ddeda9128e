"""loganalyzer: pair controller file writes with the test observations of those files.

>>> from loganalyzer import analyze
>>> report = analyze(["samples/parallel-run"])  # doctest: +SKIP
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from loganalyzer.errors import InputError, LogAnalyzerError, PatternError
from loganalyzer.model.report import Report
from loganalyzer.model.status import PairStatus, SpecState, VerdictKind
from loganalyzer.model.summary import Summary
from loganalyzer.pipeline import analyze

if TYPE_CHECKING:
    from loganalyzer.extract.pack_check import check_pack
    from loganalyzer.extract.packs import load_pack, load_packs

    __version__: str

__all__ = [
    "InputError",
    "LogAnalyzerError",
    "PairStatus",
    "PatternError",
    "Report",
    "SpecState",
    "Summary",
    "VerdictKind",
    "__version__",
    "analyze",
    "check_pack",
    "load_pack",
    "load_packs",
]


def __getattr__(name: str) -> Any:
    """Load polars-backed helpers and the installed version only when first asked for."""
    if name == "__version__":
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version("loganalyzer")
        except PackageNotFoundError:  # running from a source tree that is not installed
            return "0.0.0"
    if name == "check_pack":
        from loganalyzer.extract.pack_check import check_pack

        return check_pack
    if name in ("load_pack", "load_packs"):
        from loganalyzer.extract import packs

        return getattr(packs, name)
    raise AttributeError(f"module 'loganalyzer' has no attribute {name!r}")
