"""Turn rows into writes through the actions: each row a call, all rows or none.

Every row goes through the same action as the pages, so the checks (access, area, amounts,
lifecycle) are the pages' own. A refused row becomes a row error; any error, or a dry run,
rolls the whole import back.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from jianpin.kernel.errors import DomainError
from jianpin.projects import actions, asset_actions, fund_actions
from jianpin.projects.codes import FundSource
from jianpin.projects.io import cells
from jianpin.projects.io.read import Sheet
from jianpin.projects.models import FundBatch, Project
from jianpin.projects.queries import get_project_for_user
from jianpin.regions.models import Region
from jianpin.regions.scoping import scope
from jianpin.registry.models import Household


@dataclass
class RowError:
    row: int
    message: str


@dataclass
class Result:
    kind: str
    rows: int
    written: int = 0
    dry_run: bool = False
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _region(user: Any, code: Any) -> Region:
    found = scope(user, Region.objects.all(), "code").filter(code=cells.region(code)).first()
    if found is None:  # one answer for absent and elsewhere
        raise DomainError("bad_region", _("区划不存在或不在管辖范围内：%(c)s") % {"c": code})
    return found


def _project(user: Any, value: Any) -> Project:
    try:
        return get_project_for_user(user, cells.number(value, _("项目编号")))
    except Http404:
        raise DomainError("bad_project", _("项目不存在或不在管辖范围内：%(v)s")
                          % {"v": cells.text(value)}) from None


def library_row(user: Any, row: dict[str, Any], wan: set[str]) -> None:
    region = _region(user, row.get("region"))
    data: dict[str, Any] = {k: cells.text(row.get(k), 200) for k in ("name", "location_detail",
                                                     "responsible_unit", "responsible_person")}
    data |= {"tasks": cells.text(row.get("tasks"), 5000),
             "linkage": cells.text(row.get("linkage"), 5000),
             "category": cells.category(row.get("category")),
             "nature": cells.nature(row.get("nature")),
             "start_on": cells.day(row.get("start_on"), _("计划开工日期")),
             "end_on": cells.day(row.get("end_on"), _("计划完工日期"))}
    # 受益户数/人数 columns are read past: the counts come from the beneficiaries chosen
    # from the registry on the project page, never from a typed figure.
    for key in ("name", "responsible_unit", "responsible_person", "tasks", "linkage"):
        if not data[key]:
            raise DomainError("required", _("必填项为空"))
    budget = {s: cells.money(row.get(f"budget:{s}"), str(label), f"budget:{s}" in wan)
              for s, label in FundSource.choices}
    if not any(budget.values()) and cells.text(row.get("lump")):
        budget = {cells.source(row.get("lump_source")):
                  cells.money(row.get("lump"), _("资金规模"), "lump" in wan)}
    targets = [actions.TargetRow(i, t) for i, t in cells.targets(row.get("targets"))]
    if not targets:
        raise DomainError("no_targets", _("未设定绩效目标的项目不能入库"))
    actions.do_create_project(user, region, data, budget=budget, targets=targets)


def plan_row(user: Any, row: dict[str, Any], wan: set[str]) -> None:
    project = _project(user, row.get("project_id"))
    name = cells.text(row.get("name"), 200)
    if name and name != project.name:
        raise DomainError("name_mismatch", _("项目编号与项目名称不符"))
    year = cells.number(row.get("plan_year"), _("计划年度"))
    actions.do_transition(user, project, "plan", version=project.version, data={"year": year})


def _batch(user: Any, row: dict[str, Any], wan: set[str]) -> FundBatch:
    region = _region(user, row.get("region"))
    src = cells.source(row.get("source"))
    doc = cells.text(row.get("doc_number"), 100)
    amount = cells.money(row.get("amount"), _("下达金额"), "amount" in wan)
    found = FundBatch.objects.filter(region=region, source=src, doc_number=doc).first()
    if found is not None:
        if found.amount != amount:
            raise DomainError("batch_differs", _("同一文号的下达金额前后不一致"))
        return found
    issued = cells.day(row.get("issued_on"), _("下达日期")) or timezone.localdate()
    return fund_actions.do_issue_batch(user, region, year=cells.number(row.get("year"), "year"),
                                       source=src, doc_number=doc, issued_on=issued,
                                       amount=amount)


def allocation_row(user: Any, row: dict[str, Any], wan: set[str]) -> None:
    batch = _batch(user, row, wan)
    if cells.text(row.get("project_id")):
        project = _project(user, row.get("project_id"))
        fund_actions.do_allocate(
            user, batch, project,
            amount=cells.money(row.get("allocated"), _("安排金额"), "allocated" in wan),
            allocated_on=cells.day(row.get("allocated_on"), _("安排日期")) or batch.issued_on)


def asset_row(user: Any, row: dict[str, Any], wan: set[str]) -> None:
    region = _region(user, row.get("region"))
    project = _project(user, row["project_id"]) if cells.text(row.get("project_id")) else None
    data: dict[str, Any] = {k: cells.text(row.get(k), 300) for k in (
        "name", "scale", "owner_name", "custodian", "upkeep", "operator", "operation_mode")}
    data |= {"kind": cells.asset_kind(row.get("kind")),
             "ownership": cells.ownership(row.get("ownership")),
             "value": cells.money(row.get("value"), _("资产原值"), "value" in wan),
             "formed_on": cells.day(row.get("formed_on"), _("形成时间"))}
    number = cells.text(row.get("household_number"), 30)
    if number:
        hh = scope(user, Household.objects.filter(number=number), "village_id").first()
        data["owner_household"] = hh.pk if hh else 0
    asset_actions.do_register_asset(user, region, data, project=project)


HANDLERS: dict[str, Callable[[Any, dict[str, Any], set[str]], None]] = {
    "library": library_row, "plan": plan_row, "allocations": allocation_row,
    "assets": asset_row}


def run_import(user: Any, sheet: Sheet, *, dry_run: bool = False) -> Result:
    """Apply every row; keep the writes only if no row failed and this is not a dry run."""
    result = Result(sheet.layout.kind, len(sheet.rows), dry_run=dry_run)
    handler = HANDLERS[sheet.layout.kind]
    with transaction.atomic():
        for number, row in sheet.rows:
            try:
                with transaction.atomic():
                    handler(user, row, sheet.wan)
                result.written += 1
            except DomainError as exc:
                result.errors.append(RowError(number, exc.message))
        if result.errors or dry_run:
            transaction.set_rollback(True)
    if result.errors:
        result.written = 0
    return result


__all__ = ["Result", "RowError", "run_import"]
