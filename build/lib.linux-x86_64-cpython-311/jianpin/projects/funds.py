"""The funds report (资金支出进度): allocated, disbursed and execution rate by source, level,
category and sub-area, for one area and one fund year.

Definitions (docs/projects.md): *allocated* is what batches of year Y arranged for projects
located in the area; *disbursed* is what was paid against those allocations (拨付 and 报账, to
date); the execution rate (支出进度) is disbursed / allocated, None when nothing is allocated.
Two grouped queries fetch everything; the folding is plain Python.
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import Sum

from jianpin.projects.codes import LINKAGE_SOURCES, Category, FundLevel, FundSource, level_of
from jianpin.projects.models import Allocation, Disbursement
from jianpin.regions.models import Region
from jianpin.regions.scoping import prefix_q

ZERO = Decimal("0.00")
INDUSTRY_RULE = Decimal("0.60")  # 中央衔接资金用于产业发展的比重原则上不低于60%


def rate(allocated: Decimal, disbursed: Decimal) -> Decimal | None:
    if not allocated:
        return None
    return (disbursed / allocated).quantize(Decimal("0.0001"), rounding=ROUND_HALF_UP)


@dataclass
class Money:
    allocated: Decimal = ZERO
    disbursed: Decimal = ZERO

    @property
    def rate(self) -> Decimal | None:
        return rate(self.allocated, self.disbursed)


@dataclass
class Cell:
    source: str
    category: str
    region: str                       # the project's region code
    money: Money = field(default_factory=Money)


@dataclass
class FundsReport:
    area: Region
    year: int
    total: Money
    by_source: list[tuple[str, Money]]
    by_level: list[tuple[str, Money]]
    by_category: list[tuple[str, Money]]
    by_area: list[tuple[Region, Money]]
    industry_central: Decimal | None  # share of central 衔接资金 arranged for industry
    industry_linkage: Decimal | None  # the same over all four levels of 衔接资金

    @property
    def industry_short(self) -> bool:
        return self.industry_central is not None and self.industry_central < INDUSTRY_RULE


def _cells(area: Region, year: int) -> list[Cell]:
    where = prefix_q("project__region_id", area.prefix)
    cells: dict[tuple[str, str, str], Cell] = {}
    for row in Allocation.objects.filter(where, batch__year=year) \
            .values("batch__source", "project__category", "project__region_id") \
            .annotate(s=Sum("amount")).order_by():
        key = (row["batch__source"], row["project__category"], row["project__region_id"])
        cells[key] = Cell(*key)
        cells[key].money.allocated = Decimal(row["s"]).quantize(ZERO)
    paid = Disbursement.objects.filter(prefix_q("allocation__project__region_id", area.prefix),
                                       allocation__batch__year=year)
    for source, category, region, total in paid.values_list(
            "allocation__batch__source", "allocation__project__category",
            "allocation__project__region_id").annotate(s=Sum("amount")).order_by():
        cells[(source, category, region)].money.disbursed = Decimal(total).quantize(ZERO)
    return list(cells.values())


def _fold(cells: Iterable[Cell], key: Any) -> dict[str, Money]:
    out: dict[str, Money] = defaultdict(Money)
    for c in cells:
        m = out[key(c)]
        m.allocated += c.money.allocated
        m.disbursed += c.money.disbursed
    return out


def _ordered(groups: dict[str, Money], order: Iterable[str]) -> list[tuple[str, Money]]:
    return [(k, groups[k]) for k in order if k in groups]


def _share(cells: list[Cell], sources: frozenset[str]) -> Decimal | None:
    picked = [c for c in cells if c.source in sources]
    whole = sum((c.money.allocated for c in picked), ZERO)
    industry = sum((c.money.allocated for c in picked if c.category == Category.INDUSTRY), ZERO)
    return rate(whole, industry)


def _by_area(area: Region, cells: list[Cell]) -> list[tuple[Region, Money]]:
    children = list(Region.objects.filter(parent=area).order_by("code"))
    def child_of(c: Cell) -> str:
        return next((r.code for r in children if c.region.startswith(r.prefix)), area.code)
    groups = _fold(cells, child_of)
    return [(r, groups[r.code]) for r in children if r.code in groups]


def funds_report(area: Region, year: int) -> FundsReport:
    cells = _cells(area, year)
    total = _fold(cells, lambda c: "all").get("all", Money())
    return FundsReport(
        area, year, total,
        _ordered(_fold(cells, lambda c: c.source), FundSource.values),
        _ordered(_fold(cells, lambda c: level_of(c.source)), FundLevel.values),
        _ordered(_fold(cells, lambda c: c.category), Category.values),
        _by_area(area, cells),
        _share(cells, frozenset({FundSource.CENTRAL.value})), _share(cells, LINKAGE_SOURCES))


def _row(key: str, name: str, m: Money) -> dict[str, Any]:
    r = m.rate
    return {key: name, "allocated": str(m.allocated.quantize(ZERO)),
            "disbursed": str(m.disbursed.quantize(ZERO)),
            "execution_rate": None if r is None else str(r)}


def as_json(report: FundsReport) -> dict[str, Any]:
    """The CLI's JSON: amounts in yuan as decimal strings ("1234.50"), rates as decimal strings
    with four places ("0.7500") or null when nothing is allocated."""
    total = _row("area", report.area.code, report.total)
    return {"area": report.area.code, "year": report.year, "allocated": total["allocated"],
            "disbursed": total["disbursed"], "execution_rate": total["execution_rate"],
            "by_source": [_row("source", s, m) for s, m in report.by_source],
            "by_category": [_row("category", c, m) for c, m in report.by_category]}
