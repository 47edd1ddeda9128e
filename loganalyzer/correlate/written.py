"""The written files as polars columns, and which of them any evidence can touch.

A large log writes a million files and its specs wait for a few thousand. Only a file that
something could link, observe or sight becomes a :class:`Write` object: one whose name or
key the test output holds, one a failure's glob matches, one a pack mapping claims, one
written while a spec that names nothing was running, or one another log saw. Every other
file is ``not-waited`` (``unknown`` without a test log) whatever the rules say, so it stays
a row of :attr:`Correlation.quiet`. The choice only has to be a superset: a file chosen
that nothing touches ends as the same row.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Collection, Iterable, Iterator, Sequence
from datetime import UTC, datetime, timedelta

import polars as pl
import regex

from loganalyzer.correlate.pairs import Write
from loganalyzer.extract.line_reader import in_order
from loganalyzer.extract.write_columns import path_of, split_writes
from loganalyzer.model.specs import Attempt, Spec

# The columns of a write, in time order; ``index`` is its place in that order. The path is
# its ``folder`` and ``basename`` (``extract.write_columns``).
COLUMNS = ("index", "key", "folder", "basename", "at", "res", "source", "line_no")
WRITE_COLUMNS = COLUMNS[1:]  # as the writes come from the scan
# As ``mentions._TOKEN`` cuts a line, in the syntax of polars' regex engine.
_TOKEN = r"[A-Za-z0-9_.\-/\\]+"
_GLOB = regex.compile(r"[A-Za-z0-9_.\-/]*\*[A-Za-z0-9_.\-/*]*")
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_US = timedelta(microseconds=1)


def write_rows(events: pl.DataFrame) -> pl.DataFrame:
    """The write events of ``events`` (all kinds, ``EVENT_SCHEMA``) as :data:`WRITE_COLUMNS`."""
    return split_writes(events)[0].select(WRITE_COLUMNS)


def write_frame(rows: pl.DataFrame) -> pl.DataFrame:
    """One row per file (``rows``: :func:`write_rows`), in time order; the same base name
    logged twice is the same file, and its first write counts."""
    order = ["at", "source", "line_no"]
    frame = rows
    if frame.get_column("basename").null_count():  # a write whose path was not captured
        frame = frame.filter(pl.col("basename").is_not_null())
    if not in_order(frame, order):  # a log's writes are mostly in time order already
        frame = frame.sort(order)
    if frame.get_column("basename").n_unique() < frame.height:
        frame = frame.filter(pl.col("basename").is_first_distinct())
    return frame.with_row_index("index").with_columns(pl.col("index").cast(pl.Int64))


def writes_of(frame: pl.DataFrame) -> list[Write]:
    """The rows as objects."""
    fields = ["key", path_of(), "basename", "at", "res", "source", "line_no", "index"]
    columns = (column.to_list() for column in frame.select(fields).get_columns())
    return list(map(Write, *columns))


def named_in(texts: Sequence[str], names: pl.Series, keys: pl.Series) -> tuple[set[str], set[str]]:
    """The ``names`` and ``keys`` that the texts could name: each token as it stands, its base
    name and its parts, as ``MentionFinder`` looks them up (a superset of what it finds)."""
    if not texts or (names.is_empty() and keys.is_empty()):
        return set(), set()
    tokens = pl.Series(texts, dtype=pl.String).str.extract_all(_TOKEN).explode().drop_nulls()
    tokens = tokens.unique()
    slash = tokens.str.replace_all("\\", "/", literal=True)
    candidates = pl.concat(
        [
            tokens.str.strip_chars_end("."),
            slash.str.split("/").list.last().str.strip_chars_end("."),
            tokens.str.split("/").explode().str.strip_chars_end("."),
        ]
    ).unique()
    return _among(names, candidates), _among(keys, candidates)


def _among(values: pl.Series, wanted: pl.Series) -> set[str]:
    if values.is_empty():
        return set()
    return set(values.filter(values.is_in(wanted.implode())).to_list())


def globs(texts: Iterable[str]) -> set[str]:
    """The file-name globs in failure messages (``x-*.json``): a glob names the one written
    file it matches."""
    return {pattern for text in texts for pattern in _globs_in(text)}


def _globs_in(text: str) -> Iterator[str]:
    for match in _GLOB.finditer(text):
        pattern = match.group(0).rsplit("/", 1)[-1]
        if pattern.strip("*") and "." in pattern:
            yield pattern


def glob_names(text: str, matches: dict[str, list[str]]) -> list[str]:
    """The written files the globs in ``text`` name (``matches``: each glob's matches, from
    :func:`glob_matches`): those that match exactly one."""
    return [hits[0] for p in _globs_in(text) if len(hits := matches.get(p, [])) == 1]


def glob_matches(patterns: Collection[str], names: pl.Series) -> dict[str, list[str]]:
    """Each glob's matches among ``names``, up to two (only a single match names a file).
    Only the names sharing the glob's literal prefix can match: a range of the sorted names,
    which polars narrows by the glob's literal suffix."""
    ordered = names.sort() if patterns else names
    matches = {}
    for pattern in sorted(patterns):
        prefix = regex.split(r"[*?\[]", pattern, maxsplit=1)[0]
        suffix = regex.split(r"[*?\]]", pattern)[-1]
        start = int(ordered.search_sorted(prefix, "left"))
        after = _next_prefix(prefix)  # the first text past every name with this prefix
        end = int(ordered.search_sorted(after, "left")) if after is not None else None
        pool = ordered.slice(start, None if end is None else end - start)
        hits: list[str] = []
        for name in pool.filter(pool.str.ends_with(suffix)):
            if fnmatch.fnmatchcase(name, pattern):
                hits.append(name)
                if len(hits) > 1:
                    break
        matches[pattern] = hits
    return matches


