"""Write ``logs/`` from ``samples/focused-run/logs/`` as a person pastes it into an issue.

Deterministic; run ``python samples/pasted/make_paste.py`` after the clean sample changes.

- ``controller.log``: ``kubectl logs --prefix`` output seen in a 120-column terminal (long
  lines hard-wrapped), pasted under a heading as a Markdown code block indented by 4
  spaces; the reconcile chatter is cut out as ``...``, and one delivery record's JSON
  context is pretty-printed by hand.
- ``ginkgo.log``: the console output without colours, seen in the same terminal (long lines
  hard-wrapped), pasted as a list item's code block (indented by 2, fenced); the cluster
  setup noise is cut out as ``[…]``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

HERE = Path(__file__).parent
CLEAN = HERE.parent / "focused-run" / "logs"
PREFIX = "[pod/notification-controller-7b9c6d5f4-mx2lp/manager] "
WIDTH = 120
CHATTER = ("RECONCILE START DEBUG", "TERMINAL CHECK", "Registered delivery channel")
ANSI = re.compile(r"\x1b\[[0-9;]*m")


def wrap(line: str, width: int = WIDTH) -> list[str]:
    return [line[i : i + width] for i in range(0, len(line), width)] or [""]


def pretty(line: str) -> list[str]:
    """The record with its JSON context pretty-printed (keys in order; repeats merged)."""
    head, _, context = line.partition("\t{")
    fields = json.loads("{" + context)
    body = json.dumps(fields, indent=2).splitlines()
    return [head + "\t" + body[0], *body[1:]]


def controller(text: str) -> str:
    out = [
        "### controller logs",
        "",
        "    $ kubectl logs --prefix deploy/notification-controller",
        "",
    ]
    eliding = False
    pretty_done = False
    for line in text.splitlines():
        if any(c in line for c in CHATTER):
            if not eliding:
                out.append("    ...")
            eliding = True
            continue
        eliding = False
        if not pretty_done and "delivered successfully to file" in line:
            pretty_done = True
            rows = pretty(PREFIX + line)
        else:
            rows = wrap(PREFIX + line)
        out += ["    " + row for row in rows]
    return "\n".join(out) + "\n"


def ginkgo(text: str) -> str:
    lines = ANSI.sub("", text).splitlines()
    out = ["2. The test run (`ginkgo -v --focus …`):", "", "  ```"]
    eliding = False
    in_setup = False
    for line in lines:
        if line.startswith("[SynchronizedBeforeSuite]"):
            in_setup = True
        elif line.startswith("---"):
            in_setup = False
        noise = in_setup and line.startswith("  ") and not re.match(r"^  \d{4}-", line)
        if noise:
            if not eliding:
                out.append("  […]")
            eliding = True
            continue
        eliding = False
        out += ["  " + row if row else "" for row in wrap(line, WIDTH - 2)]
    out.append("  ```")
    return "\n".join(out) + "\n"


def main() -> None:
    logs = HERE / "logs"
    logs.mkdir(exist_ok=True)
    clean = (CLEAN / "controller.log").read_text(encoding="utf-8")
    (logs / "controller.log").write_text(controller(clean), encoding="utf-8")
    clean = (CLEAN / "ginkgo.log").read_text(encoding="utf-8")
    (logs / "ginkgo.log").write_text(ginkgo(clean), encoding="utf-8")


if __name__ == "__main__":
    main()
