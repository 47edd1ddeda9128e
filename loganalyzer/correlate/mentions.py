"""Find, in test output, the written files' names and the known keys.

A file is recognised by its base name (tests read it through another mount, so
the directory differs). A key counts only outside a file name and only as a
whole token: ``e2e-priority-critical`` is not ``e2e-priority-critical-2``.
Lines are split at white space, and each piece is looked up in sets, so the
cost does not grow with the number of writes. A piece that is not a written
file's name as it stands (``/x/name.json,``) is cut into tokens first.
"""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping, Sequence
from typing import NamedTuple

import regex

# Names, paths and namespaced keys are runs of these; anything else separates them.
# No white space is among them, so a token never spans two white-space pieces.
_TOKEN = re.compile(r"[A-Za-z0-9_.\-/\\]+")  # re: faster here than regex
# A token that is its own base name: no directory, no sentence's full stop.
BARE_NAME = r"[A-Za-z0-9_.\-]*[A-Za-z0-9_\-]"
_BARE = re.compile(BARE_NAME)
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
        irregular: Iterable[str] | None = None,
    ) -> None:
        # The written files. A mapping keyed by base name serves as it is: a million
        # names cost a quarter second to copy into a set.
        names = basenames if isinstance(basenames, Mapping) else set(basenames)
        self.names: Container[str] = names
        # Names that are not a bare token, so not found by looking a piece up as it
        # stands; a caller holding the names in polars passes them, found at once.
        if irregular is None:
            irregular = (name for name in names if not _BARE.fullmatch(name))
        self._irregular = set(irregular)
        self._keys = set(keys)
        # Named groups would clash across shapes; only the whole match is needed here.
        shapes = ["(?:" + _NAMED_GROUP.sub("(?:", s) + ")" for s in file_shapes]
        self._shape = regex.compile("|".join(shapes)) if shapes else None
        # Tokens known to mention nothing. Words and stamps repeat from line to line,
        # and the shape regex is the dearest test, so each is judged once.
        self._plain: set[str] = set()

    def find(self, text: str) -> list[Mention]:
        return [Mention(basename, key) for _, basename, key in self.find_lines([text])]

    def find_lines(self, texts: Sequence[str]) -> list[tuple[int, str | None, str | None]]:
        """``(index, basename, key)`` for each mention in ``texts``, in order.

        >>> MentionFinder(["a.json"], ["k"], []).find_lines(["no", "got ns/k and /x/a.json."])
        [(1, None, 'k'), (1, 'a.json', None)]
        """
        found: list[tuple[int, str | None, str | None]] = []
        plain, names, irregular = self._plain, self.names, self._irregular
        for line, text in enumerate(texts):
            for piece in text.split():
                if piece in plain:
                    continue
                if piece in names and piece not in irregular:
                    found.append((line, piece, None))  # the usual mention: a bare base name
                    continue
                got = self._piece(piece)
                if got:
                    found += [(line, basename, key) for basename, key in got]
                else:
                    plain.add(piece)
        return found

    def _piece(self, piece: str) -> list[tuple[str | None, str | None]]:
        got: list[tuple[str | None, str | None]] = []
        plain, names, irregular = self._plain, self.names, self._irregular
        for token in _TOKEN.findall(piece):
            if token in plain:
                continue
            if token in names and token not in irregular:
                got.append((token, None))  # a bare base name: the token is its own base
                continue
            mentions = self._token(token)
            if mentions:
                got += mentions
            else:
                plain.add(token)
        return got

    def _token(self, token: str) -> list[tuple[str | None, str | None]]:
        whole = token.rstrip(".")
        if "/" in whole and whole in self.names:
            return [(whole, None)]  # named by its whole path (a pack's identity = "path")
        base = token.replace("\\", "/").rsplit("/", 1)[-1].rstrip(".")
        if base in self.names or (self._shape and self._shape.fullmatch(base)):
            return [(base, None)]
        if "/" in whole and whole in self._keys:
            return [(None, whole)]  # a namespaced key, ns/name
        # A key may be namespaced: ns/name.
        parts = (p.rstrip(".") for p in token.split("/"))
        return [(None, name) for name in parts if name in self._keys]
