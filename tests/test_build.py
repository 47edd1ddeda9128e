"""Report building: the collector is paused while the per-file records are made."""

from __future__ import annotations

import gc

import pytest

from loganalyzer.gc_pause import paused


def test_the_collector_is_paused_only_while_the_report_is_built() -> None:
    assert gc.isenabled()
    with pytest.raises(KeyError), paused():
        assert not gc.isenabled()
        raise KeyError
    assert gc.isenabled()
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()  # left as the caller had it
    finally:
        gc.enable()
