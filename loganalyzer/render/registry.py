"""Output formats: the one registry the CLI renders through.

Each format is a module with ``emit(report, options)`` and ``emit_comparison(comparison,
options)``, returning the text in pieces (a large JSON report is never whole). Modules are
imported on first use, so that only the terminal renderer loads rich.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Protocol

from loganalyzer.model.report import Report
from loganalyzer.report.compare import Comparison

RENDERERS: dict[str, str] = {
    "terminal": "loganalyzer.render.terminal.report",
    "markdown": "loganalyzer.render.markdown",
    "json": "loganalyzer.render.json_",
    "html": "loganalyzer.render.html",
}


# Seconds of merged lines around each failure a format shows unless --context says; JSON
# carries them only when asked.
DEFAULT_CONTEXT = {"terminal": 3.0, "markdown": 3.0, "html": 3.0}


def default_context(name: str) -> float | None:
    """The ``--context`` a format uses when none is given.

    >>> default_context("terminal"), default_context("json")
    (3.0, None)
    """
    return DEFAULT_CONTEXT.get(name)


@dataclass(frozen=True)
class Options:
    """How to render; a format ignores what it has no use for."""

    width: int | None = None  # columns, for the formats that wrap
    color: bool = False  # the terminal's colours
    charts: Sequence[str] = ()  # chart files to link (Markdown, with --charts)
    height: int | None = None  # rows a screenful holds; more pairs: the terminal shows the worst
    all_rows: bool = False  # the terminal shows every pair however many (--all)
    max_chars: int = 0  # Markdown fits in this many characters (0: no limit)
    full_report: str = ""  # where the whole report is, for a Markdown report cut to fit


class Renderer(Protocol):
    def __call__(self, report: Report, options: Options) -> Iterable[str]: ...


class ComparisonRenderer(Protocol):
    def __call__(self, comparison: Comparison, options: Options) -> Iterable[str]: ...


def renderer(name: str) -> Renderer:
    """The named format's renderer.

    >>> from loganalyzer.model.summary import Summary
    >>> "".join(renderer("json")(Report([], Summary(), [], [], []), Options())).splitlines()[1]
    '  "schema": "loganalyzer.report/2",'
    """
    emit: Renderer = importlib.import_module(RENDERERS[name]).emit
    return emit


def comparison_renderer(name: str) -> ComparisonRenderer:
    """The named format's renderer for ``loganalyzer compare``."""
    emit: ComparisonRenderer = importlib.import_module(RENDERERS[name]).emit_comparison
    return emit
