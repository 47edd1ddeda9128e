"""Command line: options -> library call -> renderer -> exit code. Only this module uses typer."""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import replace
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from typer._click import exceptions as click_errors  # typer's own click, vendored
from typer.core import TyperArgument, TyperGroup, TyperOption

from loganalyzer.errors import LogAnalyzerError
from loganalyzer.gc_pause import paused
from loganalyzer.help_text import EXAMPLES
from loganalyzer.model.text import clean
from loganalyzer.pipeline import analyze as run_analysis
from loganalyzer.pipeline import survey
from loganalyzer.render.markdown_fit import COMMENT_LIMIT, SUMMARY_LIMIT
from loganalyzer.render.registry import (
    RENDERERS,
    Options,
    comparison_renderer,
    default_context,
    renderer,
)
from loganalyzer.render.terminal.progress import progress_for
from loganalyzer.render.terminal.size import terminal_height
from loganalyzer.render.wording import counted
from loganalyzer.report.compare import compare as compare_runs
from loganalyzer.report.gating import evaluate, gated, parse_condition, parse_duration

if TYPE_CHECKING:
    from loganalyzer.history.task import Options as HistoryOptions
    from loganalyzer.model.report import InputRow, Report

# Metavars for parameters that set none: typer would show Python types (<list[str]>).
METAVARS = {
    "paths": "PATH",
    "runs": "RUN",
    "patterns_": "RUN",
    "test_tz": "ZONE",
    "patterns": "DIR",
    "max_bytes": "SIZE",
    "max_line": "SIZE",
    "force": "GLOB=FORMAT[:ROLE]",
    "fail_on": "CONDITION",
    "poll_interval": "DURATION",
    "skew": "DURATION",
    "output": "FILE",
    "width": "COLUMNS",
    "max_chars": "N",
    "since": "WHEN",
    "until": "WHEN",
    "recent": "DURATION",
    "meta": "KEY=VALUE",
    "started_at": "TIME",
    "workers": "N",
}


HELP_OPTIONS = ["-h", "--help"]


def _no_type(ctx: Any) -> None:
    return None


