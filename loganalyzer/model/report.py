"""The report: what to show, independent of how. Renderers read only this.

``Report.to_dict`` is the JSON contract (DESIGN §8): a walk over these dataclasses, so the
document has exactly their fields, in their order, with each enum as its value.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, fields, is_dataclass
from enum import Enum
from typing import Any, Union, get_args, get_origin, get_type_hints

from loganalyzer.model.status import (
    LinkKind,
    ObservationKind,
    PairStatus,
    SpecState,
    VerdictKind,
)
from loganalyzer.model.summary import Summary

SCHEMA = "loganalyzer.report/2"


@dataclass
class InputRow:
    """One input file: what it was read as, and how many of its lines were used."""

    path: str  # as given, or inside an archive as archive!member
    format: str | None  # the detected format, null for a file not read
    role: str | None  # controller or test
    lines: int  # lines read
    used: int  # lines that were records of the format
    skipped: int  # lines that were not
    skip_reasons: dict[str, int] = field(default_factory=dict)  # skipped lines per reason
    events: int = 0  # controller events found
    specs: int = 0  # specs read
    duplicates: int = 0  # events already read from an earlier input
    first_at: str | None = None  # its earliest time
    last_at: str | None = None  # its latest time
    note: str = ""  # why it was skipped, or how its times were read


@dataclass(frozen=True)
class PairRow:
    """One written file from the waiting spec's point of view (or an orphan observation)."""

    key: str | None  # what the write is for (the name the pack takes from it); null if unknown
    path: str  # the written file's path (its name, for an orphan)
    written_at: str | None  # the precise write time; null for an orphan
    observed_at: str | None  # the latest instant by which the spec had seen it
    gap_seconds: float | None  # best estimate, write to seen
    gap_min_seconds: float | None  # the gap is at least this
    gap_max_seconds: float | None  # and at most this (null: unbounded)
    status: PairStatus  # from the point of view of the spec waiting for the file
    spec: str | None  # the spec that waited for it
    process: int | None  # that spec's parallel process
    link: LinkKind | None  # the evidence that linked the file to the spec; null: none
    first_sighting_at: str | None  # another spec saw it, or this one after its deadline
    observation: ObservationKind | None = None  # how precisely the observation is dated
    observed_after: str | None = None  # the earliest instant it can have been seen
    deadline_at: str | None = None  # when the waiting spec gave up
    wait_started_at: str | None = None  # when the spec began waiting for it
    attempt: int | None = None  # the attempt of a retried spec
    concurrency: int | None = None  # specs running when the file was written
    skew_seconds: float | None = None  # seen this long before written: clock skew
    candidates: list[str] = field(default_factory=list)  # specs a link chose from, or a guess
    note: str = ""  # why the status needs explaining
    evidence: dict[str, str] = field(default_factory=dict)  # write, observation, … -> file:line


@dataclass(frozen=True)
class EvidenceLine:
    """A log line that supports a verdict: what it shows, where, and when."""

    at: str  # source:line
    text: str  # the line
    label: str = ""  # what it shows: write, wait start, deadline, sighting, delivery error, …
    time: str | None = None  # when, in UTC; null when the line has no time of its own


@dataclass(frozen=True)
class ContextLine:
    """One line of any input near a failure, on the merged clock."""

    at: str  # source:line
    local: str  # its time as the line writes it (its own zone); empty: the line has none
    time: str  # that time in UTC (a line without one: the time of the line before it)
    text: str  # the line
    noise: bool = False  # a controller line naming none of the spec's keys


@dataclass(frozen=True)
class Context:
    """The lines of all inputs within a window around a failure's write and deadline."""

    seconds: float  # the window reaches this far either side of the write and the deadline
    keys: list[str] = field(default_factory=list)  # a controller line naming none is noise
    lines: list[ContextLine] = field(default_factory=list)  # in time order, at most 200
    more: int = 0  # lines in the window past that cap
    note: str = ""  # why some inputs could not be read back (stdin)


@dataclass(frozen=True)
class SpecRow:
    """One spec or failed suite setup node, with its verdict."""

    name: str  # container texts and leaf text
    state: SpecState  # as the test log says
    process: int | None  # the Ginkgo parallel process, when known
    verdict: VerdictKind | None  # null for a spec that passed
    reason: str  # the verdict, in words
    duration_seconds: float | None = None  # its runtime, as Ginkgo reports it
    location: str = ""  # where the spec is defined
    source: str = ""  # where the log reports it: file:line
    attempts: int = 1  # more than one for a retried spec
    started_at: str | None = None  # when it ran, as best the log tells (for timelines)
    ended_at: str | None = None  # when it ended, likewise
    suite_node: bool = False  # a failed suite setup node, not a spec
    longer_timeout: str | None = None  # would the recommended wait have saved it?
    unreliable: str | None = None  # why the verdict may be wrong (a guessed zone)
    evidence: list[EvidenceLine] = field(default_factory=list)  # lines behind it, in time order
    failure_message: str = ""  # the test's failure message, whole
    failure_location: str = ""  # the test source line that failed (file.go:141)
    context: Context | None = None  # the merged lines around the failure (--context)


