"""The typed model every stage shares: plain dataclasses and enums, no polars and no I/O.

In: nothing. Out: what a test log says (``specs``) and what a report says (``report``).
"""
