"""``--annotations github``: a workflow command per failed spec, so GitHub marks the test
source line in the pull request (``::error file=…,line=…,title=…::message``)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from loganalyzer.model.report import Report, SpecRow
from loganalyzer.model.status import PairStatus
from loganalyzer.model.text import clean

_MISSED = (PairStatus.UNOBSERVED, PairStatus.UNDETERMINED)
_LOCATION = re.compile(r"^(?P<file>.+?):(?P<line>\d+)$")


def escape_data(text: str) -> str:
    """A message for a workflow command: ``%``, CR and LF escaped.

    >>> escape_data("50% done\\nnext")
    '50%25 done%0Anext'
    """
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value: as a message, and ``:`` and ``,`` too.

    >>> escape_property("a: b, c")
    'a%3A b%2C c'
    """
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def github(report: Report, workspace: str | None = None) -> Iterator[str]:
    """One ``::error`` line per failed spec, at its test source location; ``workspace`` (the
    checkout, ``GITHUB_WORKSPACE``) is cut from the path so that GitHub finds the file."""
    missed = _missed_keys(report)
    for spec in report.specs:
        if spec.verdict is None:
            continue
        properties = _location(spec, workspace)
        properties.append(f"title={escape_property(f'{spec.verdict}: {spec.name}')}")
        message = f"{spec.verdict}: {spec.reason}"
        keys = missed.get(spec.name, [])
        if keys:
            message += f" (key{'s' if len(keys) > 1 else ''}: {', '.join(dict.fromkeys(keys))})"
        yield f"::error {','.join(properties)}::{escape_data(clean(message))}\n"


def _location(spec: SpecRow, workspace: str | None) -> list[str]:
    match = _LOCATION.match(spec.location)
    if match is None:
        return []
    path = match["file"]
    root = (workspace or "").rstrip("/") + "/"
    if root != "/" and path.startswith(root):
        path = path[len(root) :]
    return [f"file={escape_property(clean(path))}", f"line={match['line']}"]


def _missed_keys(report: Report) -> dict[str, list[str]]:
    """Per spec, the keys it waited for and did not see (missed or undetermined)."""
    out: dict[str, list[str]] = {}
    for pair in report.pairs:
        if pair.spec and pair.key and pair.status in _MISSED:
            out.setdefault(pair.spec, []).append(pair.key)
    return out
