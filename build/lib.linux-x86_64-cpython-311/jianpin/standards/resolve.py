"""Resolve the standards that apply to regions in a year (inheritance down the tree).

Of the rows in force in the year (start year ≤ year ≤ `valid_until`), the latest start year
wins, then the most local region. A share row's value is the share times the referenced
figure (the most local figure for the region in the referenced year), rounded to whole yuan
as the texts state their lines (45% × 16,367 → 7,365); without that figure the key does not
apply (better no line than a wrong one).
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import TypedDict

from django.db.models import Q

from jianpin.standards.models import Basis, ReferenceFigure, Standard, StandardKey

Resolved = dict[str, Decimal]
LEVEL_CUTS = (0, 2, 4, 6, 9, 12)


class Origin(TypedDict):
    """One key of the standards page: the row that applies, or None, and its value."""

    key: str
    label: str
    row: Standard | None
    value: Decimal | None
    figure: Decimal | None
    figure_year: int | None


@dataclass(frozen=True)
class _Row:
    year: int
    prefix: str
    value: Decimal
    basis: str
    reference: str
    reference_year: int | None
    reference_lag: int


def _chain(code: str) -> list[str]:
    return [code[:i] for i in LEVEL_CUTS]


def in_force(year: int) -> Q:
    return Q(year__lte=year) & (Q(valid_until__isnull=True) | Q(valid_until__gte=year))


def figure_year(row: Standard | _Row, year: int) -> int:
    return row.reference_year or year - row.reference_lag


class Figures:
    """Reference figures by (key, year, prefix), loaded once for a resolution."""

    def __init__(self) -> None:
        self.by: dict[tuple[str, int], dict[str, Decimal]] = {}
        for key, year, prefix, value in ReferenceFigure.objects.values_list(
                "key", "year", "region_prefix", "value"):
            self.by.setdefault((key, year), {})[prefix] = value

    def lookup(self, key: str, year: int, code: str) -> Decimal | None:
        """The most local figure of `key` for `year` along the region's chain."""
        found = self.by.get((key, year), {})
        for prefix in reversed(_chain(code)):
            if prefix in found:
                return found[prefix]
        return None


def share_value(share: Decimal, figure: Decimal) -> Decimal:
    return (share * figure).quantize(Decimal(1), ROUND_HALF_UP)


def _amount(row: _Row, year: int, code: str, figures: Figures) -> Decimal | None:
    if row.basis != Basis.SHARE:
        return row.value
    figure = figures.lookup(row.reference, figure_year(row, year), code)
    return None if figure is None else share_value(row.value, figure)


def resolve_many(year: int, codes: Iterable[str]) -> dict[str, Resolved]:
    """For each region code, {key: value} of the rows in force in `year`."""
    best: dict[str, dict[str, list[_Row]]] = {}
    for key, row_year, prefix, value, basis, ref, ref_year, lag in Standard.objects.filter(
            in_force(year)).values_list("key", "year", "region_prefix", "value", "basis",
                                        "reference", "reference_year", "reference_lag"):
        row = _Row(row_year, prefix, value, basis, ref, ref_year, lag)
        best.setdefault(key, {}).setdefault(row.prefix, []).append(row)
    figures = Figures()
    out: dict[str, Resolved] = {}
    for code in set(codes):
        chain = set(_chain(code))
        resolved: Resolved = {}
        for key, by_prefix in best.items():
            candidates = [c for p, items in by_prefix.items() if p in chain for c in items]
            if candidates:
                row = max(candidates, key=lambda r: (r.year, len(r.prefix)))
                amount = _amount(row, year, code, figures)
                if amount is not None:
                    resolved[key] = amount
        out[code] = resolved
    return out


def resolve(year: int, code: str) -> Resolved:
    return resolve_many(year, [code])[code]


def in_transition_period(year: int, code: str) -> bool:
    """Whether the year lies in a transition period (过渡期) in force for the region."""
    return bool(resolve(year, code).get(StandardKey.TRANSITION_PERIOD))


def transition_period(year: int, code: str) -> tuple[int, int | None] | None:
    """(first year, last year) of the transition period in force, or None."""
    rows = [r for r in Standard.objects.filter(in_force(year), key=StandardKey.TRANSITION_PERIOD,
                                               region_prefix__in=_chain(code)) if r.value]
    row = max(rows, key=lambda r: (r.year, len(r.region_prefix)), default=None)
    return None if row is None else (row.year, row.valid_until)


def resolve_with_origin(year: int, code: str) -> list[Origin]:
    """Every key with its applicable row (or None) and value, for the standards page."""
    rows = Standard.objects.filter(in_force(year), region_prefix__in=_chain(code))
    figures = Figures()
    table: list[Origin] = []
    for key, label in StandardKey.choices:
        mine = [r for r in rows if r.key == key]
        row = max(mine, key=lambda r: (r.year, len(r.region_prefix)), default=None)
        item: Origin = {"key": key, "label": str(label), "row": row, "value": None, "figure": None,
                        "figure_year": None}
        if row is not None and row.basis == Basis.SHARE:
            item["figure_year"] = ref_year = figure_year(row, year)
            item["figure"] = figures.lookup(row.reference, ref_year, code)
            if item["figure"] is not None:
                item["value"] = share_value(row.value, item["figure"])
        elif row is not None:
            item["value"] = row.value
        table.append(item)
    return table
