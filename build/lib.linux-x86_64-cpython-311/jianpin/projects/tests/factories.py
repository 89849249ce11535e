"""Projects placed in a given region, for the URL scoping matrix and the app's tests."""
from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Callable
from decimal import Decimal

from jianpin.accounts.models import Role, User
from jianpin.projects.codes import AssetKind, Category, FundSource, Ownership
from jianpin.projects.models import Asset, BudgetLine, Objection, Project, Status, Target

_N = itertools.count(1)


def make_project(code: str, *, status: str = Status.DRAFT, targets: bool = True,
                 budget: Decimal = Decimal("500000.00"), created_by: User | None = None,
                 **fields: object) -> Project:
    if created_by is None:
        created_by = User.objects.create(username=f"pj_factory_{next(_N)}",
                                         role=Role.VILLAGE_CADRE, region_id=code)
    values: dict[str, object] = {
        "name": f"村道硬底化工程{next(_N)}", "category": Category.INFRASTRUCTURE,
        "responsible_unit": "县交通运输局", "responsible_person": "王建国",
        "tasks": "硬化村道1.2公里，宽4.5米", "start_on": dt.date(2025, 3, 1),
        "end_on": dt.date(2025, 10, 31),
        "linkage": "优先吸纳脱贫户务工，按日结算劳务报酬"}
    values.update(fields)
    project = Project.objects.create(region_id=code, status=status, created_by=created_by,
                                     **values)
    if budget:
        BudgetLine.objects.create(project=project, source=FundSource.CENTRAL, amount=budget)
    if targets:
        Target.objects.create(project=project, indicator="验收合格率", target_value="100%")
        Target.objects.create(project=project, indicator="受益脱贫（监测）人口数",
                              target_value="36人")
    return project


def _project(code: str) -> dict[str, object]:
    return {"pk": make_project(code).pk}


def _funds(kind: str) -> Callable[[str], dict[str, object]]:
    def make(code: str) -> dict[str, object]:
        from jianpin.projects.tests import fund_factories  # it builds on make_project
        return fund_factories.AREA_FACTORIES[kind](code)
    return make


def _asset(code: str) -> dict[str, object]:
    return {"pk": make_asset(code).pk}


def make_asset(code: str, *, project: Project | None = None, **fields: object) -> Asset:
    values: dict[str, object] = {
        "name": f"村级光伏电站{next(_N)}", "kind": AssetKind.OPERATING, "scale": "100千瓦",
        "value": Decimal("420000.00"), "formed_on": dt.date(2024, 6, 30),
        "ownership": Ownership.COLLECTIVE, "owner_name": "村股份经济合作社",
        "custodian": "村股份经济合作社", "upkeep": "日常巡检、清洗组件，每年检修一次"}
    values.update(fields)
    user = User.objects.create(username=f"as_factory_{next(_N)}", role=Role.COUNTY_OFFICER,
                               region_id=code)
    return Asset.objects.create(region_id=code, project=project, created_by=user, **values)


def _public_project(code: str) -> dict[str, object]:
    return {"pk": make_project(code, status=Status.NOTICED, notice_from=dt.date(2025, 3, 1)).pk}


def _objection(code: str) -> dict[str, object]:
    project = make_project(code, status=Status.NOTICED, notice_from=dt.date(2025, 3, 1))
    return {"pk": Objection.objects.create(project=project, raised_on=dt.date(2025, 3, 2),
                                           content="占地补偿未落实", raised_by="村民",
                                           recorded_by=project.created_by).pk}


AREA_FACTORIES = {"project": _project, "asset": _asset, "public_project": _public_project,
                  "project_objection": _objection, **{k: _funds(k) for k in ("batch", "allocation",
                                                                    "disbursement")}}
