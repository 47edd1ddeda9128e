"""Output formats. Each renderer is a module with ``render(report, width) -> str``.

Modules are imported on first use so that only the terminal renderer loads rich.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from loganalyzer.report import Report

RENDERERS: dict[str, str] = {
    "terminal": "loganalyzer.renderers.terminal",
    "markdown": "loganalyzer.renderers.markdown",
    "json": "loganalyzer.renderers.json_",
}


class Renderer(Protocol):
    def __call__(self, report: Report, width: int | None = None) -> str: ...


def renderer(name: str) -> Renderer:
    """The render function of the named format.

    >>> renderer("json")(Report([], {}, [], [], [])).splitlines()[1]
    '  "schema": "loganalyzer.report/1",'
    """
    module = importlib.import_module(RENDERERS[name])
    render: Renderer = module.render
    return render
