"""The HTML report: one offline file, every pair charted, log text inert, same bytes each time."""

from __future__ import annotations

import html
import json
import os
import re
import subprocess
import sys
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any

import vl_convert as vlc

from builders import delivered, spec_block, stamp, suite
from conftest import Result
from loganalyzer import analyze
from loganalyzer.model.report import Report
from loganalyzer.model.summary import Summary
from loganalyzer.render.charts import VEGALITE_VERSION, write_charts
from loganalyzer.render.html import render, render_comparison
from loganalyzer.report.compare import compare

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = str(ROOT / "samples/parallel-run/logs")
HOSTILE = "boom </script><!-- <script>alert(1)</script> & more"
CHARTS = re.compile(r'<script id="loganalyzer-charts" type="application/json">(.*?)</script>', re.S)


@cache
def sample() -> tuple[Report, str]:
    report = analyze([SAMPLE])
    return report, render(report)


def embedded(page: str) -> dict[str, Any]:
    (text,) = CHARTS.findall(page)
    specs: dict[str, Any] = json.loads(text)
    return specs


def datasets(spec: Any) -> dict[str, list[dict[str, Any]]]:
    """Named inline data anywhere in a Vega-Lite spec."""
    found: dict[str, list[dict[str, Any]]] = {}
    if isinstance(spec, dict):
        if "name" in spec and isinstance(spec.get("values"), list):
            found[spec["name"]] = spec["values"]
        for value in spec.values():
            found.update(datasets(value))
    elif isinstance(spec, list):
        for value in spec:
            found.update(datasets(value))
    return found


def section(page: str, title: str) -> str:
    return page.split(f"<h2>{title}</h2>", 1)[1].split("<h2>", 1)[0]


def test_the_page_is_one_file_that_fetches_nothing() -> None:
    _, page = sample()
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")
    assert "default-src 'none'" in page  # the browser itself refuses any fetch
    head, rest = page.split("<script>\n", 1)
    library, tail = rest.split("\n</script>", 1)
    for name in ("window.vegaEmbed=", "window.vega=", "window.vegaLite="):
        assert name in library  # the libraries are inlined, not loaded
    markup = head + tail  # the page less the libraries' code, whose URLs are only strings
    assert not re.search(r"<link|<iframe|<img|\bsrc\s*=|\bhref\s*=|@import|url\(", markup, re.I)
    assert not re.search(r"https?://", markup)
    assert page.count("<script") == 3


def test_the_timeline_has_a_mark_per_pair_and_honest_lanes() -> None:
    report, page = sample()
    specs = embedded(page)
    assert sorted(specs) == ["gap-vs-load", "histogram"]  # the timeline is drawn in SVG
    timeline = section(page, "Timeline")
    drawn = timeline.split('<ul class="legend">')[0]
    assert drawn.count('data-mark="write"') == len(report.pairs) == 13
    assert drawn.count('data-mark="spec-') == 19
    lanes = re.findall(r'class="tl-lane" title="[^"]*" data-lane="([^"]*)"', timeline)
    assert len(lanes) == len(set(lanes)) == 5 + 14  # five processes, fourteen specs without one
    assert lanes[:5] == [f"process {n}" for n in (2, 4, 6, 8, 12)]
    unnamed = {s.name for s in report.specs if s.process is None}
    assert {lane.removeprefix("spec:") for lane in lanes[5:]} == unnamed
    assert "unknown" not in timeline
    assert timeline.index("By Ginkgo process") < timeline.index("By spec (the log does not say")
    for pair in report.pairs:  # each pair's key is written beside its marks
        assert f'class="key">{pair.key}</text>' in timeline
    load = datasets(specs["gap-vs-load"])
    assert len(load["points"]) == 11  # the pairs with a concurrency and a gap or lower bound
    assert {r["percentile"] for r in load["percentiles"]} == {"p50", "p90"}


def test_failures_come_first_each_with_its_close_up() -> None:
    report, page = sample()
    why = section(page, "Why the failed specs failed")
    assert page.index("Why the failed specs failed") < page.index("<h2>Failed specs</h2>")
    assert page.index("<h2>Failed specs</h2>") < page.index("<h2>Timeline</h2>")
    assert "<figure" not in section(page, "Failed specs")  # the table alone, after
    blocks = why.split('<div class="failure">')[1:]
    names = [s.name for s in report.specs if s.verdict]
    assert len(blocks) == len(names) == 4
    by_name = {s.name: s for s in report.specs}
    for block, name in zip(blocks, names, strict=True):
        # Each block: its heading, the message, the evidence, then its own close-up, which
        # leads with the failed spec's own lane.
        captions = re.findall(r"<figcaption>(.*?)</figcaption>", block)
        assert len(captions) == 1 and captions[0].startswith(html.escape(name)), captions
        assert "±3 s" in captions[0]
        assert block.index('<pre class="msg">') < block.index("<table>") < block.index("<figure")
        first = re.search(r'<figure class="tl">.*?data-lane="([^"]*)"', block, re.S)
        assert first is not None and first[1] == f"process {by_name[name].process}"


