"""Reads of village records, limited to the user's area."""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db.models import Prefetch, QuerySet

from jianpin.regions.models import Region
from jianpin.regions.scoping import prefix_q, regions_for_user, scope, user_prefix
from jianpin.villages.criteria import apply_current
from jianpin.villages.models import VillageYear

if TYPE_CHECKING:
    from jianpin.regions.scoping import Actor

MAX_LIST = 500


def area_for_user(user: Actor, code: str | None) -> Region | None:
    """The region asked for when in the user's area, else the user's own (None: national)."""
    if code:
        found = regions_for_user(user).filter(code=code).first()
        if found is not None:
            return found
    return getattr(user, "region", None)


def villages_with_records(user: Actor, area: Region | None,
                          year: int) -> list[tuple[Region, VillageYear | None]]:
    """Villages of the area (at most MAX_LIST) with their record of the year, if any."""
    if user_prefix(user) is None:
        return []
    villages = scope(user, Region.objects.filter(level=5), "code")
    if area is not None:
        villages = villages.filter(prefix_q("code", area.prefix))
    chosen = list(villages.order_by("code")[:MAX_LIST])
    records = {r.village_id: r for r in VillageYear.objects.filter(
        year=year, village_id__in=[v.code for v in chosen]).prefetch_related("sources", "units")}
    apply_current(records.values())
    return [(v, records.get(v.code)) for v in chosen]


def records_for_user(user: Actor) -> QuerySet[VillageYear]:
    return scope(user, VillageYear.objects.all(), "village_id").prefetch_related(
        Prefetch("sources"), Prefetch("units"))


def village_for_user(user: Actor, code: str) -> Region | None:
    return scope(user, Region.objects.filter(level=5), "code").filter(code=code).first()


def facts_of(code: str, year: int) -> list[tuple[str, Any]]:
    """The village's figures of the year as the monitoring system's 行政村信息 sheet gave them
    (imported with a county workbook): (label, value) in the sheet's order; [] if none."""
    from jianpin.registry.models import VillageFacts

    row = VillageFacts.objects.filter(village_id=code, year=year).first()
    if row is None:
        return []
    return [(str(f.verbose_name), getattr(row, f.name)) for f in VillageFacts._meta.fields
            if f.name not in ("id", "village", "year", "updated_at")]
