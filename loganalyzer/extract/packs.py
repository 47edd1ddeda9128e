"""Pattern packs: load, validate and self-check the TOML files that describe one system's events.

A pack names the lines that mean "written", "about to write", "failed to write" and
"found", the noun of what is written (``artifact``), the shape of file names, and how
that suite's spec texts map to the keys they create. The engine stays general; packs
carry the knowledge.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import polars as pl
import regex

from loganalyzer.errors import LogAnalyzerError, PatternError
from loganalyzer.formats.times import UTC_ZONE, parse_zone
from loganalyzer.model.report import common_noun
from loganalyzer.model.text import counted

EVENT_KINDS = ("write", "intent", "error", "observation")
# Where an event's lines are read: "controller" is every line-format log (a controller's, or
# a third component's that sees the artifact); "test" is the output of the specs.
_ROLE_OF_KIND = {
    "write": "controller",
    "intent": "controller",
    "error": "controller",
    "observation": "test",
}
_PACK_KEYS = {
    "name",
    "description",
    "artifact",
    "identity",
    "wait_steps",
    "event",
    "spec",
    "signature",
}
# What names an artifact wherever it is mentioned: the path's last segment (files, which tests
# read through another mount), or the whole path (namespaced objects: "ns/name").
IDENTITIES = ("basename", "path")
_SIGNATURE_KEYS = {"id", "contains", "regex", "description", "sample"}
_EVENT_KEYS = {
    "id",
    "kind",
    "role",
    "contains",
    "regex",
    "time_from",
    "file_name",
    "sample",
    "description",
}
_SPEC_KEYS = {
    "match", "keys", "wait_step", "ordered", "wait", "poll_interval", "sample", "description"
}  # fmt: skip


@dataclass(frozen=True)
class TimeFrom:
    """Take an event's time from a capture rather than from the record's own stamp."""

    capture: str
    format: str
    tz: str = "UTC"

    @property
    def resolution(self) -> float:
        return 1e-6 if "%f" in self.format else 1.0

    def parse(self, value: str) -> datetime:
        naive = datetime.strptime(value, self.format)
        return naive.replace(tzinfo=parse_zone(self.tz)).astimezone(UTC_ZONE)


@dataclass(frozen=True)
class EventPattern:
    """One kind of log line, found by a literal prefilter and then a regex."""

    pack: str
    id: str
    kind: str
    role: str
    contains: str
    regex: str
    time_from: TimeFrom | None
    file_name: str | None
    samples: tuple[Mapping[str, Any], ...]
    identity: str = "basename"  # the pack's: what names the artifact (see IDENTITIES)

    @property
    def compiled(self) -> Budgeted:
        return _compile(self.regex)

    def name_of(self, path: str) -> str:
        """The artifact's name in every log: the path, or its last segment.

        >>> EventPattern("p", "w", "write", "controller", "x", "x", None, None, ()).name_of("/a/b")
        'b'
        """
        return path if self.identity == "path" else regex.split(r"[/\\]", path)[-1]


@dataclass(frozen=True)
class SpecMapping:
    """Spec text (regex, searched) -> the keys that spec creates (regexes, matched whole)."""

    pack: str
    match: str
    keys: tuple[str, ...]
    wait_step: str | None
    samples: tuple[Mapping[str, Any], ...]
    ordered: bool = False  # the spec waits for its keys one after another, in this order
    poll_interval: float | None = None  # seconds between the spec's looks for the file

    def matches_spec(self, name: str) -> bool:
        return _compile(self.match).search(name) is not None

    def matches_key(self, key: str) -> bool:
        return self.position(key) is not None

    def position(self, key: str) -> int | None:
        """Index of the first key regex that matches ``key`` whole."""
        return next((i for i, k in enumerate(self.keys) if _compile(k).fullmatch(key)), None)


@dataclass(frozen=True)
class Signature:
    """A known infrastructure failure, recognised in test output (image loads, cluster setup)."""

    pack: str
    id: str
    contains: str
    regex: str | None
    description: str
    samples: tuple[Mapping[str, Any], ...]

    def matches(self, text: str) -> bool:
        if self.contains not in text:
            return False
        return self.regex is None or _compile(self.regex).search(text) is not None


@dataclass(frozen=True)
class Pack:
    name: str
    path: str  # where it was loaded from, for messages
    description: str
    events: tuple[EventPattern, ...]
    specs: tuple[SpecMapping, ...]
    wait_steps: tuple[str, ...] = field(default=())
    signatures: tuple[Signature, ...] = field(default=())
    artifact: str = "file"  # the noun of what the pack pairs: "file", "ConfigMap", "row"
    builtin: bool = False  # shipped with loganalyzer (package data), not a --patterns file
    identity: str = "basename"  # what names an artifact in every log (see IDENTITIES)


# Every Python-side match of a pack's regex has this budget (seconds): a pattern such as
# (a|aa)+$ backtracks exponentially, and a user's pack must never hang the run. A match
# that runs out is no match; it is counted in TIMED_OUT and reported as a warning.
REGEX_TIMEOUT = 0.25
TIMED_OUT: dict[str, int] = {}


class Budgeted:
    """A compiled pack regex whose matches run with :data:`REGEX_TIMEOUT`."""

    def __init__(self, pattern: str) -> None:
        self.pattern = pattern
        self.compiled = regex.compile(pattern)
        self.groupindex = self.compiled.groupindex

    def _run(self, how: str, text: str) -> regex.Match[str] | None:
        try:
            found: regex.Match[str] | None = getattr(self.compiled, how)(
                text, timeout=REGEX_TIMEOUT
            )
        except TimeoutError:
            TIMED_OUT[self.pattern] = TIMED_OUT.get(self.pattern, 0) + 1
            return None
        return found

    def search(self, text: str) -> regex.Match[str] | None:
        return self._run("search", text)

    def fullmatch(self, text: str) -> regex.Match[str] | None:
        return self._run("fullmatch", text)

    def match(self, text: str) -> regex.Match[str] | None:
        return self._run("match", text)


_CACHE: dict[str, Budgeted] = {}


def _compile(pattern: str) -> Budgeted:
    compiled = _CACHE.get(pattern)
    if compiled is None:
        compiled = _CACHE[pattern] = Budgeted(pattern)
    return compiled


def search_within(pattern: str, text: str) -> bool:
    """Whether a pack's ``pattern`` is found in ``text``, within the time budget."""
    return _compile(pattern).search(text) is not None


