"""Wording shared by the human-readable renderers: gaps, times, headlines."""

from __future__ import annotations

from loganalyzer.model.report import PairRow, Report


def short_time(iso: str | None) -> str:
    """``2026-01-10T19:18:14.485730Z`` -> ``19:18:14.485730``."""
    return iso[11:26] if iso else "-"


def gap_text(pair: PairRow) -> str:
    """A gap with its uncertainty: exact, a bracket, or a lower bound for unseen files."""
    if pair.skew_seconds is not None:
        return f"skew: seen {pair.skew_seconds:.3f} s before written"
    low, high, best = pair.gap_min_seconds, pair.gap_max_seconds, pair.gap_seconds
    if pair.status == "observed" and best is not None and low is not None and high is not None:
        if high - low < 0.002:
            return f"{best:.3f} s"
        return f"{best:.3f} s ({low:.3f}–{high:.3f})"
    if pair.status == "unobserved" and low is not None:
        bound = f"> {low:.3f} s"
        return f"{bound} (visible by {high:.3f})" if high is not None else bound
    if pair.status == "unobserved" and pair.deadline_at is None and pair.spec:
        seen = f" (visible by {high:.3f})" if high is not None else ""
        return f"not waited for{seen}"
    if pair.status == "unobserved" and high is not None:
        return f"≤ {high:.3f} s"
    return "-"


def headline(report: Report) -> str:
    specs = report.summary.get("specs", {})
    s = report.summary
    total, passed, flaky = specs.get("total", 0), specs.get("passed", 0), specs.get("flaky", 0)
    parts = [f"{passed + flaky}/{total} specs passed" + (f" ({flaky} flaky)" if flaky else "")]
    if specs.get("not_run"):
        parts[0] += f", {specs['not_run']} not run"
    parts.append(f"{s.get('writes', 0)} files written")
    parts.append(f"{s.get('observed', 0)} seen by their spec")
    parts.append(f"{s.get('unobserved', 0)} never seen")
    if s.get("orphans"):
        parts.append(f"{s['orphans']} seen but never written")
    return " · ".join(parts)


def gap_summary(report: Report) -> str:
    gaps = report.summary.get("gap_seconds", {})
    if gaps.get("p50") is None:
        return "no observed gaps"
    return " · ".join(f"{k} {gaps[k]:.3f} s" for k in ("p50", "p90", "p99", "max"))


def spec_label(name: str | None, limit: int = 0) -> str:
    if not name:
        return "-"
    if limit and len(name) > limit:
        return name[: limit - 1] + "…"
    return name


def summary_rows(report: Report) -> list[tuple[str, str]]:
    """The summary table's rows, for every human-readable format."""
    s = report.summary
    specs = s.get("specs", {})
    timeout = s.get("recommended_timeout_seconds")
    rows = [
        (
            "Specs",
            f"{specs.get('total', 0)} run: {specs.get('passed', 0)} passed, "
            f"{specs.get('failed', 0)} failed, {specs.get('flaky', 0)} flaky; "
            f"{specs.get('skipped', 0)} skipped or not run",
        ),
        ("Verdicts", ", ".join(f"{k}: {v}" for k, v in s.get("verdicts", {}).items()) or "-"),
        (
            "Files written",
            f"{s.get('writes', 0)}: {s.get('observed', 0)} seen by their spec, "
            f"{s.get('unobserved', 0)} never seen, {s.get('orphans', 0)} seen but never written",
        ),
        ("Gap, write to seen", gap_summary(report)),
        ("Load", (s.get("load") or {}).get("finding") or "-"),
        ("Recommended wait", f"{timeout:.1f} s" if isinstance(timeout, float) else "-"),
        ("Test log zone", s.get("test_zone") or "-"),
    ]
    skew = (s.get("clock_skew") or {}).get("advice")
    return [*rows, ("Clock skew", skew)] if skew else rows
