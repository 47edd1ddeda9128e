"""Examples shown under each command's ``--help`` (plain text: no markup, no Python types)."""

from __future__ import annotations


def _examples(*lines: str) -> str:
    # Typer joins lines within a paragraph: one paragraph per example keeps them apart.
    return "\n\n".join(["Examples:", *(f"  {line}" for line in lines)])


EXAMPLES = {
    "": _examples(
        "loganalyzer analyze ./artifacts",
        "loganalyzer compare focused/ parallel/",
        "loganalyzer inputs ./artifacts",
        "loganalyzer analyze -h",
    ),
    "patterns": _examples("loganalyzer patterns list", "loganalyzer patterns check ./my-packs"),
    "history": _examples(
        "loganalyzer history add ./artifacts --job e2e",
        "loganalyzer history report --since 30d",
    ),
    "analyze": _examples(
        "loganalyzer analyze ./artifacts",
        "loganalyzer analyze ./artifacts -f markdown -o report.md",
        "loganalyzer analyze ./artifacts -f json -o report.json --fail-on unobserved "
        "--annotations github",
        "loganalyzer analyze logs.tar.gz --test-tz America/New_York --skew 7.5s --all",
    ),
    "compare": _examples(
        "loganalyzer compare focused/ parallel/",
        "loganalyzer compare run1.tar.gz run2.tar.gz --label-a before --label-b after -f markdown",
        "loganalyzer compare a/ b/ --test-tz-a -05:00 --skew-b 7.5s",
    ),
    "inputs": _examples(
        "loganalyzer inputs ./artifacts",
        "loganalyzer inputs ./artifacts -f markdown",
        "loganalyzer inputs ./artifacts --as '*.txt=ignore' -f json",
    ),
    "patterns list": _examples(
        "loganalyzer patterns list",
        "loganalyzer patterns list --patterns ./my-packs --packs my-controller",
    ),
    "patterns check": _examples(
        "loganalyzer patterns check",
        "loganalyzer patterns check ./my-packs/my-controller.toml",
    ),
    "history add": _examples(
        "loganalyzer history add ./artifacts --job e2e --run-id 1234",
        "loganalyzer history add run.tar.gz --store s3://bucket/history --meta commit=abc123",
    ),
    "history ingest": _examples(
        "loganalyzer history ingest 'runs/*.tar.gz' --job e2e",
        "loganalyzer history ingest 'runs/*' --engine dask --address tcp://scheduler:8786",
    ),
    "history report": _examples(
        "loganalyzer history report --since 30d",
        "loganalyzer history report --job e2e --spec priority -f markdown -o trends.md",
    ),
}