def timed_out_warnings() -> list[str]:
    """One warning per pack regex whose matches ran out of time, then forget them."""
    out = [
        f"pattern {p!r}: {counted(n, 'match', 'matches')} ran past {REGEX_TIMEOUT} s, skipped "
        "(the regex backtracks; simplify nested quantifiers)"
        for p, n in sorted(TIMED_OUT.items())
    ]
    TIMED_OUT.clear()
    return out


def builtin_packs() -> list[Traversable]:
    """The built-in pack files: package data of ``loganalyzer.packs`` (the ``patterns/`` folder)."""
    root = resources.files("loganalyzer.packs")
    return sorted((f for f in root.iterdir() if f.name.endswith(".toml")), key=lambda f: f.name)


def load_packs(extra_dirs: Iterable[Path] = (), only: Sequence[str] | None = None) -> list[Pack]:
    """Built-in packs, then user packs; a user pack replaces a built-in one of the same name.

    ``only`` (``--packs``) keeps the packs of those names; an unknown name is an error.

    >>> [p.name for p in load_packs()][:2]
    ['configmap-sync', 'infrastructure']
    >>> [p.artifact for p in load_packs(only=["configmap-sync"])]
    ['ConfigMap']
    """
    packs = {pack.name: pack for pack in _builtin()}
    for directory in extra_dirs:
        if not directory.exists():
            raise PatternError(f"--patterns: no such directory: {directory}")
        files = [directory] if directory.is_file() else sorted(directory.glob("*.toml"))
        for path in files:
            pack = load_pack(path)
            packs[pack.name] = pack
    chosen = [packs[name] for name in sorted(packs)]
    return chosen if only is None else select_packs(chosen, only)


