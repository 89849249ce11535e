"""Helpers and measures are features rules can use (helpers_active, measures_count)."""
from __future__ import annotations

import datetime as dt

import pytest

from jianpin.assistance.models import Helper, Measure, Pairing, Plan
from jianpin.conftest import VILLAGE
from jianpin.registry.tests.helpers import make_household
from jianpin.rules.evaluator import hits
from jianpin.rules.parser import parse
from jianpin.screening import service

pytestmark = pytest.mark.django_db


def test_helper_and_measure_counts(reviewer) -> None:  # type: ignore[no-untyped-def]
    helped = make_household(VILLAGE, head_name="有人帮", monitoring_kind="边缘易致贫户")
    alone = make_household(VILLAGE, head_name="无人帮", monitoring_kind="边缘易致贫户")
    helper = Helper.objects.create(name="帮扶人甲", region_id=VILLAGE)
    ended = Helper.objects.create(name="帮扶人乙", region_id=VILLAGE)
    Pairing.objects.create(helper=helper, household=helped, since=dt.date(2025, 1, 1),
                           created_by=reviewer)
    Pairing.objects.create(helper=ended, household=alone, since=dt.date(2024, 1, 1),
                           until=dt.date(2024, 12, 31), created_by=reviewer)
    plan = Plan.objects.create(household=helped, updated_by=reviewer)
    for category in ("就业", "健康"):
        Measure.objects.create(plan=plan, category=category, description="措施",
                               on=dt.date(2025, 3, 1), created_by=reviewer)
    rows = {r["household_number"]: r for r in service.reference_rows(2025, None)}
    assert (rows[helped.number]["helpers_active"], rows[helped.number]["measures_count"]) == (1, 2)
    assert (rows[alone.number]["helpers_active"], rows[alone.number]["measures_count"]) == (0, 0)
    no_helper = parse("is_monitored and helpers_active = 0")
    assert [n for n, r in rows.items() if hits(no_helper, r)] == [alone.number]
