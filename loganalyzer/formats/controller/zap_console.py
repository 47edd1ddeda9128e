"""zap's console encoder, as controller-runtime writes it in development mode.

``<time>\\t<LEVEL>\\t[<logger>\\t]<message>\\t<json context>``; pasted copies have
runs of spaces instead of tabs. Times are RFC3339 (seconds), ISO8601 with a
fraction, or an epoch float. Stack-trace lines after an ERROR are continuations.
"""

from __future__ import annotations

from loganalyzer.formats.ansi import ANSI
from loganalyzer.formats.line_format import LineFormat

_ANSI = rf"(?:{ANSI})?"  # a coloured level
_TIME = (
    r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d(?:[.,]\d+)?(?:Z|[+-]\d\d:?\d\d)?"
    r"|\d+(?:\.\d+)?(?:[eE][+-]?\d+)?"
)
# zap prints a level it has no name for (controller-runtime's V-levels) as LEVEL(-2) in
# capitals, Level(-2) otherwise; lower-case names come from zap's LowercaseLevelEncoder.
_LEVEL = (
    r"DEBUG|INFO|WARN|WARNING|ERROR|DPANIC|PANIC|FATAL|debug|info|warn|error|dpanic|panic|fatal"
    r"|(?:[A-Z]+|Level)\(-?\d+\)"
)
_SEP = r"(?:\t| {2,}| )"

FORMAT = LineFormat(
    name="zap-console",
    role="controller",
    record=rf"^(?:{_TIME}){_SEP}{_ANSI}(?:{_LEVEL}){_ANSI}(?:\t| +|$)",
    # Go stack frames: indented file:line lines, bare function paths, goroutine headers.
    continuation=(
        r"^(?:[\t ]+\S.*|[\w.\-~/]+\.[\w.\-~/()*\[\]]+(?:\(.*\))?|goroutine \d+ \[.*\]:"
        r"|panic: .*|\[recovered\].*|\.\.\.additional frames elided\.\.\.)$"
    ),
    time=rf"^({_TIME}){_SEP}",
    level=rf"^(?:{_TIME}){_SEP}{_ANSI}({_LEVEL})",
)
