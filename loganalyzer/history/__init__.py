"""History: many runs in a Delta Lake store, ingested locally or on Dask, and their trends.

In: runs (folders, files, archives or URLs that ``analyze`` accepts) with the input options
of ``analyze``; out: three Delta tables under a store root (``runs``, ``specs``,
``artifacts``, partitioned by day, version ``loganalyzer.history/1``), and a
``HistoryReport`` (per-spec rates, gap trends, regressions) rendered as terminal text,
Markdown, JSON or HTML.

- ``rows``: the tables' row types, made from the report model, and their schemas
- ``task``: one run in, its rows out (what a worker runs; never raises)
- ``store``: the tables, the commit order (``runs`` last: the commit marker), lazy scans
- ``engines``: the local process pool and Dask; the client commits batches
- ``stats``: Wilson intervals, Fisher's exact test, Mann-Whitney, Benjamini-Hochberg
- ``trends``: the store's scans -> ``HistoryReport``; ``render``: its four formats

This is the only package that imports deltalake and dask.
"""
