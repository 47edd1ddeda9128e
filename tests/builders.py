"""Builders for Ginkgo v2 console output in tests, in the shapes the reporter prints."""

from __future__ import annotations

DELIM = "-" * 30
GRAY, BOLD, RED, GREEN, RESET = (
    "\x1b[38;5;243m",
    "\x1b[1m",
    "\x1b[38;5;9m",
    "\x1b[38;5;10m",
    "\x1b[0m",
)


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
    state = "[FAILED] " if failure else ""
    header = f"• {state}[{seconds:.3f} seconds]"
    if color:
        header = f"{RED if failure else GREEN}{header}{RESET}"
    body = [f"  {line}" for line in timeline]
    tail = []
    if failure:
        tail = ["", *(f"  {line}" for line in failure), f"  In [It] at: {location} @ {failed_at}"]
    if streamed:
        return [DELIM, hierarchy, location, *body, header, *tail]
    return [DELIM, header, hierarchy, location, "", "  Timeline >>", *body, "  << Timeline", *tail]


def suite(blocks: list[list[str]], procs: int = 12) -> str:
    lines = [
        "Running Suite: E2E Suite - /src/test/e2e",
        "=" * 40,
        "Random Seed: 1768072481",
        "",
        "Will run 3 of 3 specs",
    ]
    if procs > 1:
        lines.append(f"Running in parallel across {procs} processes")
    for block in blocks:
        lines += block
    lines += [
        DELIM,
        "",
        "Ran 3 of 3 Specs in 30.000 seconds",
        "SUCCESS! -- 3 Passed | 0 Failed | 0 Pending | 0 Skipped",
    ]
    return "\n".join(lines) + "\n"


def delivered(key: str, at: str, directory: str = "/tmp/notifications") -> str:
    """A controller "delivered successfully to file" line; ``at`` is ``HHMMSS.ffffff`` UTC."""
    second = f"{at[:2]}:{at[2:4]}:{at[4:6]}"
    return (
        f"2026-01-10T{second}Z\tINFO\tNotification delivered successfully to file\t"
        f'{{"notification": "{key}", "namespace": "default", "filePath": '
        f'"{directory}/{file_name(key, at)}", "filesize": 1965, "format": "json"}}'
    )


def file_name(key: str, at: str) -> str:
    return f"notification-{key}-20260110-{at}.json"


def delivery_error(key: str, second: str, error: str) -> str:
    return (
        f"2026-01-10T{second}Z\tERROR\tdelivery-orchestrator\tDelivery failed with retryable "
        f'error\t{{"notification": "{key}", "namespace": "default", "error": "{error}"}}'
    )


def stamp(local: str) -> str:
    """A Ginkgo stamp for 2026-01-10 at local ``HH:MM:SS.fff``."""
    return f"01/10/26 {local}"
