"""相对贫困村 from the texts' criteria, read from the standards of the village and year:
per-capita disposable income below `relative_village_income` (8,000 yuan) and poor residents
at least `relative_village_poor_share` (5%) of the registered population (seed 003)."""
from __future__ import annotations

from decimal import Decimal

from django.db.models import Count, Q

from jianpin.registry.models import Member
from jianpin.standards.resolve import resolve


def relative_poor(village_code: str, year: int, per_capita: Decimal | None,
                  registered: int | None, poor: int | None) -> bool | None:
    """True or False by the criteria in force; None when they are not in force for the year
    or a figure is missing."""
    std = resolve(year, village_code)
    income_line = std.get("relative_village_income")
    share_floor = std.get("relative_village_poor_share")
    if income_line is None or share_floor is None:
        return None
    if per_capita is None or not registered or poor is None:
        return None
    return per_capita < income_line and Decimal(poor) / Decimal(registered) >= share_floor


def registry_counts(village_code: str) -> tuple[int, int]:
    """(registered persons, persons of 贫困户) in the registry's current state, as a hint."""
    got = Member.objects.filter(household__village_id=village_code).aggregate(
        total=Count("pk"), poor=Count("pk", filter=Q(household__status="贫困户")))
    return int(got["total"]), int(got["poor"])
