"""The README's output excerpt is real: it must be the start of the parallel sample's golden."""

from __future__ import annotations

from conftest import ROOT


def test_readme_excerpt_matches_the_golden_output() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    start = readme.index("has all of it):\n\n```\n") + len("has all of it):\n\n```\n")
    excerpt = readme[start : readme.index("…\n```", start)]
    golden = (ROOT / "samples" / "parallel-run" / "expected.txt").read_text(encoding="utf-8")
    assert excerpt and golden.startswith(excerpt)


def test_readme_documents_every_command_and_option() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for word in (
        "analyze",
        "compare",
        "inputs",
        "patterns check",
        "--fail-on",
        "--test-tz",
        "--patterns",
        "--packs",
        "patterns list",
        'kind = "observation"',
        "artifact = ",
        "samples/configmap-sync/",
        "--as",
        "--max-bytes",
        "--poll-interval",
        "--skew",
        "--charts",
        "--format",
        "NO_COLOR",
        "GITHUB_STEP_SUMMARY",
    ):
        assert word in readme, word
