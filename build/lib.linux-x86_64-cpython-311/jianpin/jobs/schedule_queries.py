"""Reads for the schedules page: the counties of the user's area with their schedules."""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from jianpin.jobs.models import Schedule
from jianpin.jobs.schedules import KINDS, Kind
from jianpin.regions.models import Level, Region
from jianpin.regions.scoping import scope

if TYPE_CHECKING:
    from jianpin.regions.scoping import Actor

MAX_COUNTIES = 200


@dataclass
class Row:
    county: Region
    kind: Kind
    schedule: Schedule | None

    @property
    def day(self) -> int:
        return self.schedule.day if self.schedule else self.kind.day

    @property
    def hour(self) -> int:
        return self.schedule.hour if self.schedule else self.kind.hour

    @property
    def minute(self) -> int:
        return self.schedule.minute if self.schedule else self.kind.minute


def schedule_rows(user: Actor, area: str = "") -> list[Row]:
    """Each county of the user's area (under `area` when given), each kind: its schedule or None."""
    counties = scope(user, Region.objects.filter(level=Level.COUNTY), "code")
    if area:
        counties = counties.filter(code__startswith=area.rstrip("0")[:6] or area)
    counties = counties.order_by("code")[:MAX_COUNTIES]
    have = {(s.region_id, s.kind): s for s in Schedule.objects.filter(
        region__in=list(counties)).select_related("last_job")}
    return [Row(c, k, have.get((c.code, k.code))) for c in counties for k in KINDS.values()]