class Group(TyperGroup):
    """The command tree, with usage errors as one line (exit 2) and help free of Python types."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        windows_expand_args: bool = True,
        **extra: Any,
    ) -> Any:
        self._tidy(self)
        try:
            code = super().main(args, prog_name, complete_var, False, windows_expand_args, **extra)
        except click_errors.NoArgsIsHelpError as exc:  # a bare group: its help, not an error
            typer.echo(exc.ctx.get_help() if exc.ctx else "")
            code = 0
        except click_errors.ClickException as exc:
            typer.echo(clean(usage_line(exc)), err=True)
            code = 2
        except typer.Abort:
            code = 1
        if not standalone_mode:
            return code
        sys.exit(code if isinstance(code, int) else 0)

    def _tidy(self, command: Any) -> None:
        helper = command.get_help_option(typer.Context(command, help_option_names=HELP_OPTIONS))
        for param in [*command.params, *([helper] if helper else [])]:
            choice = getattr(param, "type_descriptor", None) and param.type_descriptor.is_choice
            if param.metavar is None and not choice:  # choices show themselves
                flag = isinstance(param, TyperOption) and param.is_flag
                name = param.name or ""
                param.metavar = "" if flag else METAVARS.get(name, name.upper())
            if isinstance(param, TyperArgument):  # its type column would say <list[str]>
                param.display_type_rich = _no_type  # type: ignore[method-assign]
        for sub in getattr(command, "commands", {}).values():
            self._tidy(sub)


def usage_line(error: click_errors.ClickException) -> str:
    """A usage error as one line, with where to read more.

    >>> usage_line(click_errors.UsageError("No such option: --nope"))
    'loganalyzer: error: No such option: --nope'
    """
    message = " ".join(error.format_message().split())
    message = message.replace("Value error, ", "")
    ctx = getattr(error, "ctx", None)
    if ctx is None:
        return f"loganalyzer: error: {message}"
    command = ctx.command_path.partition(" ")[2]  # the program's own name may differ
    where = f"{command}: " if command else ""
    helper = f"loganalyzer {command}".strip()
    return f"loganalyzer: error: {where}{message} (see '{helper} -h')"


app = typer.Typer(
    cls=Group,
    help="Pair controller file writes with end-to-end test observations and explain failures.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": HELP_OPTIONS},
    epilog=EXAMPLES[""],
)
patterns_app = typer.Typer(
    help="List and check pattern packs.", no_args_is_help=True, epilog=EXAMPLES["patterns"]
)
app.add_typer(patterns_app, name="patterns")


class Annotations(StrEnum):
    GITHUB = "github"  # workflow commands: ::error file=…,line=…::


# The --format choices: the registry's names (a new renderer needs no edit here).
Format = StrEnum("Format", {name: name for name in RENDERERS})  # type: ignore[misc]
TERMINAL = Format("terminal")
InputsFormat = StrEnum("InputsFormat", {n: n for n in ("terminal", "markdown", "json")})  # type: ignore[misc]
INPUTS_TERMINAL = InputsFormat("terminal")


PathsArg = Annotated[
    list[str],
    typer.Argument(help="Log files, directories (searched recursively), .gz files, - for stdin."),
]
PatternsOpt = Annotated[
    list[Path] | None,
    typer.Option("--patterns", help="A directory of extra pattern packs (*.toml); repeatable."),
]
PacksOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--packs",
        metavar="NAME,…",
        help="Use only these pattern packs (built-in or --patterns), comma-separated; "
        "default: all. See 'loganalyzer patterns list'.",
    ),
]
MaxBytesOpt = Annotated[
    str,
    typer.Option("--max-bytes", help="Stop if compressed inputs expand past this (e.g. 20GiB)."),
]
MaxLineOpt = Annotated[
    str,
    typer.Option("--max-line", help="Skip, with a reason, lines longer than this (e.g. 16MiB)."),
]
MemoryLimitOpt = Annotated[
    str,
    typer.Option(
        "--memory-limit",
        help="Size the readers' buffers for this much memory, whatever the core count; "
        "warn if a stage passes it (e.g. 512MiB).",
    ),
]
AsOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--as",
        help="Force a format for files matching a glob: 'GLOB=FORMAT[:ROLE]' "
        "(e.g. '*manager*.log=cri/zap-console', '*.txt=ignore'); repeatable.",
    ),
]
TzOpt = Annotated[
    str | None,
    typer.Option("--test-tz", help="Zone of zone-less test times: an IANA name or ±HH:MM."),
]


SkewOpt = Annotated[
    str | None,
    typer.Option(
        "--skew", help="How far the test clock was behind the controller's (e.g. 7.5s, -2s)."
    ),
]
MaxCharsOpt = Annotated[
    int | None,
    typer.Option(
        "--max-chars",
        min=0,
        help="Fit Markdown in N characters (default 65536, GitHub's comment limit; 0: all).",
    ),
]
WidthOpt = Annotated[
    int | None,
    typer.Option(
        "--width", min=40, help="Columns for the text report (default: COLUMNS, the terminal, 120)."
    ),
]


def RunOpt(name: str, shared: str, run: str) -> Any:
    """``compare``'s per-run form of a shared option."""
    metavar = {"--test-tz": "ZONE", "--patterns": "DIR", "--as": "GLOB=FORMAT[:ROLE]"}
    text = f"{shared} for RUN_{run} only."
    return typer.Option(name, metavar=metavar.get(shared, "DURATION"), help=text)


def _refuse_html_to_terminal(fmt: Format, output: Path | None) -> None:
    if fmt is Format("html") and output is None and _is_terminal():
        _fail(LogAnalyzerError("-f html: give -o FILE (HTML is for a browser, not a terminal)"))


