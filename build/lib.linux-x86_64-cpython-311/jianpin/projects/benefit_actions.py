"""Writes of a project's beneficiaries and of the income it pays them.

A payment to a household (务工工资 → 工资性收入; 分红 and 资产收益分配 → 财产性收入) is added to
the household's income record of that year through the registry's own write layer
(`registry.actions.do_record_income`, which recomputes the totals and audits the change). It is
added only when that year's record exists: a record made of a project's payment alone would
look like a household with almost no income. Until then it stays with the project
(`applied` false) and is added when `apply_pending` runs after the year's record is entered.
"""
from __future__ import annotations

from collections.abc import Iterable
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jianpin.accounts.access import check_can
from jianpin.accounts.policy import Cap
from jianpin.audit.actions import record
from jianpin.kernel.errors import DomainError, StaleEdit
from jianpin.projects.actions import _households
from jianpin.projects.models import IncomeKind, IncomeShare, Project, ProjectIncome, Status
from jianpin.regions.models import Region
from jianpin.registry import actions as registry_actions
from jianpin.registry.income import INCOME_FIELDS
from jianpin.registry.models import Household, IncomeRecord

CENT = Decimal("0.01")
# Beneficiaries may be chosen until the project is evaluated (the list is often settled
# during works: who was hired, who joined the cooperative).
OPEN = frozenset(Status) - {Status.EVALUATED}
PAYING = frozenset({Status.IMPLEMENTING, Status.ACCEPTED, Status.COMPLETED,
                    Status.HANDED_OVER, Status.EVALUATED})


@transaction.atomic
def do_set_beneficiaries(actor: Any, project: Project, *, version: int,
                         households: Iterable[int]) -> Project:
    """Choose the project's beneficiary households from the registry, within its location."""
    check_can(actor, Cap.PROPOSE_PROJECT, project.region_id)
    if project.status not in OPEN:
        raise DomainError("closed", _("已绩效评价的项目不能再调整受益农户"))
    chosen = _households(Region.objects.get(pk=project.region_id), households)
    before = set(project.beneficiaries.values_list("pk", flat=True))
    after = {h.pk for h in chosen}
    if not Project.objects.filter(pk=project.pk, version=version).update(version=version + 1):
        raise StaleEdit()
    project.version = version + 1
    project.beneficiaries.set(chosen)
    record(actor, "projects.project.beneficiaries", project, region_code=project.region_id,
           diff={"added": sorted(after - before), "removed": sorted(before - after)})
    return project


def _money(value: Any) -> Decimal:
    amount = Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)
    if amount <= 0:
        raise DomainError("bad_amount", _("金额须大于零"))
    return amount


def _apply(actor: Any, income: ProjectIncome) -> bool:
    """Add one payment to the household's income record of its year, if that record exists."""
    rec = IncomeRecord.objects.filter(household_id=income.household_id, year=income.year).first()
    if rec is None:
        return False
    values = {f: getattr(rec, f) for f in INCOME_FIELDS}
    component = IncomeKind(income.kind).component
    values[component] += income.amount
    registry_actions.do_record_income(actor, rec.household, income.year, values,
                                      persons=rec.persons)
    ProjectIncome.objects.filter(pk=income.pk).update(applied=True)
    income.applied = True
    return True


@transaction.atomic
def do_record_project_income(actor: Any, project: Project, household_id: int, *, year: int,
                             kind: str, amount: Any) -> ProjectIncome:
    """Record wages or a dividend the project paid to one of its beneficiary households."""
    check_can(actor, Cap.PROPOSE_PROJECT, project.region_id)
    if kind not in (IncomeKind.WAGE, IncomeKind.DIVIDEND):
        raise DomainError("bad_code", _("收入类型不在代码表内"))
    if project.status not in PAYING:
        raise DomainError("not_started", _("项目开工后方可登记带动收入"))
    if not 2000 <= year <= timezone.localdate().year:
        raise DomainError("bad_year", _("收入年度不正确"))
    household = project.beneficiaries.filter(pk=household_id).first()
    if household is None:   # one answer for absent and not a beneficiary
        raise DomainError("not_beneficiary", _("该户不是本项目的受益农户"))
    income = ProjectIncome.objects.create(project=project, household=household, year=year,
                                          kind=kind, amount=_money(amount), created_by=actor)
    applied = _apply(actor, income)
    record(actor, "projects.project.income", project, region_code=project.region_id,
           diff={"household": household.pk, "year": year, "kind": kind,
                 "amount": str(income.amount), "applied": applied})
    return income


def record_shares(actor: Any, asset_project: Project | None, year: int,
                  shares: Iterable[IncomeShare]) -> None:
    """An asset income's distribution to households (called inside the asset action, which
    has checked access and audits the income) counted as their 财产性收入."""
    for share in shares:
        income = ProjectIncome.objects.create(project=asset_project, household_id=share.household_id,
                                              year=year, kind=IncomeKind.ASSET_SHARE,
                                              amount=share.amount, share=share,
                                              created_by=actor)
        _apply(actor, income)


@transaction.atomic
def apply_pending(actor: Any, household: Household, year: int) -> int:
    """Add the payments still waiting for the household's record of `year`; how many."""
    check_can(actor, Cap.WRITE_REGISTRY, household.village_id)
    done = 0
    for income in ProjectIncome.objects.filter(household=household, year=year, applied=False):
        done += _apply(actor, income)
    return done
