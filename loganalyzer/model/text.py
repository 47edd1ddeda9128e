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
from enum import Enum
from typing import Any

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff]")


def counted(count: int, noun: str, many: str | None = None) -> str:
    """A count and its noun, singular for one: ``1 line``, ``2 lines``; ``many`` for an
    irregular plural.

    >>> counted(1, "line"), counted(3, "line"), counted(2, "process", "processes")
    ('1 line', '3 lines', '2 processes')
    """
    return f"{count} {noun if count == 1 else many or noun + 's'}"


def clean(text: str) -> str:
    """``text`` with control characters shown as ``\\xNN``; tab and newline kept.

    >>> clean("a\\x1b]0;title\\x07b\\x9bc\\td")
    'a\\\\x1b]0;title\\\\x07b\\\\x9bc\\td'
    """
    if not _CONTROL.search(text):
        return text
    return _CONTROL.sub(_shown, text)


def clean_name(name: str) -> str:
    """A file or member name with every control character shown as ``\\xNN``, newline and
    tab too: a name is one line wherever it is shown.

    >>> clean_name("a\\nb\\tc")
    'a\\\\x0ab\\\\x09c'
    """
    return _NAME_CONTROL.sub(_shown, name)


def _shown(match: re.Match[str]) -> str:
    return f"\\x{ord(match.group()):02x}"


def scrub(value: Any, _depth: int = 0) -> Any:
    """``value`` with :func:`clean` applied to every string inside it, in place where it can.

    Walks dataclasses (frozen ones too), lists, tuples and dicts. A report has a row per
    written file: scalar fields are tested inline, so only containers cost a call.

    >>> scrub({"a\\x1b": ["x\\x07", ("y",)]})
    {'a\\\\x1b': ['x\\\\x07', ('y',)]}
    """
    kind = type(value)
    if kind is str:
        return clean(value)
    if _depth > 20 or kind in _SCALARS:
        return value
    if kind is list:
        value[:] = [_one(v, _depth) for v in value]
        return value
    if kind is tuple or (isinstance(value, tuple) and not hasattr(value, "_fields")):
        return tuple(_one(v, _depth) for v in value)
    if isinstance(value, dict):
        items = [(_one(k, _depth), _one(v, _depth)) for k, v in value.items()]
        value.clear()
        value.update(items)
        return value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        names = _NAMES.get(kind)
        if names is None:
            names = _NAMES[kind] = tuple(f.name for f in dataclasses.fields(value))
        for name in names:
            current = getattr(value, name)
            kind = type(current)
            if kind is str:
                if _search(current):
                    object.__setattr__(value, name, clean(current))
            elif kind not in _SCALARS and not issubclass(kind, Enum):  # enums are ours
                new = scrub(current, _depth + 1)
                if new is not current:
                    object.__setattr__(value, name, new)
        return value
    return value


def any_control(texts: list[str]) -> bool:
    """Whether any of ``texts`` holds a character :func:`clean` would change: one search."""
    return _search("\n".join(texts)) is not None


_NAME_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ufeff]")
_SCALARS = frozenset({int, float, bool, type(None)})
_NAMES: dict[type, tuple[str, ...]] = {}
_search = _CONTROL.search


def _one(value: Any, depth: int) -> Any:
    """One member of a container: strings and scalars here, anything else by :func:`scrub`."""
    kind = type(value)
    if kind is str:
        return clean(value) if _search(value) else value
    if kind in _SCALARS:
        return value
    return scrub(value, depth + 1)