def _is_terminal() -> bool:
    """Is standard output a terminal? (A seam for tests.)"""
    return sys.stdout.isatty()


def _width(width: int | None) -> int:
    from loganalyzer.render.terminal.size import terminal_width

    return width or terminal_width(_is_terminal())


def parse_size(text: str, option: str = "--max-bytes") -> int:
    """``20GiB``, ``512MiB``, ``1e9`` -> bytes.

    >>> parse_size("2GiB")
    2147483648
    """
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?(?:[eE]\d+)?)\s*([KMGT]i?B?|B)?\s*", text, re.I)
    if match is None:
        raise LogAnalyzerError(f"{option}: not a size: {text!r} (for example 20GiB)")
    unit = (match.group(2) or "B").upper().rstrip("B").rstrip("I")
    scale = {"": 1, "K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}[unit]
    return int(float(match.group(1)) * scale)


def parse_interval(text: str | None, option: str, *, positive: bool = False) -> float | None:
    """A duration option's value in seconds; ``positive`` refuses zero and below.

    >>> parse_interval("500ms", "--poll-interval", positive=True)
    0.5
    """
    if text is None:
        return None
    try:
        seconds = parse_duration(text)
    except LogAnalyzerError as exc:
        raise LogAnalyzerError(f"{option}: {exc}") from exc
    if positive and seconds <= 0:
        raise LogAnalyzerError(f"{option}: must be more than 0, not {text!r}")
    return seconds


def parse_limit(text: str, option: str) -> int:
    """A size option that must be at least one byte."""
    size = parse_size(text, option)
    if size < 1:
        raise LogAnalyzerError(f"{option}: must be at least 1 byte, not {text!r}")
    return size


def describe_input(row: InputRow) -> str:
    """One line per input for ``loganalyzer inputs``."""
    kind = f"{row.format} ({row.role})" if row.format else "skipped"
    detail = ", ".join(f"{v} {k}" for k, v in row.skip_reasons.items())
    text = (
        f"{row.path}: {kind}, {counted(row.lines, 'line')}, {row.used} used, {row.skipped} skipped"
    )
    text += f" ({detail})" if detail else ""
    if row.first_at:
        text += f"; {row.first_at} .. {row.last_at}"
    if row.events:
        text += f"; {counted(row.events, 'event')}"
    if row.specs:
        text += f"; {counted(row.specs, 'spec')}"
    if row.duplicates:
        text += f"; {counted(row.duplicates, 'event')} already read from another input"
    return text + (f"; {row.note}" if row.note else "")


def _fail(error: LogAnalyzerError) -> NoReturn:
    message = " ".join(str(error).split())  # one line, whatever the input put in it
    typer.echo(clean(f"loganalyzer: error: {message}"), err=True)
    raise typer.Exit(error.exit_code)


def _emit(text: str | Iterable[str], output: Path | None) -> None:
    """Write the report, or its pieces as they come (a large JSON report is never whole)."""
    pieces = [text] if isinstance(text, str) else text
    if output is None:
        sys.stdout.writelines(pieces)
        return
    try:
        with output.open("w", encoding="utf-8") as out:
            out.writelines(pieces)
    except OSError as exc:
        _fail(LogAnalyzerError(f"{output}: cannot write: {exc.strerror or exc}"))


def _version(value: bool) -> None:
    if value:
        from loganalyzer import __version__  # importlib.metadata is slow to import

        typer.echo(f"loganalyzer {__version__}")
        raise typer.Exit()


@app.callback()
def root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show the version.")
    ] = False,
) -> None:
    """loganalyzer reads controller logs and Ginkgo test logs and reports, for every file the
    controller wrote, when the test saw it, how long that took, and why failed specs failed."""


