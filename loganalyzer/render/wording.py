"""Wording shared by the human-readable renderers: gaps, times, headlines, the artifact noun."""

from __future__ import annotations

from loganalyzer.model.report import PairRow, Report
from loganalyzer.model.status import PairStatus


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


def gap_text(pair: PairRow) -> str:
    """A gap with its uncertainty: exact, a bracket, or a lower bound for unseen files."""
    if pair.skew_seconds is not None:
        return f"skew: seen {pair.skew_seconds:.3f} s before written"
    low, high, best = pair.gap_min_seconds, pair.gap_max_seconds, pair.gap_seconds
    observed, unobserved = pair.status == PairStatus.OBSERVED, pair.status == PairStatus.UNOBSERVED
    if observed and best is not None and low is not None and high is not None:
        if high - low < 0.002:
            return f"{best:.3f} s"
        return f"{best:.3f} s ({low:.3f}–{high:.3f})"
    if unobserved and low is not None:
        bound = f"> {low:.3f} s"
        return f"{bound} (visible by {high:.3f})" if high is not None else bound
    if unobserved and pair.deadline_at is None and pair.spec:
        seen = f" (visible by {high:.3f})" if high is not None else ""
        return f"not waited for{seen}"
    if unobserved and high is not None:
        return f"≤ {high:.3f} s"
    return "-"


def headline(report: Report) -> str:
    s = report.summary
    specs = s.specs
    total, passed, flaky = specs.total, specs.passed, specs.flaky
    parts = [f"{passed + flaky}/{total} specs passed" + (f" ({flaky} flaky)" if flaky else "")]
    if specs.not_run:
        parts[0] += f", {specs.not_run} not run"
    parts.append(f"{s.writes} {plural(report.artifact)} written")
    parts.append(f"{s.observed} seen by their spec")
    parts.append(f"{s.unobserved} never seen")
    if s.orphans:
        parts.append(f"{s.orphans} seen but never written")
    return " · ".join(parts)


def gap_summary(report: Report) -> str:
    gaps = report.summary.gap_seconds
    if gaps.p50 is None:
        return "no observed gaps"
    values = {"p50": gaps.p50, "p90": gaps.p90, "p99": gaps.p99, "max": gaps.max}
    return " · ".join(f"{k} {v:.3f} s" for k, v in values.items() if v is not None)


def spec_label(name: str | None, limit: int = 0) -> str:
    if not name:
        return "-"
    if limit and len(name) > limit:
        return name[: limit - 1] + "…"
    return name


def summary_rows(report: Report) -> list[tuple[str, str]]:
    """The summary table's rows, for every human-readable format."""
    s = report.summary
    specs = s.specs
    timeout = s.recommended_timeout_seconds
    rows = [
        (
            "Specs",
            f"{specs.total} run: {specs.passed} passed, {specs.failed} failed, "
            f"{specs.flaky} flaky; {specs.skipped} skipped or not run",
        ),
        ("Verdicts", ", ".join(f"{k}: {v}" for k, v in s.verdicts.items()) or "-"),
        (
            f"{nouns(report)} written",
            f"{s.writes}: {s.observed} seen by their spec, "
            f"{s.unobserved} never seen, {s.orphans} seen but never written",
        ),
        ("Gap, write to seen", gap_summary(report)),
        ("Load", s.load.finding or "-"),
        ("Recommended wait", f"{timeout:.1f} s" if timeout is not None else "-"),
        ("Test log zone", s.test_zone or "-"),
    ]
    skew = s.clock_skew.advice
    return [*rows, ("Clock skew", skew)] if skew else rows
