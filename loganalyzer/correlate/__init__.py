"""Correlation: events x test logs -> pairs.

In: the events frame and the test logs. Out: a ``Correlation`` (``pairs``): each written
file linked to the spec attempt that waited for it (``links``, ``mentions``), judged
observed, unobserved or orphan (``observations``), with any clock skew.
"""
