"""The renderer registry: every format the CLI offers is a registry entry, rendered through it."""

from __future__ import annotations

import importlib
from collections.abc import Callable

import pytest

from conftest import Result
from loganalyzer import analyze
from loganalyzer.cli import Format
from loganalyzer.render.registry import RENDERERS, Options, comparison_renderer, renderer
from loganalyzer.report.compare import compare

Run = Callable[..., Result]
RUN = "samples/focused-run/logs"


def test_the_cli_offers_exactly_the_registry() -> None:
    assert [f.value for f in Format] == list(RENDERERS)
    for module in RENDERERS.values():
        loaded = importlib.import_module(module)
        assert callable(loaded.emit) and callable(loaded.emit_comparison)


@pytest.mark.parametrize("name", [n for n in RENDERERS if n != "html"])
def test_cli_output_is_the_registry_output(run_cli: Run, name: str) -> None:
    # html embeds the charts' Vega runtime, too slow to build twice here; it is the
    # same call, and tests/test_html.py covers the page.
    result = run_cli("analyze", RUN, "-f", name, "--width", "100")
    assert result.exit_code == 0, result.stderr
    report = analyze([RUN])
    assert result.stdout == "".join(renderer(name)(report, Options(width=100)))


def test_comparisons_render_in_every_format() -> None:
    report = analyze([RUN])
    both = compare(report, report, ("run-alpha", "run-beta"))
    for name in RENDERERS:
        text = "".join(comparison_renderer(name)(both, Options(width=100)))
        assert "run-alpha" in text and "run-beta" in text, name
