"""One ANSI pattern: ``re`` and polars strip the same control sequences."""

from __future__ import annotations

import polars as pl
import regex

from loganalyzer.formats.ansi import ANSI, strip_ansi

CODED = [
    "\x1b[38;5;9m[FAILED]\x1b[0m Timed out",  # 256-colour foreground, reset
    "\x1b[1mSTEP:\x1b[0m wait",  # bold
    "\x1b[?25lspinner\x1b[?25h",  # private parameters: cursor hidden, shown
    "\x1b[2K\x1b[1Gprogress",  # erase line, cursor to column 1
    "\x1b[1 qcursor shape",  # an intermediate byte before the final one
    "plain text, [brackets] kept",
    "a lone \x1b escape is kept",
]
PLAIN = [
    "[FAILED] Timed out",
    "STEP: wait",
    "spinner",
    "progress",
    "cursor shape",
    "plain text, [brackets] kept",
    "a lone \x1b escape is kept",
]


def test_re_regex_and_polars_strip_the_same() -> None:
    assert [strip_ansi(line) for line in CODED] == PLAIN
    assert [regex.sub(ANSI, "", line) for line in CODED] == PLAIN
    stripped = pl.Series(CODED).str.replace_all(ANSI, "").to_list()
    assert stripped == PLAIN
