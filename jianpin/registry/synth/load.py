"""Bulk loading of the drawn rows: COPY on PostgreSQL, executemany on SQLite, or Parquet files.

The SELECTs name the registry's own columns; `_columns` checks them against the models, so a
new model field without a generated value fails here instead of writing a default silently.
"""
from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import duckdb
from django.core.management.color import no_style
from django.db import connection, models

CHUNK_ROWS = 50_000
COPY_BYTES = 1 << 20


def model_columns(model: type[models.Model], with_id: bool) -> list[tuple[str, models.Field[Any, Any]]]:
    return [(str(f.column), f) for f in model._meta.concrete_fields if with_id or not f.primary_key]


def select_for(con: duckdb.DuckDBPyConnection, sql: str, params: dict[str, Any],
               model: type[models.Model], with_id: bool, sqlite: bool) -> str:
    """`sql` wrapped to give the model's columns in order, typed for the target."""
    got = con.sql(sql, params=params).columns     # bound, not run
    cols = model_columns(model, with_id)
    if sorted(got) != sorted(c for c, _ in cols):
        raise RuntimeError(f"{model.__name__}: generated columns differ from the model: "
                           f"{sorted(set(got) ^ {c for c, _ in cols})}")
    return "SELECT " + ", ".join(_typed(c, f, sqlite) for c, f in cols) + f" FROM ({sql}) AS rows_"


def _typed(column: str, field: models.Field[Any, Any], sqlite: bool) -> str:
    if sqlite and isinstance(field, models.DecimalField):
        return f"CAST({column} AS DOUBLE) AS {column}"
    if sqlite and isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return f"CAST({column} AS VARCHAR) AS {column}"
    return column


def to_database(con: duckdb.DuckDBPyConnection, select: str, params: dict[str, Any],
                model: type[models.Model], with_id: bool,
                progress: Callable[[int], None] | None = None) -> int:
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c, _ in model_columns(model, with_id))
    if connection.vendor == "postgresql":
        return _copy(con, select, params, table, cols)
    return _executemany(con, select, params, table, cols, progress)


def _copy(con: duckdb.DuckDBPyConnection, select: str, params: dict[str, Any], table: str,
          cols: str) -> int:
    """DuckDB writes CSV, PostgreSQL's COPY reads it: no Python object per value."""
    with tempfile.TemporaryDirectory(prefix="jianpin-gen-") as tmp:
        path = Path(tmp) / "rows.csv"
        count = con.execute(f"COPY ({select}) TO '{path}' (FORMAT csv, HEADER false)",
                            params).fetchone()
        with connection.cursor() as cursor, connection.wrap_database_errors, \
                cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN (FORMAT csv)") as copy, \
                path.open("rb") as fh:
            while chunk := fh.read(COPY_BYTES):
                copy.write(chunk)
    return int(count[0]) if count else 0


def _executemany(con: duckdb.DuckDBPyConnection, select: str, params: dict[str, Any], table: str,
                 cols: str, progress: Callable[[int], None] | None) -> int:
    n = cols.count(",") + 1
    sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join(['?'] * n)})"
    result = con.execute(select, params)
    count = 0
    with connection.cursor() as cursor:
        raw = cursor.cursor     # the sqlite3 cursor: rows are already adapted
        while rows := result.fetchmany(CHUNK_ROWS):
            raw.executemany(sql, rows)
            count += len(rows)
            if progress:
                progress(len(rows))
    return count


def reset_sequences(*models_: type[models.Model]) -> None:
    """PostgreSQL: move the id sequences past the ids written explicitly."""
    sql = connection.ops.sequence_reset_sql(no_style(), list(models_))
    with connection.cursor() as cursor:
        for statement in sql:
            cursor.execute(statement)


def to_parquet(con: duckdb.DuckDBPyConnection, select: str, params: dict[str, Any], path: Path) -> int:
    quoted = str(path).replace("'", "''")
    row = con.execute(f"COPY ({select}) TO '{quoted}' (FORMAT parquet, ROW_GROUP_SIZE 122880)",
                      params).fetchone()
    return int(row[0]) if row else 0
