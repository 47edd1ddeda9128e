"""Find, in test output, the written files' names and the known keys.

A file is recognised by its base name (tests read it through another mount, so
the directory differs). A key counts only outside a file name and only as a
whole token: ``e2e-priority-critical`` is not ``e2e-priority-critical-2``.
Lines are cut into tokens once and each token is looked up in sets, so the cost
does not grow with the number of writes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import regex

# Names, paths and namespaced keys are runs of these; anything else separates them.
_TOKEN = regex.compile(r"[A-Za-z0-9_.\-/\\]+")
_NAMED_GROUP = regex.compile(r"\(\?P?<(?![=!])\w+>")


@dataclass(frozen=True)
class Mention:
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

    def find(self, text: str) -> list[Mention]:
        found: list[Mention] = []
        for match in _TOKEN.finditer(text):
            token = match.group(0)
            base = token.replace("\\", "/").rsplit("/", 1)[-1].rstrip(".")
            if base in self._names or (self._shape and self._shape.fullmatch(base)):
                found.append(Mention(base, None))
                continue
            for part in token.split("/"):  # a key may be namespaced: ns/name
                name = part.rstrip(".")
                if name in self._keys:
                    found.append(Mention(None, name))
        return found
