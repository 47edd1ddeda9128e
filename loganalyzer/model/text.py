"""Log text made safe to show: C0/C1 control characters become visible, never live.

Every output (terminal, Markdown, HTML, JSON) shows text from the logs. A log may carry
escape sequences (OSC titles and hyperlinks, DCS, C1 CSI): :func:`scrub` replaces every
control character except tab and newline by a visible ``\\xNN`` so that none reaches a
terminal or a document. The report is scrubbed once when it is built, so every renderer
gets clean text; renderers add their own syntax escaping (Markdown, HTML, rich).
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def clean(text: str) -> str:
    """``text`` with control characters shown as ``\\xNN``; tab and newline kept.

    >>> clean("a\\x1b]0;title\\x07b\\x9bc\\td")
    'a\\\\x1b]0;title\\\\x07b\\\\x9bc\\td'
    """
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)


def scrub(value: Any, _depth: int = 0) -> Any:
    """``value`` with :func:`clean` applied to every string inside it, in place where it can.

    Walks dataclasses (frozen ones too), lists, tuples and dicts.

    >>> scrub({"a\\x1b": ["x\\x07", ("y",)]})
    {'a\\\\x1b': ['x\\\\x07', ('y',)]}
    """
    if isinstance(value, str):
        return clean(value)
    if _depth > 20 or value is None or isinstance(value, int | float | bool):
        return value
    if isinstance(value, list):
        value[:] = [scrub(v, _depth + 1) for v in value]
        return value
    if isinstance(value, tuple) and not hasattr(value, "_fields"):
        return tuple(scrub(v, _depth + 1) for v in value)
    if isinstance(value, dict):
        items = [(scrub(k, _depth + 1), scrub(v, _depth + 1)) for k, v in value.items()]
        value.clear()
        value.update(items)
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        for f in dataclasses.fields(value):
            current = getattr(value, f.name)
            new = scrub(current, _depth + 1)
            if new is not current:
                object.__setattr__(value, f.name, new)
        return value
    return value
