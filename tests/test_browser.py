"""The HTML report in a real browser: it draws, logs no error and fetches nothing.

Headless Chromium is driven over the DevTools protocol on ``--remote-debugging-pipe``
(NUL-separated JSON on fds 3 and 4), so the test needs no port, no websocket and no package.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import select
import shutil
import signal
import struct
import time
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

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
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--remote-debugging-pipe",
    "--window-size=1300,1000",
]


class Browser:
    """One Chromium and a flat CDP session on its first page; every wait has a deadline."""

    def __init__(self, profile: Path) -> None:
        to_browser_r, self._to_browser = os.pipe()
        self._from_browser, from_browser_w = os.pipe()
        # Above 4, so that putting one end on fd 3 cannot overwrite the other.
        ends = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 5) for fd in (to_browser_r, from_browser_w)]
        assert CHROMIUM is not None, "LOGANALYZER_REQUIRE_BROWSER is set but chromium is missing"
        null = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0) for fd in (0, 1, 2)]
        self.pid = os.posix_spawn(
            CHROMIUM,
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            os.environ,
            # Chromium reads commands on fd 3 and answers on fd 4.
            file_actions=[
                *null,
                (os.POSIX_SPAWN_DUP2, ends[0], 3),
                (os.POSIX_SPAWN_DUP2, ends[1], 4),
            ],
            setsid=True,  # its own process group, so close() can end its helpers too
        )
        for fd in (to_browser_r, from_browser_w, *ends):
            os.close(fd)
        self.status: int | None = None
        self._buffer = b""
        self._next_id = 0
        self.events: list[dict[str, Any]] = []
        self.session = ""

    def attach(self) -> None:
        targets = self.call("Target.getTargets", session=False)["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        reply = self.call("Target.attachToTarget", {"targetId": page["targetId"], "flatten": True})
        self.session = reply["sessionId"]

    def call(
        self, method: str, params: dict[str, Any] | None = None, *, session: bool = True,
        timeout: float = 20.0,
    ) -> dict[str, Any]:  # fmt: skip
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self._to_browser, json.dumps(message).encode() + b"\0")
        reply = self._read_until(lambda m: m.get("id") == self._next_id, timeout, method)
        if "error" in reply:
            raise AssertionError(f"{method}: {reply['error']}")
        result: dict[str, Any] = reply.get("result", {})
        return result

    def wait_event(self, method: str, timeout: float) -> dict[str, Any]:
        seen = next((e for e in self.events if e.get("method") == method), None)
        return seen or self._read_until(lambda m: m.get("method") == method, timeout, method)

    def evaluate(self, expression: str) -> Any:
        reply = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in reply:
            raise AssertionError(f"{expression}: {reply['exceptionDetails']}")
        return reply["result"].get("value")

    def _read_until(self, done: Callable[[dict[str, Any]], bool], timeout: float, what: str) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" in self._buffer:
                raw, self._buffer = self._buffer.split(b"\0", 1)
                message = json.loads(raw)
                if "method" in message:
                    self.events.append(message)
                if done(message):
                    return message
            left = deadline - time.monotonic()
            if left <= 0 or not self.alive():
                raise AssertionError(f"no answer from chromium for {what} in {timeout} s")
            if select.select([self._from_browser], [], [], left)[0]:
                chunk = os.read(self._from_browser, 1 << 20)
                if not chunk:
                    raise AssertionError(f"chromium closed the pipe waiting for {what}")
                self._buffer += chunk

    def alive(self) -> bool:
        if self.status is None and os.waitpid(self.pid, os.WNOHANG)[0]:
            self.status = 0
        return self.status is None

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)
        if self.alive():
            os.waitpid(self.pid, 0)
        os.close(self._to_browser)
        os.close(self._from_browser)


def png_pixels(data: bytes) -> list[tuple[int, ...]]:
    """RGB(A) pixels of an 8-bit PNG, as Chromium writes them (stdlib only)."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, idat, width, height, channels = 8, b"", 0, 0, 0
    while pos < len(data):
        (length,), chunk = struct.unpack(">I", data[pos : pos + 4]), data[pos + 4 : pos + 8]
        body = data[pos + 8 : pos + 8 + length]
        if chunk == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", body[:10])
            assert depth == 8 and colour in (2, 6), (depth, colour)
            channels = 3 if colour == 2 else 4
        elif chunk == b"IDAT":
            idat += body
        pos += 12 + length
    raw, stride, pixels = zlib.decompress(idat), width * channels, []
    previous = bytearray(stride)
    for y in range(height):
        start = y * (stride + 1)
        kind, row = raw[start], bytearray(raw[start + 1 : start + 1 + stride])
        for i in range(stride):
            left = row[i - channels] if i >= channels else 0
            up, corner = previous[i], previous[i - channels] if i >= channels else 0
            if kind == 1:
                row[i] = (row[i] + left) & 0xFF
            elif kind == 2:
                row[i] = (row[i] + up) & 0xFF
            elif kind == 3:
                row[i] = (row[i] + (left + up) // 2) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                row[i] = (
                    row[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)
                ) & 0xFF
        pixels += [tuple(row[i : i + channels]) for i in range(0, stride, channels)]
        previous = row
    return pixels


