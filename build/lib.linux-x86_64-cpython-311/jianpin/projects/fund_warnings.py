"""Warnings on funds (资金预警): execution behind the project's plan, and money sitting idle.

- behind: a project's execution rate trails the share of its planned period that has passed
  by more than BEHIND_GAP (30 percentage points), or the period has ended before all was paid;
- idle allocation: money arranged for a project with nothing paid after IDLE_DAYS (90 days);
- idle batch: part of a batch not arranged for any project IDLE_DAYS after it was issued.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from jianpin.projects.funds import rate
from jianpin.projects.machine import FUNDABLE
from jianpin.projects.models import Allocation, FundBatch, Project
from jianpin.regions.models import Region
from jianpin.regions.scoping import prefix_q

BEHIND_GAP = Decimal("0.30")
CENT = Decimal("0.01")
IDLE_DAYS = 90
LIMIT = 500


@dataclass(frozen=True)
class FundWarning:
    kind: str                 # behind | idle_allocation | idle_batch
    project_id: int | None
    name: str
    region: str
    amount: Decimal           # the money concerned: unpaid or unarranged
    expected: Decimal | None  # planned share of the period passed (behind only)
    actual: Decimal | None    # execution rate
    since: dt.date | None     # allocation or issue date (idle only)


def planned_share(start: dt.date, end: dt.date, today: dt.date) -> Decimal:
    """The share of the period [start, end] passed by `today`, between 0 and 1."""
    if today <= start:
        return Decimal(0)
    if today >= end:
        return Decimal(1)
    return (Decimal((today - start).days) / Decimal((end - start).days)) \
        .quantize(Decimal("0.0001"))


def _behind(area: Region, today: dt.date, year: int | None) -> list[FundWarning]:
    """Two grouped queries (allocated and paid per project), then plain arithmetic."""
    running: dict[str, Any] = {"project__status__in": FUNDABLE, "project__start_on__lt": today,
                               "project__end_on__isnull": False}
    if year:
        running["batch__year"] = year
    mine = Allocation.objects.filter(prefix_q("project__region_id", area.prefix), **running)
    allocated = dict(mine.values_list("project_id").annotate(s=Sum("amount")).order_by())
    paid = dict(mine.values_list("project_id").annotate(s=Sum("disbursements__amount"))
                .order_by())
    rows = Project.objects.filter(prefix_q("region_id", area.prefix), status__in=FUNDABLE,
                                  start_on__lt=today, end_on__isnull=False)
    out = []
    for pk, name, region, start, end in rows.order_by("region_id", "id").values_list(
            "pk", "name", "region__name", "start_on", "end_on"):
        if pk not in allocated or start is None or end is None:
            continue
        total = Decimal(allocated[pk]).quantize(CENT)
        done = Decimal(paid.get(pk) or 0).quantize(CENT)
        actual = rate(total, done) or Decimal(0)
        expected = planned_share(start, end, today)
        if expected - actual > BEHIND_GAP or (expected == 1 and actual < 1):
            out.append(FundWarning("behind", pk, name, region, total - done, expected, actual,
                                   None))
    return out


def _idle_allocations(area: Region, cutoff: dt.date, year: int | None) -> list[FundWarning]:
    rows = Allocation.objects.filter(prefix_q("project__region_id", area.prefix),
                                     allocated_on__lte=cutoff, **_year("batch__year", year)) \
        .annotate(n=Count("disbursements")).filter(n=0) \
        .select_related("project__region").order_by("allocated_on", "id")[:LIMIT]
    return [FundWarning("idle_allocation", a.project_id, a.project.name, a.project.region.name,
                        a.amount, None, Decimal(0), a.allocated_on) for a in rows]


def _idle_batches(area: Region, cutoff: dt.date, year: int | None) -> list[FundWarning]:
    rows = FundBatch.objects.filter(prefix_q("region_id", area.prefix), issued_on__lte=cutoff,
                                    **_year("year", year)) \
        .annotate(used=Sum("allocations__amount")) \
        .filter(Q(used__isnull=True) | Q(used__lt=F("amount"))) \
        .select_related("region").order_by("issued_on", "id")[:LIMIT]
    return [FundWarning("idle_batch", None, b.doc_number, b.region.name,
                        b.amount - Decimal(b.used or 0).quantize(CENT), None, None, b.issued_on)
            for b in rows]


def _year(field: str, year: int | None) -> dict[str, int]:
    return {field: year} if year else {}


def fund_warnings(area: Region, today: dt.date | None = None,
                  year: int | None = None) -> list[FundWarning]:
    """Warnings for the area's projects and batches (of fund year `year`, if given)."""
    today = today or timezone.localdate()
    cutoff = today - dt.timedelta(days=IDLE_DAYS)
    return (_behind(area, today, year)[:LIMIT] + _idle_allocations(area, cutoff, year)
            + _idle_batches(area, cutoff, year))
