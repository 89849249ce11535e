"""Spreadsheet cells that are never evaluated as formulas (CSV/Excel formula injection)."""
from __future__ import annotations

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """Text a spreadsheet shows as written: a leading formula character is quoted."""
    return "'" + value if value.startswith(DANGEROUS) else value


def read_cell(value: str) -> str:
    """The text `safe_cell` was given: the quote before a formula character is taken off."""
    return value[1:] if value[:1] == "'" and value[1:].startswith(DANGEROUS) else value
