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


def _import_like_writes() -> None:
    """What an import does: rows inserted in bulk and set-based SQL, no model save."""
    from django.db import connection

    head = Member.objects.filter(household__number="SCR02").order_by("pk").first()
    assert head is not None
    Member.objects.bulk_create([Member(household_id=head.household_id, name="新成员",
                                       relation="子女", birth_date=head.birth_date)])
    with connection.cursor() as c:
        c.execute("UPDATE registry_incomerecord SET per_capita_net = per_capita_net + 1 "
                  "WHERE household_id = (SELECT id FROM registry_household WHERE number = %s)",
                  ["SCR04"])


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
            step()
            _import_like_writes()
            step()
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
    assert [s[0] for s in full] == [None] * 10
    # Every household at first (no run to build on), none when nothing changed, then the
    # households the changes marked: two registry edits; SCR05, named by the replaced
    # vehicle data; SCR02 and SCR04 of the import-like writes; the first run of the county
    # alone screens all of it; the county's new monitoring line marks its 12 households (not
    # SCR13, in another county); the phone number (read by no rule) and the members' health
    # mark one household each.
    assert [s[0] for s in incremental] == [None, 0, 2, 1, 2, None, 12, 0, 1, 1]
    assert [s[1:4] for s in incremental] == [s[1:4] for s in full]
    for (*_, full_state), (*_, inc_state) in zip(full, incremental, strict=True):
        # Equal warnings and states; only the last run that screened a household differs
        # (a full run screens them all, an incremental run carries them without a write).
        assert [w[:-1] for w in inc_state] == [w[:-1] for w in full_state]
    final = {(n, code): (active, first, last)
             for n, code, *_, active, first, last in incremental[-1][4]}
    # Resolved by the run after the vehicle data changed; last screened with a hit by the first.
    assert final[("SCR05", "EXC-VEHICLE")] == (False, 0, 0)
    assert final[("SCR07", "RISK-WATER")] == (True, 2, 6)   # last screened after standards
    # Outside the county whose standards changed: last screened by the first run.
    assert final[("SCR13", "MON-MARGINAL")] == (True, 0, 0)
    # SCR08 was screened again after its members' health changed; no rule turns on it.
    assert {code: v for (n, code), v in final.items() if n == "SCR08"} == {
        "EXIT-BLOCKED": (True, 0, 9), "RISK-HOUSING": (True, 0, 9),
        "RISK-SCHOOLING": (True, 0, 9), "RISK-WATER": (True, 0, 9)}
    # A warning carried over keeps the run that last screened its household.
    assert final[("SCR01", "MON-MARGINAL")][2] == 6


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
