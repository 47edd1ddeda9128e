"""The report: correlation and verdicts -> the one ``Report`` every renderer reads.

In: a ``Correlation`` and its verdicts. Out: a ``Report`` (``build``), two reports side by
side (``compare``), and the ``--fail-on`` conditions that fire on one (``gating``).
"""
