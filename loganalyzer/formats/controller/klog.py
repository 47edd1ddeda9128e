"""klog text, as Kubernetes components write it: ``I0110 19:18:14.485730   12345 file.go:123] msg``.

The stamp has no year and no zone (klog writes the process's local time; in
containers that is UTC). The year comes from the other inputs or the file's
date. Multi-line values (``key=<`` ... ``>``) are indented continuation lines.
"""

from __future__ import annotations

from loganalyzer.formats.line_format import LineFormat

FORMAT = LineFormat(
    name="klog",
    role="controller",
    record=r"^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ [^ \]]+:\d+\] ",
    continuation=r"^(?:\t| {2,}).*$|^\s*>\s*$",
    time=r"^[IWEF](\d{4} \d\d:\d\d:\d\d\.\d+) ",
    level=r"^([IWEF])",
    time_layout="klog",
)
