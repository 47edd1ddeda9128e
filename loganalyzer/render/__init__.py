"""Rendering: a ``Report`` -> text in one output format; the registry the CLI uses.

In: a ``Report`` or a ``Comparison``. Out: terminal text (``terminal/``, the only user of
rich), Markdown, JSON and HTML (with its charts).
"""
