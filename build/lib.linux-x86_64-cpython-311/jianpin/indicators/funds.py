"""Indicators over the projects' funds (`projects.Allocation`, `projects.Disbursement`).

A fund indicator sums `allocated` (what batches of fund year Y arranged for projects) or
`disbursed` (what was paid against those allocations, to date) over the allocations that
pass a filter: a list of conditions, all of which must hold, each `[field, op, value]` with a
field of `FIELDS` (the batch's source, its level, the project's category), op `=` / `!=` with
a code value or `in` with a list of codes, e.g. `[["source", "=", "central"]]`. The money of a
project counts in the project's region and every region above it within the area (a
county-level project counts in the county, in no township). Definitions follow
`jianpin.projects.funds`, so 支出进度 here is that report's execution rate.
"""
from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum

from jianpin.indicators import filterlist
from jianpin.indicators.compute import Computed, _value
from jianpin.indicators.models import Aggregation, Indicator
from jianpin.projects.codes import Category, FundLevel, FundSource, level_of
from jianpin.projects.models import Allocation, Disbursement
from jianpin.regions.models import PREFIX_LENGTH, Region
from jianpin.regions.scoping import prefix_q
from jianpin.rules.errors import RuleError

SUM_FIELDS = ("allocated", "disbursed")
FIELDS: dict[str, frozenset[str]] = {
    "source": frozenset(FundSource.values),
    "level": frozenset(FundLevel.values),
    "category": frozenset(Category.values),
}
Condition = list[tuple[str, str, frozenset[str]]]
Cell = tuple[str, str, str]  # (project region code, source, category)


def parse_filter(text: str) -> Condition:
    """The conditions of a fund filter; RuleError in Chinese when malformed."""
    out: Condition = []
    for item in filterlist.items(text, "资金指标"):
        if not isinstance(item, list) or len(item) != 3:
            raise RuleError(f"无法理解的条件：{item}")
        field, op, value = item
        if field not in FIELDS:
            raise RuleError(f"资金没有字段“{field}”")
        if op not in ("=", "!=", "in"):
            raise RuleError(f"未知的运算“{op}”")
        values = value if op == "in" else [value]
        if not isinstance(values, list) or not values or \
                any(v not in FIELDS[field] for v in values):
            raise RuleError(f"“{field}”没有代码值：{value}")
        out.append((field, op, frozenset(values)))
    return out


def check_fund_part(agg: str, feature: str, condition: str) -> None:
    if agg != Aggregation.SUM:
        raise RuleError("资金指标只支持求和")
    if feature not in SUM_FIELDS:
        raise RuleError(f"“{feature}”不是资金的金额字段")
    parse_filter(condition)


def _passes(cell: Cell, cond: Condition) -> bool:
    values = {"source": cell[1], "level": level_of(cell[1]), "category": cell[2]}
    for field, op, codes in cond:
        if (values[field] in codes) != (op != "!="):
            return False
    return True


def _money(year: int, prefix: str) -> dict[Cell, dict[str, Decimal]]:
    """Allocated and disbursed per (project region, source, category): two grouped queries."""
    out: dict[Cell, dict[str, Decimal]] = defaultdict(
        lambda: {"allocated": Decimal(0), "disbursed": Decimal(0)})
    for region, source, category, total in Allocation.objects.filter(
            prefix_q("project__region_id", prefix), batch__year=year).values_list(
            "project__region_id", "batch__source", "project__category") \
            .annotate(s=Sum("amount")).order_by():
        out[(region, source, category)]["allocated"] = Decimal(total)
    for region, source, category, total in Disbursement.objects.filter(
            prefix_q("allocation__project__region_id", prefix),
            allocation__batch__year=year).values_list(
            "allocation__project__region_id", "allocation__batch__source",
            "allocation__project__category").annotate(s=Sum("amount")).order_by():
        out[(region, source, category)]["disbursed"] = Decimal(total)
    return out


def compute_funds(year: int, area_code: str | None, indicators: list[Indicator],
                  top_level: int) -> list[Computed]:
    """Values of fund `indicators` in every region of the area that has fund money."""
    if not indicators:
        return []
    area = Region.objects.filter(code=area_code).first() if area_code else None
    money = _money(year, area.prefix if area else "")
    if not money:
        return []
    levels = dict(Region.objects.filter(code__in={c[0] for c in money})
                  .values_list("code", "level"))
    chains = {code: [code[:PREFIX_LENGTH[lvl]] for lvl in range(top_level, level + 1)]
              for code, level in levels.items()}
    parts: dict[tuple[int, str], dict[str, Decimal]] = {}
    for ind in indicators:
        for side, agg, feature, text in (
                ("n", ind.numerator_agg, ind.numerator_feature, ind.numerator_filter),
                ("d", ind.denominator_agg, ind.denominator_feature, ind.denominator_filter)):
            if not agg:
                continue
            cond = parse_filter(text)
            rolled: dict[str, Decimal] = defaultdict(Decimal)
            for cell, amounts in money.items():
                if _passes(cell, cond):
                    for prefix in chains.get(cell[0], []):
                        rolled[prefix] += amounts[feature]
            parts[(ind.pk, side)] = rolled
    prefixes = {p for chain in chains.values() for p in chain}
    regions = dict(Region.objects.filter(code__in=[p.ljust(12, "0") for p in prefixes])
                   .values_list("code", "prefix"))
    out: list[Computed] = []
    for ind in indicators:
        num_part, den_part = parts[(ind.pk, "n")], parts.get((ind.pk, "d"))
        has_den = bool(ind.denominator_agg)
        for code, prefix in regions.items():
            if prefix not in prefixes:
                continue
            num = num_part.get(prefix, Decimal(0))
            den = den_part.get(prefix, Decimal(0)) if den_part is not None else None
            out.append(Computed(ind.pk, code, num, den, _value(num, den, ind.factor, has_den)))
    return out

