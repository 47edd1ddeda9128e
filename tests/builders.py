"""Builders for test inputs, on the sample generator's line writers (samples/gen).

Ginkgo v2 console blocks (``ginkgo -v``, with or without colour) and controller zap lines.
"""

from __future__ import annotations

from loganalyzer.formats.ansi import strip_ansi
from samples.gen.ginkgo_console import COLOR, NO_COLOR, banner, footer
from samples.gen.ginkgo_console import spec_block as _block
from samples.gen.zap import zap_line

DELIM = NO_COLOR.delimiter
GRAY, BOLD, RED, GREEN, RESET = COLOR.gray, COLOR.bold, COLOR.red, COLOR.green, COLOR.reset


def spec_block(
    hierarchy: str,
    timeline: list[str],
    *,
    seconds: float = 5.0,
    failure: list[str] | None = None,
    failed_at: str | None = None,
    location: str = "/src/test/e2e/x_test.go:10",
    color: bool = False,
    streamed: bool = False,
) -> list[str]:
    """One spec as ``ginkgo -v`` prints it: whole (``--procs=N``) or streamed (``--procs=1``)."""
    c = COLOR if color else NO_COLOR
    state = "[FAILED] " if failure else ""
    header = f"{c.red if failure else c.green}• {state}[{seconds:.3f} seconds]{c.reset}"
    tail = None
    if failure:
        tail = ["", *(f"  {line}" for line in failure), f"  In [It] at: {location} @ {failed_at}"]
    body = [f"  {line}" for line in timeline]
    block = _block(header, hierarchy, location, body, tail, streamed=streamed, c=NO_COLOR)
    return [DELIM, *block]


def suite(blocks: list[list[str]], procs: int = 12) -> str:
    """A whole run: banner, the blocks, and a footer whose counters match the blocks."""
    heads = [_header(block) for block in blocks]
    specs = [h for h in heads if h.startswith("•")]
    failed = sum(1 for h in specs if "[FAILED]" in h or "[PANICKED]" in h or "[TIMEDOUT]" in h)
    flaked = sum(1 for h in specs if "ATTEMPTS TO PASS" in h)
    ran = len(specs)
    lines = banner("E2E Suite", "/src/test/e2e", 1768072481, ran, ran, procs, NO_COLOR)
    lines[1] = "=" * 40
    for block in blocks:
        lines += block
    lines += [DELIM, *footer(ran, ran, 30.0, (ran - failed, failed, flaked, 0), NO_COLOR)]
    return "\n".join(lines) + "\n"


def _header(block: list[str]) -> str:
    """A block's "•" (or "[Node]") header line, without colour."""
    plain = [strip_ansi(line) for line in block]
    return next((line for line in plain if line.startswith(("•", "[")) and "]" in line), "")


def delivered(key: str, at: str, directory: str = "/tmp/notifications") -> str:
    """A controller "delivered successfully to file" line; ``at`` is ``HHMMSS.ffffff`` UTC."""
    fields = (("notification", key), ("namespace", "default"),
              ("filePath", f"{directory}/{file_name(key, at)}"), ("filesize", 1965),
              ("format", "json"))  # fmt: skip
    msg = "Notification delivered successfully to file"
    return zap_line(f"2026-01-10T{at[:2]}:{at[2:4]}:{at[4:6]}Z", "INFO", None, msg, fields)


def file_name(key: str, at: str) -> str:
    return f"notification-{key}-20260110-{at}.json"


def delivery_error(key: str, second: str, error: str) -> str:
    fields = (("notification", key), ("namespace", "default"), ("error", error))
    msg = "Delivery failed with retryable error"
    return zap_line(f"2026-01-10T{second}Z", "ERROR", "delivery-orchestrator", msg, fields)


def stamp(local: str) -> str:
    """A Ginkgo stamp for 2026-01-10 at local ``HH:MM:SS.fff``."""
    return f"01/10/26 {local}"
