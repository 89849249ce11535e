"""Reads of the assistance app, always scoped to the user's area."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from jianpin.assistance.models import Helper, Measure, Pairing, Plan, Visit, VisitPhoto
from jianpin.regions.scoping import area_q, get_or_404, scope
from jianpin.registry.models import Household
from jianpin.workflows import settings as wf_settings

if TYPE_CHECKING:
    from jianpin.regions.scoping import Actor


def helpers_for_user(user: Actor) -> QuerySet[Helper]:
    return scope(user, Helper.objects.select_related("region", "user"), "region_id")


def get_helper_for_user(user: Actor, pk: int) -> Helper:
    return get_or_404(helpers_for_user(user), pk)


def households_for_user(user: Actor) -> QuerySet[Household]:
    return scope(user, Household.objects.select_related("village"), "village_id")


def get_household_for_user(user: Actor, pk: int) -> Household:
    return get_or_404(households_for_user(user), pk)


def get_pairing_for_user(user: Actor, pk: int) -> Pairing:
    qs = scope(user, Pairing.objects.select_related("household", "helper"),
               "household__village_id")
    return get_or_404(qs, pk)


def get_photo_for_user(user: Actor, pk: int) -> VisitPhoto:
    qs = scope(user, VisitPhoto.objects.select_related("visit"), "visit__household__village_id")
    return get_or_404(qs, pk)


def helper_load(user: Actor) -> QuerySet[Helper]:
    """Helpers in the area with their active paired households in the area, busiest first.

    A helper may be paired with households outside the user's area (a township reviewer pairs
    across villages): those are neither counted nor dated here.
    """
    paired = Q(pairings__until__isnull=True) & area_q(user, "pairings__household__village_id")
    return helpers_for_user(user).filter(active=True).annotate(
        # distinct: the visits join multiplies pairing rows
        households=Count("pairings", filter=paired, distinct=True),
        last_visit=Max("visits__visited_on",
                       filter=area_q(user, "visits__household__village_id")),
    ).order_by("-households", "name")


@dataclass(frozen=True)
class HelperHousehold:
    household: Household
    since: dt.date
    last_visit: dt.date | None
    days_since: int | None
    due: bool


def helper_households(user: Actor, helper: Helper) -> list[HelperHousehold]:
    """The helper's paired households in the user's area, those due for a visit first."""
    today = timezone.localdate()
    interval = int(wf_settings.value("visit_interval_days", helper.region_id, today.year))
    pairings = list(scope(user, helper.pairings.filter(until__isnull=True),
                          "household__village_id").select_related("household",
                                                                  "household__village"))
    last = dict(Visit.objects.filter(household__in=[p.household_id for p in pairings])
                .values("household_id").annotate(last=Max("visited_on"))
                .values_list("household_id", "last"))
    rows = []
    for p in pairings:
        seen = last.get(p.household_id)
        days = (today - seen).days if seen else None
        rows.append(HelperHousehold(p.household, p.since, seen, days,
                                    days is None or days > interval))
    return sorted(rows, key=lambda r: (not r.due, -(r.days_since or 10**6), r.household.number))


def plan_of(household: Household) -> Plan | None:
    return Plan.objects.filter(household=household).first()


def measures_of(household: Household) -> list[Measure]:
    return list(Measure.objects.filter(plan__household=household).select_related("created_by"))


@dataclass(frozen=True)
class Summary:
    """What the household page shows of a household's assistance."""
    measures: int
    last_visit: dt.date | None


def summary_of(household: Household) -> Summary:
    """The number of measures and the last visit's date, in one query (the household page
    reads only these; `measures_of` and `visits_of` load every row)."""
    last = Visit.objects.filter(household=OuterRef("pk")).order_by("-visited_on", "-id") \
        .values("visited_on")[:1]
    count = Measure.objects.filter(plan__household=OuterRef("pk")).order_by() \
        .values("plan__household").annotate(n=Count("pk")).values("n")[:1]
    row = Household.objects.filter(pk=household.pk).values_list(
        Subquery(last), Coalesce(Subquery(count), 0)).first()
    return Summary(int(row[1]), row[0]) if row else Summary(0, None)


def visits_of(household: Household) -> list[Visit]:
    return list(Visit.objects.filter(household=household).select_related("helper")
                .prefetch_related("photos")[:100])


def pairings_of(household: Household) -> list[Pairing]:
    return list(Pairing.objects.filter(household=household).select_related("helper"))
