"""loganalyzer: pair controller file writes with the test observations of those files.

>>> from loganalyzer import analyze
>>> report = analyze(["samples/parallel-run"])  # doctest: +SKIP
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

from loganalyzer.analyze import analyze
from loganalyzer.errors import InputError, LogAnalyzerError, PatternError
from loganalyzer.packcheck import check_pack
from loganalyzer.patterns import load_pack, load_packs
from loganalyzer.report import Report

try:
    __version__ = version("loganalyzer")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

__all__ = [
    "InputError",
    "LogAnalyzerError",
    "PatternError",
    "Report",
    "__version__",
    "analyze",
    "check_pack",
    "load_pack",
    "load_packs",
]
