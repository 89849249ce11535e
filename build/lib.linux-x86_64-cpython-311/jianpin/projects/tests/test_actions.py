"""Entering and editing applications, linking beneficiaries, recording actual values."""
from __future__ import annotations

from decimal import Decimal

import pytest

from jianpin.audit.models import AuditEvent
from jianpin.conftest import SIBLING_VILLAGE, TOWNSHIP, VILLAGE
from jianpin.kernel.errors import DomainError, PermissionDenied, StaleEdit
from jianpin.projects.actions import (
    TargetRow,
    do_create_project,
    do_record_actuals,
    do_update_project,
)
from jianpin.projects.models import BudgetLine, Project, ProjectEvent, Status, Target
from jianpin.projects.tests.factories import make_project
from jianpin.regions.models import Region
from jianpin.workflows.tests.helpers import make_household

DATA = {"name": "光伏发电帮扶项目", "category": "industry", "nature": "new",
        "responsible_unit": "水寨镇人民政府", "responsible_person": "陈志强",
        "tasks": "建设村级光伏电站100千瓦", "linkage": "收益的60%用于公益岗位和奖补"}
TARGETS = [TargetRow("验收合格率", "100%"), TargetRow("受益脱贫（监测）人口数", "45人")]


def counts() -> tuple[int, int, int, int, int]:
    return (Project.objects.count(), BudgetLine.objects.count(), Target.objects.count(),
            ProjectEvent.objects.count(), AuditEvent.objects.count())


@pytest.mark.django_db
def test_create_writes_children_event_and_audit(cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    project = do_create_project(cadre, Region.objects.get(code=VILLAGE), DATA,
                                budget={"central": Decimal("300000"), "county": Decimal("50000.5"),
                                        "social": Decimal(0)},
                                targets=TARGETS, households=[hh.pk])
    assert (project.status, project.region_id, project.created_by_id) == (
        Status.DRAFT, VILLAGE, cadre.pk)
    assert sorted(project.budget.values_list("source", "amount")) == [
        ("central", Decimal("300000.00")), ("county", Decimal("50000.50"))]
    assert list(project.targets.values_list("indicator", "target_value")) == [
        ("验收合格率", "100%"), ("受益脱贫（监测）人口数", "45人")]
    assert list(project.beneficiaries.all()) == [hh]
    assert list(project.events.values_list("action", "to_status")) == [("create", "draft")]
    audit = AuditEvent.objects.get(action="projects.project.create")
    assert (audit.object_id, audit.region_code, audit.diff["name"], audit.diff["budget"]) == (
        str(project.pk), VILLAGE, "光伏发电帮扶项目",
        {"central": "300000.00", "county": "50000.50"})


@pytest.mark.django_db
def test_create_refused_out_of_area_and_by_role(cadre, auditor) -> None:  # type: ignore[no-untyped-def]
    before = counts()
    for actor, code in ((cadre, SIBLING_VILLAGE), (cadre, TOWNSHIP), (auditor, VILLAGE)):
        with pytest.raises(PermissionDenied):
            do_create_project(actor, Region.objects.get(code=code), DATA, budget={},
                              targets=TARGETS)
    assert counts() == before


@pytest.mark.django_db
def test_beneficiaries_outside_the_location_are_refused(cadre) -> None:  # type: ignore[no-untyped-def]
    elsewhere = make_household(SIBLING_VILLAGE)
    before = counts()
    with pytest.raises(DomainError) as exc:
        do_create_project(cadre, Region.objects.get(code=VILLAGE), DATA, budget={},
                          targets=TARGETS, households=[elsewhere.pk, 10**9])
    assert exc.value.code == "bad_household"
    assert counts() == before


@pytest.mark.django_db
def test_bad_budget_and_period_are_refused(cadre) -> None:  # type: ignore[no-untyped-def]
    import datetime as dt

    region = Region.objects.get(code=VILLAGE)
    before = counts()
    for budget, extra, code in (({"nowhere": Decimal(1)}, {}, "bad_source"),
                                ({"central": Decimal(-1)}, {}, "negative_amount"),
                                ({}, {"start_on": dt.date(2025, 5, 1),
                                      "end_on": dt.date(2025, 4, 1)}, "bad_period")):
        with pytest.raises(DomainError) as exc:
            do_create_project(cadre, region, DATA | extra, budget=budget, targets=TARGETS)
        assert exc.value.code == code
    assert counts() == before


@pytest.mark.django_db
def test_update_replaces_children_and_audits_the_diff(cadre) -> None:  # type: ignore[no-untyped-def]
    project = make_project(VILLAGE, created_by=cadre)
    old_name = project.name
    do_update_project(cadre, project, version=0, data=DATA | {"name": "村道改造"},
                      budget={"province": Decimal("80000")}, targets=TARGETS[:1])
    fresh = Project.objects.get(pk=project.pk)
    assert (fresh.name, fresh.version) == ("村道改造", 1)
    assert list(fresh.budget.values_list("source", "amount")) == [("province",
                                                                   Decimal("80000.00"))]
    assert list(fresh.targets.values_list("indicator", flat=True)) == ["验收合格率"]
    audit = AuditEvent.objects.get(action="projects.project.update")
    assert audit.diff["name"] == [old_name, "村道改造"]
    assert audit.diff["budget"] == [{"central": "500000.00"}, {"province": "80000.00"}]


@pytest.mark.django_db
def test_update_refused_when_stale_submitted_or_elsewhere(cadre, outsiders) -> None:  # type: ignore[no-untyped-def]
    project = make_project(VILLAGE, created_by=cadre)
    submitted = make_project(VILLAGE, status=Status.APPLIED)
    before = counts()
    cases = ((cadre, project, 5, StaleEdit), (cadre, submitted, 0, DomainError),
             (outsiders["cadre"], project, 0, PermissionDenied))
    for actor, target, version, error in cases:
        with pytest.raises(error):
            do_update_project(actor, target, version=version, data={"name": "改"},
                              budget={}, targets=[])
    assert counts() == before
    assert Project.objects.get(pk=project.pk).name.startswith("村道硬底化工程")


@pytest.mark.django_db
def test_record_actuals(officer, reviewer) -> None:  # type: ignore[no-untyped-def]
    project = make_project(VILLAGE, status=Status.ACCEPTED)
    first = project.targets.first()
    assert first is not None
    with pytest.raises(PermissionDenied):
        do_record_actuals(reviewer, project, version=0, values={first.pk: "90%"})
    draft = make_project(VILLAGE)
    with pytest.raises(DomainError):
        do_record_actuals(officer, draft, version=0, values={})
    do_record_actuals(officer, project, version=0, values={first.pk: " 98% "})
    assert Target.objects.get(pk=first.pk).actual_value == "98%"
    audit = AuditEvent.objects.get(action="projects.project.actuals")
    assert audit.diff == {"验收合格率": ["", "98%"]}
    assert Project.objects.get(pk=project.pk).version == 1
