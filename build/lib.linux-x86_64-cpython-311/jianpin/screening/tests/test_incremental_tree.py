"""After a change of standards or of the region tree, an incremental run screens exactly the
households under the region it concerns and leaves the warnings a full run leaves."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction

from jianpin.conftest import COUNTY, VILLAGE
from jianpin.regions.models import Region
from jianpin.registry.models import Household
from jianpin.screening import actions
from jianpin.screening.models import ScreeningRun
from jianpin.screening.tests.fixture import build
from jianpin.screening.tests.test_store import Rollback, _state
from jianpin.screening.tests.test_tree_marks import EVERYONE, IN_VILLAGE
from jianpin.standards.models import NATIONAL, Standard

pytestmark = pytest.mark.django_db


def _scenario(full: bool) -> list[tuple[Any, ...]]:
    steps: list[tuple[Any, ...]] = []

    def step() -> None:
        run, result = actions.run_now(rule_set=None, year=2024, area_code=None, engine=None,
                                      full=full)
        run.refresh_from_db()
        runs = list(ScreeningRun.objects.order_by("pk").values_list("pk", flat=True))
        again = None if result.rescreened is None else set(Household.objects.filter(
            pk__in=result.rescreened).values_list("number", flat=True))
        steps.append((again, run.households_screened, run.hits, run.new_warnings, _state(runs)))

    try:
        with transaction.atomic():
            step()
            # The county's monitoring line rises from 6000 to 9500 yuan.
            Standard.objects.create(year=2024, region_code=COUNTY, region_prefix="441424",
                                    key="monitoring_line", value=Decimal("9500"))
            step()
            Region.objects.filter(code=VILLAGE).update(name="新村")
            step()
            # A national line the county overrides: every household is marked all the same.
            Standard.objects.filter(region_code=NATIONAL, key="monitoring_line",
                                    year=2021).update(value=Decimal("6100"))
            step()
            raise Rollback
    except Rollback:
        pass
    return steps


def test_incremental_runs_after_tree_changes_equal_full_runs() -> None:
    build()
    full = _scenario(True)
    incremental = _scenario(False)
    assert [s[0] for s in full] == [None] * 4
    assert [s[0] for s in incremental] == [None, IN_VILLAGE, IN_VILLAGE, EVERYONE]
    assert [s[1:4] for s in incremental] == [s[1:4] for s in full]
    for (*_, full_state), (*_, inc_state) in zip(full, incremental, strict=True):
        assert [w[:-1] for w in inc_state] == [w[:-1] for w in full_state]
    assert [s[1:4] for s in incremental] == [(13, 33, 33), (13, 32, 2), (13, 32, 0), (13, 32, 0)]
    before = {(n, code): active for n, code, *_, active, _first, _last in incremental[0][4]}
    after = {(n, code): (active, first, last)
             for n, code, *_, active, first, last in incremental[1][4]}
    # The higher line: two more marginal households, and three elimination rules that need
    # income above the line no longer hold.
    assert sorted(k for k in after if k not in before) == [
        ("SCR03", "MON-MARGINAL"), ("SCR10", "MON-MARGINAL")]
    assert sorted(k for k, v in after.items() if not v[0] and before[k]) == [
        ("SCR04", "ELIM-NO-LABOUR"), ("SCR05", "ELIM-TOO-SOON"), ("SCR06", "ELIM-READY")]
    # Outside the county whose line changed: not screened again (last run: the first).
    assert {k: v for k, v in after.items() if k[0] == "SCR13"} == {
        ("SCR13", "MON-MARGINAL"): (True, 0, 0)}
