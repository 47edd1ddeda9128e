"""The HTML report in a real browser: it draws, fits narrow windows, and fetches nothing.

Playwright drives the system's Chromium (``executable_path``): no browser is downloaded.
"""

from __future__ import annotations

import os
import shutil
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from large import large_report
from playwright.sync_api import Browser, FloatRect, Page, sync_playwright

from loganalyzer import analyze
from loganalyzer.model.report import Report
from loganalyzer.render import html
from loganalyzer.render.charts import charts

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = next(
    (p for p in (shutil.which("chromium"), shutil.which("chromium-browser")) if p),
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None,
)
# CI sets LOGANALYZER_REQUIRE_BROWSER=1 once it has installed Chromium: a skip there would hide it.
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("LOGANALYZER_REQUIRE_BROWSER"),
    reason="chromium is not installed (apt-get install chromium); .ci/run installs it",
)
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-quic"]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM is not None, "LOGANALYZER_REQUIRE_BROWSER is set but chromium is missing"
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, timeout=60_000)
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Opened:
    page: Page
    state: str | None
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)


def open_report(browser: Browser, path: Path, width: int) -> Opened:
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type in ("error", "warning") else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(path.as_uri(), timeout=60_000)
    page.wait_for_selector("body[data-charts]", state="attached", timeout=60_000)
    state = page.get_attribute("body", "data-charts")
    return Opened(page, state, errors, requests)


def write(report: Report, tmp_path: Path) -> Path:
    path = tmp_path / "report.html"
    path.write_text(html.render(report), encoding="utf-8")
    return path


