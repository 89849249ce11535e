"""Spreadsheet cells that are never evaluated as formulas (CSV/Excel formula injection)."""
from __future__ import annotations

DANGEROUS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: str) -> str:
    """Text a spreadsheet shows as written: a leading formula character is quoted."""
    return "'" + value if value.startswith(DANGEROUS) else value