@cache
def _builtin() -> tuple[Pack, ...]:
    """The built-in packs, loaded once a process: package data does not change while it runs.

    Parsing and checking them took about 4 ms of every ``analyze`` call, a tenth of a small
    input's whole analysis (the mutation fuzzer's); a Pack is frozen, so sharing it is safe.
    """
    return tuple(replace(load_pack(path, trusted=True), builtin=True) for path in builtin_packs())


def select_packs(packs: Sequence[Pack], names: Iterable[str]) -> list[Pack]:
    """The packs named (``--packs a,b``), in their usual order; an unknown name is an error.

    >>> [p.name for p in select_packs(load_packs(), ["infrastructure", "configmap-sync"])]
    ['configmap-sync', 'infrastructure']
    >>> select_packs(load_packs(), ["nope"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    loganalyzer.errors.PatternError: --packs: unknown pack 'nope' (known: configmap-sync, ...)
    """
    wanted = [n.strip() for name in names for n in name.split(",") if n.strip()]
    known = [p.name for p in packs]
    unknown = next((n for n in wanted if n not in known), None)
    if unknown is not None or not wanted:
        what = f"unknown pack {unknown!r}" if unknown is not None else "no pack named"
        raise PatternError(f"--packs: {what} (known: {', '.join(known) or 'none'})")
    return [p for p in packs if p.name in wanted]


def load_pack(path: Traversable, *, trusted: bool = False) -> Pack:
    """Parse and validate one pack file; every problem raises PatternError naming the file.

    ``trusted``: a built-in pack, whose schema check runs in the tests rather than at each
    start (the schema library's import is most of a pack's load time).
    """
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise PatternError(f"{path}: invalid TOML: {exc}") from exc
    except RecursionError as exc:
        raise PatternError(f"{path}: invalid TOML: nested too deeply") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise PatternError(f"{path}: cannot read: {exc}") from exc
    where = str(path)
    if not trusted:
        from loganalyzer.extract.pack_schema import validate

        problem = validate(data, where)  # types and keys; the checks below are about meaning
        if isinstance(problem, str):
            raise PatternError(problem)
    _check_keys(data, _PACK_KEYS, where)
    name = data.get("name")
    if not isinstance(name, str) or not name:
        raise PatternError(f"{where}: a pack needs a 'name'")
    for key in ("event", "spec", "signature"):
        _tables(data.get(key, []), f"{where}: {key!r}")
    events = tuple(
        _event(name, raw, f"{where}: event #{i + 1}") for i, raw in enumerate(data.get("event", []))
    )
    ids = [e.id for e in events]
    dupes = sorted({i for i in ids if ids.count(i) > 1})
    if dupes:
        raise PatternError(f"{where}: duplicate event id {dupes[0]!r}")
    specs = tuple(
        _spec(name, raw, f"{where}: spec #{i + 1}") for i, raw in enumerate(data.get("spec", []))
    )
    waits = tuple(_regex_list(data.get("wait_steps", []), f"{where}: wait_steps"))
    signatures = tuple(
        _signature(name, raw, f"{where}: signature #{i + 1}")
        for i, raw in enumerate(data.get("signature", []))
    )
    identity = data.get("identity", "basename")
    if identity not in IDENTITIES:
        raise PatternError(f"{where}: 'identity' must be one of {', '.join(IDENTITIES)}")
    if identity != "basename":
        events = tuple(replace(e, identity=identity) for e in events)
    artifact = data.get("artifact", "file")
    if not isinstance(artifact, str) or not artifact.strip():
        raise PatternError(
            f"{where}: 'artifact' must be a non-empty string (the noun of what it pairs)"
        )
    description = _string(data, "description", where)
    return Pack(
        name,
        str(path),
        description,
        events,
        specs,
        waits,
        signatures,
        artifact.strip(),
        identity=identity,
    )


def _tables(value: object, where: str) -> None:
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise PatternError(f"{where} must be an array of tables ([[...]])")


