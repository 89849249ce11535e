"""What a report is: a title, a subtitle and sections; a section is a table (headers, rows, a
totals row). Figures are formatted for people (thousands separators, two decimals for ratios)."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass
class Section:
    heading: str
    headers: list[str]
    rows: list[list[str]]
    total: list[str] | None = None


@dataclass
class ReportDoc:
    title: str
    subtitle: str
    sections: list[Section] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def fmt(value: Decimal | None, ratio: bool = False) -> str:
    if value is None:
        return "—"
    if ratio:
        return f"{value:,.2f}"
    if value == value.to_integral_value():
        return f"{int(value):,}"
    return f"{value:,.2f}"