def dark_pixels(png: bytes) -> int:
    """Pixels darker than mid grey in an 8-bit RGB(A) PNG, as Chromium writes them."""
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(png):
        (length,), kind = struct.unpack(">I", png[pos : pos + 4]), png[pos + 4 : pos + 8]
        body = png[pos + 8 : pos + 8 + length]
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), (depth, colour)
            channels = 3 if colour == 2 else 4
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride, dark = zlib.decompress(idat), width * channels, 0
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind_, row = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = row[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind_ == 1:
                row[i] = (row[i] + left) & 0xFF
            elif kind_ == 2:
                row[i] = (row[i] + up) & 0xFF
            elif kind_ == 3:
                row[i] = (row[i] + (left + up) // 2) & 0xFF
            elif kind_ == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                best = left if pa <= pb and pa <= pc else up if pb <= pc else corner
                row[i] = (row[i] + best) & 0xFF
        dark += sum(1 for x in range(0, stride, channels) if sum(row[x : x + 3]) < 3 * 110)
        previous = row
    return dark


FIGURES = """() => [...document.querySelectorAll('figure.tl')].map((f) => ({
  drawn: [...new Set([...f.querySelectorAll('.tl-grid [data-mark]')].map((e) => e.dataset.mark))]
    .sort(),
  legend: [...f.querySelectorAll('.legend li')].map((e) => e.dataset.mark).sort(),
  lanes: [...f.querySelectorAll('.tl-grid [data-lane]')].map((e) => e.dataset.lane),
  writes: f.querySelectorAll('.tl-grid [data-mark="write"]').length,
}))"""
LABELS = """(sel) => [...document.querySelectorAll(sel)].map((e) => {
  const r = e.getBoundingClientRect();
  return {x: r.x + scrollX, y: r.y + scrollY, width: r.width, height: r.height,
          text: e.textContent};
})"""


def boxes(page: Page, selector: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = page.evaluate(LABELS, selector)
    return found


def label_ink(page: Page, labels: list[dict[str, Any]]) -> list[int]:
    """Dark pixels in a screenshot of each label's box: text drawn there is ink."""
    clips = [FloatRect(x=b["x"], y=b["y"], width=b["width"], height=b["height"]) for b in labels]
    return [dark_pixels(page.screenshot(clip=clip, full_page=True)) for clip in clips]


@pytest.mark.parametrize("width", [800, 1400])
def test_the_report_fits_the_window_and_labels_every_pair(
    browser: Browser, tmp_path: Path, width: int
) -> None:
    report = analyze([str(ROOT / "samples/parallel-run/logs")])
    path = write(report, tmp_path)
    opened = open_report(browser, path, width)
    page = opened.page
    assert opened.state == "ready", opened.errors
    assert opened.errors == []
    foreign = [u for u in opened.requests if u != path.as_uri() and not u.startswith("data:")]
    assert foreign == []
    # Nothing wider than the window: no sideways scrolling of the page.
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    figures = page.evaluate(FIGURES)
    failed = [s for s in report.specs if s.verdict]
    assert len(figures) == len(failed) + 1  # a close-up per failure, then the whole run
    # Each close-up is inside its failed spec's block, which the table of failed specs follows.
    inside = page.locator("#failures div.failure figure.tl").count()
    assert inside == len(failed) == page.locator("#failures div.failure").count()
    for figure in figures:
        assert figure["drawn"] == figure["legend"], figure  # a legend entry for each mark
    whole = figures[-1]
    assert whole["writes"] == len(report.pairs) == 13
    assert not any(lane.startswith("unknown") for lane in whole["lanes"])
    assert "bracket" in whole["legend"] and "deadline" in whole["legend"]
    # Every key is drawn inside the window, in a box of its own size.
    keys = boxes(page, "body > figure.tl text.key")
    assert sorted(k["text"] for k in keys) == sorted(p.key or "-" for p in report.pairs)
    for key in keys:
        assert key["width"] > 20 and key["height"] > 8, key
        assert key["x"] >= 0 and key["x"] + key["width"] <= width, key
    lanes = boxes(page, "body > figure.tl .tl-lane[data-lane]")
    assert all(lane["width"] > 40 and lane["height"] >= 12 for lane in lanes)
    # The screenshot shows them: ink in each key's box, none once the keys are hidden.
    sample = keys[:4]
    assert all(ink > 15 for ink in label_ink(page, sample)), label_ink(page, sample)
    page.add_style_tag(content="text.key{visibility:hidden}")
    assert all(ink < 5 for ink in label_ink(page, sample)), label_ink(page, sample)
    page.close()


def test_a_large_run_is_drawn_as_counts_and_fits(browser: Browser, tmp_path: Path) -> None:
    report = large_report(copies=200)
    assert len(report.pairs) > 2000
    path = write(report, tmp_path)
    opened = open_report(browser, path, 800)
    page = opened.page
    assert opened.state == "ready", opened.errors
    assert page.evaluate("document.documentElement.scrollWidth") <= 800
    figures = page.evaluate(FIGURES)
    for figure in figures:
        assert figure["drawn"] == figure["legend"], figure
    density = figures[-1]  # after a close-up for each of the first 20 failed specs
    assert len(figures) == 21
    assert {"bin", "bin-missed", "spec-failed", "write"} <= set(density["drawn"])
    failed = {p.spec for p in report.pairs if p.spec} & {s.name for s in report.specs if s.verdict}
    assert density["writes"] == sum(1 for p in report.pairs if p.spec in failed)
    assert density["lanes"] == ["failed", "seen", "never seen", "other"]
    assert page.locator("text=are in the JSON report").count() == 1
    page.close()


def test_a_broken_chart_is_caught(
    browser: Browser, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The ready state must fail when a chart is not drawn, not only pass when it is.
    report = analyze([str(ROOT / "samples/parallel-run/logs")])
    real = charts

    def broken(report: Report, names: tuple[str, ...] | None = None) -> dict[str, Any]:
        specs = real(report, names)
        specs["histogram"] = {**specs["histogram"], "mark": "no-such-mark"}
        return specs

    monkeypatch.setattr("loganalyzer.render.html.charts", broken)
    opened = open_report(browser, write(report, tmp_path), 1400)
    assert opened.state == "error"
    assert any("no-such-mark" in e or "loganalyzer" in e for e in opened.errors), opened.errors
    text = opened.page.text_content("#chart-histogram") or ""
    assert "could not be drawn" in text
    opened.page.close()
