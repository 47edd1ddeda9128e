"""A container's log file as containerd writes it (CRI): ``<RFC3339Nano> <stream> <P|F> <line>``.

The stamp drops trailing zeros (27 to 30 characters); a line over 16 KiB is split into ``P``
pieces, the rest in an ``F`` record.
"""

from __future__ import annotations

import random

from samples.gen.controller import ControllerLog
from samples.gen.timefmt import epoch_ns, rfc3339_nano

CRI_MAX_LINE = 16 * 1024  # containerd's max_container_log_line_size


def render_cri(clog: ControllerLog, seed: int) -> bytes:
    """The container's log file as containerd writes it: `<RFC3339Nano> <stream> <P|F> <line>`.

    Each line is stamped when the runtime read it: a few hundred µs to a few ms after the time
    the process logged it, strictly increasing, so stdout and stderr interleave in write order
    (the order ``kubectl logs`` printed). A line over 16 KiB is cut into ``P`` pieces of 16384
    bytes, the rest following in an ``F`` record.
    """
    rng = random.Random(seed)
    out: list[bytes] = []
    last, previous = 0, None
    for t, stream, line in clog.lines:
        base = epoch_ns(t)
        if t != previous:  # a new write: the runtime reads it shortly after
            stamp = max(
                base + rng.randrange(250_000, 2_500_000), last + rng.randrange(2_000, 9_000)
            )
        else:  # the rest of the same write (stack frames, a multi-line message)
            stamp = last + rng.randrange(3_000, 40_000)
        data = line.encode()
        pieces = [data[i : i + CRI_MAX_LINE] for i in range(0, len(data), CRI_MAX_LINE)] or [b""]
        assert len(data) % CRI_MAX_LINE or not data, "a line of exactly N x 16 KiB"
        for k, piece in enumerate(pieces):
            stamp += rng.randrange(1_000, 6_000) if k else 0
            tag = "F" if k == len(pieces) - 1 else "P"
            out.append(f"{rfc3339_nano(stamp)} {stream} {tag} ".encode() + piece + b"\n")
        assert stamp - base < 5_000_000, (line[:60], stamp - base)
        last, previous = stamp, t
    return b"".join(out)
