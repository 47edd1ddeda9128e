"""Extraction: records x pattern packs -> events; the packs themselves and their checks.

In: sources and their detections. Out: a polars frame of write, intent, error and
observation events (``scan``, ``line_reader``), parsed test logs and per-input counts (``ingest``).
"""
