"""Every shipped rule on the fixture: hand-worked outcomes, and identical hits on every engine."""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

import pytest

from jianpin.conftest import COUNTY
from jianpin.rules.ruleset import resolve
from jianpin.screening import service
from jianpin.screening.engines.python_engine import PythonEngine
from jianpin.screening.tests.fixture import EXPECTED, YEAR, build

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 1, 15)


def _by_household(result: service.Result) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for hit in result.hits:
        out[hit.household_number].add(hit.rule.code)
    return dict(out)


def _reference() -> list[tuple[str, str, dict]]:
    rows = service.reference_rows(YEAR, None, TODAY)
    engine = PythonEngine(rows)
    rules = resolve(None)
    found = service.explain_hits(engine, rules, engine.hits(rules))
    return [(h.household_number, h.rule.code, h.explanation) for h in found]


def _triples(result: service.Result) -> list[tuple[str, str, dict]]:
    return [(h.household_number, h.rule.code, h.explanation) for h in result.hits]


def test_every_shipped_rule_is_exercised_by_the_fixture() -> None:
    used = set().union(*EXPECTED.values())
    assert {r.code for r in resolve(None)} - used == {"DQ-HEAD", "DQ-NEGATIVE-INCOME",
                                                      "EXC-REAL-ESTATE"}


def test_hand_worked_households_in_database() -> None:
    build()
    result = service.screen(rule_set=None, year=YEAR, today=TODAY)
    assert result.households_screened == 13
    assert _by_household(result) == EXPECTED


def test_area_limits_households() -> None:
    build()
    result = service.screen(rule_set="monitoring", year=YEAR, area_code=COUNTY, today=TODAY)
    assert result.households_screened == 12
    assert "SCR13" not in _by_household(result)


def test_explanations_name_the_values_that_made_the_hit() -> None:
    build()
    result = service.screen(rule_set="monitoring,risk", year=YEAR, today=TODAY)
    got = {(h.household_number, h.rule.code): h.explanation for h in result.hits}
    assert got[("SCR03", "MON-SUDDEN")] == {"is_monitored": False, "income_change_ratio": -0.5,
                                            "std_income_drop_ratio": 0.3}
    assert got[("SCR10", "MON-SUDDEN")] == {"is_monitored": False, "dept_medical_oop": 15000.0,
                                            "std_medical_oop_large": 10000.0,
                                            "disaster_loss": 0.0, "dept_disaster_loss": 12000.0,
                                            "std_disaster_loss_large": 10000.0}
    assert got[("SCR08", "RISK-WATER")] == {"water_safe": False}


def test_python_reference_matches_in_database_and_duckdb() -> None:
    build()
    expected = _reference()
    assert {(n, c) for n, c, _ in expected} == {(n, c) for n, cs in EXPECTED.items()
                                                 for c in cs}
    assert _triples(service.screen(rule_set=None, year=YEAR, today=TODAY)) == expected
    assert _triples(service.screen(rule_set=None, year=YEAR, engine="duckdb",
                                   today=TODAY)) == expected


@pytest.mark.spark
def test_spark_matches_reference(spark_session, tmp_path) -> None:  # type: ignore[no-untyped-def]
    import json

    from jianpin.registry.models import Household

    build()
    expected = _reference()
    result = service.screen(rule_set=None, year=YEAR, engine="spark", today=TODAY,
                            spark=service.spark_options(storage=str(tmp_path)))
    assert result.spark is not None and result.hits == []
    numbers = dict(Household.objects.values_list("id", "number"))
    got = sorted((numbers[row[0]], row[2], json.loads(row[7]))
                 for row in result.spark.hit_rows())
    result.close()
    assert got == sorted(expected, key=lambda t: (t[0], t[1]))
    assert list(tmp_path.iterdir()) == []


def test_standards_are_resolved_per_household_region(officer) -> None:  # type: ignore[no-untyped-def]
    from jianpin.standards.actions import do_set_standard

    build()
    do_set_standard(officer, year=2024, region_code=COUNTY, key="monitoring_line", value="4500")
    result = service.screen(rule_set="monitoring", year=YEAR, today=TODAY)
    marginal = {h.household_number for h in result.hits if h.rule.code == "MON-MARGINAL"}
    # SCR01 (5000) is above Wuhua's new line; SCR13 in Xingning keeps the national 6000.
    assert marginal == {"SCR11", "SCR12", "SCR13"}


def test_in_database_engine_of_another_database_is_refused() -> None:
    from jianpin.kernel.errors import DomainError

    other = "postgres" if service.in_database_name() == "sqlite" else "sqlite"
    with pytest.raises(DomainError, match=f"不能使用库内引擎 {other}"):
        service.screen(rule_set=None, year=YEAR, engine=other)
    with pytest.raises(DomainError, match="区划代码不存在"):
        from jianpin.screening.actions import run_now
        run_now(rule_set=None, year=YEAR, area_code="449999000000", engine=None)
