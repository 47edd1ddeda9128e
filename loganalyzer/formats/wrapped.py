"""Records a paste cut over several lines, joined again only when the pieces are whole.

Three cuts are undone: a controller record whose JSON context goes on over the
next lines (pretty-printed, or put on its own line after the message), a line
hard-wrapped at a fixed width by a terminal or a page (its rows are exactly that
wide), and, in test output, a timed line or a spec title cut the same way. Lines
keep their numbers: a joined record takes its first piece's line and the others
become empty, and each function returns how many lines it folded.
"""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from collections.abc import Callable

from loganalyzer.formats.line_format import LineFormat

_MAX_PIECES = 64  # a wrapped record is joined from at most this many lines
_MIN_WRAP = 40  # a hard-wrap width narrower than this is not believed


def rejoin(lines: list[str], widths: list[int], fmt: LineFormat) -> int:
    """Rejoin records split over lines, only where the pieces make one valid record.

    A hard wrap cut the lines as pasted (``widths``), prefix and all. A joined
    record takes the line of its first piece; the others become empty. Returns
    how many lines were folded into a record above them.
    """
    folded = 0
    width = _wrap_width(widths)
    i, n = 0, len(lines)
    while i < n:
        line = lines[i]
        if not line.strip():
            i += 1
            continue
        joined = None
        following = lines[i + 1] if i + 1 < n else ""
        if not following.strip() or fmt.is_record(following):
            i += 1  # nothing after it to join: the common case, decided cheaply
            continue
        if fmt.is_record(line):
            joined = _json_tail(lines, widths, i, fmt, width) or _hard_wrapped(
                lines, widths, i, fmt, width
            )
        elif fmt.name == "zap-json" and line.lstrip().startswith("{"):
            joined = _json_object(lines, widths, i, fmt, width)
        elif fmt.is_continuation(line):  # a stack frame wider than the page
            joined = _hard_wrapped(lines, widths, i, fmt, width)
        if joined is None:
            i += 1
            continue
        text, last = joined
        lines[i] = text
        for k in range(i + 1, last + 1):
            if lines[k]:
                folded += 1
            lines[k] = ""
        i = last + 1
    return folded


_STAMP_TAIL = re.compile(r"^[0-9][0-9.:]*(?: \([^)]*\))?$|^\.[0-9]+(?: \([^)]*\))?$")


def rejoin_timed(
    lines: list[str], widths: list[int], starts: re.Pattern[str], ends: re.Pattern[str]
) -> int:
    """Rejoin a test log's timed line (``STEP: … @ stamp``) that a hard wrap cut.

    Only a full-width row that starts a timed line but lacks its stamp is joined,
    and only with rows that start nothing themselves, when together they end with
    the stamp.
    """
    folded = 0
    width = _wrap_width(widths)
    if width is None:
        return 0
    for i, line in enumerate(lines):
        if widths[i] != width or not starts.match(line):
            continue
        after = lines[i + 1] if i + 1 < len(lines) else ""
        if ends.search(line) and not _STAMP_TAIL.match(after):
            continue  # whole already, unless the cut fell inside the stamp's fraction
        text, last = line, i
        for k in range(i + 1, min(len(lines), i + _MAX_PIECES)):
            piece = lines[k]
            if not piece.strip() or starts.match(piece):
                break
            text, last = text + piece, k
            if widths[k] != width:
                break
        if last == i or not ends.search(text):
            continue
        lines[i] = text
        for j in range(i + 1, last + 1):
            lines[j] = ""
            folded += 1
    return folded


def rejoin_titles(
    lines: list[str], widths: list[int], opens: Callable[[str], bool], closes: re.Pattern[str]
) -> int:
    """Rejoin a title a hard wrap cut: the full-width row after a line ``opens`` accepts,
    continued by rows up to a line ``closes`` matches (a spec's text up to its location).

    The closing line moves up under the title and the placeholders go after it, so
    a reader that expects the two together still finds them.
    """
    folded = 0
    width = _wrap_width(widths)
    if width is None:
        return 0
    for i in range(1, len(lines)):
        if widths[i] != width or not opens(lines[i - 1]) or closes.match(lines[i]):
            continue
        last = i
        while last + 1 < min(len(lines), i + 4) and widths[last] == width:
            nxt = lines[last + 1]
            if not nxt.strip() or closes.match(nxt) or opens(nxt):
                break
            last += 1
        if last == i or last + 1 >= len(lines) or not closes.match(lines[last + 1]):
            continue
        # The closing line moves up under the title: a reader expects it on the next line.
        title, closing = "".join(lines[i : last + 1]), lines[last + 1]
        lines[i : last + 2] = [title, closing, *([""] * (last - i))]
        folded += last - i
    return folded


def _pieces(lines: list[str], i: int, fmt: LineFormat) -> list[int]:
    """Indexes of the lines after ``i`` that may continue it: up to the next record or gap."""
    out = []
    for k in range(i + 1, min(len(lines), i + 1 + _MAX_PIECES)):
        if not lines[k].strip() or fmt.is_record(lines[k]):
            break
        out.append(k)
    return out


