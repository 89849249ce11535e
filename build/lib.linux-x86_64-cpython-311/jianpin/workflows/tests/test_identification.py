"""A full identification, objections, deadlines and the overdue list."""
from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from jianpin.audit.models import AuditEvent
from jianpin.conftest import VILLAGE
from jianpin.kernel.errors import DomainError
from jianpin.registry import codes
from jianpin.registry.models import Household
from jianpin.workflows import queries
from jianpin.workflows.actions import (
    do_open_case,
    do_record_objection,
    do_resolve_objection,
    do_transition,
)
from jianpin.workflows.models import Case, Notice, Source
from jianpin.workflows.tests.helpers import authorisation, days_ago, make_household

PROPOSAL = {"monitoring_kind": codes.MonitoringKind.MARGINAL, "risk_types": ["因病", "因灾"]}


def step(actor, case, action, **kw):  # type: ignore[no-untyped-def]
    return do_transition(actor, case, action, version=case.version, **kw)


def to_notice(cadre, **fields) -> Case:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, income="5000", **fields)
    case = do_open_case(cadre, hh, "identification", source=Source.SELF_HOTLINE,
                        summary="家人住院，收入骤降", proposal=PROPOSAL)
    case = step(cadre, case, "visit", note="已入户", files=[("authorisation", authorisation())])
    case = step(cadre, case, "cross_check")
    case = step(cadre, case, "village_review", note="评议通过 23/25")
    return step(cadre, case, "publish_notice")


def test_full_identification_sets_household_through_registry(cadre, reviewer, officer):  # type: ignore[no-untyped-def]
    # Monitored once before: its risk was eliminated in 2024; a new monitoring period starts.
    case = to_notice(cadre, risk_eliminated=True, elimination_method="自然消除",
                     risk_eliminated_on=dt.date(2024, 5, 10))
    with pytest.raises(DomainError) as err:
        step(cadre, case, "submit")
    assert err.value.code == "notice_running"
    Case.objects.filter(pk=case.pk).update(notice_from=days_ago(5))
    case.refresh_from_db()
    case = step(cadre, case, "submit")
    assert case.submitted_by_id == cadre.pk
    case = step(reviewer, case, "township_approve")
    case = step(officer, case, "county_approve")
    assert Case.objects.get(pk=case.pk).decided_at is not None
    case = step(officer, case, "announce")
    hh = Household.objects.get(pk=case.household_id)
    assert (hh.monitoring_kind, hh.risk_types, hh.monitoring_since, hh.version) == (
        "边缘易致贫户", ["因病", "因灾"], timezone.localdate(), 2)
    assert (hh.risk_eliminated, hh.elimination_method, hh.risk_eliminated_on) == (False, "", None)
    assert AuditEvent.objects.filter(action="registry.household.decision",
                                     object_id=str(hh.pk), actor=officer).count() == 1
    actions = list(case.events.values_list("action", flat=True))
    assert actions == ["open", "visit", "cross_check", "village_review", "publish_notice",
                       "submit", "township_approve", "county_approve", "announce"]
    facts = case.events.get(action="cross_check").data["facts"]
    assert facts[0] == {"code": "income", "label": "人均纯收入低于监测线", "ok": True,
                        "detail": f"人均纯收入{timezone.localdate().year - 1}年5000.00元，"
                                  f"{timezone.localdate().year - 2}年5000.00元；标准6000元"}
    notice = Notice.objects.get(pk=case.notice_id)
    assert (notice.region_id, notice.kind, notice.period) == (
        VILLAGE, "identification", f"{timezone.localdate():%Y-%m}")
    assert case.closed_at is not None


def test_one_open_case_per_household_and_kind(cadre):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    do_open_case(cadre, hh, "identification", source=Source.CADRE_SCREENING, proposal=PROPOSAL)
    with pytest.raises(DomainError) as err:
        do_open_case(cadre, hh, "identification", source=Source.SELF_APP, proposal=PROPOSAL)
    assert err.value.code == "case_already_open"
    assert Case.objects.filter(household=hh).count() == 1