def _string(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key, "")
    if not isinstance(value, str):
        raise PatternError(f"{where}: {key!r} must be a string")
    return value


def _check_keys(data: Mapping[str, Any], allowed: set[str], where: str) -> None:
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise PatternError(f"{where}: unknown key {unknown[0]!r}")


def _polars_zone(tz: str) -> str:
    """The zone as polars names it: an IANA name as it is, an offset as ``+HH:MM``."""
    return tz if "/" in tz or tz.isalpha() else "UTC"


def _regex(value: object, where: str, *, polars_too: bool = False) -> str:
    if not isinstance(value, str) or not value:
        raise PatternError(f"{where}: expected a regex string")
    try:
        _compile(value)
    except (regex.error, RecursionError, OverflowError) as exc:
        raise PatternError(f"{where}: regex does not compile: {exc}") from exc
    if polars_too:
        try:
            pl.Series([""]).str.extract_groups(value)
        except pl.exceptions.ComputeError as exc:
            raise PatternError(
                f"{where}: regex is not supported by the fast path "
                f"(no look-around or backreferences): {exc}"
            ) from exc
    return value


def _regex_list(value: object, where: str) -> list[str]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise PatternError(f"{where}: expected a list of regexes")
    return [_regex(v, where) for v in value]


def _samples(raw: Mapping[str, Any], where: str) -> tuple[Mapping[str, Any], ...]:
    samples = raw.get("sample", [])
    if not isinstance(samples, list) or not all(isinstance(s, dict) for s in samples):
        raise PatternError(f"{where}: 'sample' must be an array of tables")
    return tuple(samples)


def _event(pack: str, raw: Mapping[str, Any], where: str) -> EventPattern:
    _check_keys(raw, _EVENT_KEYS, where)
    ident = raw.get("id")
    if not isinstance(ident, str) or not ident:
        raise PatternError(f"{where}: an event needs an 'id'")
    where = f"{where.rsplit(':', 1)[0]}: event {ident!r}"
    kind = raw.get("kind")
    if kind not in EVENT_KINDS:
        raise PatternError(f"{where}: kind must be one of {', '.join(EVENT_KINDS)}")
    role = raw.get("role", _ROLE_OF_KIND[kind])
    if role not in ("controller", "test"):
        raise PatternError(f"{where}: role must be 'controller' or 'test'")
    if role == "test" and kind != "observation":
        raise PatternError(
            f"{where}: only an observation is read from test output; a {kind} event needs "
            "role = 'controller'"
        )
    contains = raw.get("contains")
    if not isinstance(contains, str) or not contains:
        raise PatternError(f"{where}: 'contains' (a literal prefilter) is required")
    pattern = _regex(raw.get("regex"), f"{where}: regex", polars_too=role == "controller")
    groups = set(_compile(pattern).groupindex)
    if kind in ("write", "intent", "error") and "key" not in groups:
        raise PatternError(f"{where}: regex needs a (?P<key>…) capture")
    if kind == "write" and "path" not in groups:
        raise PatternError(f"{where}: a write regex needs a (?P<path>…) capture")
    if kind == "observation" and not {"key", "path"} & groups:
        raise PatternError(
            f"{where}: an observation regex needs a (?P<path>…) or (?P<key>…) capture"
        )
    time_from = None
    if "time_from" in raw:
        tf = raw["time_from"]
        if not isinstance(tf, dict) or not {"capture", "format"} <= set(tf):
            raise PatternError(f"{where}: time_from needs 'capture' and 'format'")
        if not all(isinstance(tf.get(k, ""), str) for k in ("capture", "format", "tz")):
            raise PatternError(f"{where}: time_from's capture, format and tz must be strings")
        time_from = TimeFrom(str(tf["capture"]), str(tf["format"]), str(tf.get("tz", "UTC")))
        try:
            parse_zone(time_from.tz)
            pl.Series([None], dtype=pl.Datetime("us")).dt.replace_time_zone(
                "UTC" if time_from.tz == "UTC" else _polars_zone(time_from.tz)
            )
        except (LogAnalyzerError, pl.exceptions.PolarsError) as exc:
            raise PatternError(f"{where}: time_from tz: unknown zone {time_from.tz!r}") from exc
        if time_from.capture not in groups:
            raise PatternError(f"{where}: time_from capture {time_from.capture!r} not in regex")
    file_name = raw.get("file_name")
    if file_name is not None:
        file_name = _regex(file_name, f"{where}: file_name", polars_too=True)
        if "key" not in _compile(file_name).groupindex:
            raise PatternError(f"{where}: file_name needs a (?P<key>…) capture")
    return EventPattern(
        pack, ident, kind, role, contains, pattern, time_from, file_name, _samples(raw, where)
    )


