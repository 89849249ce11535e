"""相对贫困村 from the texts' criteria, read from the standards of the village and year:
per-capita disposable income below `relative_village_income` (8,000 yuan) and poor residents
at least `relative_village_poor_share` (5%) of the registered population (seed 003).

The flag saved with a record is the one of the standards at the time; readers (the village
pages, the village indicators) recompute it from the standards in force now with
`relative_poor_by` / `apply_current`, so a changed standard shows without saving every record
again."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal

from django.db.models import Count, Q

from jianpin.registry.models import Member
from jianpin.standards.resolve import resolve, resolve_many
from jianpin.villages.models import VillageYear


def relative_poor(village_code: str, year: int, per_capita: Decimal | None,
                  registered: int | None, poor: int | None) -> bool | None:
    """True or False by the criteria in force; None when they are not in force for the year
    or a figure is missing."""
    return relative_poor_by(resolve(year, village_code), per_capita, registered, poor)


def relative_poor_by(std: Mapping[str, Decimal], per_capita: Decimal | None,
                     registered: int | None, poor: int | None) -> bool | None:
    """The same from the standards resolved for the village and year."""
    income_line = std.get("relative_village_income")
    share_floor = std.get("relative_village_poor_share")
    if income_line is None or share_floor is None:
        return None
    if per_capita is None or not registered or poor is None:
        return None
    return per_capita < income_line and Decimal(poor) / Decimal(registered) >= share_floor


def apply_current(records: Iterable[VillageYear]) -> None:
    """Set each record's `relative_poor` (in memory, not saved) by the standards in force now
    for its village and year."""
    by_year: dict[int, list[VillageYear]] = {}
    for r in records:
        by_year.setdefault(r.year, []).append(r)
    for year, rows in by_year.items():
        std = resolve_many(year, [r.village_id for r in rows])
        for r in rows:
            r.relative_poor = relative_poor_by(std[r.village_id], r.per_capita_disposable,
                                               r.registered_population, r.poor_population)


def registry_counts(village_code: str) -> tuple[int, int]:
    """(registered persons, persons of 贫困户) in the registry's current state, as a hint."""
    got = Member.objects.filter(household__village_id=village_code).aggregate(
        total=Count("pk"), poor=Count("pk", filter=Q(household__status="贫困户")))
    return int(got["total"]), int(got["poor"])
