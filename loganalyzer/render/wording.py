"""Wording shared by the human-readable renderers: gaps, times, headlines, the artifact noun."""

from __future__ import annotations

import math

from loganalyzer.model.report import PairRow, Report
from loganalyzer.model.status import PairStatus
from loganalyzer.model.summary import GapPercentiles
from loganalyzer.model.text import counted

__all__ = ["counted"]


def short_time(iso: str | None) -> str:
    """``2026-01-10T19:18:14.485730Z`` -> ``19:18:14.485730``."""
    return iso[11:26] if iso else "-"


def plural(noun: str) -> str:
    """The noun + s: ``file`` -> ``files``, ``ConfigMap`` -> ``ConfigMaps``."""
    return noun + "s"


def title(text: str) -> str:
    """The first letter in upper case, the rest as it is: ``configMaps`` -> ``ConfigMaps``."""
    return text[:1].upper() + text[1:]


def nouns(report: Report) -> str:
    """What the report pairs, plural, capitalised for a title: ``Files``, ``ConfigMaps``."""
    return title(plural(report.artifact))


def span_text(low: float | None, high: float | None, unbounded: bool = True) -> str:
    """Bounds with no more precision than their width: ``1.9–3.5 s``, ``0.041 s``, ``at least
    5.6 s, no upper bound``; the low end rounded down, the high end up.

    >>> span_text(1.93, 3.47), span_text(0.0412, 0.0416), span_text(5.61, None)
    ('1.9–3.5 s', '0.041 s', 'at least 5.6 s, no upper bound')
    """
    if low is None and high is None:
        return "-"
    if high is None:
        return f"at least {_down(low or 0.0, 1)} s, no upper bound" if unbounded else "-"
    if low is None:
        return f"at most {_up(high, 3)} s"
    width = high - low
    if width < 0.002:
        return f"{(low + high) / 2:.3f} s"
    digits = 1 if width >= 0.1 else 2 if width >= 0.01 else 3
    return f"{_down(low, digits)}–{_up(high, digits)} s"


def _down(value: float, digits: int) -> str:
    scale = 10**digits
    return f"{math.floor(value * scale + 1e-9) / scale:.{digits}f}"


def _up(value: float, digits: int) -> str:
    scale = 10**digits
    return f"{math.ceil(value * scale - 1e-9) / scale:.{digits}f}"


def gap_text(pair: PairRow) -> str:
    """A file's seen gap with its uncertainty: a bound pair, or a lower bound for unseen files."""
    if pair.skew_seconds is not None:
        return f"skew: seen {pair.skew_seconds:.3f} s before written"
    low, high = pair.gap_min_seconds, pair.gap_max_seconds
    status = pair.status
    visible = f" (visible by {_up(high, 3)} s)" if high is not None else ""
    if status == PairStatus.OBSERVED and low is not None and high is not None:
        return span_text(low, high)
    if status == PairStatus.UNOBSERVED and low is not None:
        return f"> {_down(low, 3)} s{visible}"
    if status == PairStatus.UNDETERMINED:
        return f"unknown{visible}"
    if status == PairStatus.NOT_WAITED:
        return f"not waited for{visible}"
    if status == PairStatus.UNKNOWN:
        return "unknown"
    if status == PairStatus.UNOBSERVED and high is not None:
        return f"≤ {_up(high, 3)} s"
    return "-"


def headline(report: Report) -> str:
    """Specs, then every write by status: seen, missed in time (visible later or never seen),
    undetermined, not waited for; counts a missing side cannot give are not made up."""
    s = report.summary
    specs = s.specs
    total, passed, flaky = specs.total, specs.passed, specs.flaky
    parts = [f"{passed + flaky}/{total} specs passed" + (f" ({flaky} flaky)" if flaky else "")]
    if specs.not_run:
        parts[0] += f", {specs.not_run} not run"
    nouns = plural(report.artifact)
    if s.writes is None:
        parts.append(f"{nouns} written and their statuses unknown (no controller log)")
        return " · ".join(parts)
    parts.append(f"{s.writes} {nouns} written")
    if s.observed is None:
        parts.append("whether they were seen is unknown (no test log)")
        return " · ".join(parts)
    parts.append(f"{s.observed} seen by their spec")
    if s.visible_later:
        parts.append(f"{s.visible_later} missed in time, visible later")
    never = (s.unobserved or 0) - (s.visible_later or 0)
    parts.append(f"{never} never seen")
    if s.undetermined:
        parts.append(f"{s.undetermined} undetermined")
    if s.not_waited:
        parts.append(f"{s.not_waited} not waited for")
    if s.orphans:
        parts.append(f"{s.orphans} seen but never written")
    return " · ".join(parts)


def percentiles_text(gaps: GapPercentiles, noun: str = "file") -> str:
    """``p50 1.9–3.5 s · p90 at least 4.6 s, no upper bound · … (11 files, 4 never seen)``."""
    if not gaps.files:
        return f"no waited-for {plural(noun)}"
    values = {"p50": gaps.p50, "p90": gaps.p90, "p99": gaps.p99, "max": gaps.max}
    shown = " · ".join(f"{k} {span_text(v.low, v.high)}" for k, v in values.items())
    return f"{shown} ({gaps.files} waited for, {gaps.unbounded} with no upper bound)"


