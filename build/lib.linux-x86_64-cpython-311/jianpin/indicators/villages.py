"""Indicators over village records (`villages.VillageYear`), per region and year.

A village indicator counts villages, or sums one field of their records, over the villages
whose record passes a filter: a list of conditions, all of which must hold, each
`[field, op, value]` with a field of `FIELDS`, an op of `OPS` and a value that is a number,
true/false, or `std:KEY` (the standard in force for the village and year, e.g.
`["collective_income", ">=", "std:village_collective_income"]`). Regions add up their villages'
numerators and denominators, as household indicators do.
"""
from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.db.models import Count

from jianpin.indicators import filterlist
from jianpin.indicators.compute import Computed, _ancestors, _rolled, _value
from jianpin.indicators.models import Aggregation, Indicator
from jianpin.regions.models import Region
from jianpin.regions.scoping import prefix_q
from jianpin.rules.errors import RuleError
from jianpin.standards.models import StandardKey
from jianpin.standards.resolve import resolve_many
from jianpin.villages.criteria import relative_poor_by
from jianpin.villages.models import VillageYear

NUMBER_FIELDS = ("collective_income", "per_capita_disposable", "registered_population",
                 "poor_population", "work_team_size", "paired_units", "income_sources")
BOOL_FIELDS = ("exited_poor_village", "relocation_site", "key_assisted", "relative_poor",
               "road_hardened", "safe_water", "power", "broadband", "clinic_with_doctor",
               "school", "has_first_secretary")
FIELDS = NUMBER_FIELDS + BOOL_FIELDS
OPS: dict[str, Callable[[Any, Any], bool]] = {
    "=": lambda a, b: a is not None and a == b,
    "!=": lambda a, b: a is not None and a != b,
    "<": lambda a, b: a is not None and b is not None and a < b,
    "<=": lambda a, b: a is not None and b is not None and a <= b,
    ">": lambda a, b: a is not None and b is not None and a > b,
    ">=": lambda a, b: a is not None and b is not None and a >= b,
    "is null": lambda a, _b: a is None,
    "not null": lambda a, _b: a is not None,
}
Condition = list[tuple[str, str, Any]]


def parse_filter(text: str) -> Condition:
    """The conditions of a village filter; RuleError in Chinese when malformed."""
    out: Condition = []
    for item in filterlist.items(text, "村级指标"):
        if not isinstance(item, list) or len(item) not in (2, 3):
            raise RuleError(f"无法理解的条件：{item}")
        field, op, value = item[0], item[1], item[2] if len(item) == 3 else None
        if field not in FIELDS:
            raise RuleError(f"村级档案没有字段“{field}”")
        if op not in OPS:
            raise RuleError(f"未知的运算“{op}”")
        if isinstance(value, str) and value.startswith("std:"):
            if value[4:] not in StandardKey.values:
                raise RuleError(f"未知的标准项“{value[4:]}”")
        elif op not in ("is null", "not null") and not isinstance(value, (int, float, bool)):
            raise RuleError(f"条件的值应为数字、true/false或std:标准项：{value}")
        out.append((field, op, value))
    return out


def check_village_part(agg: str, feature: str, condition: str) -> None:
    if agg not in (Aggregation.COUNT, Aggregation.SUM):
        raise RuleError("村级指标只支持计数和求和")
    if agg == Aggregation.COUNT and feature:
        raise RuleError("计数不需要特征")
    if agg == Aggregation.SUM and feature not in NUMBER_FIELDS:
        raise RuleError(f"“{feature}”不是村级档案的数值字段")
    parse_filter(condition)


def _records(year: int, area_code: str | None) -> list[dict[str, Any]]:
    qs = VillageYear.objects.filter(year=year)
    if area_code:
        area = Region.objects.filter(code=area_code).first()
        qs = qs.filter(prefix_q("village_id", area.prefix if area else area_code))
    rows: list[dict[str, Any]] = []
    for r in qs.annotate(paired_units=Count("units", distinct=True),
                         income_sources=Count("sources", distinct=True)).values():
        row: dict[str, Any] = dict(r)
        row["has_first_secretary"] = bool(row["first_secretary"])
        rows.append(row)
    return rows


def _passes(row: dict[str, Any], cond: Condition, std: dict[str, Decimal]) -> bool:
    for field, op, value in cond:
        if isinstance(value, str) and value.startswith("std:"):
            value = std.get(value[4:])
            if value is None:
                return False  # the standard is not in force: the condition cannot hold
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            value = Decimal(str(value))
        if not OPS[op](row[field], value):
            return False
    return True


def compute_villages(year: int, area_code: str | None,
                     indicators: list[Indicator], top_level: int) -> list[Computed]:
    """Values of village `indicators` in every region of the area with village records."""
    rows = _records(year, area_code)
    if not rows or not indicators:
        return []
    std = resolve_many(year, [r["village_id"] for r in rows])
    for r in rows:   # 相对贫困村 by the standards in force now, not those of the last save
        r["relative_poor"] = relative_poor_by(std[r["village_id"]], r["per_capita_disposable"],
                                              r["registered_population"], r["poor_population"])
    out: list[Computed] = []
    prefixes: set[str] = set()
    parts: dict[tuple[int, str], dict[str, Decimal]] = {}
    for ind in indicators:
        for side, agg, feature, text in (
                ("n", ind.numerator_agg, ind.numerator_feature, ind.numerator_filter),
                ("d", ind.denominator_agg, ind.denominator_feature, ind.denominator_filter)):
            if not agg:
                continue
            cond = parse_filter(text)
            per_village: dict[str, Decimal] = {}
            for r in rows:
                if not _passes(r, cond, std[r["village_id"]]):
                    continue
                x = Decimal(1) if agg == Aggregation.COUNT else r[feature]
                if x is not None:
                    per_village[r["village_id"]] = Decimal(x)
            parts[(ind.pk, side)] = rolled = _rolled(per_village, top_level)
            prefixes |= set(rolled)
    for r in rows:
        prefixes |= set(_ancestors(r["village_id"], top_level))
    regions = dict(Region.objects.filter(code__in=[p.ljust(12, "0")[:12] for p in prefixes])
                   .values_list("code", "prefix"))
    for ind in indicators:
        num_part, den_part = parts[(ind.pk, "n")], parts.get((ind.pk, "d"))
        has_den = bool(ind.denominator_agg)
        for code, prefix in regions.items():
            num = num_part.get(prefix, Decimal(0))
            den = den_part.get(prefix, Decimal(0)) if den_part is not None else None
            out.append(Computed(ind.pk, code, num, den, _value(num, den, ind.factor, has_den)))
    return out
