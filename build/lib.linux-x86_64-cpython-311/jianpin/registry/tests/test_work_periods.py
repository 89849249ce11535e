"""A member's periods of migrant work (已外出务工信息) are added, edited and deleted through
registry.period_actions: area check, approval lock, exact audit entries; the pages use them."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import timezone

from jianpin.audit.models import AuditEvent
from jianpin.conftest import SIBLING_VILLAGE, TOWNSHIP, VILLAGE
from jianpin.kernel.errors import DomainError, PermissionDenied, StaleEdit
from jianpin.registry.models import Household, WorkPeriod
from jianpin.registry.period_actions import (
    do_add_work_period,
    do_delete_work_period,
    do_update_work_period,
)
from jianpin.registry.tests.helpers import make_household

pytestmark = pytest.mark.django_db
SHENZHEN = {"working": True, "county": "广东省深圳市宝安区", "channel": "自主就业",
            "start": dt.date(2025, 3, 1), "end": None, "monthly_income": Decimal("4500.00"),
            "travel_subsidy": Decimal("600.00")}


def _entries() -> list[tuple[object, ...]]:
    return list(AuditEvent.objects.order_by("id").values_list(
        "actor__username", "action", "object_type", "object_id", "region_code", "note", "diff"))


def _state() -> tuple[object, ...]:
    return (list(WorkPeriod.objects.order_by("id").values()), AuditEvent.objects.count(),
            list(Household.objects.order_by("id").values_list("id", "version")))


def test_add_edit_delete_with_exact_audit_entries(cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, head_name="陈建国")
    member = hh.members.get()
    period = do_add_work_period(cadre, member, SHENZHEN, version=1)
    pk = str(period.pk)
    do_update_work_period(cadre, period, version=2, end=dt.date(2025, 11, 30),
                          monthly_income=Decimal("5200.00"))
    do_delete_work_period(cadre, WorkPeriod.objects.get(pk=period.pk), version=3)
    assert WorkPeriod.objects.count() == 0
    assert Household.objects.get(pk=hh.pk).version == 4
    assert _entries() == [
        ("cadre", "registry.workperiod.create", "registry.workperiod", pk, VILLAGE, "陈建国",
         {"member_id": member.pk, "working": True, "county": "广东省深圳市宝安区",
          "channel": "自主就业", "start": "2025-03-01", "end": None, "monthly_income": "4500.00",
          "travel_subsidy": "600.00"}),
        ("cadre", "registry.workperiod.update", "registry.workperiod", pk, VILLAGE, "陈建国",
         {"member_id": member.pk, "end": [None, "2025-11-30"],
          "monthly_income": ["4500.00", "5200.00"]}),
        ("cadre", "registry.workperiod.delete", "registry.workperiod", pk, VILLAGE, "陈建国",
         {"member_id": member.pk, "working": True, "county": "广东省深圳市宝安区",
          "channel": "自主就业", "start": "2025-03-01", "end": "2025-11-30",
          "monthly_income": "5200.00", "travel_subsidy": "600.00"}),
    ]


def test_refused_in_an_approval_locked_village_and_nothing_changes(cadre) -> None:  # type: ignore[no-untyped-def]
    from jianpin.workflows.models import DataApproval

    hh = make_household(VILLAGE)
    member = hh.members.get()
    period = WorkPeriod.objects.create(member=member, **SHENZHEN)
    DataApproval.objects.create(region_id=TOWNSHIP, period=str(timezone.localdate().year),
                                status="approved")
    before = _state()
    for call in (lambda: do_add_work_period(cadre, member, SHENZHEN),
                 lambda: do_update_work_period(cadre, period, county="广东省东莞市"),
                 lambda: do_delete_work_period(cadre, period)):
        with pytest.raises(DomainError) as err:
            call()
        assert err.value.code == "locked"
    assert _state() == before


def test_refused_outside_the_area_and_nothing_changes(cadre) -> None:  # type: ignore[no-untyped-def]
    far = make_household(SIBLING_VILLAGE)
    member = far.members.get()
    period = WorkPeriod.objects.create(member=member, **SHENZHEN)
    before = _state()
    for call in (lambda: do_add_work_period(cadre, member, SHENZHEN),
                 lambda: do_update_work_period(cadre, period, county="广东省东莞市"),
                 lambda: do_delete_work_period(cadre, period)):
        with pytest.raises(PermissionDenied):
            call()
    assert _state() == before


@pytest.mark.parametrize(("change", "code"), [
    ({"end": dt.date(2025, 2, 1)}, "end_before_start"),
    ({"monthly_income": Decimal("-1")}, "negative_amount"),
    ({"member_id": 1}, "bad_field"),
])
def test_bad_values_refused_and_nothing_changes(change, code, cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    period = WorkPeriod.objects.create(member=hh.members.get(), **SHENZHEN)
    before = _state()
    with pytest.raises(DomainError) as err:
        do_update_work_period(cadre, period, **change)
    assert err.value.code == code and _state() == before


def test_add_with_an_unknown_field_refused_and_nothing_changes(cadre) -> None:  # type: ignore[no-untyped-def]
    member = make_household(VILLAGE).members.get()
    before = _state()
    with pytest.raises(DomainError) as err:
        do_add_work_period(cadre, member, dict(SHENZHEN, work_months=9))
    assert (err.value.code, err.value.message) == ("bad_field", "不可修改的字段：work_months")
    assert _state() == before


def test_stale_edit_refused(cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE)
    period = WorkPeriod.objects.create(member=hh.members.get(), **SHENZHEN)
    before = _state()
    with pytest.raises(StaleEdit):
        do_update_work_period(cadre, period, version=7, county="广东省东莞市")
    assert _state() == before


def test_pages_add_edit_delete_and_show_the_change_log(cadre) -> None:  # type: ignore[no-untyped-def]
    hh = make_household(VILLAGE, head_name="陈建国")
    member = hh.members.get()
    c = Client()
    c.force_login(cadre)
    r = c.post(f"/registry/members/{member.pk}/work-periods/new/", {
        "version": 1, "working": "true", "county": "广东省深圳市宝安区", "channel": "自主就业",
        "start": "2025-03-01", "end": "", "monthly_income": "4500", "travel_subsidy": ""})
    period = WorkPeriod.objects.get()
    assert (r.status_code, r["Location"]) == (302, f"/registry/households/{hh.pk}/")
    assert (period.working, period.county, period.start, period.end, period.monthly_income,
            period.travel_subsidy) == (True, "广东省深圳市宝安区", dt.date(2025, 3, 1), None,
                                       Decimal("4500.00"), None)
    r = c.post(f"/registry/work-periods/{period.pk}/edit/", {
        "version": 2, "working": "true", "county": "广东省深圳市宝安区", "channel": "自主就业",
        "start": "2025-03-01", "end": "2025-01-31", "monthly_income": "4500",
        "travel_subsidy": ""})
    assert r.status_code == 200 and "结束时间不能早于开始时间" in r.content.decode()
    r = c.post(f"/registry/work-periods/{period.pk}/edit/", {
        "version": 2, "working": "true", "county": "广东省东莞市", "channel": "自主就业",
        "start": "2025-03-01", "end": "2025-11-30", "monthly_income": "4500",
        "travel_subsidy": ""})
    assert r.status_code == 302
    assert [e.diff for e in AuditEvent.objects.filter(action="registry.workperiod.update")] == [
        {"member_id": member.pk, "county": ["广东省深圳市宝安区", "广东省东莞市"],
         "end": [None, "2025-11-30"]}]
    body = c.get(f"/registry/households/{hh.pk}/").content.decode()
    assert f"/registry/work-periods/{period.pk}/edit/" in body
    assert "务工所在县：广东省深圳市宝安区 → 广东省东莞市" in body
    r = c.post(f"/registry/work-periods/{period.pk}/delete/", {"version": 3})
    assert r.status_code == 302 and WorkPeriod.objects.count() == 0
    body = c.get(f"/registry/households/{hh.pk}/").content.decode()
    assert body.count("registry.workperiod.") == 3 and 'id="work-periods"' not in body
