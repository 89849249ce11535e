"""Spreadsheet cells that are never evaluated as formulas (CSV/Excel formula injection)."""
from __future__ import annotations

from typing import Any

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """Text a spreadsheet shows as written: a leading formula character is quoted."""
    return "'" + value if value.startswith(DANGEROUS) else value


def read_cell(value: str) -> str:
    """The text `safe_cell` was given: the quote before a formula character is taken off."""
    return value[1:] if value[:1] == "'" and value[1:].startswith(DANGEROUS) else value


def typed_text(value: Any) -> str:
    """A cell as the user typed it: Excel keeps every number as a float, so a year typed as
    1984 is read as 1984.0; it is shown as 1984."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)