@dataclass(frozen=True)
class Report:
    """Everything an output format needs; ``to_dict`` is the JSON contract (DESIGN §8).

    ``artifact`` is the noun of what was paired (``"file"``, ``"ConfigMap"``), for wording.
    ``pairs`` is a list, or a table that holds most rows as columns (``report.pair_table``).
    """

    inputs: list[InputRow]
    summary: Summary
    pairs: Sequence[PairRow]
    specs: list[SpecRow]
    warnings: list[str]
    artifact: str = "file"
    # The pattern packs used (name -> the noun of what it pairs); not part of the document.
    packs: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The document as plain values (see :func:`plain`)."""
        return {name: plain(value) for name, value in self.sections()}

    def sections(self) -> Iterator[tuple[str, Any]]:
        """The document's top-level entries, in order, still typed: a writer converts the
        row lists a slice at a time (``render.json_``)."""
        yield "schema", SCHEMA
        yield "inputs", self.inputs
        yield "summary", self.summary
        yield "pairs", self.pairs
        yield "specs", self.specs
        yield "warnings", self.warnings


_PLAIN = frozenset({str, int, float, bool, type(None)})


def plain(value: Any) -> Any:
    """Dataclasses to dicts (fields in order), enums to their values, recursively.

    >>> plain(EvidenceLine("a.log:3", "seen"))
    {'at': 'a.log:3', 'text': 'seen', 'label': '', 'time': None}
    >>> plain({PairStatus.OBSERVED: [SpecState.PASSED]})
    {'observed': ['passed']}
    """
    kind = type(value)
    if kind in _PLAIN:
        return value
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {plain(k): plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        return _converter(kind)(value)
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        return [plain(v) for v in value]  # the report's pair table
    raise TypeError(f"not part of the report model: {kind.__name__}")


_CONVERTERS: dict[type, Callable[[Any], dict[str, Any]]] = {}


def _converter(kind: type) -> Callable[[Any], dict[str, Any]]:
    """A dataclass's fields as a dict, made once per class from its type hints.

    A report has a row per written file, tens of thousands: each row's dict is copied
    whole, and only the fields whose type can hold an enum or a dataclass are walked.
    """
    known = _CONVERTERS.get(kind)
    if known is not None:
        return known
    hints = get_type_hints(kind)
    names = tuple(f.name for f in fields(kind))
    enums = tuple(n for n in names if _enum(hints[n]))
    copied = tuple(n for n in names if not _enum(hints[n]) and _flat_items(hints[n]))
    walked = tuple(n for n in names if not (_flat(hints[n]) or n in enums or n in copied))
    by_slots = "__slots__" in vars(kind)

    def convert(value: Any) -> dict[str, Any]:
        out = {n: getattr(value, n) for n in names} if by_slots else dict(value.__dict__)
        for name in enums:
            if (member := out[name]) is not None:
                out[name] = member._value_
        for name in copied:
            out[name] = out[name].copy()
        for name in walked:
            out[name] = plain(out[name])
        return out

    _CONVERTERS[kind] = convert
    return convert


def _enum(hint: Any) -> bool:
    """An enum, or an enum or None."""
    args = get_args(hint) if get_origin(hint) in (Union, types.UnionType) else (hint,)
    members = [a for a in args if a is not type(None)]
    return len(members) == 1 and isinstance(members[0], type) and issubclass(members[0], Enum)


def _flat_items(hint: Any) -> bool:
    """A list or a dict of JSON scalars (never None itself): a shallow copy is plain."""
    return get_origin(hint) in (list, dict) and all(_flat(a) for a in get_args(hint))


def _flat(hint: Any) -> bool:
    """Is every value of this type a JSON scalar already (str, int, float, bool, None)?"""
    if get_origin(hint) in (Union, types.UnionType):
        return all(_flat(arg) for arg in get_args(hint))
    return hint in _PLAIN


MIXED_NOUN = "artifact"


def common_noun(nouns: Iterable[str]) -> str:
    """The noun for what a report pairs: the packs' own when they agree, else ``artifact``.

    >>> common_noun(["file", "file"]), common_noun(["file", "ConfigMap"]), common_noun([])
    ('file', 'artifact', 'file')
    """
    distinct = set(nouns)
    if not distinct:
        return "file"
    return distinct.pop() if len(distinct) == 1 else MIXED_NOUN
