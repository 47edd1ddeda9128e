"""logfmt (logrus text, Go's slog text handler): ``time=… level=info msg="…" key=value``."""

from __future__ import annotations

from loganalyzer.formats.line_format import LineFormat

FORMAT = LineFormat(
    name="logfmt",
    role="controller",
    record=r'^(?:time|ts)="?\d{4}-\d\d-\d\d[T ]\d\d:\d\d:\d\d[^ ]*"? (?:.* )?level=\w+',
    continuation=None,
    time=r'^(?:time|ts)="?([^"\s]+)"?',
    level=r"\blevel=(\w+)",
)