def gap_summary(report: Report) -> str:
    """The seen gap's percentiles (write to the waiting spec's observation), as bounds."""
    return percentiles_text(report.summary.gap_seconds, report.artifact)


def visibility_summary(report: Report) -> str:
    """The visibility gap's percentiles: up to one poll before the spec saw the file."""
    return percentiles_text(report.summary.visibility_gap_seconds, report.artifact)


def coverage_text(report: Report) -> str:
    """The waits covering 95% and 99% of the waited-for files, as bounds."""
    c = report.summary.coverage
    if not c.files:
        return "-"
    safe = "" if c.safe else "; no safe wait: more than 20% never seen"

    def km(value: float | None) -> str:
        return f"estimate {value:.1f} s" if value is not None else "estimate not reached"

    return (
        f"95%: {wait_text(c.wait_95_low, c.wait_95_high)} ({km(c.wait_95_estimate)}) · 99%: "
        f"{wait_text(c.wait_99_low, c.wait_99_high)} ({km(c.wait_99_estimate)}); "
        f"{c.files} waited for, {c.never_seen} never seen{safe}"
    )


def wait_text(low: float | None, high: float | None) -> str:
    """``2.1–2.6 s``, ``about 2.6 s`` or ``more than 5.0 s`` (one decimal: waits are set so).

    >>> wait_text(2.11, 2.58), wait_text(5.0, None)
    ('2.1–2.6 s', 'more than 5.0 s')
    """
    if low is None and high is None:
        return "unknown"
    if high is None:
        return f"more than {_down(low or 0.0, 1)} s"
    if low is None or high - low < 0.05:
        return f"about {_up(high, 1)} s"
    return f"{_down(low, 1)}–{_up(high, 1)} s"


def spec_label(name: str | None, limit: int = 0) -> str:
    """A spec name within ``limit`` characters, shortened in the middle: specs of one
    container share their start, and the leaf text at the end tells them apart.

    >>> spec_label("Config Template Sync E2E Tests [It] writes the second ConfigMap", 36)
    'Config … writes the second ConfigMap'
    """
    if not name:
        return "-"
    if not limit or len(name) <= limit:
        return name
    start = name[: max(1, limit // 3)]
    if " " in start.strip():  # end the start at a word
        start = start[: start.strip().rindex(" ")]
    room = max(1, limit - len(start) - 3)
    end = name[-room:]
    if name[-room - 1] != " " and " " in end[:-1]:  # and begin the end at one
        end = end[end.index(" ") + 1 :]
    return f"{start} … {end}"


def summary_rows(report: Report) -> list[tuple[str, str]]:
    """The summary table's rows, for every human-readable format."""
    s = report.summary
    specs = s.specs
    timeout = s.recommended_timeout_seconds
    noun = report.artifact
    if s.observed is None or s.writes is None:
        files = "unknown: " + ("no test log" if s.observed is None else "no controller log")
        files += " (nothing counted)"
    else:
        never = (s.unobserved or 0) - (s.visible_later or 0)
        files = (
            f"{s.writes}: {s.observed} seen by their spec, {s.visible_later} missed in time "
            f"but visible later, {never} never seen, {s.undetermined} undetermined, "
            f"{s.not_waited} not waited for, {s.orphans} seen but never written"
        )
    rows = [
        (
            "Specs",
            f"{specs.total} run: {specs.passed} passed, {specs.failed} failed, "
            f"{specs.flaky} flaky; {specs.skipped} skipped or not run",
        ),
        ("Verdicts", ", ".join(f"{k}: {v}" for k, v in s.verdicts.items()) or "-"),
        (f"{nouns(report)} written", files),
        ("Seen gap (write → seen by its spec)", gap_summary(report)),
        (
            f"Visibility gap (write → visible; up to one {s.poll_interval_seconds:g} s poll "
            "before seen)",
            visibility_summary(report),
        ),
        ("Load", s.load.finding or "-"),
        (f"Wait covering the {plural(noun)}", coverage_text(report)),
        ("Recommended wait", f"{timeout:.1f} s" if timeout is not None else "none safe"),
        ("Concurrency", s.decision.sentence or "-"),
        ("Test log zone", s.test_zone or "-"),
    ]
    skew = s.clock_skew
    if skew.applied_seconds:
        rows.append(("Clock skew applied", f"--skew {skew.applied_seconds:g} s (test times moved)"))
    if skew.advice:
        rows.append(("Clock skew", skew.advice))
    if skew.unreliable:
        rows.append(("Verdicts unreliable", skew.unreliable))
    return rows


def seconds_cell(value: object) -> str:
    """A table cell of seconds to the millisecond, or ``-`` when there is no value."""
    return f"{value:.3f}" if isinstance(value, float) else "-"
