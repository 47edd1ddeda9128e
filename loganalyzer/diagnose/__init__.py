"""Diagnosis: pairs and specs -> verdicts, statistics and advice.

In: a ``Correlation``. Out: a ``Verdict`` per failed spec (``verdicts``, ``infrastructure``);
each pair's gap, deadline and load (``advice.measure``, with ``concurrency``); and from those
the gap histogram, the load finding and the recommended wait (``advice``).
"""