@app.command(epilog=EXAMPLES["analyze"])
def analyze(
    paths: PathsArg,
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = TERMINAL,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE.")] = None,
    test_tz: TzOpt = None,
    patterns: PatternsOpt = None,
    packs: PacksOpt = None,
    max_bytes: MaxBytesOpt = "20GiB",
    max_line: MaxLineOpt = "16MiB",
    memory_limit: MemoryLimitOpt = "512MiB",
    force: AsOpt = None,
    fail_on: Annotated[
        list[str] | None,
        typer.Option(
            "--fail-on",
            help="Exit 1 when met: unobserved, undetermined, failed, verdict=NAME, gap>DURATION, "
            "skew; "
            "repeatable.",
        ),
    ] = None,
    poll_interval: Annotated[
        str | None,
        typer.Option(
            "--poll-interval", help="The tests' polling interval (e.g. 500ms), for advice."
        ),
    ] = None,
    skew: SkewOpt = None,
    charts_dir: Annotated[
        Path | None,
        typer.Option(
            "--charts",
            metavar="DIR",
            help="Also write the timeline and gap-vs-load charts (PNG and SVG) into DIR.",
        ),
    ] = None,
    width: WidthOpt = None,
    all_rows: Annotated[
        bool, typer.Option("--all", help="Every row in the terminal, however many.")
    ] = False,
    annotations: Annotated[
        Annotations | None,
        typer.Option(
            "--annotations", help="Also mark each failed spec's test source line, on stderr."
        ),
    ] = None,
    max_chars: MaxCharsOpt = None,
    context: Annotated[
        float | None,
        typer.Option(
            "--context",
            metavar="SECONDS",
            min=0,
            help="Show every input's lines within SECONDS of each failure's write and deadline "
            "(default 3 in terminal, Markdown and HTML; JSON only when given).",
        ),
    ] = None,
) -> None:
    """Pair writes with observations and explain every failed spec."""
    _refuse_html_to_terminal(fmt, output)
    try:
        conditions = [parse_condition(c) for c in fail_on or []]
        with progress_for(paths) as progress:
            report = run_analysis(
                paths,
                test_tz=test_tz,
                pattern_dirs=patterns or [],
                packs=packs,
                max_bytes=parse_limit(max_bytes, "--max-bytes"),
                force=force or [],
                poll_interval=parse_interval(poll_interval, "--poll-interval", positive=True),
                skew=parse_interval(skew, "--skew"),
                progress=progress,
                max_line=parse_limit(max_line, "--max-line"),
                context=context if context is not None else default_context(fmt.value),
                memory_limit=parse_limit(memory_limit, "--memory-limit"),
            )
    except LogAnalyzerError as error:
        _fail(error)
    report = gated(report, conditions)
    links = _write_charts(report, charts_dir, output) if charts_dir is not None else []
    terminal = output is None and _is_terminal()
    options = Options(
        _width(width),
        terminal and "NO_COLOR" not in os.environ,
        links,
        height=terminal_height(terminal),
        all_rows=all_rows,
        max_chars=COMMENT_LIMIT if max_chars is None else max_chars,
        full_report=str(output) if output and fmt is not Format("markdown") else "",
    )
    with paused():  # rendering, too, makes a few objects per row
        _emit(renderer(fmt.value)(report, options), output)
    if annotations is not None:
        from loganalyzer.render.annotations import github

        for line in github(report, os.environ.get("GITHUB_WORKSPACE")):
            sys.stderr.write(line)
    _step_summary(
        report, replace(options, max_chars=min(max_chars or SUMMARY_LIMIT, SUMMARY_LIMIT))
    )
    met = evaluate(report, conditions)
    if met:
        typer.echo(f"loganalyzer: failing: {'; '.join(met)}", err=True)
        raise typer.Exit(1)


