"""A household marked 风险是否已消除 = 是 is no longer a monitored household, as in the national
system (which keeps its 监测对象类别 but marks it 风险消除, docs/indicators.md): one imported that
way (kind kept) and one eliminated by jianpin's workflow (kind cleared) give the same screening
features, and the indicators count neither as monitored but both as eliminated."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from jianpin.conftest import COUNTY, VILLAGE
from jianpin.indicators.actions import do_refresh
from jianpin.indicators.models import IndicatorValue
from jianpin.registry.tests.helpers import make_household
from jianpin.screening import service

pytestmark = pytest.mark.django_db
COLUMNS = ("is_monitored", "risk_eliminated", "monitoring_kind", "months_monitored")


@pytest.fixture
def county():  # type: ignore[no-untyped-def]
    return {
        "monitored": make_household(VILLAGE, size=3, monitoring_kind="边缘易致贫户",
                                    monitoring_since=dt.date(2025, 3, 1), risk_eliminated=False),
        "imported": make_household(VILLAGE, size=2, status="脱贫户", monitoring_kind="脱贫不稳定户",
                                   monitoring_since=dt.date(2024, 5, 1), risk_eliminated=True,
                                   elimination_method="帮扶消除",
                                   risk_eliminated_on=dt.date(2025, 9, 1)),
        "workflow": make_household(VILLAGE, size=2, status="脱贫户", monitoring_kind="",
                                   monitoring_since=dt.date(2024, 5, 1), risk_eliminated=True,
                                   elimination_method="帮扶消除",
                                   risk_eliminated_on=dt.date(2025, 9, 1)),
        "ordinary": make_household(VILLAGE, size=1),
        "unknown": make_household(VILLAGE, size=2, monitoring_kind="突发严重困难户"),
    }


def test_features_of_an_eliminated_household_do_not_count_it_as_monitored(county):  # type: ignore[no-untyped-def]
    rows = {r["household_number"]: tuple(r[c] for c in COLUMNS)
            for r in service.reference_rows(2025, None, dt.date(2026, 11, 30))}
    got = {name: tuple(None if v is None else (bool(v) if c != "monitoring_kind" and c !=
                                                "months_monitored" else v)
                       for c, v in zip(COLUMNS, rows[hh.number], strict=True))
           for name, hh in county.items()}
    assert got == {
        "monitored": (True, False, "边缘易致贫户", 9),
        "imported": (False, True, "", None),
        "workflow": (False, True, "", None),
        "ordinary": (False, False, "", None),
        "unknown": (True, False, "突发严重困难户", None),
    }


def _values() -> dict[str, tuple[Any, ...]]:
    codes = ("monitored_households", "monitored_persons", "monitored_unstable",
             "monitored_marginal", "monitored_sudden", "risk_eliminated_households",
             "risk_elimination_rate", "assistance_coverage")
    return {v.indicator.code: (v.numerator, v.denominator, v.value)
            for v in IndicatorValue.objects.filter(region_id=VILLAGE, year=2025,
                                                   indicator__code__in=codes)
            .select_related("indicator")}


def test_indicators_count_eliminated_households_apart(county):  # type: ignore[no-untyped-def]
    do_refresh(None, 2025, COUNTY)
    assert _values() == {
        "monitored_households": (Decimal("2"), None, Decimal("2")),
        "monitored_persons": (Decimal("5"), None, Decimal("5")),
        "monitored_unstable": (Decimal("0"), None, Decimal("0")),
        "monitored_marginal": (Decimal("1"), None, Decimal("1")),
        "monitored_sudden": (Decimal("1"), None, Decimal("1")),
        "risk_eliminated_households": (Decimal("2"), None, Decimal("2")),
        "risk_elimination_rate": (Decimal("2"), Decimal("4"), Decimal("50")),
        "assistance_coverage": (Decimal("0"), Decimal("2"), Decimal("0")),
    }
