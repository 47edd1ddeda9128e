"""Garbage collection paused while the per-file records are made.

Correlation, the report and its renderers make a few objects per file written
(a million for a large run), keep them all until the report is printed, and make
little garbage: automatic collections would only walk them again and again.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused() -> Iterator[None]:
    """No automatic collection inside; the caller's setting is restored on the way out."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # Hand the new objects to the oldest generation (two list splices, no scan), so
        # that the next collection is not one pass over everything just made.
        gc.freeze()
        gc.unfreeze()
        if was_enabled:
            gc.enable()