def _write_charts(report: Report, directory: Path, output: Path | None) -> list[str]:
    """Write the PNG/SVG charts; return their paths relative to the report that links them."""
    from loganalyzer.render.charts import (
        write_charts,  # loads altair and vl-convert only when asked
    )

    try:
        paths = write_charts(report, directory)
    except (OSError, ValueError) as exc:  # vl-convert raises ValueError
        _fail(LogAnalyzerError(f"{directory}: cannot write charts: {exc}"))
    base = output.parent if output else Path.cwd()
    return [Path(os.path.relpath(p, base)).as_posix() for p in paths]


def _step_summary(report: Report, options: Options) -> None:
    """On GitHub Actions, append the Markdown report to the job's summary page (within 1 MiB,
    GitHub's limit, or --max-chars)."""
    target = os.environ.get("GITHUB_STEP_SUMMARY")
    if not target:
        return
    try:
        with open(target, "a", encoding="utf-8") as fh:
            fh.writelines(renderer("markdown")(report, options))
            fh.write("\n")
    except OSError as exc:
        typer.echo(f"loganalyzer: warning: cannot write GITHUB_STEP_SUMMARY: {exc}", err=True)


@app.command(epilog=EXAMPLES["compare"])
def compare(
    run_a: Annotated[str, typer.Argument(help="The first run: a folder, file or archive.")],
    run_b: Annotated[str, typer.Argument(help="The second run.")],
    fmt: Annotated[Format, typer.Option("--format", "-f", help="Output format.")] = TERMINAL,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE.")] = None,
    label_a: Annotated[str | None, typer.Option("--label-a", help="Name for RUN_A.")] = None,
    label_b: Annotated[str | None, typer.Option("--label-b", help="Name for RUN_B.")] = None,
    test_tz: TzOpt = None,
    patterns: PatternsOpt = None,
    packs: PacksOpt = None,
    force: AsOpt = None,
    skew: SkewOpt = None,
    test_tz_a: Annotated[str | None, RunOpt("--test-tz-a", "--test-tz", "A")] = None,
    test_tz_b: Annotated[str | None, RunOpt("--test-tz-b", "--test-tz", "B")] = None,
    patterns_a: Annotated[list[Path] | None, RunOpt("--patterns-a", "--patterns", "A")] = None,
    patterns_b: Annotated[list[Path] | None, RunOpt("--patterns-b", "--patterns", "B")] = None,
    force_a: Annotated[list[str] | None, RunOpt("--as-a", "--as", "A")] = None,
    force_b: Annotated[list[str] | None, RunOpt("--as-b", "--as", "B")] = None,
    skew_a: Annotated[str | None, RunOpt("--skew-a", "--skew", "A")] = None,
    skew_b: Annotated[str | None, RunOpt("--skew-b", "--skew", "B")] = None,
    width: WidthOpt = None,
    max_chars: MaxCharsOpt = None,
) -> None:
    """Compare two runs spec by spec and key by key (e.g. focused vs parallel).

    --test-tz, --patterns, --as and --skew apply to both runs; their -a and -b forms to one run
    (a zone or skew given for one run replaces the shared one; patterns and --as add to them)."""
    _refuse_html_to_terminal(fmt, output)
    labels = (label_a or _label(run_a), label_b or _label(run_b))
    runs = (
        (run_a, test_tz_a, patterns_a, force_a, skew_a, "--skew-a"),
        (run_b, test_tz_b, patterns_b, force_b, skew_b, "--skew-b"),
    )
    try:
        reports = [
            run_analysis(
                [run],
                test_tz=run_tz or test_tz,
                pattern_dirs=[*(run_patterns or []), *(patterns or [])],
                packs=packs,
                force=[*(run_force or []), *(force or [])],
                skew=parse_interval(run_skew or skew, option if run_skew else "--skew"),
            )
            for run, run_tz, run_patterns, run_force, run_skew, option in runs
        ]
    except LogAnalyzerError as error:
        _fail(error)
    result = compare_runs(reports[0], reports[1], labels)
    color = output is None and _is_terminal() and "NO_COLOR" not in os.environ
    options = Options(
        _width(width),
        color,
        max_chars=COMMENT_LIMIT if max_chars is None else max_chars,
        full_report=str(output) if output and fmt is not Format("markdown") else "",
    )
    _emit(comparison_renderer(fmt.value)(result, options), output)


