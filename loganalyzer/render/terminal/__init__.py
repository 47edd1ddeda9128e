"""The terminal: rich tables for a person debugging a run, and the progress bar.

In: a ``Report``. Out: text sized to the terminal. Only this package imports rich.
"""
