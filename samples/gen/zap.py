"""zap console lines (controller-runtime development mode): TAB-separated, a JSON context.

>>> zap_line("2026-01-10T19:18:14Z", "INFO", None, "Delivered", (("n", 1), ("ok", True)))
'2026-01-10T19:18:14Z\\tINFO\\tDelivered\\t{"n": 1, "ok": true}'
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime

from samples.gen.timefmt import EST


@dataclass(frozen=True)
class Raw:
    """A value zap writes as already-encoded JSON (controller-runtime's object keys)."""

    json: str


Value = str | int | bool | list[str] | Raw
Fields = tuple[tuple[str, Value], ...]


def zap_value(value: Value) -> str:
    if isinstance(value, Raw):
        return value.json
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(json.dumps(v, ensure_ascii=False) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def zap_context(fields: Fields) -> str:
    """The JSON context: a space after ':' and ','; a key may appear twice."""
    return "{" + ", ".join(f"{json.dumps(k)}: {zap_value(v)}" for k, v in fields) + "}"


def zap_line(stamp: str, level: str, logger: str | None, msg: str, fields: Fields = ()) -> str:
    line = "\t".join([stamp, level, *([logger] if logger else []), msg])
    return line + ("\t" + zap_context(fields) if fields else "")


def test_logger_line(t: datetime, logger: str, msg: str, fields: Fields) -> str:
    """The e2e suite's own zap logger: local time with milliseconds and an explicit offset."""
    local = t.astimezone(EST)
    stamp = local.strftime("%Y-%m-%dT%H:%M:%S.") + f"{local.microsecond // 1000:03d}-0500"
    return zap_line(stamp, "INFO", logger, msg, fields)
