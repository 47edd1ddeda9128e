"""zap's JSON encoder (production mode): one object per line with level, ts, msg and context."""

from __future__ import annotations

from loganalyzer.formats.line_format import LineFormat

FORMAT = LineFormat(
    name="zap-json",
    role="controller",
    record=r'^\s*\{\s*".*"(?:msg|message|M)"\s*:',
    continuation=None,
    # zap's EncoderConfig names the keys: ts/time/timestamp/@timestamp, level/severity/lvl,
    # msg/message; its development config uses T, L and M.
    time=r'"@?(?:ts|time|timestamp|T)":\s*"?([^",}]+)',
    level=r'"(?:level|severity|lvl|L)":\s*"?([\w()-]+)',
)
