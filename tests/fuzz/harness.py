"""Run the CLI in-process, the way ``loganalyzer`` runs, and judge what came out.

The verdict on one run (:func:`problems`): it ended with exit 0 or 2 (never 1 without
``--fail-on``, never 3, the code of a bug), printed no traceback, and let no escape
sequence, C1 control, rich markup or live Markdown from the input reach its output.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import time
from dataclasses import dataclass

from loganalyzer.cli import main

_ESCAPES = re.compile(r"[\x1b\x9b\x90\x9d\x07]")
_LIVE_LINK = re.compile(r"(?<!\\)\[[^\]\n]*(?<!\\)\]\(")
_FENCED = re.compile(r"(?ms)^(`{3,})text$.*?^\1$")
SECRET = "hashhashhash"  # the first line of a file that must never be quoted


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    seconds: float


def run(*argv: str) -> Run:
    """``loganalyzer ARGV...`` in this process, with no colour."""
    out, err = io.StringIO(), io.StringIO()
    os.environ["NO_COLOR"] = "1"
    started = time.perf_counter()
    code = 0
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            main(list(argv))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return Run(code, out.getvalue(), err.getvalue(), time.perf_counter() - started)


def problems(result: Run, *, markdown: bool = False, limit: float = 10.0) -> list[str]:
    """What is wrong with one run; empty when it held."""
    found = []
    if result.code not in (0, 2):
        found.append(f"exit {result.code}: {result.stderr.strip()[-300:]}")
    both = result.stdout + result.stderr
    if "Traceback" in both:
        found.append("a traceback")
    if _ESCAPES.search(both):
        found.append(f"a control character: {_ESCAPES.search(both)!r}")
    if SECRET in both:
        found.append("an unrecognised file's text was quoted")
    # A fenced code block shows its text as it is: nothing in it is live.
    prose = _FENCED.sub("", result.stdout)
    if markdown and (_LIVE_LINK.search(prose) or "<img" in prose):
        found.append("live Markdown (a link, an image or HTML)")
    if result.seconds > limit:
        found.append(f"took {result.seconds:.1f} s")
    return found
