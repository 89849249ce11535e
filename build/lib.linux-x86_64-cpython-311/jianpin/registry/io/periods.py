"""Months of migrant work in a year from the periods of 已外出务工信息 (see `crosscheck`).

A member's 务工时间（月） for the import year is the number of calendar months of that year
covered by any of their periods (开始时间 to 结束时间, both months counted; a period still open
runs to the end of the year, or to this month for the current year; periods marked 是否已务工 =
否 or without a start do not count; overlapping periods count once). Only members with a period
touching the year are considered: a sheet that says nothing about the year changes nothing.
Where the member sheet left the column blank the months are filled in; where it gives another
number the row is reported as `work_months_mismatch`.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.utils import timezone

from jianpin.registry.io.crosscheck import set_member_value
from jianpin.registry.io.validate import Parsed


def months_in_year(periods: Iterable[dict[str, Any]], year: int,
                   today: dt.date | None = None) -> int | None:
    """Months of `year` covered by the periods, or None when no period touches the year."""
    today = today or timezone.localdate()
    last = 12 if year < today.year else (today.month if year == today.year else 0)
    covered: set[int] = set()
    touched = False
    for p in periods:
        start, end = p.get("start"), p.get("end")
        if p.get("working") is False or start is None or (end is not None and end < start):
            continue
        first = 1 if start.year < year else (start.month if start.year == year else 13)
        if end is None:
            stop = last
        else:
            stop = 12 if end.year > year else (end.month if end.year == year else 0)
        if first <= stop:
            touched = True
            covered.update(range(first, stop + 1))
    return len(covered) if touched else None


def apply(parsed: Parsed, year: int) -> None:
    """Fill or check each member's months from their periods (`year`: the file's 年度 for a
    household that has one, else the import year)."""
    periods: dict[tuple[str, int], list[dict[str, Any]]] = {}
    rows: dict[tuple[str, int], list[int]] = {}
    for number, index, _sheet, row, values in parsed.side.get("periods", ()):
        periods.setdefault((number, index), []).append(values)
        rows.setdefault((number, index), []).append(row)
    filled = 0
    for (number, index), found in periods.items():
        hh = parsed.households.get(number)
        if hh is None or index >= len(hh.members):
            continue
        months = months_in_year(found, int(hh.meta.get("year") or year))
        if months is None:
            continue
        member = hh.members[index]
        given = member.vals.get("work_months")
        if given is None:
            set_member_value(member, "work_months", months)
            filled += 1
        elif given != months:
            where = "、".join(str(r) for r in rows[(number, index)][:5])
            parsed.error(member.sheet, member.row, parsed.column(member.sheet, "m.work_months"),
                         given, "work_months_mismatch",
                         f"务工时间填写为 {given} 个月，但已外出务工信息（第 {where} 行）的务工时段"
                         f"在 {int(hh.meta.get('year') or year)} 年共 {months} 个月")
    if filled:
        parsed.notes.append(f"{filled} 人的务工时间（月）按已外出务工信息的开始、结束时间计算"
                            "（成员表未填写的）")

