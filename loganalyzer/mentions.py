"""Find, in test output, the written files' names and the known keys.

A file is recognised by its base name (tests read it through another mount, so
the directory differs). A key counts only outside a file name and only as a
whole token: ``e2e-priority-critical`` is not ``e2e-priority-critical-2``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import regex

_TOKEN = r"[A-Za-z0-9_.\-]"
_NAMED_GROUP = regex.compile(r"\(\?P?<(?![=!])\w+>")


@dataclass(frozen=True)
class Mention:
    """A file name (``basename``) or a key seen in one test line."""

    basename: str | None
    key: str | None


class MentionFinder:
    """Scans test lines for the given base names, file-name shapes and keys.

    >>> finder = MentionFinder(["notification-a-20260110-191814.485730.json"], ["a", "a-2"], [])
    >>> finder.find("saw /x/notification-a-20260110-191814.485730.json and created a-2")
    [Mention(basename='notification-a-20260110-191814.485730.json', key=None), \
Mention(basename=None, key='a-2')]
    """

    def __init__(
        self, basenames: Iterable[str], keys: Iterable[str], file_shapes: Iterable[str]
    ) -> None:
        names = sorted(set(basenames), key=lambda s: (-len(s), s))
        # Named groups would clash across shapes; only the whole match is needed here.
        shapes = ["(?:" + _NAMED_GROUP.sub("(?:", s) + ")" for s in file_shapes]
        alternatives = [regex.escape(n) for n in names] + shapes
        self._files = (
            regex.compile(rf"(?<!{_TOKEN})(?:{'|'.join(alternatives)})(?!{_TOKEN})")
            if alternatives
            else None
        )
        ordered = sorted(set(keys), key=lambda s: (-len(s), s))
        self._keys = (
            regex.compile(rf"(?<![\w\-]){'|'.join(regex.escape(k) for k in ordered)}(?![\w\-])")
            if ordered
            else None
        )

    def find(self, text: str) -> list[Mention]:
        found: list[Mention] = []
        rest = text
        if self._files is not None:
            for match in self._files.finditer(text):
                found.append(Mention(match.group(0), None))
            rest = self._files.sub(" ", text)
        if self._keys is not None:
            found.extend(Mention(None, m.group(0)) for m in self._keys.finditer(rest))
        return found
