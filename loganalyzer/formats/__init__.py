"""Formats: a log's lines -> records, and which format (so which role) each file has.

In: a source's head and lines. Out: a ``Detection`` per file (``detect``); controller
line formats (``controller/``) and test-log parsers (``ginkgo/``) that give a ``TestLog``;
container wrappers (``containers``); record times (``times``); the terminal control
sequences every reader strips (``ansi``); logs as people paste them, indented, prefixed,
cut and wrapped (``paste``, ``wrapped``).
"""
