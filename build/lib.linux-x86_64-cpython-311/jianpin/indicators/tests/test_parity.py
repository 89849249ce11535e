"""The same indicator values whether the feature table is queried in the database (SQLite or
PostgreSQL, whichever the run uses) or in DuckDB over its Parquet snapshot."""
from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.management import call_command

from jianpin.conftest import COUNTY
from jianpin.indicators.actions import do_refresh
from jianpin.indicators.compute import compute
from jianpin.indicators.models import Indicator, IndicatorValue, Subject
from jianpin.indicators.tests import fixture
from jianpin.registry.models import IncomeRecord

pytestmark = pytest.mark.django_db


def _values() -> dict[tuple[str, str], tuple[Decimal, Decimal | None, Decimal | None]]:
    return {(v.indicator.code, v.region_id): (v.numerator, v.denominator, v.value)
            for v in IndicatorValue.objects.select_related("indicator")}


def test_database_and_duckdb_give_the_same_values() -> None:
    fixture.build()
    # Fractions of a yuan, so that float sums and medians are exercised too.
    IncomeRecord.objects.filter(per_capita_net=3000).update(per_capita_net=Decimal("3000.33"))
    IncomeRecord.objects.filter(per_capita_net=6500).update(per_capita_net=Decimal("6500.17"))
    households = list(Indicator.objects.filter(active=True, subject=Subject.HOUSEHOLD))
    for area in (None, COUNTY):
        database = compute(fixture.YEAR, area, households, "database")
        duck = compute(fixture.YEAR, area, households, "duckdb")
        assert sorted(database[0], key=repr) == sorted(duck[0], key=repr)
        assert database[1] == duck[1]
    do_refresh(None, fixture.YEAR, None, "duckdb")
    by_duck = _values()
    call_command("indicators", "refresh", "--year", str(fixture.YEAR), "--engine", "database")
    assert _values() == by_duck
    # (3,000.33 + 5,000 + 7,000 + 9,000 + 6,500.17 + 2,000) / 6; median (5,000 + 6,500.17) / 2
    assert by_duck[("per_capita_income_mean", COUNTY)][2] == Decimal("5416.7500")
    assert by_duck[("per_capita_income_median", COUNTY)][0] == Decimal("5750.0850")
