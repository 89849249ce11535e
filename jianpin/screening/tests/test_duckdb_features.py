"""The feature table DuckDB builds from the registry's tables equals the database's, value
for value, and its digests follow the features."""
from __future__ import annotations

import datetime as dt

import pytest

from jianpin.registry.models import Household
from jianpin.rules.ruleset import resolve
from jianpin.screening import changes, service
from jianpin.screening.engines import duckdb_features
from jianpin.screening.schema import columns
from jianpin.screening.tests.fixture import YEAR, build

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 1, 15)


def _duckdb_rows(area: str | None = None) -> tuple[list[dict[str, object]], dict[int, str]]:
    rules = resolve(None)
    con = duckdb_features.connect()
    try:
        duckdb_features.build(con, YEAR, area, TODAY, changes.digest_columns(rules),
                              changes.rules_seed(rules))
        names = columns()
        rows = con.execute(f"SELECT {', '.join(names)} FROM features "
                           "ORDER BY household_id").fetchall()
        digests = dict(con.execute("SELECT household_id, digest FROM features").fetchall())
    finally:
        con.close()
    return [dict(zip(names, r, strict=True)) for r in rows], digests


def _normal(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    # SQLite hands booleans over as 0/1 and whole REAL values as integers.
    return [{k: (None if v is None else float(v) if isinstance(v, int | float) else v)
             for k, v in r.items()} for r in rows]


def test_duckdb_features_equal_database_features() -> None:
    build()
    database = service.reference_rows(YEAR, None, TODAY)
    duck, digests = _duckdb_rows()
    assert len(duck) == 13
    assert _normal(duck) == _normal(database)
    assert len(set(digests.values())) == 13


def test_duckdb_digest_changes_with_a_screened_value_only() -> None:
    build()
    _, before = _duckdb_rows()
    Household.objects.filter(number="SCR03").update(phone="13800000000")
    assert _duckdb_rows()[1] == before
    Household.objects.filter(number="SCR07").update(water_safe=False)
    after = _duckdb_rows()[1]
    moved = {i for i in before if before[i] != after[i]}
    assert moved == {Household.objects.get(number="SCR07").pk}
