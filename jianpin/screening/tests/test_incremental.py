"""An incremental run leaves the warnings exactly as a full run would."""
from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import transaction

from jianpin.regions.models import Region
from jianpin.registry.models import Household, IncomeRecord, Member
from jianpin.screening import actions
from jianpin.screening.models import ScreeningRun, Warning, WarningState
from jianpin.screening.tests.fixture import _dept, build
from jianpin.screening.tests.test_store import Rollback, _state
from jianpin.standards.models import Standard

pytestmark = pytest.mark.django_db

COUNTY = "441424000000"


def _change_registry() -> None:
    IncomeRecord.objects.filter(household__number="SCR01", year=2024).update(per_capita_net=7000)
    Household.objects.filter(number="SCR07").update(water_safe=False)


def _change_department_data() -> None:
    _dept("vehicle", 2, [])  # the new version no longer lists SCR05's car


def _change_standards() -> None:
    county = Region.objects.get(code=COUNTY)
    Standard.objects.create(year=2024, region_code=COUNTY, region_prefix=county.prefix,
                            key="monitoring_line", value=Decimal("7600"))


def _scenario(full: bool, engine: str | None = None) -> list[tuple[Any, ...]]:
    steps: list[tuple[Any, ...]] = []

    def step(area: str | None = None) -> None:
        run, result = actions.run_now(rule_set=None, year=2024, area_code=area, engine=engine,
                                      full=full)
        run.refresh_from_db()
        runs = list(ScreeningRun.objects.order_by("pk").values_list("pk", flat=True))
        again = None if result.rescreened is None else len(result.rescreened)
        steps.append((again, run.households_screened, run.hits, run.new_warnings, _state(runs)))

    try:
        with transaction.atomic():
            step()
            step()
            Warning.objects.filter(household__number="SCR01", rule_code="MON-MARGINAL").update(
                state=WarningState.ACKNOWLEDGED)
            _change_registry()
            step()
            _change_department_data()
            step(COUNTY)
            _change_standards()
            step()
            step()
            # A field no rule reads changes nothing; a member's health changes one household.
            Household.objects.filter(number="SCR03").update(phone="13800000000")
            step()
            Member.objects.filter(household__number="SCR08").update(health="大病")
            step()
            raise Rollback
    except Rollback:
        pass
    return steps


@pytest.mark.parametrize("engine", [None, "duckdb"])
def test_incremental_runs_equal_full_runs(engine: str | None) -> None:
    build()
    full = _scenario(True, engine)
    incremental = _scenario(False, engine)
    assert [s[0] for s in full] == [None] * 8
    # All at first, none when nothing changed, then only the changed households (the new
    # county standard changes all 12 of the county, not SCR13 in the other county).
    assert [s[0] for s in incremental] == [13, 0, 2, 1, 12, 0, 0, 1]
    assert [s[1:4] for s in incremental] == [s[1:4] for s in full]
    for (*_, full_state), (*_, inc_state) in zip(full, incremental, strict=True):
        assert inc_state == full_state
    final = {(n, code): (active, first, last)
             for n, code, *_, active, first, last in incremental[-1][4]}
    assert final[("SCR05", "EXC-VEHICLE")] == (False, 0, 2)
    assert final[("SCR07", "RISK-WATER")] == (True, 2, 7)
    assert final[("SCR13", "MON-MARGINAL")] == (True, 0, 7)
    # SCR08 was screened again after its members' health changed; no rule turns on it.
    assert {code: v for (n, code), v in final.items() if n == "SCR08"} == {
        "EXIT-BLOCKED": (True, 0, 7), "RISK-HOUSING": (True, 0, 7),
        "RISK-SCHOOLING": (True, 0, 7), "RISK-WATER": (True, 0, 7)}


def test_cli_full_flag_screens_everything() -> None:
    from io import StringIO

    from django.core.management import call_command

    build()
    call_command("screen", "--year", "2024", stdout=StringIO())
    out = StringIO()
    call_command("screen", "--year", "2024", stdout=out)
    assert out.getvalue().strip().endswith("其中数据有变化重新筛查 0 户")
    assert "命中 33 条（新增预警 0）" in out.getvalue()
    out = StringIO()
    call_command("screen", "--year", "2024", "--full", stdout=out)
    assert "重新筛查" not in out.getvalue()
    assert out.getvalue().startswith("筛查完成：13 户，30 条规则，命中 33 条（新增预警 0）")
