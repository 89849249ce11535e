"""Reads of the registry, always scoped to the user's area."""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from jianpin.accounts.access import check_can
from jianpin.accounts.policy import Cap
from jianpin.audit.models import AuditEvent
from jianpin.kernel import ids
from jianpin.kernel.errors import InvalidId
from jianpin.regions.models import PREFIX_LENGTH, Region
from jianpin.regions.scoping import get_or_404, prefix_q, scope, user_prefix
from jianpin.registry import codes, monitoring
from jianpin.registry.fields import LIVING
from jianpin.registry.models import Household, IncomeRecord, Member, WorkPeriod

if TYPE_CHECKING:
    from jianpin.regions.scoping import Actor

ID_LIKE = re.compile(r"^[\d０-９]{15}$|^[\d０-９]{17}[\dXxＸｘ]$")


def households_for_user(user: Actor) -> QuerySet[Household]:
    check_can(user, Cap.READ_REGISTRY)
    return scope(user, Household.objects.all(), "village_id")


def get_household_for_user(user: Actor, pk: int) -> Household:
    """The household if it exists and lies in the user's area; 404 otherwise."""
    return get_or_404(households_for_user(user).select_related("village__parent", "group"), pk,
                      "未找到该农户")


def get_member_for_user(user: Actor, pk: int) -> Member:
    check_can(user, Cap.READ_REGISTRY)
    qs = scope(user, Member.objects.select_related("household__village"), "household__village_id")
    return get_or_404(qs, pk, "未找到该成员")


def get_work_period_for_user(user: Actor, pk: int) -> WorkPeriod:
    check_can(user, Cap.READ_REGISTRY)
    qs = scope(user, WorkPeriod.objects.select_related("member__household__village"),
               "member__household__village_id")
    return get_or_404(qs, pk, "未找到该务工时段")


def text_prefix_q(field: str, text: str) -> Q:
    """Index-friendly `field startswith text` as a range (no LIKE)."""
    return Q(**{f"{field}__gte": text, f"{field}__lt": text + "\U0010ffff"})


@dataclass(frozen=True)
class Filters:
    q: str = ""
    area: str = ""
    status: str = ""
    attribute: str = ""
    cause: str = ""
    kind: str = ""


def search(user: Actor, f: Filters) -> QuerySet[Household]:
    qs = households_for_user(user)
    if f.area and f.area.isdigit():
        region = Region.objects.filter(code=f.area).first()
        prefix = user_prefix(user) or ""
        if region is None or not region.prefix.startswith(prefix):
            return qs.none()
        qs = qs.filter(prefix_q("village_id", region.prefix))
    for field, value, allowed in (("status", f.status, codes.HouseholdStatus.values),
                                  ("attribute", f.attribute, codes.Attribute.values),
                                  ("main_cause", f.cause, codes.Cause.values)):
        if value and value in allowed:
            qs = qs.filter(**{field: value})
    qs = monitoring.filter_kind(qs, f.kind)
    q = f.q.strip()
    if not q:
        return qs
    if ID_LIKE.match(q):
        # Household numbers are often 18 digits too: look for both, each by its own index.
        by_number = Household.objects.filter(text_prefix_q("number", q)).order_by().values("pk")
        try:
            number = ids.parse(q, today=timezone.localdate()).number
        except InvalidId:
            return qs.filter(pk__in=by_number)
        holders = Member.objects.filter(id_number=number).order_by().values("household_id")
        return qs.filter(pk__in=by_number.union(holders))
    if q.isdigit():
        return qs.filter(text_prefix_q("number", q))
    return qs.filter(pk__in=name_matches(q))


def name_matches(q: str) -> QuerySet[Any]:
    """The ids of households whose head name starts with q or with a member named q, as one
    subquery (a UNION of two index lookups) for the page's own query to filter by.

    The database joins it to the area and the list's order: no id list travels to the client
    and back. An OR of both conditions in one WHERE clause would make SQLite scan the whole
    table; the UNION keeps each side on its index (the head-name range, the member name).
    """
    heads = Household.objects.filter(text_prefix_q("head_name", q)).order_by().values("pk")
    members = Member.objects.filter(name=q).order_by().values("household_id")
    return heads.union(members)


def events_of(household: Household, members: list[Member],
              incomes: list[IncomeRecord]) -> QuerySet[AuditEvent]:
    """The audit trail of a household, its members and its income records, newest first."""
    q = Q(object_type="registry.household", object_id=str(household.pk))
    if members:
        q |= Q(object_type="registry.member", object_id__in=[str(m.pk) for m in members])
    if incomes:
        q |= Q(object_type="registry.incomerecord", object_id__in=[str(r.pk) for r in incomes])
    if members:  # work periods, deleted ones too: their entries name the member
        q |= Q(object_type="registry.workperiod", diff__member_id__in=[m.pk for m in members])
    return AuditEvent.objects.filter(q).select_related("actor").order_by("-at", "-id")