def _label(path: str) -> str:
    parts = [p for p in Path(path).parts if p not in ("logs", ".", "/")]
    return parts[-1] if parts else path


@app.command(epilog=EXAMPLES["inputs"])
def inputs(
    paths: PathsArg,
    fmt: Annotated[
        InputsFormat, typer.Option("--format", "-f", help="Output format.")
    ] = INPUTS_TERMINAL,
    test_tz: TzOpt = None,
    patterns: PatternsOpt = None,
    packs: PacksOpt = None,
    max_bytes: MaxBytesOpt = "20GiB",
    max_line: MaxLineOpt = "16MiB",
    memory_limit: MemoryLimitOpt = "512MiB",
    force: AsOpt = None,
) -> None:
    """Show what each input was detected as, its time range, and how its lines were used."""
    try:
        rows = survey(
            paths,
            test_tz=test_tz,
            pattern_dirs=patterns or [],
            packs=packs,
            max_bytes=parse_limit(max_bytes, "--max-bytes"),
            force=force or [],
            max_line=parse_limit(max_line, "--max-line"),
            memory_limit=parse_limit(memory_limit, "--memory-limit"),
        )
    except LogAnalyzerError as error:
        _fail(error)
    if fmt.value == "json":
        _emit(json.dumps([vars(r) for r in rows], indent=2) + "\n", None)
        return
    if fmt.value == "markdown":
        from loganalyzer.render.markdown import inputs_table

        _emit("\n".join(inputs_table(rows)) + "\n", None)
        return
    for row in rows:
        typer.echo(describe_input(row))


@patterns_app.command("list", epilog=EXAMPLES["patterns list"])
def patterns_list(patterns: PatternsOpt = None, packs: PacksOpt = None) -> None:
    """List the pattern packs: what each pairs, its events, signatures and spec mappings."""
    from loganalyzer.extract.pack_list import describe_packs
    from loganalyzer.extract.packs import load_packs

    try:
        chosen = load_packs(patterns or [], packs)
    except LogAnalyzerError as error:
        _fail(error)
    for line in describe_packs(chosen):
        typer.echo(clean(line))


@patterns_app.command("check", epilog=EXAMPLES["patterns check"])
def patterns_check(
    directory: Annotated[
        Path | None, typer.Argument(help="A pack file or a directory of packs (default: built-in).")
    ] = None,
    packs: PacksOpt = None,
) -> None:
    """Validate packs: regexes compile, every sample matches as expected, none matches twice."""
    from loganalyzer.extract.pack_check import check_pack, regex_warnings
    from loganalyzer.extract.packs import load_pack, load_packs, select_packs

    try:
        if directory is None:
            checked = load_packs()
        elif directory.is_dir():
            checked = [load_pack(p) for p in sorted(directory.glob("*.toml"))]
        elif directory.exists():
            checked = [load_pack(directory)]
        else:
            raise LogAnalyzerError(f"{directory}: no such file or directory")
        if packs is not None:
            checked = select_packs(checked, packs)
    except LogAnalyzerError as error:
        _fail(error)
    if not checked:
        _fail(LogAnalyzerError(f"{directory}: no *.toml pattern packs found"))
    for warning in (w for pack in checked for w in regex_warnings(pack)):
        typer.echo(clean(f"warning: {warning}"), err=True)
    problems = [p for pack in checked for p in check_pack(pack)]
    for problem in problems:
        typer.echo(clean(problem), err=True)
    samples = sum(len(e.samples) for pack in checked for e in pack.events)
    samples += sum(len(s.samples) for pack in checked for s in pack.signatures)
    typer.echo(
        f"{counted(len(checked), 'pack')}, {counted(samples, 'sample')}: "
        + (counted(len(problems), "problem") if problems else "all good")
    )
    if problems:
        raise typer.Exit(1)


