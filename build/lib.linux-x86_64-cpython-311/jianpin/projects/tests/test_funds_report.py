"""The funds report and industry share, against figures worked by hand."""
from __future__ import annotations

from decimal import Decimal

import pytest

from jianpin.conftest import COUNTY, SIBLING_VILLAGE, TOWNSHIP, VILLAGE
from jianpin.projects.funds import as_json, funds_report, rate
from jianpin.projects.models import Status
from jianpin.projects.tests.factories import make_project
from jianpin.projects.tests.fund_factories import make_allocation, make_batch, pay
from jianpin.regions.models import Region

IMPL = Status.IMPLEMENTING


def test_rate_rounds_half_up_and_is_none_without_money() -> None:
    assert rate(Decimal("3.00"), Decimal("1.00")) == Decimal("0.3333")
    assert rate(Decimal("3.00"), Decimal("2.00")) == Decimal("0.6667")
    assert rate(Decimal("0"), Decimal("0")) is None


@pytest.fixture
def county_money(db):  # type: ignore[no-untyped-def]
    """Central 1,000,000 and county 200,000 for 2025; one 2024 batch that must not count.

    road (infrastructure, VILLAGE):        central 400,000 paid 100,000 + 50,000.50
    cattle (industry, SIBLING_VILLAGE):    central 500,000 paid 500,000; county 200,000 paid 0
    other county's project: outside the area.
    """
    central = make_batch(COUNTY, source="central", amount="1000000.00")
    county = make_batch(COUNTY, source="county", amount="200000.00")
    old = make_batch(COUNTY, source="central", year=2024, amount="90000.00")
    road = make_project(VILLAGE, status=IMPL)
    cattle = make_project(SIBLING_VILLAGE, status=IMPL, category="industry")
    a = make_allocation(central, road, "400000.00")
    pay(a, "100000.00")
    pay(a, "50000.50")
    pay(make_allocation(central, cattle, "500000.00"), "500000.00")
    make_allocation(county, cattle, "200000.00")
    pay(make_allocation(old, road, "90000.00"), "90000.00")
    elsewhere = make_project("441481001001", status=IMPL)
    make_allocation(make_batch("441481000000", amount="50000.00"), elsewhere, "50000.00")


def test_county_report_as_json(county_money) -> None:  # type: ignore[no-untyped-def]
    data = as_json(funds_report(Region.objects.get(code=COUNTY), 2025))
    # allocated 400,000 + 500,000 + 200,000; paid 150,000.50 + 500,000
    assert data == {
        "area": COUNTY, "year": 2025, "allocated": "1100000.00", "disbursed": "650000.50",
        "execution_rate": "0.5909",
        "by_source": [
            {"source": "central", "allocated": "900000.00", "disbursed": "650000.50",
             "execution_rate": "0.7222"},
            {"source": "county", "allocated": "200000.00", "disbursed": "0.00",
             "execution_rate": "0.0000"}],
        "by_category": [
            {"category": "industry", "allocated": "700000.00", "disbursed": "500000.00",
             "execution_rate": "0.7143"},
            {"category": "infrastructure", "allocated": "400000.00",
             "disbursed": "150000.50", "execution_rate": "0.3750"}]}


def test_levels_areas_and_industry_share(county_money) -> None:  # type: ignore[no-untyped-def]
    report = funds_report(Region.objects.get(code=COUNTY), 2025)
    assert [(k, m.allocated) for k, m in report.by_level] == [
        ("central", Decimal("900000.00")), ("county", Decimal("200000.00"))]
    assert [(r.code, m.allocated, m.disbursed) for r, m in report.by_area] == [
        (TOWNSHIP, Decimal("1100000.00"), Decimal("650000.50"))]
    assert report.industry_central == Decimal("0.5556")   # 500,000 / 900,000
    assert report.industry_linkage == Decimal("0.6364")   # 700,000 / 1,100,000
    assert report.industry_short is True


def test_village_sees_its_own_projects_only(county_money) -> None:  # type: ignore[no-untyped-def]
    data = as_json(funds_report(Region.objects.get(code=VILLAGE), 2025))
    assert (data["allocated"], data["disbursed"], data["execution_rate"]) == \
        ("400000.00", "150000.50", "0.3750")
    assert as_json(funds_report(Region.objects.get(code=VILLAGE), 2023))["execution_rate"] is None


def test_cli_prints_the_report_as_json(county_money) -> None:  # type: ignore[no-untyped-def]
    import io
    import json

    from django.core.management import call_command

    out = io.StringIO()
    call_command("projects", "report", "funds", "--area", COUNTY, "--year", "2025", "--json",
                 stdout=out)
    assert json.loads(out.getvalue()) == as_json(funds_report(Region.objects.get(code=COUNTY), 2025))
    assert json.loads(out.getvalue())["execution_rate"] == "0.5909"
    out = io.StringIO()
    call_command("projects", "report", "funds", "--area", COUNTY, "--year", "2025", stdout=out)
    assert out.getvalue().splitlines()[0] == \
        "五华县 2025年度：下达安排 1100000.00 元，已支出 650000.50 元，支出进度 59.09%"
