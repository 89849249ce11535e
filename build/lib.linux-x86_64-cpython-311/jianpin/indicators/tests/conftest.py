from __future__ import annotations

from decimal import Decimal as D

import pytest

from jianpin.conftest import COUNTY, OTHER_COUNTY, SIBLING_VILLAGE, VILLAGE
from jianpin.projects.models import Status
from jianpin.projects.tests.factories import make_project
from jianpin.projects.tests.fund_factories import make_allocation, make_batch, pay
from jianpin.standards.models import Standard
from jianpin.standards.seed import FUND_ROWS

IMPL = Status.IMPLEMENTING


@pytest.fixture(autouse=True)
def _shipped_indicators(request: pytest.FixtureRequest) -> None:
    """Every test here uses the database; transactional tests flush the data migration's rows,
    so the shipped indicators are seeded again (idempotent)."""
    marker = request.node.get_closest_marker("django_db")
    transactional = marker is not None and marker.kwargs.get("transaction", False)
    request.getfixturevalue("transactional_db" if transactional else "db")
    from jianpin.indicators.definitions import seed
    from jianpin.indicators.models import Indicator

    seed(Indicator)


@pytest.fixture
def money() -> None:
    """The funds of test_funds' docstring (fund year 2025)."""
    # The shipped national share (a transactional test elsewhere may have flushed it).
    for year, code, prefix, key, value, note, until in FUND_ROWS:
        Standard.objects.get_or_create(year=year, region_code=code, key=key, defaults={
            "region_prefix": prefix, "value": D(value), "note": note, "valid_until": until})
    central = make_batch(COUNTY, source="central", amount="1000000.00")
    county = make_batch(COUNTY, source="county", amount="200000.00")
    old = make_batch(COUNTY, source="central", year=2024, amount="90000.00")
    road = make_project(VILLAGE, status=IMPL)
    cattle = make_project(SIBLING_VILLAGE, status=IMPL, category="industry")
    park = make_project(COUNTY, status=IMPL, category="industry")
    a = make_allocation(central, road, "400000.00")
    pay(a, "100000.00")
    pay(a, "50000.50")
    pay(make_allocation(central, cattle, "500000.00"), "500000.00")
    make_allocation(county, cattle, "200000.00")
    pay(make_allocation(central, park, "100000.00"), "25000.00")
    pay(make_allocation(old, road, "90000.00"), "90000.00")
    elsewhere = make_project("441481001001", status=IMPL)
    make_allocation(make_batch(OTHER_COUNTY, amount="50000.00"), elsewhere, "50000.00")
