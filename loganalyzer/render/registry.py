"""Output formats. Each renderer is a module with ``render(report, width) -> str``.

Modules are imported on first use so that only the terminal renderer loads rich.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from loganalyzer.model.report import Report
from loganalyzer.report.compare import Comparison

RENDERERS: dict[str, str] = {
    "terminal": "loganalyzer.render.terminal.report",
    "markdown": "loganalyzer.render.markdown",
    "json": "loganalyzer.render.json_",
    "html": "loganalyzer.render.html",
}


class Renderer(Protocol):
    def __call__(self, report: Report, width: int | None = None) -> str: ...


class ComparisonRenderer(Protocol):
    def __call__(self, comparison: Comparison, width: int | None = None) -> str: ...


def comparison_renderer(name: str) -> ComparisonRenderer:
    """The render function for ``loganalyzer compare`` in the named format."""
    render: ComparisonRenderer = importlib.import_module(RENDERERS[name]).render_comparison
    return render


def renderer(name: str) -> Renderer:
    """The render function of the named format.

    >>> from loganalyzer.model.summary import Summary
    >>> renderer("json")(Report([], Summary(), [], [], [])).splitlines()[1]
    '  "schema": "loganalyzer.report/2",'
    """
    module = importlib.import_module(RENDERERS[name])
    render: Renderer = module.render
    return render
