"""The typed model every stage shares: plain dataclasses and enums, no polars and no I/O.

In: nothing. Out: what a test log says (``specs``), the closed vocabularies of statuses,
verdicts, states, links and observations (``status``), and what a report says: its rows
(``report``) and its ``Summary`` (``summary``). ``Report.to_dict`` is the JSON document.
"""