# --- history (issue 15): the commands are thin; loganalyzer.history does the work ----------
history_app = typer.Typer(
    help="Many runs: a history store, trends, regressions.",
    no_args_is_help=True,
    epilog=EXAMPLES["history"],
)
app.add_typer(history_app, name="history")
StoreOpt = Annotated[str, typer.Option("--store", help="The history store: a folder or a URL.")]
EngineOpt = Annotated[str, typer.Option("--engine", help="local (process pool) or dask.")]
AddressOpt = Annotated[
    str | None,
    typer.Option("--address", help="The dask scheduler (e.g. tcp://scheduler:8786)."),
]
JobOpt = Annotated[str, typer.Option("--job", help="The CI job the runs belong to.")]
MetaOpt = Annotated[
    list[str] | None, typer.Option("--meta", help="KEY=VALUE kept with each run; repeatable.")
]
HistorySkewOpt = Annotated[
    str | None,
    typer.Option("--skew", help="How far the test clock was behind the controller's (e.g. 7.5s)."),
]


def _history_options(
    test_tz: str | None,
    patterns: list[Path] | None,
    packs: list[str] | None,
    force: list[str] | None,
    skew: str | None,
    max_bytes: str,
) -> HistoryOptions:
    from loganalyzer.history.task import Options

    return Options(
        test_tz,
        tuple(str(p) for p in patterns or []),
        tuple(p for v in packs for p in v.split(",")) if packs else None,
        tuple(force or []),
        parse_interval(skew, "--skew"),
        parse_limit(max_bytes, "--max-bytes"),
    )


@history_app.command("add", epilog=EXAMPLES["history add"])
def history_add(
    runs: Annotated[list[str], typer.Argument(help="Runs: what analyze accepts, or URLs.")],
    run_id: Annotated[str | None, typer.Option("--run-id", help="Default: a content hash.")] = None,
    job: JobOpt = "",
    started_at: Annotated[
        str | None,
        typer.Option(
            "--started-at",
            help="When the run started (a date or time); default: its first log time.",
        ),
    ] = None,
    meta: MetaOpt = None,
    store: StoreOpt = ".loganalyzer/history",
    test_tz: TzOpt = None,
    patterns: PatternsOpt = None,
    packs: PacksOpt = None,
    force: AsOpt = None,
    max_bytes: MaxBytesOpt = "20GiB",
    skew: HistorySkewOpt = None,
    engine: EngineOpt = "local",
    address: AddressOpt = None,
    workers: Annotated[
        int, typer.Option("--workers", min=1, help="Runs read at once (local engine).")
    ] = 1,
    ingest: Annotated[bool, typer.Option("--ingest", hidden=True)] = False,  # set by ingest
) -> None:
    """Add runs to the history store; a run that cannot be read is recorded with its error."""
    from loganalyzer.history import commands

    try:
        sources = commands.expand(runs) if ingest else runs
        tally = commands.add(
            sources,
            store,
            _history_options(test_tz, patterns, packs, force, skew, max_bytes),
            run_id=run_id,
            job=job,
            started_at=started_at,
            meta=meta or [],
            engine=engine,
            address=address,
            workers=workers,
            resume=ingest,
        )
    except (LogAnalyzerError, ValueError) as error:
        _fail(error if isinstance(error, LogAnalyzerError) else LogAnalyzerError(str(error)))
    if tally.failed:
        typer.echo(f"loganalyzer: {counted(tally.failed, 'run')} recorded with an error", err=True)


