"""How big the screen is: columns for wrapping, lines for the default view (stdlib only)."""

from __future__ import annotations

import os
import shutil

DEFAULT_WIDTH = 120  # output to a pipe or file: wide enough for the tables
DEFAULT_HEIGHT = 60  # rows of pairs a default view may show


def terminal_width(is_terminal: bool) -> int:
    """``COLUMNS`` when set, else the terminal's width, else 120."""
    return _size("COLUMNS", 0, is_terminal) or DEFAULT_WIDTH


def terminal_height(is_terminal: bool) -> int:
    """``LINES`` when set, else the terminal's height, else 60."""
    return _size("LINES", 1, is_terminal) or DEFAULT_HEIGHT


def _size(variable: str, index: int, is_terminal: bool) -> int:
    value = os.environ.get(variable, "")
    if value.isdigit() and int(value) > 0:
        return int(value)
    if is_terminal:
        size = shutil.get_terminal_size((0, 0))[index]
        return size if size > 0 else 0
    return 0
