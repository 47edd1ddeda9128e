"""Markdown for issues: log text cannot break a table or ping anyone."""

from __future__ import annotations

import html
import random
import re
from pathlib import Path

from builders import delivered, spec_block, stamp, suite
from loganalyzer import analyze
from loganalyzer.render.markdown import cell, render


def test_cell_escapes_everything_that_would_break_a_row() -> None:
    assert cell("a | b") == "a \\| b"
    assert cell("`x`") == "\\`x\\`"
    assert cell("<script>alert(1)</script>") == "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert cell("cc @kubernaut/maintainers") == "cc @\u200bkubernaut/maintainers"
    assert cell("two\nlines") == "two lines"
    assert cell(None) == "-"


def test_hostile_failure_text_stays_inside_its_cell(tmp_path: Path) -> None:
    hostile = "[FAILED] boom | `rm -rf` <script>alert(1)</script> @octocat"
    block = spec_block(
        "Hostile leaf",
        [
            f"STEP: wait @ {stamp('19:18:20')}",
            f"[FAILED] in [It] - /src/a_test.go:9 @ {stamp('19:18:25')}",
        ],
        failure=[hostile],
        failed_at=stamp("19:18:25"),
    )
    (tmp_path / "controller.log").write_text(delivered("other", "191800.000000") + "\n")
    (tmp_path / "ginkgo.log").write_text(suite([block]))
    text = render(analyze([str(tmp_path)], test_tz="UTC"))
    (row,) = [line for line in text.splitlines() if line.startswith("**other**: ")]
    assert "\\|" in row and "\\`rm -rf\\`" in row
    (head,) = [line for line in text.splitlines() if line.startswith("| deadline |")]
    assert head.count(" | ") == 3  # four cells
    # Outside code blocks no HTML is live; inside one, GitHub shows it as text.
    prose = re.sub(r"(?ms)^(`{3,})text\n.*?^\1$", "", text)
    assert "<script>" not in prose and "&lt;script&gt;" in prose
    assert "@octocat" not in prose and "@\u200boctocat" in prose  # code keeps it exact


def test_cells_left_alone_are_exactly_those_escaping_would_not_change() -> None:
    def escaped(value: str) -> str:  # cell() without its shortcut for plain text
        value = html.escape(value or "-", quote=False).replace("|", "\\|").replace("`", "\\`")
        mention = r"(?<![A-Za-z0-9_!#$%&*@/])@(?=[A-Za-z0-9])"  # as GitHub reads one
        return " ".join(re.sub(mention, "@\u200b", value).split())

    alphabet = "ab -_.:/()@&<>|`\t\n\r\x0b\x0c\x1c\x85\xa0\u2028\u3000\u200b–é中"
    rng = random.Random(5)
    for _ in range(20000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 8)))
        assert cell(text) == escaped(text), repr(text)