def incomes_of(household: Household) -> list[IncomeRecord]:
    return list(IncomeRecord.objects.filter(household=household).order_by("year"))


def members_of(household: Household) -> list[Member]:
    """The members, each with `has_periods` (any 已外出务工信息 row) so that
    `work_periods_of` asks only when there is something to find."""
    return list(household.members.annotate(
        has_periods=Exists(WorkPeriod.objects.filter(member=OuterRef("pk"))))
        .order_by("deceased_on", "id"))


def living_of(household: Household) -> list[tuple[str, Any]]:
    """The 户信息 living conditions recorded for a household: (label, value), in the
    national sheet's order; empty when none was ever recorded."""
    if all(getattr(household, name) in (None, "") for name in LIVING):
        return []
    at = LIVING.index("toilet_type")      # 是否有卫生户厕 sits there in the national sheet
    return [(str(getattr(Household._meta.get_field(name), "verbose_name", name)),
             getattr(household, name))
            for name in (*LIVING[:at], "sanitary_toilet", *LIVING[at:])]


def work_periods_of(members: list[Member]) -> list[WorkPeriod]:
    """The members' periods of migrant work (已外出务工信息), latest first; no query when
    `members_of` found none."""
    if not any(getattr(m, "has_periods", True) for m in members):
        return []
    return list(WorkPeriod.objects.filter(member__in=members).select_related("member")
                .order_by("-start", "member_id"))


@dataclass(frozen=True)
class AreaCounts:
    region: Region | None
    households: int
    persons: int
    by_status: dict[str, int]
    by_kind: dict[str, int]    # current monitoring objects only (registry.monitoring)
    eliminated: int = 0        # 风险已消除, whatever kind the household keeps


def area_counts(user: Actor, region: Region | None) -> AreaCounts:
    """Household and person counts by status and monitoring kind within region (scoped)."""
    qs = households_for_user(user)
    if region is not None:
        qs = qs.filter(prefix_q("village_id", region.prefix))
    by_status: dict[str, int] = {}
    persons = 0
    for row in qs.values("status").annotate(n=Count("id"), p=_sum_size()):
        by_status[row["status"]] = row["n"]
        persons += row["p"] or 0
    by_kind = {row["monitoring_kind"]: row["n"] for row in
               qs.filter(monitoring.monitored_q()).values("monitoring_kind")
               .annotate(n=Count("id"))}
    eliminated = qs.filter(monitoring.eliminated_q()).count()
    return AreaCounts(region, sum(by_status.values()), persons, by_status, by_kind, eliminated)


def _sum_size() -> Any:
    from django.db.models import Sum

    return Sum("size")


def child_counts(user: Actor, region: Region | None) -> list[AreaCounts]:
    """Counts for each area directly below region, in one grouped query."""
    children = list(Region.objects.filter(parent=region).order_by("code")) if region else \
        list(Region.objects.filter(level=1))
    if not children or children[0].level > 5:
        return []
    width = PREFIX_LENGTH[children[0].level]
    qs = households_for_user(user)
    if region is not None:
        qs = qs.filter(prefix_q("village_id", region.prefix))
    from django.db.models.functions import Coalesce, Substr

    grouped: dict[str, dict[str, Any]] = {}
    rows = (qs.annotate(part=Substr("village_id", 1, width))
            .annotate(gone=Coalesce("risk_eliminated", False))
            .values("part", "status", "monitoring_kind", "gone")
            .annotate(n=Count("id"), p=_sum_size()))
    for row in rows:
        g = grouped.setdefault(row["part"], {"n": 0, "p": 0, "s": {}, "k": {}, "e": 0})
        g["n"] += row["n"]
        g["p"] += row["p"] or 0
        g["s"][row["status"]] = g["s"].get(row["status"], 0) + row["n"]
        if row["gone"]:
            g["e"] += row["n"]
        elif row["monitoring_kind"]:   # monitored now: registry.monitoring, row by row
            g["k"][row["monitoring_kind"]] = g["k"].get(row["monitoring_kind"], 0) + row["n"]
    out = []
    for child in children:
        g = grouped.get(child.prefix, {"n": 0, "p": 0, "s": {}, "k": {}, "e": 0})
        out.append(AreaCounts(child, g["n"], g["p"], g["s"], g["k"], g["e"]))
    return out