@dataclass
class PageCheck:
    state: str | None
    marks: dict[str, Any]
    errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    coloured: int = 0  # pixels of the timeline's box that are neither white nor grey
    colours: int = 0  # distinct colours there, in steps of 16
    screenshot: bytes = b""


COUNT_MARKS = """(() => {
  const v = (window.loganalyzerViews || {}).timeline;
  const svg = (name) => document.querySelectorAll(
    '#chart-timeline g.' + name + '_marks > path, #chart-timeline g.' + name + '_marks > line'
  ).length;
  const rows = (name) => { try { return v.data(name).length; } catch (e) { return null; } };
  return v ? {pairs: rows('pairs'), lanes: v.scale('y').domain(), writes: svg('writes'),
              specs: svg('specs'), deadlines: svg('deadlines')} : {};
})()"""


BOX = """(() => {
  const e = document.getElementById('chart-timeline');
  const r = e && e.getBoundingClientRect();
  return r && r.width && r.height ? {x: r.x + scrollX, y: r.y + scrollY,
                                     width: r.width, height: r.height} : null;
})()"""


def open_report(page: Path, profile: Path) -> PageCheck:
    browser = Browser(profile)
    try:
        browser.attach()
        for domain in ("Runtime", "Log", "Network", "Page"):
            browser.call(f"{domain}.enable")
        browser.call("Page.navigate", {"url": page.as_uri()})
        browser.wait_event("Page.loadEventFired", 30)
        deadline, state = time.monotonic() + 30, None
        while state is None and time.monotonic() < deadline:
            state = browser.evaluate("document.body.getAttribute('data-charts')")
            time.sleep(0.1)
        result = PageCheck(state, browser.evaluate(COUNT_MARKS))
        rect = browser.evaluate(BOX)
        if rect:  # no box, no screenshot: the counts stay 0 and the asserts say why
            clip = {**rect, "scale": 1}
            shot = browser.call(
                "Page.captureScreenshot",
                {"format": "png", "captureBeyondViewport": True, "clip": clip},
            )
            result.screenshot = base64.b64decode(shot["data"])
            pixels = png_pixels(result.screenshot)
            result.coloured = sum(1 for p in pixels if max(p[:3]) - min(p[:3]) > 40)
            result.colours = len({tuple(c // 16 for c in p[:3]) for p in pixels})
        for event in browser.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                result.errors.append(json.dumps(params["exceptionDetails"])[:500])
            elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "warning"):
                result.errors.append(json.dumps(params["args"])[:500])
            elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
                result.errors.append(params["entry"]["text"][:500])
            elif method == "Network.requestWillBeSent":
                result.requests.append(params["request"]["url"])
        return result
    finally:
        browser.close()


def test_the_report_draws_every_pair_offline(tmp_path: Path) -> None:
    report = analyze([str(ROOT / "samples/parallel-run/logs")])
    page = tmp_path / "report.html"
    page.write_text(html.render(report), encoding="utf-8")
    started = time.monotonic()
    result = open_report(page, tmp_path / "profile")
    assert time.monotonic() - started < 60
    assert result.state == "ready", result.errors
    assert result.errors == []
    foreign = [
        u for u in result.requests if u != page.as_uri() and not u.startswith(("data:", "blob:"))
    ]
    assert foreign == []
    assert result.marks.get("pairs") == result.marks.get("writes") == 13, result.marks
    assert len(report.pairs) == 13
    assert result.marks["specs"] == 19
    assert result.marks["deadlines"] == sum(1 for p in report.pairs if p.deadline_at)
    assert len(result.marks["lanes"]) == 12
    # Bars of both outcomes and the pair marks: far more colour than a line of error text.
    assert result.coloured > 20_000 and result.colours > 20, (result.coloured, result.colours)


def test_a_broken_chart_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The checks above must fail when the chart is not drawn, not only pass when it is.
    report = analyze([str(ROOT / "samples/parallel-run/logs")])
    real = charts

    def broken(report: Report) -> dict[str, Any]:
        specs = real(report)
        specs["timeline"] = {**specs["timeline"], "layer": [{"mark": "no-such-mark"}]}
        return specs

    monkeypatch.setattr("loganalyzer.render.html.charts", broken)
    page = tmp_path / "report.html"
    page.write_text(html.render(report), encoding="utf-8")
    result = open_report(page, tmp_path / "profile")
    assert result.state == "error"
    assert any("no-such-mark" in e or "loganalyzer" in e for e in result.errors), result.errors
    assert result.marks == {}
    assert result.coloured < 5_000
