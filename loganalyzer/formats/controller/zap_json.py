"""zap's JSON encoder (production mode): one object per line with level, ts, msg and context."""

from __future__ import annotations

from loganalyzer.formats.line_format import LineFormat

FORMAT = LineFormat(
    name="zap-json",
    role="controller",
    record=r'^\s*\{\s*".*"(?:msg|message)"\s*:',
    continuation=None,
    # zap's EncoderConfig names the keys: ts/time/timestamp/@timestamp, level/severity/lvl.
    time=r'"@?(?:ts|time|timestamp)":\s*"?([^",}]+)',
    level=r'"(?:level|severity|lvl)":\s*"?([\w()-]+)',
)
