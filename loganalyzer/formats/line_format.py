"""The description of a line-oriented log format that the vectorised path can read."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import regex


@dataclass(frozen=True)
class LineFormat:
    """Regexes (valid for both polars and ``regex``) that classify and date a format's lines.

    ``record`` marks a line that starts a record; ``continuation`` marks a line that
    belongs to the record above it (a stack-trace frame); ``time`` captures, as group
    1, the text of the record's timestamp; ``level`` captures its level.
    """

    name: str
    role: str
    record: str
    continuation: str | None
    time: str
    level: str
    time_layout: str = "iso"  # "iso": RFC3339 or epoch; "klog": MMDD hh:mm:ss.uuuuuu, no year

    @cached_property
    def _record(self) -> regex.Pattern[str]:
        return regex.compile(self.record)

    @cached_property
    def _continuation(self) -> regex.Pattern[str] | None:
        return regex.compile(self.continuation) if self.continuation else None

    def is_record(self, line: str) -> bool:
        return self._record.search(line) is not None

    def is_continuation(self, line: str) -> bool:
        return self._continuation is not None and self._continuation.search(line) is not None

    def share(self, lines: list[str]) -> float:
        """Fraction of lines this format accounts for (records and continuations)."""
        if not lines:
            return 0.0
        known = sum(1 for line in lines if self.is_record(line) or self.is_continuation(line))
        records = sum(1 for line in lines if self.is_record(line))
        return known / len(lines) if records else 0.0
