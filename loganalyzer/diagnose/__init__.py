"""Diagnosis: pairs and specs -> verdicts, statistics and advice.

In: a ``Correlation``. Out: a ``Verdict`` per failed spec (``verdicts``, ``infrastructure``),
the load per write (``concurrency``), and the recommended wait and skew advice (``advice``).
"""
