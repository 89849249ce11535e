from __future__ import annotations

import itertools
import sqlite3
from typing import Any

import duckdb
import pytest
import sqlglot

from jianpin.rules import parse
from jianpin.rules.compiler import DIALECTS, to_sql
from jianpin.rules.evaluator import evaluate, explain, hits

COLUMNS = {"per_capita_net": "DOUBLE", "std_monitoring_line": "DOUBLE", "members": "INTEGER",
           "members_with_labour": "INTEGER", "water_safe": "BOOLEAN", "relocated": "BOOLEAN",
           "housing_grade": "VARCHAR"}
VALUES: dict[str, list[Any]] = {"per_capita_net": [None, 0.0, 5999.5, 6000.0, -10.0],
          "std_monitoring_line": [None, 6000.0, 0.0],
          "members": [None, 0, 3], "members_with_labour": [None, 0, 2],
          "water_safe": [None, True, False], "relocated": [None, False, True],
          "housing_grade": [None, "A", "D"]}


def _rows() -> list[dict[str, Any]]:
    names = list(VALUES)
    # A diagonal walk over the value lists covers every value of every column with NULLs
    # paired against values, without the full cartesian product.
    rows = []
    for shift in range(5):
        for i in range(15):
            rows.append({name: VALUES[name][(i + shift * k) % len(VALUES[name])]
                         for k, name in enumerate(names)})
    return rows


ROWS = _rows()
EXPRESSIONS = [
    "per_capita_net < std_monitoring_line",
    "per_capita_net <= std_monitoring_line * 1.5",
    "per_capita_net / members > 1000",
    "ratio(per_capita_net, std_monitoring_line) >= 1",
    "-per_capita_net > 0",
    "per_capita_net - members * 2 + 1 != 0",
    "water_safe",
    "not water_safe",
    "water_safe = false",
    "water_safe and relocated",
    "water_safe or relocated",
    "not (water_safe or relocated)",
    "housing_grade in ('C', 'D')",
    "housing_grade not in ('C', 'D')",
    "housing_grade is null",
    "water_safe is not null and housing_grade = 'A'",
    "coalesce(per_capita_net, 0) < std_monitoring_line",
    "coalesce(water_safe, true)",
    "abs(per_capita_net) > 5",
    "min(per_capita_net, std_monitoring_line) = 0",
    "max(per_capita_net, std_monitoring_line) > 5999",
    "members between 1 and 3",
    "members not between 1 and 3",
    "members_with_labour = 0 or per_capita_net > std_monitoring_line",
    "members in (0, 3) and not relocated",
]


def _sqlite_hits(expr: str) -> list[int]:
    con = sqlite3.connect(":memory:")
    con.execute("CREATE TABLE f (rid INTEGER, " + ", ".join(
        f"{c} {'REAL' if t == 'DOUBLE' else t}" for c, t in COLUMNS.items()) + ")")
    con.executemany(f"INSERT INTO f VALUES (?{', ?' * len(COLUMNS)})",
                    [(i, *row.values()) for i, row in enumerate(ROWS)])
    sql = to_sql(parse(expr), "sqlite")
    return [r[0] for r in con.execute(f"SELECT rid FROM f WHERE {sql} ORDER BY rid")]


def _duckdb_hits(expr: str) -> list[int]:
    con = duckdb.connect()
    con.execute("CREATE TABLE f (rid INTEGER, " + ", ".join(
        f"{c} {t}" for c, t in COLUMNS.items()) + ")")
    con.executemany(f"INSERT INTO f VALUES (?{', ?' * len(COLUMNS)})",
                    [(i, *row.values()) for i, row in enumerate(ROWS)])
    sql = to_sql(parse(expr), "duckdb")
    return [r[0] for r in con.execute(f"SELECT rid FROM f WHERE {sql} ORDER BY rid").fetchall()]


@pytest.mark.parametrize("expr", EXPRESSIONS)
def test_sql_matches_reference_evaluator_with_nulls(expr: str) -> None:
    tree = parse(expr)
    expected = [i for i, row in enumerate(ROWS) if hits(tree, row)]
    assert _sqlite_hits(expr) == expected
    assert _duckdb_hits(expr) == expected


@pytest.mark.parametrize(("expr", "dialect"), list(itertools.product(EXPRESSIONS, DIALECTS)))
def test_generated_sql_parses_in_its_dialect(expr: str, dialect: str) -> None:
    sql = to_sql(parse(expr), dialect)
    sqlglot.parse_one(f"SELECT 1 FROM f WHERE {sql}", read=dialect)


def test_operator_sql_per_dialect() -> None:
    tree = parse("water_safe = true and per_capita_net / members > 0.5")
    assert to_sql(tree, "sqlite") == (
        "((water_safe = 1) AND ((CASE WHEN members = 0 THEN NULL ELSE "
        "CAST(per_capita_net AS REAL) / members END) > CAST(0.5 AS REAL)))")
    assert to_sql(tree, "postgres") == (
        "((water_safe = TRUE) AND ((CASE WHEN members = 0 THEN NULL ELSE "
        "CAST(per_capita_net AS DOUBLE PRECISION) / members END) > "
        "CAST(0.5 AS DOUBLE PRECISION)))")
    assert to_sql(parse('housing_grade != "it\'s"'), "spark") == "(housing_grade <> 'it''s')"
    assert to_sql(parse("min(members, 2) = 1"), "duckdb") == (
        "((CASE WHEN members IS NULL OR 2 IS NULL THEN NULL WHEN members <= 2 THEN members "
        "ELSE 2 END) = 1)")


@pytest.mark.parametrize(("expr", "row", "value"), [
    ("water_safe and relocated", {"water_safe": None, "relocated": False}, False),
    ("water_safe and relocated", {"water_safe": None, "relocated": True}, None),
    ("water_safe or relocated", {"water_safe": None, "relocated": True}, True),
    ("water_safe or relocated", {"water_safe": None, "relocated": False}, None),
    ("not water_safe", {"water_safe": None}, None),
    ("housing_grade not in ('C')", {"housing_grade": None}, None),
    ("per_capita_net / members > 1", {"per_capita_net": 5.0, "members": 0}, None),
    ("coalesce(per_capita_net, members) = 3", {"per_capita_net": None, "members": 3}, True),
])
def test_three_valued_logic(expr: str, row: dict[str, Any], value: bool | None) -> None:
    assert evaluate(parse(expr), row) is value


def test_explanation_keeps_only_the_branches_that_held() -> None:
    tree = parse("members_with_labour = 0 and (per_capita_net < std_monitoring_line "
                 "or housing_grade in ('C', 'D'))")
    row = {"members_with_labour": 0, "per_capita_net": 4321.456,
           "std_monitoring_line": 6000.0, "housing_grade": "A"}
    assert explain(tree, row) == {"members_with_labour": 0, "per_capita_net": 4321.46,
                                  "std_monitoring_line": 6000.0}
