"""All writes of the project library: access-checked, atomic, audited."""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from jianpin.accounts.access import check_can
from jianpin.accounts.policy import Cap
from jianpin.audit.actions import record, snapshot
from jianpin.kernel.errors import DomainError, StaleEdit
from jianpin.projects.codes import FundSource
from jianpin.projects.machine import ACTUALS_OPEN, EDITABLE, MACHINE
from jianpin.projects.models import BudgetLine, Project, ProjectEvent, Status, Target
from jianpin.regions.models import Region
from jianpin.regions.scoping import prefix_q
from jianpin.registry.models import Household
from jianpin.workflows.machines.base import run

FIELDS = ["name", "category", "nature", "location_detail", "responsible_unit",
          "responsible_person", "tasks", "start_on", "end_on", "plan_year", "linkage"]


@dataclass(frozen=True)
class TargetRow:
    indicator: str
    target_value: str
    actual_value: str = ""


def _check_budget(budget: Mapping[str, Decimal]) -> dict[str, Decimal]:
    valid = set(FundSource.values)
    out = {}
    for source, amount in budget.items():
        if source not in valid:
            raise DomainError("bad_source", _("资金来源不在代码表内"))
        if amount < 0:
            raise DomainError("negative_amount", _("金额不能为负数"))
        if amount:
            out[source] = Decimal(amount).quantize(Decimal("0.01"))
    return out


def _check_period(data: Mapping[str, Any]) -> None:
    if data.get("start_on") and data.get("end_on") and data["end_on"] < data["start_on"]:
        raise DomainError("bad_period", _("计划完工日期不能早于开工日期"))


def _households(region: Region, ids: Iterable[int]) -> list[Household]:
    wanted = set(ids)
    found = list(Household.objects.filter(prefix_q("village_id", region.prefix), pk__in=wanted))
    if len(found) != len(wanted):  # one answer for absent and elsewhere: no existence oracle
        raise DomainError("bad_household", _("部分户编号不存在或不在项目建设地点范围内"))
    return found


def _write_children(project: Project, budget: dict[str, Decimal],
                    targets: Iterable[TargetRow]) -> None:
    project.budget.all().delete()
    BudgetLine.objects.bulk_create(BudgetLine(project=project, source=s, amount=a)
                                   for s, a in budget.items())
    project.targets.all().delete()
    Target.objects.bulk_create(Target(project=project, indicator=t.indicator.strip(),
                                      target_value=t.target_value.strip(),
                                      actual_value=t.actual_value.strip())
                               for t in targets if t.indicator.strip())


def _children(project: Project) -> dict[str, Any]:
    return {"budget": {b.source: str(b.amount) for b in project.budget.all()},
            "targets": [[t.indicator, t.target_value, t.actual_value]
                        for t in project.targets.all()]}


@transaction.atomic
def do_create_project(actor: Any, region: Region, data: Mapping[str, Any], *,
                      budget: Mapping[str, Decimal], targets: Iterable[TargetRow],
                      households: Iterable[int] = ()) -> Project:
    """Enter a draft project (村级/乡级录入) located in `region`."""
    check_can(actor, Cap.PROPOSE_PROJECT, region.code)
    _check_period(data)
    lines = _check_budget(budget)
    beneficiaries = _households(region, households)
    project = Project.objects.create(region=region, created_by=actor,
                                     **{k: data[k] for k in FIELDS if k in data})
    _write_children(project, lines, targets)
    project.beneficiaries.set(beneficiaries)
    ProjectEvent.objects.create(project=project, action="create", label=gettext_noop("录入"),
                                from_status="",
                                to_status=project.status, actor=actor)
    record(actor, "projects.project.create", project, region_code=region.code,
           diff=snapshot(project, FIELDS + ["region_id", "status"]) | _children(project))
    return project


@transaction.atomic
def do_update_project(actor: Any, project: Project, *, version: int, data: Mapping[str, Any],
                      budget: Mapping[str, Decimal], targets: Iterable[TargetRow],
                      households: Iterable[int] = ()) -> Project:
    """Edit a draft or returned application; the version guards against lost updates."""
    check_can(actor, Cap.PROPOSE_PROJECT, project.region_id)
    if project.status not in EDITABLE:
        raise DomainError("not_editable", _("只有草稿或已退回的项目可以修改"))
    _check_period(data)
    lines = _check_budget(budget)
    region = Region.objects.get(pk=project.region_id)
    beneficiaries = _households(region, households)
    before = snapshot(project, FIELDS) | _children(project)
    changes = {k: data[k] for k in FIELDS if k in data}
    moved = Project.objects.filter(pk=project.pk, version=version, status__in=EDITABLE) \
        .update(**changes, version=version + 1)
    if not moved:
        raise StaleEdit()
    project.refresh_from_db()
    _write_children(project, lines, targets)
    project.beneficiaries.set(beneficiaries)
    after = snapshot(project, FIELDS) | _children(project)
    record(actor, "projects.project.update", project, region_code=project.region_id,
           diff={k: [before[k], after[k]] for k in after if before[k] != after[k]})
    return project


def do_transition(actor: Any, project: Project, action: str, *, version: int, note: str = "",
                  data: Mapping[str, Any] | None = None) -> Project:
    """Take one lifecycle step (one event row and one audit event; see machine.py)."""
    result: Project = run(MACHINE, actor, project, action, version=version, note=note,
                          data=dict(data or {}))
    return result


@transaction.atomic
def do_record_actuals(actor: Any, project: Project, *, version: int,
                      values: Mapping[int, str]) -> Project:
    """Record the actual values of performance targets (实际完成值) from implementation on."""
    check_can(actor, Cap.DECIDE_PROJECT, project.region_id)
    if project.status not in ACTUALS_OPEN:
        raise DomainError("not_open", _("项目实施后、绩效评价前方可填报实际完成值"))
    if not Project.objects.filter(pk=project.pk, version=version).update(version=version + 1):
        raise StaleEdit()
    project.version = version + 1
    diff = {}
    for target in project.targets.filter(pk__in=list(values)):
        new = values[target.pk].strip()[:50]
        if new != target.actual_value:
            diff[target.indicator] = [target.actual_value, new]
            target.actual_value = new
            target.save(update_fields=["actual_value"])
    record(actor, "projects.project.actuals", project, region_code=project.region_id, diff=diff)
    return project


__all__ = ["Status", "TargetRow", "do_create_project", "do_record_actuals", "do_transition",
           "do_update_project"]
