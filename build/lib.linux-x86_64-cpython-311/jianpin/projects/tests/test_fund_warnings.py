"""Behind-plan and idle-money warnings, on a fixed 'today'."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from jianpin.conftest import COUNTY, VILLAGE
from jianpin.projects.fund_warnings import fund_warnings, planned_share
from jianpin.projects.models import Status
from jianpin.projects.tests.factories import make_project
from jianpin.projects.tests.fund_factories import make_allocation, make_batch, pay
from jianpin.regions.models import Region

D = dt.date
TODAY = D(2025, 7, 1)


def test_planned_share() -> None:
    assert planned_share(D(2025, 1, 1), D(2025, 1, 11), D(2025, 1, 4)) == Decimal("0.3000")
    assert planned_share(D(2025, 1, 1), D(2025, 1, 11), D(2024, 12, 1)) == 0
    assert planned_share(D(2025, 1, 1), D(2025, 1, 11), D(2025, 2, 1)) == 1


@pytest.mark.django_db
def test_warnings() -> None:
    batch = make_batch(COUNTY, amount="1000.00", issued_on=D(2025, 1, 10))  # 100 left unarranged
    # Period 2025-03-01..2025-10-31 (244 days); on 07-01, 122 days passed: 0.5000 expected.
    slow = make_project(VILLAGE, status=Status.IMPLEMENTING, name="慢项目")
    pay(make_allocation(batch, slow, "500.00", on=D(2025, 3, 1)), "99.99", on=D(2025, 4, 1))
    steady = make_project(VILLAGE, status=Status.IMPLEMENTING, name="正常项目")
    pay(make_allocation(batch, steady, "200.00", on=D(2025, 3, 1)), "40.00", on=D(2025, 6, 1))
    idle = make_project(VILLAGE, status=Status.PLANNED, name="闲置项目", start_on=D(2025, 8, 1))
    make_allocation(batch, idle, "200.00", on=D(2025, 4, 2))   # 90 days before 07-01: idle
    fresh = make_project(VILLAGE, status=Status.PLANNED, name="新安排项目",
                         start_on=D(2025, 8, 1))
    make_allocation(make_batch(COUNTY, amount="50.00", issued_on=D(2025, 6, 1)), fresh, "50.00",
                    on=D(2025, 6, 1))
    got = [(w.kind, w.name, w.amount, w.expected, w.actual, w.since)
           for w in fund_warnings(Region.objects.get(code=COUNTY), TODAY)]
    # slow: 0.5000 expected, 99.99 / 500 = 0.19998 -> 0.2000 paid; steady: 40 / 200 = 0.2000.
    # A gap of exactly 30 points is not behind; the rest of the batch (100) is idle.
    assert got == [
        ("idle_allocation", "闲置项目", Decimal("200.00"), None, Decimal(0), D(2025, 4, 2)),
        ("idle_batch", batch.doc_number, Decimal("100.00"), None, None, D(2025, 1, 10)),
    ]
    pay(steady.allocations.get(), "0.01", on=D(2025, 6, 2))    # no change: 0.2001
    slow_alloc = slow.allocations.get()
    slow_alloc.disbursements.all().update(amount=Decimal("99.00"))  # 0.1980: 0.302 behind
    kinds = [(w.kind, w.name, w.expected, w.actual)
             for w in fund_warnings(Region.objects.get(code=COUNTY), TODAY)]
    assert kinds[0] == ("behind", "慢项目", Decimal("0.5000"), Decimal("0.1980"))
    assert [k[0] for k in kinds] == ["behind", "idle_allocation", "idle_batch"]


@pytest.mark.django_db
def test_a_project_past_its_period_and_not_fully_paid_is_behind() -> None:
    done = make_project(VILLAGE, status=Status.ACCEPTED, name="已完工项目",
                        start_on=D(2025, 1, 1), end_on=D(2025, 5, 31))
    pay(make_allocation(make_batch(COUNTY, amount="100.00"), done, "100.00"), "99.99",
        on=D(2025, 6, 1))
    got = [(w.kind, w.amount, w.expected, w.actual)
           for w in fund_warnings(Region.objects.get(code=VILLAGE), TODAY)]
    assert got == [("behind", Decimal("0.01"), Decimal(1), Decimal("0.9999"))]


@pytest.mark.django_db
def test_warnings_of_one_fund_year() -> None:
    old = make_batch(COUNTY, amount="100.00", year=2024, issued_on=D(2024, 1, 10))
    new = make_batch(COUNTY, amount="100.00", year=2025, issued_on=D(2025, 1, 10))
    p = make_project(VILLAGE, status=Status.PLANNED, start_on=D(2025, 8, 1))
    make_allocation(old, p, "50.00", on=D(2024, 2, 1))
    make_allocation(new, p, "100.00", on=D(2025, 2, 1))
    county = Region.objects.get(code=COUNTY)
    assert [(w.kind, w.amount) for w in fund_warnings(county, TODAY, year=2025)] == [
        ("idle_allocation", Decimal("100.00"))]
    assert [(w.kind, w.amount) for w in fund_warnings(county, TODAY, year=2024)] == [
        ("idle_allocation", Decimal("50.00")), ("idle_batch", Decimal("50.00"))]
