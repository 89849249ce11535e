"""Bulk loading of the drawn rows: COPY on PostgreSQL, executemany on SQLite, or Parquet files.

On PostgreSQL `copy_all` overlaps the two sides: a thread has DuckDB write the next CSV file
(DuckDB runs without the interpreter lock) while the server reads the previous one through
COPY, so the client's drawing and the server's loading run on different cores.

The SELECTs name the registry's own columns; `_columns` checks them against the models, so a
new model field without a generated value fails here instead of writing a default silently.
"""
from __future__ import annotations

import queue
import tempfile
import threading
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
from django.core.management.color import no_style
from django.db import connection, models

CHUNK_ROWS = 50_000
COPY_BYTES = 4 << 20


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
    name = f'"{column}"'        # quoted: a work period's "end" is an SQL keyword
    if sqlite and isinstance(field, models.DecimalField):
        return f"CAST({name} AS DOUBLE) AS {name}"
    if sqlite and isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField):
        return f"CAST({name} AS VARCHAR) AS {name}"
    return name


def to_database(con: duckdb.DuckDBPyConnection, select: str, params: dict[str, Any],
                model: type[models.Model], with_id: bool,
                progress: Callable[[int], None] | None = None) -> int:
    if connection.vendor == "postgresql":
        return _copy(con, select, params, model, with_id)
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c, _ in model_columns(model, with_id))
    return _executemany(con, select, params, table, cols, progress)


def _copy(con: duckdb.DuckDBPyConnection, select: str, params: dict[str, Any],
          model: type[models.Model], with_id: bool) -> int:
    return copy_all(con, [Job("rows", select, params, model, with_id)])["rows"]


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


@dataclass(frozen=True)
class Job:
    """One table to load: its SELECT (from `select_for`), parameters, and optional parameter
    overrides that split it into parts drawn and loaded one after another."""
    name: str
    select: str
    params: dict[str, Any]
    model: type[models.Model]
    with_id: bool
    parts: Sequence[dict[str, Any]] = ()


def copy_all(con: duckdb.DuckDBPyConnection, jobs: Sequence[Job],
             progress: Callable[[str, int], None] | None = None) -> dict[str, int]:
    """PostgreSQL: COPY every job's rows, drawing the next file while the last one loads."""
    counts = {job.name: 0 for job in jobs}
    ready: queue.Queue[tuple[Job, Path, int] | BaseException | None] = queue.Queue(maxsize=1)
    stop = threading.Event()
    with tempfile.TemporaryDirectory(prefix="jianpin-gen-") as tmp:
        def draw() -> None:
            try:
                k = 0
                for job in jobs:
                    for part in job.parts or ({},):
                        if stop.is_set():
                            return
                        k += 1
                        path = Path(tmp) / f"{k}.csv"
                        row = con.execute(f"COPY ({job.select}) TO '{path}' (FORMAT csv, HEADER false)",
                                          {**job.params, **part}).fetchone()
                        ready.put((job, path, int(row[0]) if row else 0))
                ready.put(None)
            except BaseException as error:   # handed to the loading side, which raises it
                ready.put(error)

        drawer = threading.Thread(target=draw, name="jianpin-gen-draw", daemon=True)
        drawer.start()
        try:
            while (item := ready.get()) is not None:
                if isinstance(item, BaseException):
                    raise item
                job, path, count = item
                _copy_file(path, job.model, job.with_id)
                path.unlink()
                counts[job.name] += count
                if progress:
                    progress(job.name, count)
        finally:
            stop.set()
            while drawer.is_alive():        # let a failed load's drawer finish its file
                try:
                    ready.get(timeout=0.1)
                except queue.Empty:
                    pass
            drawer.join()
    return counts


def _copy_file(path: Path, model: type[models.Model], with_id: bool) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c, _ in model_columns(model, with_id))
    with connection.cursor() as cursor, connection.wrap_database_errors, \
            cursor.cursor.copy(f"COPY {table} ({cols}) FROM STDIN (FORMAT csv)") as copy, \
            path.open("rb") as fh:
        while chunk := fh.read(COPY_BYTES):
            copy.write(chunk)


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