def test_the_tables_name_the_failed_specs_and_every_pair() -> None:
    report, page = sample()
    verdicts = section(page, "Failed specs")
    failed = [s for s in report.specs if s.state == "failed"]
    assert len(failed) == 4
    assert verdicts.count("<strong>visibility-latency</strong>") == 4
    for spec in failed:
        assert spec.name.replace(">", "&gt;") in verdicts
    why = section(page, "Why the failed specs failed")
    assert why.count('<div class="failure">') == 4 and "ginkgo.log:" in why  # the evidence lines
    pairs = section(page, "Files written and seen")
    assert pairs.count("<tr>") == 1 + 13
    assert "p50 2.0–7.4 s" in page  # the summary table: the seen gap's bounds


def test_log_text_stays_text(tmp_path: Path) -> None:
    block = spec_block(
        "Hostile </script><!-- leaf",
        [
            f"STEP: wait @ {stamp('19:18:20')}",
            f"[FAILED] in [It] - /src/a_test.go:9 @ {stamp('19:18:25')}",
        ],
        failure=[f"[FAILED] {HOSTILE}"],
        failed_at=stamp("19:18:25"),
    )
    (tmp_path / "controller.log").write_text(delivered("other", "191800.000000") + "\n")
    (tmp_path / "ginkgo.log").write_text(suite([block]))
    report = analyze([str(tmp_path)], test_tz="UTC")
    assert HOSTILE in report.specs[0].reason
    page = render(report)
    assert "<script>alert(1)" not in page and "<!--" not in page
    assert "boom &lt;/script&gt;&lt;!-- &lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in page
    assert page.count("<script") == 3 and page.count("</script>") == 3
    (text,) = CHARTS.findall(page)
    assert "<" not in text and ">" not in text and "&" not in text
    # The timeline's lane, bar label and hover text hold the name as text.
    timeline = section(page, "Timeline")
    assert timeline.count("Hostile &lt;/script&gt;&lt;!-- leaf") >= 3


def test_the_same_report_gives_the_same_bytes() -> None:
    report, page = sample()
    assert render(report) == page
    # Another process, another hash seed: no set or dict order may leak into the page.
    code = (
        "import sys; from loganalyzer import analyze; "
        "from loganalyzer.render.html import render; "
        f"sys.stdout.write(render(analyze([{SAMPLE!r}])))"
    )
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    other = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=120
    )
    assert other.returncode == 0, other.stderr
    assert other.stdout == page


def test_an_empty_report_renders_without_charts(tmp_path: Path) -> None:
    report = Report([], Summary(), [], [], [])
    page = render(report)
    assert embedded(page) == {}
    assert "No charts" in page and "No file writes were found." in page
    assert write_charts(report, tmp_path / "charts") == []


def test_charts_are_written_as_png_and_svg(tmp_path: Path) -> None:
    report, _ = sample()
    paths = write_charts(report, tmp_path / "charts")
    names = ["timeline.png", "timeline.svg", "gap-vs-load.png", "gap-vs-load.svg"]
    assert [p.name for p in paths] == names
    for name in ("timeline", "gap-vs-load"):
        png = (tmp_path / "charts" / f"{name}.png").read_bytes()
        assert png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000
        svg = (tmp_path / "charts" / f"{name}.svg").read_text(encoding="utf-8")
        assert svg.lstrip().startswith("<svg") and svg.rstrip().endswith("</svg>")
        assert len(svg) > 10_000


def test_a_comparison_renders_as_a_page_of_tables() -> None:
    report, _ = sample()
    page = render_comparison(compare(report, report, ("<b>before</b>", "after")))
    assert page.startswith("<!DOCTYPE html>") and "<script" not in page
    assert "&lt;b&gt;before&lt;/b&gt;" in page and "<b>" not in page
    assert section(page, "Specs").count("<tr>") == 1 + 19
    assert section(page, "Files by key").count("<tr>") == 1 + 13


def test_vl_convert_knows_the_vega_lite_version_altair_writes() -> None:
    # The page and the PNGs use vl-convert's copy of Vega-Lite: it must be the one Altair targets.
    assert VEGALITE_VERSION in vlc.get_vegalite_versions()


def test_cli_html_and_charts_linked_from_markdown(
    run_cli: Callable[..., Result], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    page = run_cli("analyze", "samples/parallel-run/logs", "-f", "html", "-o", str(out / "r.html"))
    assert page.exit_code == 0, page.stderr
    assert (out / "r.html").read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    md = run_cli(
        "analyze",
        "samples/parallel-run/logs",
        "-f",
        "markdown",
        "-o",
        str(out / "r.md"),
        "--charts",
        str(out / "charts"),
    )
    assert md.exit_code == 0, md.stderr
    text = (out / "r.md").read_text(encoding="utf-8")
    assert "[![timeline](charts/timeline.png)](charts/timeline.svg)" in text
    assert (out / "charts" / "gap-vs-load.png").read_bytes().startswith(b"\x89PNG")


def test_every_chart_is_valid_vega_lite() -> None:
    # The charts skip Altair's validation (it walks every data row), so it is done here.
    from altair.utils.schemapi import validate_jsonschema
    from altair.vegalite.v6.schema import load_schema

    from loganalyzer.render.charts import charts

    schema = load_schema()
    for sample in ("parallel-run", "not-written", "flaky", "skewed-clock"):
        made = charts(analyze([f"samples/{sample}/logs"]))
        assert made, sample
        for name, spec in made.items():
            validate_jsonschema(spec, schema)  # raises on an invalid spec
            assert "$schema" not in spec, name  # a URL: the page references none