@history_app.command("ingest", epilog=EXAMPLES["history ingest"])
def history_ingest(
    patterns_: Annotated[list[str], typer.Argument(help="Run folders, archives, globs, URLs.")],
    engine: EngineOpt = "local",
    address: AddressOpt = None,
    workers: Annotated[
        int,
        typer.Option(
            "--workers", min=1, help="Runs read at once (local engine); default: the CPUs."
        ),
    ] = os.cpu_count() or 2,
    job: JobOpt = "",
    store: StoreOpt = ".loganalyzer/history",
    test_tz: TzOpt = None,
    patterns: PatternsOpt = None,
    packs: PacksOpt = None,
    force: AsOpt = None,
    max_bytes: MaxBytesOpt = "20GiB",
    skew: HistorySkewOpt = None,
    meta: MetaOpt = None,
) -> None:
    """Backfill many runs, one per task; rerunning skips committed runs."""
    history_add(
        patterns_,
        None,
        job,
        None,
        meta,
        store,
        test_tz,
        patterns,
        packs,
        force,
        max_bytes,
        skew,
        engine,
        address,
        workers,
        ingest=True,
    )


@history_app.command("report", epilog=EXAMPLES["history report"])
def history_report(
    since: Annotated[str, typer.Option("--since", help="30d, 2026-01-01, last monday")] = "30d",
    until: Annotated[str | None, typer.Option("--until", help="Default: now.")] = None,
    recent: Annotated[str, typer.Option("--recent", help="The recent window.")] = "7d",
    job: Annotated[str | None, typer.Option("--job", help="Only this CI job's runs.")] = None,
    spec: Annotated[str | None, typer.Option("--spec", help="A regex on spec names.")] = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help="terminal|markdown|json|html")] = (
        "terminal"
    ),
    output: Annotated[Path | None, typer.Option("--output", "-o", help="Write to FILE.")] = None,
    store: StoreOpt = ".loganalyzer/history",
) -> None:
    """Per-spec rates, gap trends and regressions from the store."""
    from loganalyzer.history import commands

    if fmt not in ("terminal", "markdown", "json", "html"):
        _fail(LogAnalyzerError(f"--format: {fmt!r} is not terminal, markdown, json or html"))
    try:
        text = commands.report(store, fmt, since, until, job, spec, recent)
    except LogAnalyzerError as error:
        _fail(error)
    _emit(text, output)


def main(argv: list[str] | None = None) -> None:
    """Console entry point: one-line errors, never a traceback for bad input.

    Exit codes: 0 success, 1 ``--fail-on`` met, 2 bad usage or input, 3 an internal error
    (a bug: the one line names it; ``LOGANALYZER_DEBUG=1`` shows the traceback).
    """
    # polars' allocator keeps freed memory for seconds; handing it back after 10 ms keeps
    # peak memory flat (3 GiB of log: 536 -> 448 MiB at 0.1 s; 10 GiB: 20 MiB less again at
    # 10 ms) at no measured cost. At 0 ms, 60 MiB less but 35% slower. Polars is not loaded
    # yet, so the setting applies.
    os.environ.setdefault("_RJEM_MALLOC_CONF", "dirty_decay_ms:10,muzzy_decay_ms:0")
    try:
        app(args=argv)
    except LogAnalyzerError as error:  # pragma: no cover - commands catch their own
        typer.echo(clean(f"loganalyzer: error: {' '.join(str(error).split())}"), err=True)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except (SystemExit, GeneratorExit):
        raise
    except RecursionError as exc:  # input nested deeper than any reader follows
        typer.echo(f"loganalyzer: error: input nested too deeply to read: {exc}", err=True)
        sys.exit(2)
    except MemoryError:
        typer.echo("loganalyzer: error: out of memory (try --max-bytes)", err=True)
        sys.exit(2)
    except BaseException as exc:  # a bug: exit 3, never 1 (--fail-on's); polars panics too
        if os.environ.get("LOGANALYZER_DEBUG"):
            raise
        message = " ".join(str(exc).split())[:300]
        typer.echo(
            clean(
                f"loganalyzer: internal error: {type(exc).__name__}: {message} "
                "(set LOGANALYZER_DEBUG=1 for the traceback)"
            ),
            err=True,
        )
        sys.exit(3)
