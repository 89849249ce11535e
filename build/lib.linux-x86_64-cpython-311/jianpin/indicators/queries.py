"""Reads of the snapshot, limited to the user's area by `jianpin.regions.scoping`."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Max
from django.utils import timezone
from django.utils.translation import get_language

from jianpin.indicators.models import Indicator, IndicatorValue
from jianpin.regions.models import Region
from jianpin.regions.scoping import children_of, regions_for_user, user_prefix
from jianpin.standards.resolve import resolve

KEY_CODES = ("households", "persons", "poverty_incidence", "monitored_households",
             "per_capita_income_median", "under_monitoring_line_share", "assistance_coverage")


@dataclass
class Row:
    code: str
    name: str
    unit: str
    direction: str
    threshold: Decimal | None
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    has_denominator: bool = False
    subject: str = "household"


@dataclass
class Dashboard:
    region: Region | None
    parent: Region | None
    year: int
    years: list[int]
    rows: list[Row]
    key: list[Indicator]
    children: list[tuple[Region, dict[str, Decimal | None]]]
    as_of: dt.datetime | None
    chart: dict[str, Any] = field(default_factory=dict)


def _name(ind: Indicator) -> str:
    return ind.name_en if (get_language() or "").startswith("en") else ind.name


def threshold(ind: Indicator, standards: dict[str, Decimal]) -> Decimal | None:
    """The indicator's threshold: the standard it names when that is in force for the region
    and year (a share, times the factor: 0.60 → 60%), else its fixed threshold."""
    if ind.threshold_standard and ind.threshold_standard in standards:
        return standards[ind.threshold_standard] * ind.factor
    return ind.threshold


def area_values(region: Region, year: int) -> tuple[list[Row], dt.datetime | None]:
    """Every active indicator of one region and year, and when the snapshot was computed."""
    values = {v.indicator_id: v for v in IndicatorValue.objects.filter(region=region, year=year)}
    rows = []
    indicators = list(Indicator.objects.filter(active=True))
    standards = resolve(year, region.code) if any(
        i.threshold_standard for i in indicators) else {}
    for ind in indicators:
        row = Row(ind.code, _name(ind), ind.unit, ind.direction, threshold(ind, standards),
                  has_denominator=bool(ind.denominator_agg), subject=ind.subject)
        if (v := values.get(ind.pk)) is not None:
            row.value, row.numerator, row.denominator = v.value, v.numerator, v.denominator
        rows.append(row)
    as_of = max((v.computed_at for v in values.values()), default=None)
    return rows, as_of


def _area_for_user(user: Any, code: str | None) -> Region | None | bool:
    """The region asked for if it lies in the user's area, else the user's own; False: none."""
    prefix = user_prefix(user)
    if prefix is None:
        return False
    if code:
        found = regions_for_user(user).filter(code=code).first()
        if found is not None:
            return found
    return user.region if prefix else None


def dashboard_for_user(user: Any, code: str | None, year: int | None,
                       chart_code: str | None = None) -> Dashboard | None:
    """The dashboard of an area in the user's subtree (their own area by default)."""
    region = _area_for_user(user, code)
    if region is False:
        return None
    assert region is None or isinstance(region, Region)
    scoped = IndicatorValue.objects.filter(region=region) if region else IndicatorValue.objects
    years = sorted(set(scoped.values_list("year", flat=True)), reverse=True)
    if year not in years:
        year = years[0] if years else timezone.localdate().year - 1
    children = list(children_of(region))
    rows, as_of = area_values(region, year) if region else ([], None)
    key = [i for i in Indicator.objects.filter(active=True, code__in=KEY_CODES)]
    values = IndicatorValue.objects.filter(region__in=children, year=year, indicator__in=key)
    table: dict[str, dict[str, Decimal | None]] = {c.code: {} for c in children}
    codes = {i.pk: i.code for i in key}
    for v in values:
        table[v.region_id][codes[v.indicator_id]] = v.value
    with_data = [(c, table[c.code]) for c in children if table[c.code]]
    if as_of is None:
        as_of = values.aggregate(m=Max("computed_at"))["m"]
    chart_ind = next((i for i in key if i.code == chart_code), None) or next(
        (i for i in key if i.code == "monitored_households"), None)
    chart: dict[str, Any] = {}
    if chart_ind is not None:
        chart = {"code": chart_ind.code, "name": _name(chart_ind), "unit": chart_ind.unit,
                 "labels": [c.name for c, _ in with_data],
                 "values": [round(float(t.get(chart_ind.code) or 0), 2) for _, t in with_data]}
    parent = region.parent if region is not None and region.parent_id and \
        regions_for_user(user).filter(code=region.parent_id).exists() else None
    return Dashboard(region, parent, year, years, rows, key, with_data, as_of, chart)
