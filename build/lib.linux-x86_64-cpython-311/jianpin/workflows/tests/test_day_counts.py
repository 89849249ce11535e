"""Workflow day counts come from the standards table and follow a county's own setting."""
from __future__ import annotations

import pytest

from jianpin.conftest import COUNTY, VILLAGE
from jianpin.standards.actions import do_set_standard
from jianpin.workflows.settings import value

pytestmark = pytest.mark.django_db


def test_shipped_day_counts_and_a_county_override(officer) -> None:  # type: ignore[no-untyped-def]
    assert [value(k, VILLAGE, 2025) for k in ("notice_min_days", "case_deadline_days",
                                                "grievance_deadline_days",
                                                "visit_interval_days")] == [5, 15, 15, 90]
    do_set_standard(officer, year=2025, region_code=COUNTY, key="notice_min_days", value="7")
    assert value("notice_min_days", VILLAGE, 2025) == 7
    assert value("notice_min_days", VILLAGE, 2024) == 5  # earlier years keep the national rule
    assert value("notice_min_days", "441481001001", 2025) == 5  # another county
