"""Find, in test output, the written files' names and the known keys.

A file is recognised by its base name (tests read it through another mount, so
the directory differs). A key counts only outside a file name and only as a
whole token: ``e2e-priority-critical`` is not ``e2e-priority-critical-2``.
Lines are cut into tokens once and each token is looked up in sets, so the cost
does not grow with the number of writes. ``find`` does one line and defines the
rules; ``find_all`` applies them to every line at once, in polars.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import polars as pl
import regex

# Names, paths and namespaced keys are runs of these; anything else separates them.
_TOKEN_RE = r"[A-Za-z0-9_.\-/\\]+"
_TOKEN = regex.compile(_TOKEN_RE)
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
        self._name_list = pl.Series(list(self._names), dtype=pl.String)
        self._key_list = pl.Series(list(self._keys), dtype=pl.String)
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

    def find_all(self, texts: Sequence[str]) -> list[tuple[int, str | None, str | None]]:
        """``find`` on every text: (text index, basename, key) rows, in ``find``'s order.

        >>> finder = MentionFinder(["a.json"], ["k"], [])
        >>> finder.find_all(["no", "got ns/k and /x/a.json."])
        [(1, None, 'k'), (1, 'a.json', None)]
        """
        tokens = (
            pl.DataFrame({"text": pl.Series(texts, dtype=pl.String)})
            .select(line=pl.int_range(pl.len()), token=pl.col("text").str.extract_all(_TOKEN_RE))
            .explode("token")
            .drop_nulls("token")
            .with_columns(
                tok=pl.int_range(pl.len()),
                base=pl.col("token")
                .str.replace_all("\\", "/", literal=True)
                .str.split("/")
                .list.last()
                .str.strip_chars_end("."),
            )
        )
        is_file = pl.col("base").is_in(self._name_list.implode())
        if self._shape is not None:
            # Shapes are Python regexes: try each distinct unknown base once.
            others = tokens.filter(~is_file).get_column("base").unique().to_list()
            shaped = [b for b in others if self._shape.fullmatch(b)]
            is_file = is_file | pl.col("base").is_in(pl.Series(shaped, dtype=pl.String).implode())
        tokens = tokens.with_columns(is_file=is_file)
        files = tokens.filter("is_file").select(
            "line", "tok", name="base", part=pl.lit(0, pl.Int64)
        )
        keys = (
            tokens.filter(~pl.col("is_file"))
            .select("line", "tok", name=pl.col("token").str.split("/"))
            .explode("name")
            .with_columns(part=pl.int_range(pl.len()).over("tok"))
            .with_columns(pl.col("name").str.strip_chars_end("."))
            .filter(pl.col("name").is_in(self._key_list.implode()))
        )
        found = pl.concat([files.with_columns(file=True), keys.with_columns(file=False)])
        found = found.sort("tok", "part")
        lines = found.get_column("line").to_list()
        names = found.get_column("name").to_list()
        flags = found.get_column("file").to_list()
        return [
            (line, name, None) if file else (line, None, name)
            for line, name, file in zip(lines, names, flags, strict=True)
        ]