def _spec(pack: str, raw: Mapping[str, Any], where: str) -> SpecMapping:
    _check_keys(raw, _SPEC_KEYS, where)
    match = _regex(raw.get("match"), f"{where}: match")
    keys = raw.get("keys")
    if not isinstance(keys, list) or not keys:
        raise PatternError(f"{where}: 'keys' must be a non-empty list of regexes")
    wait = raw.get("wait_step")
    if wait is not None and not isinstance(wait, str):
        raise PatternError(f"{where}: 'wait_step' must be a regex string")
    ordered = raw.get("ordered", False)
    if not isinstance(ordered, bool):
        raise PatternError(f"{where}: 'ordered' must be true or false")
    # wait = "in-order" says the same as ordered = true; "all" (the default) waits for all at once.
    how = raw.get("wait", "all")
    if how not in ("all", "in-order"):
        raise PatternError(f'{where}: \'wait\' must be "in-order" or "all"')
    ordered = ordered or how == "in-order"
    poll = raw.get("poll_interval")
    if poll is not None and (
        not isinstance(poll, int | float) or isinstance(poll, bool) or not 0 < poll < 86400
    ):
        raise PatternError(f"{where}: 'poll_interval' must be a positive number of seconds")
    return SpecMapping(
        pack,
        match,
        tuple(_regex(k, f"{where}: keys") for k in keys),
        _regex(wait, f"{where}: wait_step") if wait is not None else None,
        _samples(raw, where),
        ordered,
        float(poll) if poll is not None else None,
    )


def _signature(pack: str, raw: Mapping[str, Any], where: str) -> Signature:
    _check_keys(raw, _SIGNATURE_KEYS, where)
    ident, contains = raw.get("id"), raw.get("contains")
    if not isinstance(ident, str) or not ident:
        raise PatternError(f"{where}: a signature needs an 'id'")
    if not isinstance(contains, str) or not contains:
        raise PatternError(f"{where}: 'contains' (a literal) is required")
    pattern = _regex(raw["regex"], f"{where}: regex") if "regex" in raw else None
    description = _string(raw, "description", where)
    return Signature(pack, ident, contains, pattern, description, _samples(raw, where))


def match_event(pattern: EventPattern, line: str) -> dict[str, str] | None:
    """The captures of ``pattern`` on ``line``, or None (the per-line reference path)."""
    if pattern.contains not in line:
        return None
    found = pattern.compiled.search(line)
    if found is None:
        return None
    return {k: v for k, v in found.groupdict().items() if v is not None}


def artifact_noun(packs: Sequence[Pack], found: Iterable[str] = ()) -> str:
    """The noun of what a run paired: that of the packs whose writes were ``found`` or, when
    none were, of every pack that describes writes; ``artifact`` when they disagree.

    >>> artifact_noun(load_packs(), ["configmap-sync"])
    'ConfigMap'
    >>> artifact_noun(load_packs(only=["configmap-sync", "infrastructure"]))
    'ConfigMap'
    >>> artifact_noun(load_packs(only=["infrastructure"]))  # describes no writes
    'file'
    >>> artifact_noun(load_packs())  # nothing found, and the packs' nouns differ
    'artifact'
    """
    found = set(found)
    writers = [p for p in packs if any(e.kind == "write" for e in p.events)]
    nouns = {p.artifact for p in writers if p.name in found} or {p.artifact for p in writers}
    return common_noun(nouns)
