"""The feature table DuckDB builds from the registry's tables equals the database's, value
for value, also when an incremental run builds only some households."""
from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection

from jianpin.registry.models import Household
from jianpin.screening import service
from jianpin.screening.engines import duckdb_features
from jianpin.screening.schema import columns
from jianpin.screening.tests.fixture import YEAR, build

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 1, 15)


def _duckdb_rows(area: str | None = None, only: str | None = None) -> list[dict[str, object]]:
    con = duckdb_features.connect()
    try:
        duckdb_features.build(con, YEAR, area, TODAY, only=only)
        names = columns()
        rows = con.execute(f"SELECT {', '.join(names)} FROM features "
                           "ORDER BY household_id").fetchall()
    finally:
        con.close()
    return [dict(zip(names, r, strict=True)) for r in rows]


def _normal(rows: list[dict[str, object]]) -> list[dict[str, object]]:
    # SQLite hands booleans over as 0/1 and whole REAL values as integers.
    return [{k: (None if v is None else float(v) if isinstance(v, int | float) else v)
             for k, v in r.items()} for r in rows]


def test_duckdb_features_equal_database_features() -> None:
    build()
    database = service.reference_rows(YEAR, None, TODAY)
    duck = _duckdb_rows()
    assert len(duck) == 13
    assert _normal(duck) == _normal(database)


def test_only_the_listed_households_are_built_with_the_same_values() -> None:
    build()
    database = service.reference_rows(YEAR, None, TODAY)
    wanted = sorted(Household.objects.filter(number__in=["SCR01", "SCR05", "SCR08"])
                    .values_list("pk", flat=True))
    temp = "TEMPORARY" if connection.vendor == "postgresql" else "TEMP"
    with connection.cursor() as c:
        c.execute(f"CREATE {temp} TABLE jp_only (household_id BIGINT PRIMARY KEY)")
        c.executemany("INSERT INTO jp_only VALUES (%s)", [(i,) for i in wanted])
    try:
        duck = _duckdb_rows(only="jp_only")
    finally:
        with connection.cursor() as c:
            c.execute("DROP TABLE jp_only")
    assert [r["household_id"] for r in duck] == wanted
    assert _normal(duck) == _normal([r for r in database if r["household_id"] in wanted])
