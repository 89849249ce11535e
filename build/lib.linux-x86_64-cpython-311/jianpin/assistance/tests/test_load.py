"""Helper load counts households once, however many visits the helper logged."""
from __future__ import annotations

import datetime as dt

import pytest

from jianpin.assistance.models import Helper, Pairing, Visit
from jianpin.assistance.queries import helper_load
from jianpin.conftest import VILLAGE
from jianpin.registry.tests.helpers import make_household

pytestmark = pytest.mark.django_db


def test_load_counts_distinct_households(reviewer) -> None:  # type: ignore[no-untyped-def]
    helper = Helper.objects.create(name="刘帮扶", region_id=VILLAGE)
    homes = [make_household(VILLAGE, head_name=f"结对{i}") for i in range(3)]
    for hh in homes:
        Pairing.objects.create(helper=helper, household=hh, since=dt.date(2025, 1, 1),
                               created_by=reviewer)
    for day in range(1, 5):
        Visit.objects.create(household=homes[0], helper=helper, visited_on=dt.date(2025, 3, day),
                             created_by=reviewer)
    row = helper_load(reviewer).get(pk=helper.pk)
    assert (row.households, row.last_visit) == (3, dt.date(2025, 3, 4))
