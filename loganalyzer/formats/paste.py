"""Logs as people paste them: indented, prefixed by the fetching tool, elided, wrapped.

A paste is normalised line for line: the result has exactly as many lines as the
input, so every ``file:line`` a report cites still points at the pasted text.
A line folded into the record above it (a wrapped piece, a pretty-printed JSON
context) and a line that only marks a cut (``...``) become empty placeholders,
and :class:`Paste` says how many of each there were, so that callers count them
as used or skipped with their reason.

Whether a file is a paste is decided once, from its head (``detect``); only then
does this run, once per line in Python. A clean log never comes here, and a file
too big to be a paste keeps only its constant prefix and indent stripped, by the
scan itself (:meth:`Paste.strip_pattern`). Joining cut records is ``wrapped``'s.

>>> klog = lambda line: line.startswith("I0110 ")
>>> p = normalise(["    [pod/ctl-0/manager] I0110 19:18:14.485730   1 a.go:1] hi", "    ..."], klog)
>>> p.lines, p.elided
(['I0110 19:18:14.485730   1 a.go:1] hi', ''], 1)
>>> p.notes
['prefix `[pod/ctl-0/manager] ` (kubectl logs --prefix) stripped', 'indent of 4 stripped', \
'1 elision skipped']
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from loganalyzer.formats import wrapped
from loganalyzer.formats.ansi import ANSI, strip_ansi
from loganalyzer.formats.line_format import LineFormat
from loganalyzer.model.text import counted

_ANSI = f"(?:{ANSI})*"
# Prefixes that the tool fetching a log writes before every line, most specific first.
# Each is matched at the start of a line once its block's indent is gone, with one space after it.
PREFIXES: tuple[tuple[str, str], ...] = (
    ("kubectl logs --prefix", r"^\[pod/[^\s/\]]+/[^\s\]]+\] ?"),
    # Tilt and k9s cut a long resource name with "…".
    ("docker compose / k9s / Tilt", rf"^{_ANSI}[\w.@/:…-]+{_ANSI} *[|│]{_ANSI} ?"),
    ("container name in brackets", rf"^{_ANSI}\[[\w.-]+\]{_ANSI} "),
    (
        "stern",
        rf"^(?:{_ANSI}[a-z0-9][-a-z0-9.]*{_ANSI} )?{_ANSI}[a-z0-9][-a-z0-9.]*[a-z0-9]{_ANSI}"
        rf" {_ANSI}[a-z0-9][-a-z0-9]*{_ANSI} ",
    ),
    ("container name", rf"^{_ANSI}[a-z][-a-z0-9]*{_ANSI} "),
    ("Markdown quote", r"^>(?: ?>)* ?"),
    (
        "timestamps (kubectl logs --timestamps, a CI log)",
        r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]+)?"
        r"(?:Z|[+-][0-9]{2}:[0-9]{2}) ",
    ),
    (
        "Jenkins timestamps",
        r"^\[[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+(?:Z|[+-][0-9]{2}:?[0-9]{2})?\] ",
    ),
)
# Prefixes that differ on every line: stripped by their pattern, not by the texts seen.
_GENERIC = {"timestamps (kubectl logs --timestamps, a CI log)", "Jenkins timestamps"}
# Colour codes whose escape byte a copy from a web page lost: "[38;5;243m", "[0m", "[1m".
_ORPHAN_SGR = re.compile(
    r"(?<!\x1b)\[(?:0|1|2|22|39|49|3[0-7]|4[0-7]|9[0-7]|10[0-7]|[34]8;5;[0-9]{1,3}"
    r"|[34]8;2;[0-9]{1,3};[0-9]{1,3};[0-9]{1,3})(?:;[0-9]{1,3})*m"
)
_MIN_ORPHANS = 3  # lines that must carry them before they are believed
ELISION_RE = re.compile(
    r"^\s*(?:\.{3,}|…|\[\s*(?:\.{3,}|…)\s*\]|\(\s*(?:\.{3,}|…)\s*\)|<\s*(?:\.{3,}|…)\s*>"
    r"|<snip(?:ped)?>|\[snip(?:ped)?\]|-+ ?snip ?-+|✂.*"
    r"|[\[(<]?\s*(?:\.{3}|…)?\s*(?:\d+\s+)?(?:more\s+)?lines?\s+"
    r"(?:omitted|elided|skipped|removed|hidden|truncated|cut)\s*(?:\.{3}|…)?\s*[\])>]?)\s*$",
    re.IGNORECASE,
)
# What a person writes where they cut text: marks (dots, brackets, scissors) and a few words.
_CUT_MARK = re.compile(r"\.{3}|…|⋮|✂|8<|\bsnip")
_CUT_HINT = re.compile(r"\.{3}|…|⋮|✂|8<|snip|omit|elid|trunc|skip|remov|cut|hidden", re.I)
_CUT_WORDS = {"snip", "snipped", "cut", "omitted", "elided", "truncated", "skipped", "removed"}
_CUT_VOCABULARY = _CUT_WORDS | {"more", "lines", "line", "output", "logs", "log", "here", "of"}


def is_elision(line: str) -> bool:
    """A line that only says text was cut: ``...``, ``[…]``, ``<snip>``, ``[... 40 lines ...]``.

    >>> cuts = ("  ...", "[... 40 lines ...]", "-- snip --", "...additional frames elided...")
    >>> [is_elision(s) for s in cuts]
    [True, True, True, False]
    """
    text = line.strip()
    if not text or len(text) > 80 or not _CUT_HINT.search(text):
        return False
    if ELISION_RE.match(text):
        return True
    words = re.sub(r"[^a-z0-9]+", " ", text.lower()).split()
    if not all(w in _CUT_VOCABULARY or w.isdigit() for w in words):
        return False
    return bool(_CUT_MARK.search(text.lower())) or any(w in _CUT_WORDS for w in words)


FENCE_RE = re.compile(r"^\s*(?:```|~~~)[\w+-]*\s*$")


@dataclass
class Paste:
    """A normalised paste: ``lines`` (as many as the input) and what was undone."""

    lines: list[str]
    prefix: str | None = None  # the prefix's kind, when one was stripped
    prefix_text: str = ""  # an example of it
    prefix_source: str = ""  # the regex that strips it (every text it was seen with)
    indents: list[str] = field(default_factory=list)  # the indents stripped, per block
    elided: int = 0
    fences: int = 0
    folded: int = 0  # lines joined into the record above (used, not skipped)
    orphans: int = 0  # lines that had colour codes without their escape byte
    nbsp: int = 0  # lines whose non-breaking spaces (a copy from a web page) became spaces
    widths: list[int] = field(default_factory=list)  # the lines' lengths as pasted

    @property
    def changed(self) -> bool:
        return bool(
            self.prefix
            or self.indents
            or self.elided
            or self.fences
            or self.folded
            or self.orphans
            or self.nbsp
        )

    @property
    def skip_reasons(self) -> dict[str, int]:
        reasons = {"elision": self.elided, "markdown fence": self.fences}
        return {k: v for k, v in reasons.items() if v}

    @property
    def notes(self) -> list[str]:
        out = []
        if self.prefix:
            out.append(f"prefix `{self.prefix_text}` ({self.prefix}) stripped")
        if self.indents:
            shown = sorted({"a tab" if "\t" in i else str(len(i)) for i in self.indents})
            out.append(f"indent of {'/'.join(shown)} stripped")
        if self.folded:
            out.append(f"{counted(self.folded, 'wrapped line')} joined to their record")
        if self.elided:
            out.append(f"{counted(self.elided, 'elision')} skipped")
        if self.fences:
            out.append(f"{counted(self.fences, 'Markdown fence')} skipped")
        if self.nbsp:
            out.append(f"non-breaking spaces made spaces in {counted(self.nbsp, 'line')}")
        if self.orphans:
            lines = counted(self.orphans, "line")
            out.append(f"colour codes that lost their escape removed from {lines}")
        return out

    def strip_pattern(self) -> str | None:
        r"""One regex, valid for polars and ``re``, that strips this paste's indents and prefix
        from any line: how a file too big to normalise line by line is still read.

        >>> print(Paste([], prefix_source=r"manager \| ", indents=["    "]).strip_pattern())
        ^(?:    )?(?:manager \| )?
        """
        if not self.indents and not self.prefix_source:
            return None
        indents = sorted({_escape(i) for i in self.indents}, key=len, reverse=True)
        parts = [f"(?:{'|'.join(indents)})?" if indents else ""]
        parts.append(f"(?:{self.prefix_source})?" if self.prefix_source else "")
        return "^" + "".join(parts)

    def note(self) -> str:
        return "pasted: " + "; ".join(self.notes) if self.changed else ""


IsTop = Callable[[str], bool]


def normalise(
    lines: Sequence[str], is_top: IsTop | None = None, fmt: LineFormat | None = None
) -> Paste:
    """Undo a paste: prefix, per-block indent, elisions and fences, then wrapped records.

    ``is_top`` says whether a line (prefix stripped) is one that a log writes at
    column 0: a block whose lines it accepts after removing their common indent
    loses that indent. ``fmt`` is the controller format whose wrapped records
    are rejoined; None leaves wrapping alone.
    """
    top = is_top or (lambda _line: True)
    out = list(lines)
    paste = Paste(out)
    paste.widths = [len(line) for line in lines]
    for i, line in enumerate(out):
        if "\xa0" in line:
            out[i] = line.replace("\xa0", " ")
            paste.nbsp += 1
    coloured = [i for i, line in enumerate(out) if "m" in line and _ORPHAN_SGR.search(line)]
    if len(coloured) >= _MIN_ORPHANS:
        for i in coloured:
            out[i] = _ORPHAN_SGR.sub("", out[i])
        paste.orphans = len(coloured)
    for i, line in enumerate(out):
        if FENCE_RE.match(line):
            out[i] = ""
            paste.fences += 1
        elif is_elision(line):
            out[i] = ""
            paste.elided += 1
    kinds: list[str] = []
    sources: list[str] = []
    pattern: re.Pattern[str] | None = None
    for _ in range(3):  # kubectl logs --prefix --timestamps; Tilt's "name │ [container] "
        kind, source = find_prefix([_cut(pattern, ln.lstrip(" \t")) for ln in out], top)
        if not source:
            break
        kinds.append(kind)
        sources.append(source)
        pattern = re.compile("".join(f"(?:{s})?" for s in sources))
    _strip_indents(paste, lambda line: top(_cut(pattern, line)))
    if pattern is not None:
        example = next(m for ln in out if (m := pattern.match(ln.lstrip(" \t"))) and m.group(0))
        shown = strip_ansi(example.group(0)).strip()
        paste.prefix, paste.prefix_text = " and ".join(kinds), shown + " "
        paste.prefix_source = pattern.pattern
        for i, line in enumerate(out):
            out[i] = _cut(pattern, line)
    if fmt is not None:
        rejoin(paste, fmt)
    return paste


def _cut(pattern: re.Pattern[str] | None, line: str) -> str:
    found = pattern.match(line) if pattern is not None else None
    return line[found.end() :] if found else line


def find_prefix(lines: Sequence[str], is_top: IsTop) -> tuple[str, str]:
    """The tool prefix whose removal reveals more log lines than the lines show as they are.

    Returns its kind and a regex (valid for polars and ``re``, unanchored) for the
    prefix texts that revealed a log line: a wrapped row or a line of prose that
    happens to start like a prefix keeps its text. A prefix may reveal a log line
    only after a second one (``kubectl logs --prefix --timestamps``).
    """
    content = [ln for ln in lines if ln.strip() and not is_elision(ln)][:4000]
    if not content:
        return "", ""
    content = [ln.lstrip(" \t") for ln in content]
    compiled = [(kind, re.compile(source)) for kind, source in PREFIXES]

    def reveals(rest: str) -> bool:
        if is_top(rest):
            return True
        for _, inner in compiled:
            found = inner.match(rest)
            if found and is_top(rest[found.end() :]):
                return True
        return False

    before = sum(1 for ln in content if is_top(ln))
    for (kind, pattern), (_, source) in zip(compiled, PREFIXES, strict=True):
        found = [(m, ln) for ln in content if (m := pattern.match(ln))]
        revealed = {m.group(0) for m, ln in found if reveals(ln[m.end() :])}
        after = sum(1 for m, ln in found if m.group(0) in revealed)
        if after > before and (after >= 2 or len(content) <= 3):
            if kind in _GENERIC:
                return kind, source.removeprefix("^")
            texts = sorted(revealed, key=len, reverse=True)
            return kind, "|".join(_escape(t) for t in texts)
    return "", ""


def _escape(text: str) -> str:
    r"""``text`` as a regex that polars (Rust) and ``re`` read alike.

    >>> print(_escape("[pod/a-1/c] \t│"))
    \[pod/a\-1/c\] \t│
    """
    out = []
    for ch in text:
        if ch == "\t":
            out.append(r"\t")
        elif ch.isalnum() or ch in " _/" or ord(ch) > 127:
            out.append(ch)
        elif ch == "\x1b":
            out.append(r"\x1b")
        else:
            out.append("\\" + ch)
    return "".join(out)


def _strip_indents(paste: Paste, top: IsTop) -> None:
    """Per block (a run of indented or blank lines), strip the common indent when that
    reveals lines a log writes at column 0; relative indents inside the block stay."""
    lines = paste.lines
    i, n = 0, len(lines)
    while i < n:
        if not lines[i].strip() or lines[i][0] not in " \t":
            i += 1
            continue
        j = i
        while j < n and (not lines[j].strip() or lines[j][0] in " \t"):
            j += 1
        body = [ln for ln in lines[i:j] if ln.strip()]
        common = _common_indent(body)
        if common and any(top(ln[len(common) :]) for ln in body):
            for k in range(i, j):
                if lines[k].strip():
                    lines[k] = lines[k][len(common) :]
            paste.indents.append(common)
        i = j


def _common_indent(lines: list[str]) -> str:
    indents = [ln[: len(ln) - len(ln.lstrip(" \t"))] for ln in lines]
    if not indents:
        return ""
    first = indents[0]
    size = len(first)
    for other in indents[1:]:
        size = min(size, len(other))
        while size and other[:size] != first[:size]:
            size -= 1
    return first[:size]


def rejoin(paste: Paste, fmt: LineFormat) -> None:
    """Join the controller records the paste cut (see ``formats.wrapped``)."""
    paste.folded += wrapped.rejoin(paste.lines, paste.widths, fmt)


def rejoin_timed(paste: Paste, starts: re.Pattern[str], ends: re.Pattern[str]) -> None:
    """Join the test log's timed lines the paste cut (see ``formats.wrapped``)."""
    paste.folded += wrapped.rejoin_timed(paste.lines, paste.widths, starts, ends)


def rejoin_titles(paste: Paste, opens: IsTop, closes: re.Pattern[str]) -> None:
    """Join the test log's titles the paste cut (see ``formats.wrapped``)."""
    paste.folded += wrapped.rejoin_titles(paste.lines, paste.widths, opens, closes)
