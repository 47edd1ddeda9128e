"""Find, in test output, the written files' names and the known keys.

A file is recognised by its base name (tests read it through another mount, so
the directory differs). A key counts only outside a file name and only as a
whole token: ``e2e-priority-critical`` is not ``e2e-priority-critical-2``.
Each line is cut into tokens, and each token is looked up in sets, so the cost
does not grow with the number of writes.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Container, Iterable, Mapping, Sequence
from typing import NamedTuple

import regex

from loganalyzer.extract.packs import Budgeted

# Names, paths and namespaced keys are runs of these; anything else separates them.
_TOKEN = re.compile(r"[A-Za-z0-9_.\-/\\]+")  # re: faster here than regex
_NAMED_GROUP = regex.compile(r"\(\?P?<(?![=!])\w+>")


class Mention(NamedTuple):
    """A file name (``basename``) or a key seen in one test line."""

    basename: str | None
    key: str | None


class MentionFinder:
    """Scans test lines for the given base names, file-name shapes and keys.

    >>> finder = MentionFinder(["report-a-20260110-191814.485730.json"], ["a", "a-2"], [])
    >>> finder.find("saw /x/report-a-20260110-191814.485730.json and created ns/a-2.")
    [Mention(basename='report-a-20260110-191814.485730.json', key=None), \
Mention(basename=None, key='a-2')]
    """

    def __init__(
        self,
        basenames: Iterable[str] | Mapping[str, object],
        keys: Iterable[str],
        file_shapes: Iterable[str],
    ) -> None:
        # The written files. A mapping keyed by base name serves as it is: a million
        # names cost a quarter second to copy into a set.
        names = basenames if isinstance(basenames, Mapping) else set(basenames)
        self.names: Container[str] = names
        self._keys = set(keys)
        # Named groups would clash across shapes; only the whole match is needed here.
        shapes = ["(?:" + _NAMED_GROUP.sub("(?:", s) + ")" for s in file_shapes]
        shape = Budgeted("|".join(shapes)) if shapes else None
        # Test output repeats its words: each distinct one is matched once.
        self._shape = (
            functools.lru_cache(maxsize=1 << 16)(lambda base: shape.fullmatch(base) is not None)
            if shape is not None
            else None
        )

    def find(self, text: str) -> list[Mention]:
        return [Mention(basename, key) for _, basename, key in self.find_lines([text])]

    def find_lines(self, texts: Sequence[str]) -> list[tuple[int, str | None, str | None]]:
        """``(index, basename, key)`` for each mention in ``texts``, in order.

        A token is a file's name when it is written as it stands (a pack whose
        ``identity = "path"`` names files by path), or when its base name (no directory,
        no sentence's full stop) is written or has a file's shape; otherwise it may be a
        namespaced key as a whole (``ns/name``), or its parts may be keys.

        >>> MentionFinder(["a.json"], ["k"], []).find_lines(["no", "got ns/k and /x/a.json."])
        [(1, None, 'k'), (1, 'a.json', None)]
        """
        found: list[tuple[int, str | None, str | None]] = []
        names, keys, shape = self.names, self._keys, self._shape
        for line, text in enumerate(texts):
            for token in _TOKEN.findall(text):
                whole = token.rstrip(".")
                if "/" in whole and whole in names:
                    found.append((line, whole, None))
                    continue
                base = token.replace("\\", "/").rsplit("/", 1)[-1].rstrip(".")
                if base in names or (shape is not None and shape(base)):
                    found.append((line, base, None))
                    continue
                if "/" in whole and whole in keys:
                    found.append((line, None, whole))
                    continue
                for part in token.split("/"):
                    key = part.rstrip(".")
                    if key in keys:
                        found.append((line, None, key))
        return found
