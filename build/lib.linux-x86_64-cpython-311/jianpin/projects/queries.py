"""Reads of the project library: scoped to the user's area, except the public disclosure."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet, Sum
from django.utils.translation import gettext as _

from jianpin.kernel.money import shown
from jianpin.projects.benefits import Counts, counts_for, masked_for
from jianpin.projects.codes import Category, FundSource, Nature, labels
from jianpin.projects.machine import NOTICE_DAYS, PUBLIC
from jianpin.projects.models import BudgetLine, Project, ProjectEvent, Status
from jianpin.regions.models import Region
from jianpin.regions.scoping import get_or_404, prefix_q, scope


def projects_for_user(user: Any) -> QuerySet[Project]:
    return scope(user, Project.objects.select_related("region"), "region_id")


def get_project_for_user(user: Any, pk: Any) -> Project:
    return get_or_404(projects_for_user(user), pk)


def project_list(user: Any, *, status: str = "", category: str = "",
                 year: int | None = None) -> QuerySet[Project]:
    qs = projects_for_user(user)
    if status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category=category)
    if year:
        qs = qs.filter(plan_year=year)
    return qs.order_by("-id")


def with_totals(rows: list[Project]) -> list[Project]:
    """Set `total` (the budget) and the labels on one page of projects (one grouped query)."""
    sums = dict(BudgetLine.objects.filter(project_id__in=[p.pk for p in rows])
                .values_list("project_id").annotate(s=Sum("amount")).order_by())
    cats, states = labels(Category.choices), labels(Status.choices)
    for p in rows:
        p.total = Decimal(sums.get(p.pk) or 0).quantize(Decimal("0.01"))  # type: ignore[attr-defined]
        p.category_label = cats.get(p.category, p.category)  # type: ignore[attr-defined]
        p.status_label = states.get(p.status, p.status)  # type: ignore[attr-defined]
    return rows


def history(project: Project) -> list[ProjectEvent]:
    return list(project.events.select_related("actor"))


@dataclass(frozen=True)
class PublicProject:
    """The fields the disclosure rules require, and nothing personal: beneficiaries appear as
    counts computed from the registry and masked names only."""

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
    counts: Counts = Counts()
    beneficiaries: tuple[str, ...] = ()   # masked names (张*丰)


def _money(line: BudgetLine, sources: dict[str, str]) -> str:
    return _("%(source)s%(amount)s元") % {"source": sources.get(line.source, line.source),
                                          "amount": shown(line.amount)}


def _notice_period(since: dt.date | None) -> str:
    if since is None:
        return ""
    until = since + dt.timedelta(days=NOTICE_DAYS)
    return _("%(since)s 至 %(until)s") % {"since": since.isoformat(), "until": until.isoformat()}


def _published(year: int | None, area: str) -> QuerySet[Project]:
    qs = Project.objects.filter(status__in=PUBLIC)
    if year:
        qs = qs.filter(plan_year=year)
    if area:
        region = Region.objects.filter(code=area).first()
        if region is None:
            return qs.none()
        qs = qs.filter(prefix_q("region_id", region.prefix))
    return qs


def public_count(*, year: int | None = None, area: str = "") -> int:
    return _published(year, area).count()


def public_projects(*, year: int | None = None, area: str = "", offset: int = 0,
                    limit: int = 100) -> list[PublicProject]:
    qs = _published(year, area).select_related("region") \
        .prefetch_related("budget", "targets").order_by("region_id", "id")
    names = _names()
    projects = list(qs[offset:offset + limit])
    ids = [p.pk for p in projects]
    counts, masked = counts_for(ids), masked_for(ids)
    return [replace(public_project(p, names), counts=counts[p.pk],
                    beneficiaries=tuple(masked[p.pk])) for p in projects]


def public_project(p: Project, names: dict[str, dict[str, str]] | None = None) -> PublicProject:
    """One project's disclosure fields (budget and targets prefetched or fetched here)."""
    names = names or _names()
    lines = list(p.budget.all())
    period = "–".join(d.isoformat() for d in (p.start_on, p.end_on) if d)
    return PublicProject(
        p.pk, p.name, names["category"][p.category], names["nature"][p.nature],
        f"{p.region.name} {p.location_detail}".strip(), p.responsible_unit, p.tasks, period,
        p.plan_year, sum((b.amount for b in lines), Decimal(0)),
        "、".join(_money(b, names["source"]) for b in lines), p.linkage,
        [(t.indicator, t.target_value, t.actual_value) for t in p.targets.all()],
        names["status"][p.status], _notice_period(p.notice_from))


def _names() -> dict[str, dict[str, str]]:
    return {"category": labels(Category.choices), "nature": labels(Nature.choices),
            "status": labels(Status.choices), "source": labels(FundSource.choices)}


def get_public_project(pk: int) -> PublicProject | None:
    p = Project.objects.filter(pk=pk, status__in=PUBLIC).select_related("region").first()
    if p is None:
        return None
    return replace(public_project(p), counts=counts_for([p.pk])[p.pk],
                   beneficiaries=tuple(masked_for([p.pk])[p.pk]))
