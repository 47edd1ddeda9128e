"""Record formats and content sniffing: which format, and so which role, each file has."""

from __future__ import annotations

import re
from dataclasses import dataclass

from loganalyzer.formats import ginkgo_text, zap_console, zap_json
from loganalyzer.formats.line_format import LineFormat

ANSI_RE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

# Formats whose lines the fast path reads; the test-log format is parsed whole.
LINE_FORMATS: dict[str, LineFormat] = {f.name: f for f in (zap_console.FORMAT, zap_json.FORMAT)}
TEST_FORMATS = (ginkgo_text.NAME,)
MIN_SHARE = 0.5


@dataclass(frozen=True)
class Detection:
    """What a file was detected as; ``format`` is None when it is skipped, with ``reason``."""

    format: str | None
    role: str | None
    reason: str = ""


def detect(head: bytes, *, truncated: bool) -> Detection:
    """Detect a file's format from its first bytes.

    >>> detect(b'2026-01-10T19:18:14Z\\tINFO\\tStarting workers\\t{"worker count": 1}\\n',
    ...        truncated=False).format
    'zap-console'
    """
    if not head:
        return Detection(None, None, "empty file")
    if head.count(b"\x00") > len(head) // 100:
        return Detection(None, None, "binary content")
    lines = head.decode("utf-8", "replace").splitlines()
    if truncated and len(lines) > 1:
        lines = lines[:-1]
    plain = [ANSI_RE.sub("", line) for line in lines]
    if ginkgo_text.sniff(plain):
        return Detection(ginkgo_text.NAME, "test")
    content = [line for line in plain if line.strip()]
    if not content:
        return Detection(None, None, "only blank lines")
    for fmt in LINE_FORMATS.values():
        if fmt.share(content) >= MIN_SHARE:
            return Detection(fmt.name, fmt.role)
    first = content[0].strip()
    shown = first if len(first) <= 60 else first[:57] + "..."
    return Detection(None, None, f"no known log format (first line: {shown!r})")
