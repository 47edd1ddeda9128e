"""The history report's HTML in headless Chromium: it lays out the grid (specs × runs,
newest on the left, coloured by outcome), draws its charts, runs nothing and fetches nothing.

Chromium is driven over the DevTools protocol on ``--remote-debugging-pipe`` (NUL-separated
JSON on fds 3 and 4) by the small client below: no port, no websocket, no package.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import select
import shutil
import signal
import time
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from loganalyzer.history.engines import ingest
from loganalyzer.history.render import COLOURS, html_
from loganalyzer.history.store import Store
from loganalyzer.history.task import Options, RunTask
from loganalyzer.history.trends import HistoryReport, build
from samples.gen import history

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("LOGANALYZER_REQUIRE_BROWSER"),
    reason="chromium is not installed (apt-get install chromium); .ci/run installs it",
)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run",
         "--remote-debugging-pipe", "--window-size=1300,1000"]  # fmt: skip
HOSTILE = '<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>'


class Chromium:
    """One headless Chromium and a CDP session on its page; every wait has a deadline."""

    def __init__(self, profile: Path) -> None:
        assert CHROMIUM is not None, "LOGANALYZER_REQUIRE_BROWSER is set but chromium is missing"
        cmd_r, self._cmd = os.pipe()
        self._out, out_w = os.pipe()
        # Above 4, so that moving one end onto fd 3 cannot overwrite the other.
        ends = [fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 5) for fd in (cmd_r, out_w)]
        null = [(os.POSIX_SPAWN_OPEN, fd, os.devnull, os.O_RDWR, 0) for fd in (0, 1, 2)]
        # Chromium reads commands on fd 3 and answers on fd 4.
        pipes = [(os.POSIX_SPAWN_DUP2, ends[0], 3), (os.POSIX_SPAWN_DUP2, ends[1], 4)]
        self.pid = os.posix_spawn(
            CHROMIUM,
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", "about:blank"],
            os.environ,
            file_actions=[*null, *pipes],
            setsid=True,  # its own process group: close() ends its helpers too
        )
        for fd in (cmd_r, out_w, *ends):
            os.close(fd)
        self.buffer, self.last_id, self.session = b"", 0, ""
        self.events: list[dict[str, Any]] = []

    def call(self, method: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
        self.last_id += 1
        message: dict[str, Any] = {"id": self.last_id, "method": method, "params": params or {}}
        if self.session:
            message["sessionId"] = self.session
        os.write(self._cmd, json.dumps(message).encode() + b"\0")
        reply = self.read(lambda m: m.get("id") == self.last_id, method)
        assert "error" not in reply, f"{method}: {reply['error']}"
        result: dict[str, Any] = reply.get("result", {})
        return result

    def read(self, done: Any, what: str, timeout: float = 30.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        while True:
            while b"\0" in self.buffer:
                raw, self.buffer = self.buffer.split(b"\0", 1)
                message: dict[str, Any] = json.loads(raw)
                if "method" in message:
                    self.events.append(message)
                if done(message):
                    return message
            left = deadline - time.monotonic()
            assert left > 0, f"no answer from chromium for {what} in {timeout} s"
            if select.select([self._out], [], [], left)[0]:
                chunk = os.read(self._out, 1 << 20)
                assert chunk, f"chromium closed the pipe waiting for {what}"
                self.buffer += chunk

    def open(self, url: str) -> None:
        targets = self.call("Target.getTargets")["targetInfos"]
        page = next(t for t in targets if t["type"] == "page")
        attached = self.call(
            "Target.attachToTarget", {"targetId": page["targetId"], "flatten": True}
        )
        self.session = attached["sessionId"]
        for domain in ("Runtime", "Log", "Network", "Page"):
            self.call(f"{domain}.enable")
        self.call("Page.navigate", {"url": url})
        if not any(e.get("method") == "Page.loadEventFired" for e in self.events):
            self.read(lambda m: m.get("method") == "Page.loadEventFired", "the page to load")

    def evaluate(self, expression: str) -> Any:
        reply = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        assert "exceptionDetails" not in reply, reply["exceptionDetails"]
        return reply["result"].get("value")

    def problems(self) -> tuple[list[str], list[str]]:
        """Errors and warnings the page logged or threw, and every URL it requested."""
        errors, requests = [], []
        for event in self.events:
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.exceptionThrown":
                errors.append(json.dumps(params["exceptionDetails"])[:300])
            elif method == "Runtime.consoleAPICalled" and params["type"] in ("error", "warning"):
                errors.append(json.dumps(params["args"])[:300])
            elif method == "Log.entryAdded" and params["entry"]["level"] in ("error", "warning"):
                errors.append(params["entry"]["text"][:300])
            elif method == "Network.requestWillBeSent":
                requests.append(params["request"]["url"])
        return errors, requests

    def close(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.pid, signal.SIGKILL)
        with contextlib.suppress(ChildProcessError):
            os.waitpid(self.pid, 0)
        os.close(self._cmd)
        os.close(self._out)


@contextlib.contextmanager
def chromium(profile: Path) -> Iterator[Chromium]:
    browser = Chromium(profile)
    try:
        yield browser
    finally:
        browser.close()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> HistoryReport:
    root = tmp_path_factory.mktemp("history")
    history.write(root / "runs", history.generate(40))
    store = Store(root / "store")
    opts = Options(packs=("configmap-sync",))
    tasks = [RunTask(str(root / "runs" / f"run-{i:04d}"), opts) for i in range(40)]
    assert ingest(tasks, store, workers=1, progress=None).done == 40
    built = build(store, datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 3, 2, 12, tzinfo=UTC))
    # Log text that would run if it were markup: a spec name and a regression sentence.
    first = built.specs[0]
    built.grid = {(HOSTILE if k == first.name else k): v for k, v in built.grid.items()}
    built.specs = [replace(first, name=HOSTILE), *built.specs[1:]]
    return built


GRID = """(() => {
  const rows = [...document.querySelectorAll('table.grid tr')];
  const cells = rows.map(r => [...r.querySelectorAll('td')].map(td => {
    const b = td.getBoundingClientRect();
    const hit = document.elementFromPoint(b.x + b.width / 2, b.y + b.height / 2);
    return {title: td.getAttribute('title'), colour: getComputedStyle(td).backgroundColor,
            width: b.width, height: b.height, visible: hit === td};
  }));
  return {names: rows.map(r => r.querySelector('th').textContent), cells};
})()"""

CHARTS = """[...document.querySelectorAll('svg')].map(svg => ({
  bars: [...svg.querySelectorAll('rect')].map(r => r.getBoundingClientRect().height),
  width: svg.getBoundingClientRect().width,
}))"""


def look(page: Path, profile: Path) -> tuple[Any, Any, int, Any, str, list[str], list[str]]:
    """The page in Chromium: grid, charts, scripts, injected effects, text, errors, requests."""
    with chromium(profile) as browser:
        browser.open(page.as_uri())
        return (
            browser.evaluate(GRID),
            browser.evaluate(CHARTS),
            browser.evaluate("document.scripts.length"),
            browser.evaluate("window.pwned === undefined ? null : window.pwned"),
            browser.evaluate("document.body.innerText"),
            *browser.problems(),
        )


def _rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def test_the_history_page_draws_its_grid_and_charts_offline(
    report: HistoryReport, tmp_path: Path
) -> None:
    page = tmp_path / "history.html"
    page.write_text(html_(report), encoding="utf-8")
    started = time.monotonic()
    grid, charts, scripts, pwned, shown, errors, requests = look(page, tmp_path / "profile")
    assert time.monotonic() - started < 60
    assert errors == []
    assert [u for u in requests if u != page.as_uri()] == []  # offline: nothing fetched
    assert scripts == 0 and pwned is None and HOSTILE in shown  # shown as text, never run
    # One row per spec, one cell per run, newest on the left.
    assert grid["names"] == list(report.grid)
    runs = report.grid_runs
    assert len(runs) == 40 and [r.day for r in runs] == sorted((r.day for r in runs), reverse=True)
    for name, row in zip(grid["names"], grid["cells"], strict=True):
        states = report.grid[name]
        assert len(row) == len(runs)
        for cell, run, state in zip(row, runs, states, strict=True):
            assert cell["title"] == f"{run.run_id} {run.day}: {state or 'not run'}"
            assert cell["colour"] == _rgb(COLOURS.get(state, "#c0392b")), cell
            assert cell["width"] >= 8 and cell["height"] >= 10 and cell["visible"], cell
    seen = {s for row in report.grid.values() for s in row}
    assert {"passed", "flaky"} <= seen  # the planted flaky spec is in the grid
    # Three weekly charts (fail rate, gap, wait), a bar per week, drawn with a height.
    spec_weeks = {week for s in report.specs for week, *_ in s.weekly}
    weeks = [len(spec_weeks), len(report.gaps_weekly), len(report.gaps_weekly)]
    assert len(charts) == 3 and min(weeks) >= 8
    for chart, count in zip(charts, weeks, strict=True):
        assert chart["width"] > 100 and len(chart["bars"]) == count
        assert max(chart["bars"]) > 50


def test_live_markup_would_be_caught(
    report: HistoryReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The checks above must fail when log text becomes markup, not only pass when it does not.
    monkeypatch.setattr("loganalyzer.history.render.html.escape", lambda text, quote=True: text)
    page = tmp_path / "history.html"
    page.write_text(html_(report), encoding="utf-8")
    _, _, scripts, pwned, shown, _, _ = look(page, tmp_path / "profile")
    assert scripts >= 1 and pwned is not None and HOSTILE not in shown
