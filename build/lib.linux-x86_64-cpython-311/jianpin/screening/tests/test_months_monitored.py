"""纳入监测月数 counts whole months to the reference date and is never negative."""
from __future__ import annotations

import datetime as dt

import pytest

from jianpin.conftest import VILLAGE
from jianpin.registry.tests.helpers import make_household
from jianpin.screening import service

pytestmark = pytest.mark.django_db


def test_months_monitored_across_year_end_and_after_the_reference_date() -> None:
    kind = "边缘易致贫户"
    wrapped = make_household(VILLAGE, monitoring_kind=kind, monitoring_since=dt.date(2024, 11, 20))
    same_day = make_household(VILLAGE, monitoring_kind=kind, monitoring_since=dt.date(2025, 12, 31))
    # Taken into monitoring this November while screening last year's income (the walkthrough).
    later = make_household(VILLAGE, monitoring_kind=kind, monitoring_since=dt.date(2026, 11, 30))
    unmonitored = make_household(VILLAGE, monitoring_since=dt.date(2024, 1, 1))
    rows = {r["household_number"]: r["months_monitored"]
            for r in service.reference_rows(2025, None, dt.date(2026, 11, 30))}
    assert rows == {wrapped.number: 13, same_day.number: 0, later.number: 0,
                    unmonitored.number: None}