def test_closed_case_allows_a_new_one(cadre):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    case = do_open_case(cadre, hh, "identification", source=Source.CADRE_SCREENING,
                        proposal=PROPOSAL)
    step(cadre, case, "withdraw", note="农户不愿申请")
    again = do_open_case(cadre, hh, "identification", source=Source.SELF_APP, proposal=PROPOSAL)
    assert Case.objects.filter(household=hh).count() == 2 and again.status == "opened"


@pytest.mark.parametrize(("proposal", "code"), [
    ({"monitoring_kind": "脱贫不稳定户", "risk_types": ["因病"]}, "kind_mismatch"),
    ({"monitoring_kind": "边缘易致贫户", "risk_types": []}, "bad_risks"),
    ({"monitoring_kind": "边缘易致贫户", "risk_types": ["因病"] * 2}, "bad_risks"),
    ({"monitoring_kind": "边缘易致贫户",
      "risk_types": ["因病", "因残", "因学", "因灾", "其他", "因意外事故"]}, "bad_risks"),
    ({"monitoring_kind": "", "risk_types": ["因病"]}, "bad_kind"),
])
def test_bad_proposal_refused(proposal, code, cadre):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    with pytest.raises(DomainError) as err:
        do_open_case(cadre, hh, "identification", source=Source.SELF_APP, proposal=proposal)
    assert err.value.code == code
    assert Case.objects.count() == 0


def test_objection_blocks_submission_until_resolved(cadre):  # type: ignore[no-untyped-def]
    case = to_notice(cadre)
    Case.objects.filter(pk=case.pk).update(notice_from=days_ago(6))
    case.refresh_from_db()
    obj = do_record_objection(cadre, case, content="该户有营运车辆", raised_by="村民甲")
    with pytest.raises(DomainError) as err:
        step(cadre, case, "submit")
    assert err.value.code == "objection_open"
    assert Case.objects.get(pk=case.pk).status == "in_notice"
    do_resolve_objection(cadre, obj, "经核实车辆已于去年转让")
    assert step(cadre, case, "submit").status == "township_review"
    assert list(case.events.values_list("action", flat=True))[-3:] == [
        "objection", "objection_resolved", "submit"]


def test_objection_only_during_notice(cadre):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    case = do_open_case(cadre, hh, "identification", source=Source.SELF_APP, proposal=PROPOSAL)
    with pytest.raises(DomainError) as err:
        do_record_objection(cadre, case, content="异议")
    assert err.value.code == "not_in_notice"
    assert case.objections.count() == 0


def test_deadline_and_overdue_list(cadre, reviewer, outsiders, settings):  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    case = do_open_case(cadre, hh, "identification", source=Source.SELF_APP, proposal=PROPOSAL)
    assert case.due_on == timezone.localdate() + dt.timedelta(days=15)
    assert list(queries.overdue(reviewer)) == []
    Case.objects.filter(pk=case.pk).update(due_on=days_ago(1))
    assert [c.pk for c in queries.overdue(reviewer)] == [case.pk]
    assert [c.pk for c in queries.overdue(cadre)] == [case.pk]
    assert list(queries.overdue(outsiders["reviewer"])) == []
    Case.objects.filter(pk=case.pk).update(status="decided")
    assert list(queries.overdue(reviewer)) == []


def test_inbox_overdue_first_and_not_own(cadre, reviewer, admin_user):  # type: ignore[no-untyped-def]
    cases = []
    for due in (10, -3, 4):
        hh = make_household(VILLAGE)
        c = do_open_case(cadre, hh, "identification", source=Source.SELF_APP, proposal=PROPOSAL)
        Case.objects.filter(pk=c.pk).update(status="township_review", submitted_by=cadre,
                                            due_on=days_ago(-due))
        cases.append(c.pk)
    assert [c.pk for c in queries.inbox(reviewer)] == [cases[1], cases[2], cases[0]]
    assert list(queries.inbox(cadre)) == []
    Case.objects.filter(pk=cases[0]).update(submitted_by=admin_user)
    assert cases[0] not in [c.pk for c in queries.inbox(admin_user)]
    assert cases[1] in [c.pk for c in queries.inbox(admin_user)]


