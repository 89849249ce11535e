"""Reads of the project library: scoped to the user's area, except the public disclosure."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db.models import DecimalField, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from jianpin.projects.machine import NOTICE_DAYS, PUBLIC
from jianpin.projects.models import BudgetLine, Project, ProjectEvent
from jianpin.regions.models import Region
from jianpin.regions.scoping import get_or_404, prefix_q, scope

ZERO = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=2))


def projects_for_user(user: Any) -> QuerySet[Project]:
    return scope(user, Project.objects.select_related("region"), "region_id")


def get_project_for_user(user: Any, pk: Any) -> Project:
    return get_or_404(projects_for_user(user), pk)


def project_list(user: Any, *, status: str = "", category: str = "",
                 year: int | None = None) -> QuerySet[Project]:
    qs = projects_for_user(user).annotate(total=Coalesce(Sum("budget__amount"), ZERO))
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if year:
        qs = qs.filter(plan_year=year)
    return qs.order_by("-id")


def history(project: Project) -> list[ProjectEvent]:
    return list(project.events.select_related("actor"))


@dataclass(frozen=True)
class PublicProject:
    """The fields the disclosure rules require, and nothing personal (no beneficiaries)."""

    pk: int                         # for the printable notice's address
    name: str
    category: str
    nature: str
    location: str
    implementer: str
    tasks: str
    period: str
    plan_year: int | None
    total: Decimal
    sources: str
    linkage: str
    targets: list[tuple[str, str, str]]
    status: str
    notice: str                     # the pre-implementation notice period


def _money(line: BudgetLine) -> str:
    return _("%(source)s%(amount)s元") % {"source": line.get_source_display(),
                                          "amount": line.amount}


def _notice_period(since: dt.date | None) -> str:
    if since is None:
        return ""
    until = since + dt.timedelta(days=NOTICE_DAYS)
    return _("%(since)s 至 %(until)s") % {"since": since.isoformat(), "until": until.isoformat()}


def public_projects(*, year: int | None = None, area: str = "") -> list[PublicProject]:
    qs = Project.objects.filter(status__in=PUBLIC).select_related("region") \
        .prefetch_related("budget", "targets").order_by("region_id", "id")
    if year:
        qs = qs.filter(plan_year=year)
    if area:
        region = Region.objects.filter(code=area).first()
        if region is None:
            return []
        qs = qs.filter(prefix_q("region_id", region.prefix))
    return [public_project(p) for p in qs[:500]]


def public_project(p: Project) -> PublicProject:
    """One project's disclosure fields (budget and targets prefetched or fetched here)."""
    lines = list(p.budget.all())
    period = "–".join(d.isoformat() for d in (p.start_on, p.end_on) if d)
    return PublicProject(
        p.pk, p.name, p.get_category_display(), p.get_nature_display(),
        f"{p.region.name} {p.location_detail}".strip(), p.responsible_unit, p.tasks, period,
        p.plan_year, sum((b.amount for b in lines), Decimal(0)),
        "、".join(_money(b) for b in lines), p.linkage,
        [(t.indicator, t.target_value, t.actual_value) for t in p.targets.all()],
        p.get_status_display(), _notice_period(p.notice_from))


def get_public_project(pk: int) -> PublicProject | None:
    p = Project.objects.filter(pk=pk, status__in=PUBLIC).select_related("region").first()
    return None if p is None else public_project(p)
