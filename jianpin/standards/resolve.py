"""Resolve the standards that apply to regions in a year (inheritance down the tree)."""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal
from typing import TypedDict

from jianpin.standards.models import Standard, StandardKey

Resolved = dict[str, Decimal]


class Origin(TypedDict):
    """One key of the standards page: the row that applies, or None."""

    key: str
    label: str
    row: Standard | None


def resolve_many(year: int, codes: Iterable[str]) -> dict[str, Resolved]:
    """For each region code, {key: value}: latest year ≤ `year`, then the most local region."""
    rows = list(Standard.objects.filter(year__lte=year)
                .values_list("key", "year", "region_prefix", "value"))
    best: dict[str, dict[str, list[tuple[int, int, Decimal]]]] = {}
    for key, row_year, prefix, value in rows:
        best.setdefault(key, {}).setdefault(prefix, []).append((row_year, len(prefix), value))
    out: dict[str, Resolved] = {}
    for code in set(codes):
        chain = {code[:i] for i in (0, 2, 4, 6, 9, 12)}
        resolved: Resolved = {}
        for key, by_prefix in best.items():
            candidates = [c for p, items in by_prefix.items() if p in chain for c in items]
            if candidates:
                resolved[key] = max(candidates)[2]
        out[code] = resolved
    return out


def resolve(year: int, code: str) -> Resolved:
    return resolve_many(year, [code])[code]


def resolve_with_origin(year: int, code: str) -> list[Origin]:
    """Every key with its applicable row (or None), for the standards page."""
    chain = [code[:i] for i in (0, 2, 4, 6, 9, 12)]
    rows = Standard.objects.filter(year__lte=year, region_prefix__in=chain)
    table: list[Origin] = []
    for key, label in StandardKey.choices:
        mine = [r for r in rows if r.key == key]
        row = max(mine, key=lambda r: (r.year, len(r.region_prefix)), default=None)
        table.append({"key": key, "label": label, "row": row})
    return table
