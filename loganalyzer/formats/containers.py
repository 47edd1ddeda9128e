"""Container runtime wrappers around a log's own lines: CRI files and Docker's json-file.

A wrapper yields, per physical line, the payload (the application's line), the
stream, and whether the line is only a piece (``P``) of a longer record that a
later ``F`` line on the same stream completes. The payload is then read by its
own format, so zap, klog or JSON inside CRI all work.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import polars as pl
import regex

CRI_TIME = r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)$"
CRI_RE = (
    r"^(?P<ts>\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d)) "
    r"(?P<stream>stdout|stderr) (?P<tag>[PF])(?: (?P<payload>.*))?$"
)
# A full line's prefix, for recognising records without unwrapping (see raw_record).
CRI_FULL = (
    r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?"
    r"(?:Z|[+-][0-9]{2}:[0-9]{2}) (?:stdout|stderr) F "
)

DOCKER_RE = r'^\{"log":".*","stream":"(?:stdout|stderr)","time":"[^"]+"\}\s*$'


@dataclass(frozen=True)
class Piece:
    """One physical line, unwrapped; ``tag`` is ``P`` (partial) or ``F`` (full)."""

    payload: str
    stream: str
    tag: str


@dataclass(frozen=True)
class Wrapper:
    name: str
    sniff: str  # a regex, valid for polars and ``regex``, that a wrapped line matches

    def matches(self, line: str) -> bool:
        return regex.match(self.sniff, line) is not None

    def raw_record(self, record: str) -> str | None:
        """A regex for a full wrapped line whose payload starts a record, if one can be built.

        A scan then recognises most lines without unwrapping them. ``record`` must be
        anchored with a leading ``^`` and have no top-level alternation (as the
        built-in formats are). Docker's payload is JSON-escaped: no such regex.

        It earns its place: on bench.py's 1 GiB CRI log (1.15 GiB, 3.9 million lines)
        the scan takes 1.6-1.9 s with it and 3.4-4.6 s unwrapping every line (2 cores).
        The tests hold it to the unwrapping path (``test_containers``).
        """
        if self.name != "cri" or not record.startswith("^"):
            return None
        # ASCII digits: with Unicode ones the scan takes half as long again. A stricter
        # regex only sends a line to the careful path, which unwraps it; it never skips one.
        return CRI_FULL + "(?:" + ascii_digits(record[1:]) + ")"

    def maybe_piece(self, line: pl.Expr) -> pl.Expr:
        """True for every line :meth:`columns` would tag ``P`` (and maybe a few more)."""
        if self.name == "cri":
            return line.str.contains(r"^[^ ]* (?:stdout|stderr) P(?: |$)").fill_null(False)
        return (self.columns(line)[2] == "P").fill_null(False)

    def columns(self, line: pl.Expr) -> list[pl.Expr]:
        """``payload``, ``stream`` and ``tag`` columns (null where the line is not wrapped)."""
        if self.name == "cri":
            # Splitting on the first three spaces is ten times cheaper than one big regex.
            return _cri_fields(line.str.splitn(" ", 4))
        log = line.str.json_path_match("$.log")
        return [
            log.str.strip_suffix("\n").alias("payload"),
            line.str.json_path_match("$.stream").alias("stream"),
            pl.when(log.is_null())
            .then(None)
            .when(log.str.ends_with("\n"))
            .then(pl.lit("F"))
            .otherwise(pl.lit("P"))
            .alias("tag"),
        ]

    def unwrapped(self, frame: pl.DataFrame, column: str) -> pl.DataFrame:
        """``frame`` with the :meth:`columns` of ``column`` added (kept lines, in memory).

        CRI lines are split once: each field taken from its own split would copy every
        line three times.
        """
        if self.name != "cri":
            return frame.with_columns(self.columns(pl.col(column)))
        split = frame.with_columns(pl.col(column).str.splitn(" ", 4).alias("_parts"))
        return split.with_columns(_cri_fields(pl.col("_parts"))).drop("_parts")

    def unwrap(self, line: str) -> Piece | None:
        """The per-line twin of :meth:`columns`, for the fallback path."""
        if self.name == "cri":
            found = regex.match(CRI_RE, line)
            if found is None:
                return None
            return Piece(found.group("payload") or "", found.group("stream"), found.group("tag"))
        try:
            data = json.loads(line)
        except (ValueError, RecursionError):
            return None
        log = data.get("log") if isinstance(data, dict) else None
        if not isinstance(log, str):
            return None
        tag = "F" if log.endswith("\n") else "P"
        return Piece(log.removesuffix("\n"), str(data.get("stream", "")), tag)


def ascii_digits(pattern: str) -> str:
    r"""``pattern`` with each ``\d`` matching ASCII digits only.

    >>> ascii_digits(r"\d{2}[\d.]\\d")
    '[0-9]{2}[0-9.]\\\\d'
    """
    out: list[str] = []
    in_class = False
    i = 0
    while i < len(pattern):
        pair = pattern[i : i + 2]
        if pair == r"\d":
            out.append("0-9" if in_class else "[0-9]")
        elif pair[0] == "\\":
            out.append(pair)  # an escape, taken whole
        else:
            pair = pattern[i]
            # A "]" first in a class is a literal; any other ends the class.
            if pair == "[" and not in_class:
                in_class = True
            elif pair == "]" and in_class and out[-1] not in ("[", "^"):
                in_class = False
            out.append(pair)
        i += len(pair)
    return "".join(out)


def _cri_fields(parts: pl.Expr) -> list[pl.Expr]:
    """payload, stream and tag from a line split on its first three spaces."""
    stream, tag = parts.struct.field("field_1"), parts.struct.field("field_2")
    valid = (
        stream.is_in(["stdout", "stderr"])
        & tag.is_in(["P", "F"])
        & parts.struct.field("field_0").str.contains(CRI_TIME)
    ).fill_null(False)
    return [
        pl.when(valid).then(parts.struct.field("field_3").fill_null("")).alias("payload"),
        pl.when(valid).then(stream).alias("stream"),
        pl.when(valid).then(tag).alias("tag"),
    ]


CRI = Wrapper(
    "cri", r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?(?:Z|[+-]\d\d:\d\d) (?:stdout|stderr) [PF]"
)
DOCKER = Wrapper("docker-json", DOCKER_RE)
WRAPPERS = (CRI, DOCKER)