def _json_tail(
    lines: list[str], widths: list[int], i: int, fmt: LineFormat, width: int | None
) -> tuple[str, int] | None:
    """A console record whose JSON context opens here and closes on a later line."""
    line = lines[i]
    if fmt.name == "zap-json" or _valid_context(line):
        return None
    pieces = _pieces(lines, i, fmt)
    if not pieces:
        return None
    opened = _opens_context(line)
    if not opened and not lines[pieces[0]].lstrip().startswith("{"):
        return None
    for end, k in enumerate(pieces, 1):
        rows = [i, *pieces[:end]] if opened else pieces[:end]
        if not _cut_cleanly(lines, widths, rows, width):
            continue
        parts = [lines[p] for p in pieces[:end]]
        if _open_braces(line + "".join(parts)) > 0:
            continue
        # Joined as cut first (a hard wrap splits inside strings: a space there would
        # change a value); then stripped and spaced, for a context re-indented by hand.
        for tail in ("".join(parts), _tidy(" ".join(p.strip() for p in parts))):
            # After a line break following the message, the context stands on its own.
            text = line + tail if opened else line.rstrip() + "\t" + tail.lstrip()
            if _valid_context(text):
                return text, k
    return None


def _cut_cleanly(lines: list[str], widths: list[int], rows: list[int], width: int | None) -> bool:
    """True when every cut between ``rows`` is one a paste makes: a hard wrap (each row
    but the last is exactly ``width`` long) or a line break between JSON tokens (after
    ``{ [ ,`` or before ``} ]``). Anything else may be a line someone typed in between."""
    if width is not None and all(widths[r] == width for r in rows[:-1]):
        return True
    for before, after in itertools.pairwise(rows):
        if not (
            lines[before].rstrip().endswith(("{", "[", ","))
            or lines[after].lstrip().startswith(("}", "]"))
        ):
            return False
    return True


def _open_braces(text: str) -> int:
    """Braces opened and not closed; strings are not parsed (a cheap trigger only)."""
    return text.count("{") - text.count("}")


def _tidy(text: str) -> str:
    return re.sub(r"\{ +", "{", re.sub(r" +\}", "}", re.sub(r" +\]", "]", text)))


def _opens_context(line: str) -> bool:
    return bool(re.search(r"(?:\t| )\{", line)) and line.count("{") > line.count("}")


def _valid_context(text: str) -> bool:
    """True when ``text`` ends with a JSON object that starts after a tab or a space."""
    starts = [m.start() + 1 for m in re.finditer(r"(?:\t| )\{", text)][:8]
    for start in starts:
        try:
            value = json.loads(text[start:])
        except (ValueError, RecursionError):  # RecursionError: nested too deep to read
            continue
        if isinstance(value, dict):
            return True
    return False


def _json_object(
    lines: list[str], widths: list[int], i: int, fmt: LineFormat, width: int | None
) -> tuple[str, int] | None:
    """A zap JSON record cut over lines: pretty-printed (``{`` on its own, fields, ``}``)
    or hard-wrapped before its message key. Joined as cut: whitespace between tokens is
    still JSON, and a space added inside a string would change a value."""
    parts = [lines[i].strip()]
    for k in range(i + 1, min(len(lines), i + _MAX_PIECES)):
        if not lines[k].strip():
            return None
        parts.append(lines[k])
        text = "".join(parts)
        if _open_braces(text) > 0:
            continue  # parsed only once its braces may close: linear, not quadratic
        if not _cut_cleanly(lines, widths, list(range(i, k + 1)), width):
            return None
        try:
            value = json.loads(text)
        except (ValueError, RecursionError):  # RecursionError: nested too deep to read
            continue
        if isinstance(value, dict) and fmt.is_record(text):
            return text, k
        return None
    return None


def _json_record(text: str) -> dict[str, object] | None:
    try:
        value = json.loads(text)
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, dict) else None


def _wrap_width(lengths: list[int]) -> int | None:
    """The width a terminal or a page hard-wrapped the paste at: the commonest line length
    (a wrap leaves full rows behind), when no more lines are longer than have it."""
    long = Counter(n for n in lengths if n >= _MIN_WRAP)
    if not long:
        return None
    width, count = long.most_common(1)[0]
    longer = sum(c for n, c in long.items() if n > width)
    return width if count >= 2 and longer <= count else None


def _hard_wrapped(
    lines: list[str], widths: list[int], i: int, fmt: LineFormat, width: int | None
) -> tuple[str, int] | None:
    """A line cut into rows of exactly ``width`` characters; joined only when whole.

    For a record with a JSON context, whole means the context parses; otherwise
    every row but the last is full width and no row after the first is a log
    line (a record or a stack frame) on its own.
    """
    if width is None or widths[i] != width:
        return None
    text, last = lines[i], i
    for k in _pieces(lines, i, fmt):
        text, last = text + lines[k], k
        if widths[k] != width:
            break
    if last == i:
        return None
    if fmt.name == "zap-json":
        return (text, last) if _json_record(lines[i]) is None and _json_record(text) else None
    if fmt.is_record(lines[i]) and re.search(r'(?:\t| )\{"', text):
        return (text, last) if _valid_context(text) else None
    if any(fmt.is_continuation(lines[k]) for k in range(i + 1, last + 1)):
        return None
    return text, last
