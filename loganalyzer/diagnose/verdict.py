"""The verdict on one failed spec: why it failed, and the lines that show it."""

from __future__ import annotations

from dataclasses import dataclass, field

from loganalyzer.correlate.pairs import Evidence
from loganalyzer.model.specs import Spec
from loganalyzer.model.status import VerdictKind


@dataclass
class Verdict:
    """Why one spec failed (or None when it passed), with the lines that show it."""

    spec: Spec
    verdict: VerdictKind | None
    reason: str
    evidence: list[Evidence] = field(default_factory=list)
