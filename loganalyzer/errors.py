"""The one exception type the CLI turns into a one-line message and an exit code."""

from __future__ import annotations


class LogAnalyzerError(Exception):
    """A user-facing failure: bad input, bad usage, a broken pattern pack.

    >>> str(LogAnalyzerError("no such file: x.log"))
    'no such file: x.log'
    """

    exit_code = 2

    def __init__(self, message: str, *, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


class InputError(LogAnalyzerError):
    """An input path or its content cannot be used."""


class PatternError(LogAnalyzerError):
    """A pattern pack is malformed: bad TOML, a regex that does not compile, a failing sample."""
