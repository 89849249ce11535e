"""Households that entered or left monitoring in a month or a year (新识别监测对象, 风险消除).

The snapshot keeps no dates, so this part of a report reads the registry's 纳入监测时间 and
消除监测时间 (set by the identification and risk-elimination workflows, or imported) at the
moment the report is generated. Persons are the households' 家庭人口.
"""
from __future__ import annotations

import calendar
import datetime as dt
from collections import Counter
from decimal import Decimal

from django.db.models import Q

from jianpin.indicators.report_doc import Section, fmt
from jianpin.regions.models import Region
from jianpin.regions.scoping import prefix_q
from jianpin.registry.codes import EliminationMethod
from jianpin.registry.models import Household

HEADERS = ["新识别监测户数（户）", "新识别监测人数（人）", "风险消除户数（户）", "风险消除人数（人）",
           "其中帮扶消除（户）", "其中自然消除（户）"]
NOTE = ("新识别和风险消除按户的纳入监测时间、消除监测时间统计（生成报表时的建档数据），"
        "人数为家庭人口。")
KEYS = ("new", "new_persons", "gone", "gone_persons", EliminationMethod.ASSISTED,
        EliminationMethod.NATURAL)


def period(year: int, month: int | None) -> tuple[dt.date, dt.date]:
    """The first and last day of the month, or of the year when no month is given."""
    if month is None:
        return dt.date(year, 1, 1), dt.date(year, 12, 31)
    return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])


def counts(area: Region, rows_of: list[Region], year: int,
           month: int | None) -> dict[str, Counter[str]]:
    """Per row region (and the area itself): households and persons identified and eliminated
    in the period, eliminations by method."""
    first, last = period(year, month)
    out: dict[str, Counter[str]] = {r.code: Counter() for r in [*rows_of, area]}
    found = Household.objects.filter(prefix_q("village_id", area.prefix)).filter(
        Q(monitoring_since__range=(first, last)) | Q(risk_eliminated_on__range=(first, last)))
    for village, size, since, until, method in found.values_list(
            "village_id", "size", "monitoring_since", "risk_eliminated_on", "elimination_method"):
        row = next((r.code for r in rows_of if village.startswith(r.prefix)), None)
        for counter in [out[area.code]] + ([out[row]] if row else []):
            if since is not None and first <= since <= last:
                counter.update({"new": 1, "new_persons": size})
            if until is not None and first <= until <= last:
                counter.update({"gone": 1, "gone_persons": size, method: 1})
    return out


def movement(heading: str, area: Region, rows_of: list[Region], year: int, month: int | None,
             first: str) -> Section:
    found = counts(area, rows_of, year, month)

    def line(name: str, code: str) -> list[str]:
        return [name] + [fmt(Decimal(found[code][k])) for k in KEYS]

    return Section(heading, [first, *HEADERS], [line(r.name, r.code) for r in rows_of],
                   line("合计", area.code))
