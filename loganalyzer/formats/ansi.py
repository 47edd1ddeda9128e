"""Terminal control sequences (colours, cursor moves): the one pattern every reader strips.

A CSI sequence is ``ESC [``, parameter bytes (``0-9:;<=>?``), intermediate bytes
(space to ``/``) and one final byte (``@`` to ``~``); colours are the ``m`` ones.
``ANSI`` is valid for ``re``, ``regex`` and polars alike, so the vectorised scan
and the per-line readers strip the same text.

>>> strip_ansi("\\x1b[38;5;9m[FAILED]\\x1b[0m in \\x1b[1mIt\\x1b[0m\\x1b[?25h")
'[FAILED] in It'
"""

from __future__ import annotations

import re

ANSI = r"\x1b\[[0-?]*[ -/]*[@-~]"
ANSI_RE = re.compile(ANSI)


def strip_ansi(text: str) -> str:
    """``text`` without its control sequences."""
    return ANSI_RE.sub("", text)
