"""The closed vocabularies of a report: pair status, verdict, spec state, link and observation.

Each is a ``StrEnum``: a member is its string, so JSON, Markdown and comparisons with
text read the same as before, while code names the member instead of spelling it.

>>> PairStatus.OBSERVED == "observed", f"{VerdictKind.NOT_WRITTEN}"
(True, 'not-written')
"""

from __future__ import annotations

from enum import StrEnum


class PairStatus(StrEnum):
    """A written file's outcome from the point of view of the spec waiting for it."""

    OBSERVED = "observed"  # seen by its spec: an exact or bracketed gap
    UNOBSERVED = "unobserved"  # its spec waited and gave up first
    UNDETERMINED = "undetermined"  # a failed wait for several keys; which was missing is unknown
    NOT_WAITED = "not-waited"  # no spec waited for it
    ORPHAN = "orphan"  # an observation with no write
    UNKNOWN = "unknown"  # one side (controller or test logs) is absent: nothing can be said


class VerdictKind(StrEnum):
    """Why a spec failed."""

    VISIBILITY_LATENCY = "visibility-latency"
    NOT_WRITTEN = "not-written"
    INFRASTRUCTURE = "infrastructure"
    FLAKY = "flaky"
    OTHER = "other"


class SpecState(StrEnum):
    """A spec's state, as Ginkgo names it (lower case), plus ``flaky`` (passed on a retry)."""

    PASSED = "passed"
    FAILED = "failed"
    FLAKY = "flaky"
    SKIPPED = "skipped"
    PENDING = "pending"
    PANICKED = "panicked"
    TIMEDOUT = "timedout"
    INTERRUPTED = "interrupted"
    ABORTED = "aborted"
    INVALID = "invalid"

    @classmethod
    def of(cls, text: str) -> SpecState:
        """The state a reader spelled; a name Ginkgo never prints counts as a failure.

        >>> SpecState.of("timedout"), SpecState.of("exploded")
        (<SpecState.TIMEDOUT: 'timedout'>, <SpecState.FAILED: 'failed'>)
        """
        try:
            return cls(text)
        except ValueError:
            return cls.FAILED

    @property
    def failed(self) -> bool:
        """Did the spec fail (for good: a flaky spec passed in the end)?"""
        return self not in _NOT_FAILED


_NOT_FAILED = frozenset({SpecState.PASSED, SpecState.FLAKY, SpecState.SKIPPED, SpecState.PENDING})


class LinkKind(StrEnum):
    """How a write was linked to the spec that waited for it, strongest first (DESIGN §5)."""

    KEY_MENTION = "key-mention"
    PACK_MAPPING = "pack-mapping"
    FILE_NAME = "file-name"
    TIME_WINDOW = "time-window"


class ObservationKind(StrEnum):
    """How precisely the waiting spec's observation is dated."""

    EXACT = "exact"  # a timed line says it saw the file
    BRACKETED = "bracketed"  # between the wait step and the next timeline event
    LOOSE = "loose"  # somewhere between the write (or the spec's start) and the spec's end
