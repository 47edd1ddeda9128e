"""Find, in test output, the written files' names and the known keys.

A file is recognised by its base name (tests read it through another mount, so
the directory differs). A key counts only outside a file name and only as a
whole token: ``e2e-priority-critical`` is not ``e2e-priority-critical-2``.
Lines are cut into tokens once and each token is looked up in sets, so the cost
does not grow with the number of writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

import regex

# Names, paths and namespaced keys are runs of these; anything else separates them.
_TOKEN = regex.compile(r"[A-Za-z0-9_.\-/\\]+")
_NAMED_GROUP = regex.compile(r"\(\?P?<(?![=!])\w+>")


class Mention(NamedTuple):
    """A file name (``basename``) or a key seen in one test line."""

    basename: str | None
    key: str | None


class MentionFinder:
    """Scans test lines for the given base names, file-name shapes and keys.

    >>> finder = MentionFinder(["notification-a-20260110-191814.485730.json"], ["a", "a-2"], [])
    >>> finder.find("saw /x/notification-a-20260110-191814.485730.json and created ns/a-2.")
    [Mention(basename='notification-a-20260110-191814.485730.json', key=None), \
Mention(basename=None, key='a-2')]
    """

    def __init__(
        self, basenames: Iterable[str], keys: Iterable[str], file_shapes: Iterable[str]
    ) -> None:
        self._names = set(basenames)
        self._keys = set(keys)
        # Named groups would clash across shapes; only the whole match is needed here.
        shapes = ["(?:" + _NAMED_GROUP.sub("(?:", s) + ")" for s in file_shapes]
        self._shape = regex.compile("|".join(shapes)) if shapes else None
        # Tokens known to mention nothing. Words and stamps repeat from line to line,
        # and the shape regex is the dearest test, so each is judged once.
        self._plain: set[str] = set()

    def find(self, text: str) -> list[Mention]:
        found: list[Mention] = []
        plain = self._plain
        for token in _TOKEN.findall(text):
            if token in plain:
                continue
            got = self._token(token)
            if got:
                found += got
            else:
                plain.add(token)
        return found

    def _token(self, token: str) -> list[Mention]:
        base = token.replace("\\", "/").rsplit("/", 1)[-1].rstrip(".")
        if base in self._names or (self._shape and self._shape.fullmatch(base)):
            return [Mention(base, None)]
        # A key may be namespaced: ns/name.
        return [
            Mention(None, name) for p in token.split("/") if (name := p.rstrip(".")) in self._keys
        ]
