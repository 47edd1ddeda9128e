"""Small random runs with their ground truth, checked like the samples (``truth_check``).

Each run has parallel specs waiting for one to three keys; some specs fail on a timeout,
some keys are never written (only a delivery error says the controller tried), some files
turn up after the deadline, and the test clock may run off the controller's. The run's truth
is known by construction; the report may claim nothing it refutes.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builders import delivered, delivery_error, file_name, spec_block, stamp, suite
from loganalyzer import analyze
from truth_check import problems

BASE = datetime(2026, 1, 10, 19, 18, 0, tzinfo=UTC)
WAIT = 5.001
FAIL = ["[FAILED] Timed out after 5.001s.", "File should be created in pod within 5 seconds"]


@dataclass(frozen=True)
class Key:
    name: str
    written: float | None  # seconds after BASE; None: never written (a delivery error)
    seen: float | None  # when its spec saw it; None: not by its deadline


@dataclass(frozen=True)
class SpecPlan:
    name: str
    start: float
    keys: tuple[Key, ...]

    @property
    def failed(self) -> bool:
        return any(k.seen is None for k in self.keys)


def _at(seconds: float) -> datetime:
    return BASE + timedelta(seconds=seconds)


def _iso(seconds: float | None) -> str | None:
    if seconds is None:
        return None
    return _at(seconds).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _file_stamp(seconds: float) -> str:
    return _at(seconds).strftime("%H%M%S.%f")


def _ginkgo(seconds: float) -> str:
    return stamp(_at(seconds).strftime("%H:%M:%S.%f")[:12])


@st.composite
def runs(draw: st.DrawFn) -> tuple[list[SpecPlan], float]:
    """Specs (2-4 at once) each waiting for 1-3 keys; the test clock's skew in seconds."""
    specs = []
    for n in range(draw(st.integers(1, 4))):
        start = draw(st.floats(0, 20)).__round__(3)
        wait_from = start + 0.5
        keys = []
        for k in range(draw(st.integers(1, 3))):
            fate = draw(st.sampled_from(["seen", "seen", "late", "never"]))
            written = round(start + draw(st.floats(0.05, 0.45)), 6)
            if fate == "never":
                keys.append(Key(f"k{n}-{k}", None, None))
            elif fate == "late":
                keys.append(Key(f"k{n}-{k}", written, None))
            else:
                lag = draw(st.floats(0.1, 4.0))
                keys.append(Key(f"k{n}-{k}", written, round(max(wait_from, written) + lag, 3)))
        specs.append(SpecPlan(f"Generated spec {n} waits for its files", start, tuple(keys)))
    skew = draw(st.sampled_from([0.0, 0.0, -3.25, 2.5]))
    return specs, skew


def _write(specs: list[SpecPlan], skew: float, folder: Path) -> dict[str, Any]:
    """The run's logs in ``folder``; returns its truth (``loganalyzer.truth/1``)."""
    controller: list[tuple[float, str]] = []
    blocks = []
    writes, not_written, truth_specs = [], [], []
    for plan in specs:
        wait_from = plan.start + 0.5
        deadline = round(wait_from + WAIT, 3)
        failed = plan.failed
        t = plan.start + skew  # the test clock's reading
        timeline = [f"STEP: Creating the notifications @ {_ginkgo(t)}"]
        timeline += [f"Created NotificationRequest default/{k.name}" for k in plan.keys]
        timeline.append(f"STEP: Waiting for the files @ {_ginkgo(wait_from + skew)}")
        for key in plan.keys:
            if key.written is None:
                second = _at(plan.start + 0.2).strftime("%H:%M:%S")
                controller.append((plan.start + 0.2, delivery_error(key.name, second, "full")))
                not_written.append({"key": key.name, "spec": {"name": plan.name}})
                continue
            controller.append((key.written, delivered(key.name, _file_stamp(key.written))))
            seen = key.seen if not failed or key.seen is None or key.seen < deadline else None
            writes.append({
                "key": key.name,
                "file": file_name(key.name, _file_stamp(key.written)),
                "written_at": _iso(key.written),
                "visible_at": None,
                "waited_from": _iso(wait_from),
                "seen_at": _iso(seen),
                "deadline": _iso(deadline) if failed else None,
                "spec": {"name": plan.name},
            })  # fmt: skip
        if failed:
            timeline.append(f"[FAILED] in [It] - /src/a_test.go:9 @ {_ginkgo(deadline + skew)}")
            end = deadline
        else:
            end = max(k.seen or 0.0 for k in plan.keys) + 0.2
            timeline.append(f"STEP: Checking the content @ {_ginkgo(end + skew)}")
        blocks.append(
            spec_block(
                plan.name,
                timeline,
                seconds=round(end - plan.start + 0.01, 3),
                failure=list(FAIL) if failed else None,
                failed_at=_ginkgo(deadline + skew) if failed else None,
            )
        )
        verdict = None
        if failed:
            unwritten = any(k.written is None for k in plan.keys)
            verdict = "not-written" if unwritten else "visibility-latency"
        truth_specs.append({"name": plan.name, "verdict": verdict})
    controller.sort(key=lambda tl: tl[0])
    (folder / "controller.log").write_text("\n".join(t for _, t in controller) + "\n", "utf-8")
    (folder / "ginkgo.log").write_text(suite(blocks, procs=len(specs)), encoding="utf-8")
    return {"writes": writes, "not_written": not_written, "specs": truth_specs}


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(runs())
def test_random_runs_agree_with_their_truth(run: tuple[list[SpecPlan], float]) -> None:
    specs, skew = run
    with tempfile.TemporaryDirectory() as tmp:
        truth = _write(specs, skew, Path(tmp))
        report = analyze([tmp], test_tz="UTC", skew=-skew or None).to_dict()
    assert problems(report, truth) == []
