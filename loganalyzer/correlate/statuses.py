"""Each write's status from the waiting spec's point of view, once every file is linked.

``observe`` judges a file from its own spec's output alone. Some statuses need the whole
attempt: a failed wait for several keys says which key was missing only when its failure
message names one or its pack says it waits in order (``wait = "in-order"``); otherwise the
files it did not name are ``undetermined``. A file that no evidence links to a spec is
``not-waited``; a time window may only name a candidate. When one side of the run is absent,
nothing can be said about that side's files: ``unknown``.
"""

from __future__ import annotations

from collections.abc import Iterable

from loganalyzer.correlate.pairs import Correlation, Pair
from loganalyzer.extract.packs import SpecMapping
from loganalyzer.model.specs import Attempt, Spec
from loganalyzer.model.status import ObservationKind, PairStatus

UNOBSERVED, UNDETERMINED = PairStatus.UNOBSERVED, PairStatus.UNDETERMINED


def settle(state: Correlation, unwritten: set[str], keys: dict[int, set[str]]) -> None:
    """Decide multi-key waits, time-window candidates and files nobody waited for.

    ``unwritten``: keys the controller knew of (intent or error lines) but never wrote;
    ``keys``: the keys each attempt's output names (by ``id(attempt)``).
    """
    for spec in state.specs:
        for attempt in spec.attempts:
            linked = state.links.get(id(attempt))
            if linked and not attempt.passed:
                expected = _unwritten_of(spec, attempt, state, unwritten, keys)
                _failed_wait(attempt, linked, state.mapped.get(id(spec)), expected)
    for spec, attempt, pairs in state.windows.values():
        if len(pairs) == 1 and not state.links.get(id(attempt)) and _waits(spec, attempt, state):
            pair = pairs[0]
            pair.candidates = [spec.name]
            pair.note = (
                "no spec is known to have waited for it; the only spec running then, and "
                "waiting for a file, is a candidate (time window only: no evidence)"
            )
    for pair in state.pairs:
        if pair.write is not None and pair.attempt is None:
            pair.status = PairStatus.NOT_WAITED
        elif pair.status == PairStatus.OBSERVED and pair.observed_line is not None:
            _seen_since_waiting(pair, state)


def _seen_since_waiting(pair: Pair, state: Correlation) -> None:
    """A line naming the file is printed after the poll that found it (a copy, a read, a
    log call between them): the spec saw it by the line, and only since it began waiting."""
    attempt = pair.attempt
    if attempt is None or pair.observation == ObservationKind.LOOSE:
        return
    step = state.waited.get(id(attempt))
    floor = step.at if step is not None and step.at is not None else attempt.start
    if floor is not None and (pair.seen_after is None or floor < pair.seen_after):
        pair.seen_after = floor


def unknown_sides(state: Correlation, controllers: bool, tests: bool) -> None:
    """With no test log, no write's status is known; with no controller log, no orphan's."""
    state.controllers, state.tests = controllers, tests
    for pair in state.pairs:
        if (pair.write is not None and not tests) or (pair.write is None and not controllers):
            pair.status = PairStatus.UNKNOWN


def _waits(spec: Spec, attempt: Attempt, state: Correlation) -> bool:
    """Is the spec known to wait for an artifact: a wait step, a failure naming one, a mapping?"""
    return (
        state.waited.get(id(attempt)) is not None
        or bool(attempt.failed_keys)
        or id(spec) in state.mapped
    )


def _unwritten_of(
    spec: Spec,
    attempt: Attempt,
    state: Correlation,
    unwritten: set[str],
    keys: dict[int, set[str]],
) -> set[str]:
    """Keys this attempt waited for that were never written (only intent or error lines)."""
    if not unwritten:
        return set()
    mapping = state.mapped.get(id(spec))
    named = keys.get(id(attempt), set()) | attempt.failed_keys
    found = {k for k in named if k in unwritten}
    if mapping is not None:
        found |= {k for k in unwritten if mapping.matches_key(k)}
    return found


def _failed_wait(
    attempt: Attempt, linked: list[Pair], mapping: SpecMapping | None, unwritten: set[str]
) -> None:
    """The statuses of a failed attempt's unseen files: which of them was it missing?"""
    missing = [p for p in linked if p.status == UNOBSERVED and p.write is not None]
    if not missing:
        return
    failed = attempt.failed_keys
    if mapping is not None and mapping.ordered:
        _in_order(missing, mapping, failed | unwritten)
    elif failed:
        for pair in missing:
            if pair.key not in failed:
                pair.status = UNDETERMINED
    elif len(missing) + len(unwritten) > 1:
        names = ", ".join(sorted({*_keys(missing), *unwritten}))
        deadline = attempt.deadline
        # A file written only after the spec gave up was certainly missing: unobserved.
        late = {id(p) for p in missing if deadline and p.write and p.write.at > deadline}
        for pair in missing:
            if id(pair) in late:
                continue
            pair.status = UNDETERMINED
            pair.note = (
                f"the spec failed waiting for several keys ({names}); the log does not say "
                "which one was missing"
            )


def _in_order(missing: list[Pair], mapping: SpecMapping, absent: set[str]) -> None:
    """Keys waited for in turn: the first not seen is the missing one; later ones never waited."""
    order = {k: pos for k in {*_keys(missing), *absent} if (pos := mapping.position(k)) is not None}
    if not order:
        return
    first = min(order.values())
    stop = sorted(k for k, pos in order.items() if pos == first)
    for pair in missing:
        pos = order.get(pair.key or "")
        if pos is not None and pos > first:
            pair.status = PairStatus.NOT_WAITED
            pair.note = (
                f"never waited for: the spec waits in order and failed first, waiting for "
                f"{', '.join(stop)}"
            )


def _keys(pairs: Iterable[Pair]) -> list[str]:
    return [p.key for p in pairs if p.key is not None]