def _next_prefix(prefix: str) -> str | None:
    """The least text greater than every text that starts with ``prefix`` (None: no bound).

    >>> _next_prefix("x-a"), _next_prefix("")
    ('x-b', None)
    """
    if not prefix or prefix[-1] == "\U0010ffff":
        return None
    after = ord(prefix[-1]) + 1
    return prefix[:-1] + chr(0xE000 if 0xD800 <= after < 0xE000 else after)  # no surrogates


def places(frame: pl.DataFrame, names: Iterable[str]) -> dict[str, tuple[int, str | None]]:
    """Each of ``names`` that was written -> its write's (index, key)."""
    rows = frame.filter(pl.col("basename").is_in(pl.Series(list(names), dtype=pl.String).implode()))
    return {name: (n, key) for n, name, key in rows.select("index", "basename", "key").iter_rows()}


def first_of_keys(frame: pl.DataFrame, keys: Iterable[str]) -> dict[str, int]:
    """Each of ``keys`` that was written -> the index of its first write."""
    wanted = pl.Series(list(keys), dtype=pl.String)
    if wanted.is_empty():
        return {}
    rows = (
        frame.filter(pl.col("key").is_in(wanted.implode()))
        .group_by("key")
        .agg(pl.col("index").min())
    )
    return dict(rows.iter_rows())


def touchable(
    frame: pl.DataFrame,
    indexes: Iterable[int],
    keys: Iterable[str],
    free: Sequence[tuple[Spec, Attempt]],
) -> pl.Series:
    """The writes that become objects: those at ``indexes`` (named, globbed, observed or
    sighted), those of ``keys`` (named or mapped by a spec), and those :func:`in_windows`."""
    places = pl.Series(list(indexes), dtype=pl.Int64).implode()
    linkable = pl.Series(list(keys), dtype=pl.String).implode()
    return (
        frame.get_column("index").is_in(places)
        | frame.get_column("key").is_in(linkable).fill_null(False)
        | in_windows(frame, free)
    )


def in_windows(frame: pl.DataFrame, free: Sequence[tuple[Spec, Attempt]]) -> pl.Series:
    """Which writes fall in the window (padded by the write's resolution) of at least one of
    the ``free`` attempts (each with a start and an end): those ``links.Index.window`` may
    name. Starts at or before the write's end, less ends before its start."""
    if not free or frame.is_empty():
        return pl.Series("window", [False] * frame.height, dtype=pl.Boolean)
    starts = [_micros(a.start) for _, a in free if a.start]
    ends = [max(_micros(a.end), _micros(a.start)) for _, a in free if a.start and a.end]
    first = pl.Series(sorted(starts), dtype=pl.Int64)
    last = pl.Series(sorted(ends), dtype=pl.Int64)
    at = frame.get_column("at").dt.epoch("us")
    pad = (frame.get_column("res") * 1e6).ceil().cast(pl.Int64) + 1  # timedelta rounds
    begun = first.search_sorted(at + pad, side="right").cast(pl.Int64)
    over = last.search_sorted(at - pad, side="left").cast(pl.Int64)
    return (begun - over > 0).alias("window")


def _micros(at: datetime | None) -> int:
    assert at is not None
    return (at - _EPOCH) // _US
