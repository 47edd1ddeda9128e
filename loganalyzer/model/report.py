"""The report: what to show, independent of how. Renderers read only this."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SCHEMA = "loganalyzer.report/1"


@dataclass
class InputRow:
    path: str
    format: str | None
    role: str | None
    lines: int
    used: int
    skipped: int
    skip_reasons: dict[str, int] = field(default_factory=dict)
    events: int = 0
    specs: int = 0
    duplicates: int = 0  # events already read from an earlier input
    first_at: str | None = None
    last_at: str | None = None
    note: str = ""


@dataclass
class PairRow:
    key: str | None
    path: str
    written_at: str | None
    observed_at: str | None
    gap_seconds: float | None
    gap_min_seconds: float | None
    gap_max_seconds: float | None
    status: str
    spec: str | None
    process: int | None
    link: str | None
    first_sighting_at: str | None
    observation: str | None = None
    observed_after: str | None = None
    deadline_at: str | None = None
    wait_started_at: str | None = None
    attempt: int | None = None
    concurrency: int | None = None  # specs running when the file was written
    skew_seconds: float | None = None
    candidates: list[str] = field(default_factory=list)
    note: str = ""
    evidence: dict[str, str] = field(default_factory=dict)


@dataclass
class SpecRow:
    name: str
    state: str
    process: int | None
    verdict: str | None
    reason: str
    duration_seconds: float | None = None
    location: str = ""
    source: str = ""
    attempts: int = 1
    started_at: str | None = None  # when it ran, as best the log tells (for timelines)
    ended_at: str | None = None
    suite_node: bool = False  # a failed suite setup node, not a spec
    longer_timeout: str | None = None  # would the recommended wait have saved it?
    evidence: list[dict[str, str]] = field(default_factory=list)


@dataclass
class Report:
    """Everything an output format needs; ``to_dict`` is the JSON contract (DESIGN §8)."""

    inputs: list[InputRow]
    summary: dict[str, Any]
    pairs: list[PairRow]
    specs: list[SpecRow]
    warnings: list[str]
    # The pattern packs used (name -> the noun of what it pairs), and the noun for this report.
    packs: dict[str, str] = field(default_factory=dict)
    artifact: str = "file"

    def to_dict(self, *, copy: bool = True) -> dict[str, Any]:
        """The document; ``copy=False`` shares the rows' own dicts, for read-only use."""
        row = row_dict if copy else vars
        return {
            "schema": SCHEMA,
            "inputs": [row(i) for i in self.inputs],
            "summary": self.summary,
            "pairs": [row(p) for p in self.pairs],
            "specs": [row(s) for s in self.specs],
            "warnings": list(self.warnings),
        }


def row_dict(row: object) -> dict[str, Any]:
    """A row's fields as a dict; rows hold only plain values, so no deep copy is needed."""
    return dict(vars(row))
