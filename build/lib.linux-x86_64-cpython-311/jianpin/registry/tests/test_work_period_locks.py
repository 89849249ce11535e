"""The approval lock of a period of migrant work is its years' lock, not today's: an approved
year refuses edits to periods in it (form edits and imports) and open years stay editable."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from jianpin.audit.models import AuditEvent
from jianpin.conftest import TOWNSHIP, VILLAGE
from jianpin.kernel.errors import DomainError
from jianpin.registry.import_actions import do_import_work_periods
from jianpin.registry.models import Household, Member, WorkPeriod
from jianpin.registry.period_actions import (
    do_add_work_period,
    do_delete_work_period,
    do_update_work_period,
    years_of,
)
from jianpin.registry.tests.helpers import make_household
from jianpin.workflows.models import DataApproval

pytestmark = pytest.mark.django_db
LOCKED = "2024年12月数据已审批锁定，须由上级撤销审批后才能修改"


def _period(start: dt.date | None, end: dt.date | None) -> dict[str, object]:
    return {"working": True, "county": "广东省深圳市宝安区", "channel": "自主就业",
            "start": start, "end": end, "monthly_income": Decimal("4500.00"),
            "travel_subsidy": Decimal("600.00")}


def _state() -> tuple[object, ...]:
    return (list(WorkPeriod.objects.order_by("id").values()), AuditEvent.objects.count(),
            list(Household.objects.order_by("id").values_list("id", "version")))


@pytest.fixture
def member(db) -> Member:  # type: ignore[no-untyped-def]
    DataApproval.objects.create(region_id=TOWNSHIP, period="2024", status="approved")
    return make_household(VILLAGE, head_name="陈建国").members.get()


def test_years_a_period_touches() -> None:
    today = dt.date(2026, 12, 1)
    assert list(years_of(dt.date(2023, 11, 1), dt.date(2024, 2, 29), today)) == [2023, 2024]
    assert list(years_of(dt.date(2024, 3, 1), None, today)) == [2024, 2025, 2026]
    assert list(years_of(dt.date(2027, 3, 1), None, today)) == [2027]
    assert list(years_of(None, dt.date(2022, 5, 31), today)) == [2022]
    assert list(years_of(None, None, today)) == [2026]


@pytest.mark.parametrize(("start", "end"), [
    (dt.date(2024, 3, 1), dt.date(2024, 10, 31)),
    (dt.date(2023, 11, 1), dt.date(2024, 2, 29)),      # ends in the locked year
    (dt.date(2024, 12, 1), dt.date(2025, 6, 30)),      # starts in it
    (dt.date(2023, 3, 1), None),                       # still running through it
])
def test_adding_a_period_in_an_approved_year_is_refused(member, cadre, start, end) -> None:  # type: ignore[no-untyped-def]
    before = _state()
    with pytest.raises(DomainError) as err:
        do_add_work_period(cadre, member, _period(start, end))
    assert (err.value.code, err.value.message) == ("locked", LOCKED)
    assert _state() == before


def test_periods_of_open_years_stay_editable(member, cadre) -> None:  # type: ignore[no-untyped-def]
    period = do_add_work_period(cadre, member, _period(dt.date(2025, 3, 1), dt.date(2025, 10, 31)))
    do_update_work_period(cadre, period, monthly_income=Decimal("5200.00"))
    do_update_work_period(cadre, period, end=dt.date(2025, 11, 30))
    assert WorkPeriod.objects.values_list("start", "end", "monthly_income").get() == (
        dt.date(2025, 3, 1), dt.date(2025, 11, 30), Decimal("5200.00"))
    do_delete_work_period(cadre, WorkPeriod.objects.get())
    assert WorkPeriod.objects.count() == 0
    assert list(AuditEvent.objects.order_by("id").values_list("action", flat=True)) == [
        "registry.workperiod.create", "registry.workperiod.update",
        "registry.workperiod.update", "registry.workperiod.delete"]


def test_editing_or_deleting_a_period_of_an_approved_year_is_refused(member, cadre) -> None:  # type: ignore[no-untyped-def]
    locked = WorkPeriod.objects.create(member=member, **_period(dt.date(2024, 3, 1),
                                                                 dt.date(2024, 10, 31)))
    open_ = WorkPeriod.objects.create(member=member, **_period(dt.date(2025, 3, 1),
                                                                dt.date(2025, 10, 31)))
    before = _state()
    for call in (lambda: do_update_work_period(cadre, locked, county="广东省东莞市"),
                 lambda: do_update_work_period(cadre, locked, start=dt.date(2025, 1, 1),
                                               end=dt.date(2025, 2, 28)),   # moved out of 2024
                 lambda: do_update_work_period(cadre, open_, start=dt.date(2024, 12, 1)),  # into
                 lambda: do_delete_work_period(cadre, locked)):
        with pytest.raises(DomainError) as err:
            call()
        assert (err.value.code, err.value.message) == ("locked", LOCKED)
    assert _state() == before


def test_a_lock_on_this_year_leaves_a_past_open_year_editable(cadre) -> None:  # type: ignore[no-untyped-def]
    DataApproval.objects.create(region_id=TOWNSHIP, period=str(timezone.localdate().year),
                                status="approved")
    member = make_household(VILLAGE).members.get()
    period = WorkPeriod.objects.create(member=member, **_period(dt.date(2023, 3, 1),
                                                                 dt.date(2023, 10, 31)))
    do_update_work_period(cadre, period, county="广东省东莞市")
    assert WorkPeriod.objects.values_list("county", flat=True).get() == "广东省东莞市"


def test_an_import_changing_periods_of_an_approved_year_is_refused(member) -> None:  # type: ignore[no-untyped-def]
    key = (member.household.number, member.id_number, "")
    WorkPeriod.objects.create(member=member, **_period(dt.date(2024, 3, 1), dt.date(2024, 10, 31)))
    before = _state()
    with pytest.raises(DomainError) as err:
        do_import_work_periods(None, {key: [_period(dt.date(2024, 3, 1), dt.date(2024, 9, 30))]})
    assert (err.value.code, err.value.message) == ("locked", LOCKED)
    assert _state() == before


def test_an_import_leaving_an_approved_year_as_it_is_is_accepted(member) -> None:  # type: ignore[no-untyped-def]
    key = (member.household.number, member.id_number, "")
    WorkPeriod.objects.create(member=member, **_period(dt.date(2024, 3, 1), dt.date(2024, 10, 31)))
    same = _period(dt.date(2024, 3, 1), dt.date(2024, 10, 31))
    assert do_import_work_periods(None, {key: [same]}) == 1
    added = _period(dt.date(2025, 3, 1), None)
    assert do_import_work_periods(None, {key: [same, added]}) == 2
    assert list(WorkPeriod.objects.order_by("start").values_list("start", "end")) == [
        (dt.date(2024, 3, 1), dt.date(2024, 10, 31)), (dt.date(2025, 3, 1), None)]