def test_overdue_per_area(cadre, officer):  # type: ignore[no-untyped-def]
    from django.test import Client

    hh = make_household(VILLAGE)
    case = do_open_case(cadre, hh, "identification", source=Source.SELF_APP, proposal=PROPOSAL)
    Case.objects.filter(pk=case.pk).update(due_on=days_ago(3))
    assert [(r.code, n) for r, n in queries.overdue_by_area(officer)] == [("441424100000", 1)]
    c = Client()
    c.force_login(officer)
    body = c.get("/workflows/overdue/?area=441424100000").content.decode()
    assert "水寨镇" in body and f"#{case.pk}" in body
    assert f"#{case.pk}" not in c.get("/workflows/overdue/?area=441424101000").content.decode()


def test_cross_check_records_department_data(cadre):  # type: ignore[no-untyped-def]
    from jianpin.registry.models import Member
    from jianpin.screening.models import DeptRecord, DeptUpload

    hh = make_household(VILLAGE, income="5000")
    head = Member.objects.get(household=hh, relation="本人")
    Member.objects.filter(pk=head.pk).update(id_number="441424197001011234")
    for version, amount in ((1, "9000"), (2, "26000")):
        up = DeptUpload.objects.create(kind="medical", version=version, region_code="441424000000",
                                       file_name="m.csv", file_sha256=str(version) * 64)
        DeptRecord.objects.create(upload=up, kind="medical", id_number="441424197001011234",
                                  amount=amount)
    car = DeptUpload.objects.create(kind="vehicle", version=1, region_code=VILLAGE,
                                    file_name="v.csv", file_sha256="c" * 64)
    DeptRecord.objects.create(upload=car, kind="vehicle", id_number="441424197001011234",
                              value="小型轿车")
    case = do_open_case(cadre, hh, "identification", source=Source.SELF_APP, proposal=PROPOSAL)
    case = step(cadre, case, "visit", note="已入户", files=[("authorisation", authorisation())])
    case = step(cadre, case, "cross_check")
    facts = case.events.get(action="cross_check").data["facts"]
    assert facts[4:] == [
        {"code": "dept_medical", "label": "部门数据·医保报销（医保）", "ok": True,
         "detail": "李大明：26000.00元"},
        {"code": "dept_vehicle", "label": "部门数据·车辆登记（公安）（排除红线，须核实）",
         "ok": True, "detail": "李大明：小型轿车"}]
    assert "441424197001011234" not in str(case.events.get(action="cross_check").data)


def test_notice_days_come_from_standards(cadre):  # type: ignore[no-untyped-def]
    from decimal import Decimal

    from jianpin.standards.models import Standard

    Standard.objects.create(year=2020, region_code="440000000000", region_prefix="44",
                            key="notice_min_days", value=Decimal("7"))
    case = to_notice(cadre)
    Case.objects.filter(pk=case.pk).update(notice_from=days_ago(6))
    case.refresh_from_db()
    with pytest.raises(DomainError) as err:
        step(cadre, case, "submit")
    assert err.value.message.startswith("公示期不少于7天")
    Case.objects.filter(pk=case.pk).update(notice_from=days_ago(7))
    case.refresh_from_db()
    assert step(cadre, case, "submit").status == "township_review"


def test_township_approver_cannot_also_decide(cadre, admin_user, officer):  # type: ignore[no-untyped-def]
    case = to_notice(cadre)
    Case.objects.filter(pk=case.pk).update(notice_from=days_ago(5))
    case.refresh_from_db()
    case = step(cadre, case, "submit")
    case = step(admin_user, case, "township_approve")
    with pytest.raises(DomainError) as err:
        step(admin_user, case, "county_approve")
    assert err.value.code == "same_reviewer"
    case.refresh_from_db()
    assert case.status == "county_review"
    assert step(officer, case, "county_approve").status == "decided"
