"""Build the feature table inside DuckDB from the registry's tables.

The area's rows of the tables the feature SELECT reads are streamed once from the
application's database into an in-memory DuckDB session (PostgreSQL: `COPY ... TO STDOUT` as
CSV parsed by Arrow; SQLite: cursor batches converted to Arrow), then the same feature SELECT
the database path runs (`features.feature_sql`) builds `features` there, typed like a
snapshot (in an incremental run only for the changed households, whose rows alone are
copied). No snapshot file is written and nothing per household runs in Python.

ID numbers do not leave the database: members carry their row id in place of it (NULL where
the ID is missing), and department records the id of the member they name, which is all the
features need (matching records to members, and whether an ID is missing).
"""
from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.csv as pacsv
from django.conf import settings
from django.db import connection

from jianpin.rules.catalog import CATALOG
from jianpin.screening import features
from jianpin.screening.schema import ARROW_SCHEMA

S, N, B, D = pa.string(), pa.int64(), pa.bool_(), pa.date32()
BATCH = 50_000
MEMORY_LIMIT = "3GB"
DUCK_TYPES = {"number": "DOUBLE", "int": "BIGINT", "bool": "BOOLEAN", "text": "VARCHAR"}
_IN_AREA = "h.village_code >= %s AND h.village_code < %s"
_LATEST = "SELECT MAX(id) FROM screening_deptupload GROUP BY kind, region_code"
_INCOME = ("per_capita_net", "net_income", "wage_income", "business_income", "business_cost",
           "transfer_income", "rigid_spending", "medical_oop", "education_spending",
           "disaster_loss")


@dataclass(frozen=True)
class Source:
    name: str
    sql: str            # %s: the area's bounds (and the years for incomes)
    columns: tuple[tuple[str, str], ...]  # name, kind: S N B D or M (money)


SOURCES = (
    Source("registry_household",
           "SELECT h.id, h.number, h.village_code, h.size, h.monitoring_kind, "
           "h.monitoring_since, h.relocated, h.water_safe, h.status, h.attribute, "
           f"h.housing_grade, h.risk_eliminated FROM registry_household h WHERE {_IN_AREA}",
           (("id", "N"), ("number", "S"), ("village_code", "S"), ("size", "N"),
            ("monitoring_kind", "S"), ("monitoring_since", "D"), ("relocated", "B"),
            ("water_safe", "B"), ("status", "S"), ("attribute", "S"),
            ("housing_grade", "S"), ("risk_eliminated", "B"))),
    Source("registry_member",
           "SELECT m.household_id, m.relation, m.health, m.disability_grade, m.labour_ability, "
           "m.work_status, m.school_status, m.birth_date, m.medical_insurance, "
           "m.serious_illness_insurance, m.dibao, m.tekun, "
           "CASE WHEN m.id_number IS NULL THEN NULL ELSE m.id END AS id_number, m.deceased_on "
           f"FROM registry_member m JOIN registry_household h ON h.id = m.household_id "
           f"WHERE {_IN_AREA}",
           (("household_id", "N"), ("relation", "S"), ("health", "S"),
            ("disability_grade", "N"), ("labour_ability", "S"), ("work_status", "S"),
            ("school_status", "S"), ("birth_date", "D"), ("medical_insurance", "B"),
            ("serious_illness_insurance", "B"), ("dibao", "B"), ("tekun", "B"),
            ("id_number", "N"), ("deceased_on", "D"))),
    Source("registry_incomerecord",
           f"SELECT i.id, i.household_id, i.year, {', '.join(f'i.{c}' for c in _INCOME)} "
           "FROM registry_incomerecord i JOIN registry_household h ON h.id = i.household_id "
           f"WHERE {_IN_AREA} AND i.year IN (%s, %s)",
           (("id", "N"), ("household_id", "N"), ("year", "N"), *((c, "M") for c in _INCOME))),
    Source("assistance_pairing",
           'SELECT p.household_id, p."until" FROM assistance_pairing p '
           f"JOIN registry_household h ON h.id = p.household_id WHERE {_IN_AREA}",
           (("household_id", "N"), ("until", "D"))),
    Source("assistance_plan",
           "SELECT pl.id, pl.household_id FROM assistance_plan pl "
           f"JOIN registry_household h ON h.id = pl.household_id WHERE {_IN_AREA}",
           (("id", "N"), ("household_id", "N"))),
    Source("assistance_measure",
           "SELECT ms.plan_id FROM assistance_measure ms "
           "JOIN assistance_plan pl ON pl.id = ms.plan_id "
           f"JOIN registry_household h ON h.id = pl.household_id WHERE {_IN_AREA}",
           (("plan_id", "N"),)),
    Source("screening_deptupload",
           "SELECT u.id, u.kind, u.region_code FROM screening_deptupload u",
           (("id", "N"), ("kind", "S"), ("region_code", "S"))),
    # Only the latest upload of each dataset counts, and only rows naming a person of the area.
    Source("screening_deptrecord",
           "SELECT d.id, d.upload_id, d.kind, m.id AS id_number, d.amount, d.value "
           "FROM screening_deptrecord d JOIN registry_member m ON m.id_number = d.id_number "
           f"JOIN registry_household h ON h.id = m.household_id WHERE {_IN_AREA} "
           f"AND d.upload_id IN ({_LATEST})",
           (("id", "N"), ("upload_id", "N"), ("kind", "S"), ("id_number", "N"),
            ("amount", "M"), ("value", "S"))),
    Source("regions_region",
           "SELECT r.code, r.prefix FROM regions_region r "
           "WHERE r.code IN (SELECT region_code FROM screening_deptupload)",
           (("code", "S"), ("prefix", "S"))),
)


def _arrow_type(kind: str) -> pa.DataType:
    # Money stays exact from PostgreSQL (numeric there, as the database path computes it);
    # SQLite stores it as REAL and computes in doubles, so doubles here too.
    if kind == "M":
        return pa.decimal128(18, 2) if connection.vendor == "postgresql" else pa.float64()
    return {"S": S, "N": N, "B": B, "D": D}[kind]


def _schema(source: Source) -> pa.Schema:
    return pa.schema([(name, _arrow_type(kind)) for name, kind in source.columns])


def _params(source: Source, low: str, high: str, year: int) -> list[Any]:
    params: list[Any] = []
    if "%s" in source.sql:
        params += [low, high]
    if "i.year IN" in source.sql:
        params += [year, year - 1]
    return params


class _CopyStream(io.RawIOBase):
    """The bytes of a `COPY ... TO STDOUT` as a readable file, for Arrow's CSV reader."""

    def __init__(self, chunks: Iterator[Any]) -> None:
        self.chunks, self.rest = chunks, b""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        while not self.rest:
            chunk = next(self.chunks, None)
            if chunk is None:
                return 0
            self.rest = bytes(chunk)
        size = min(len(buffer), len(self.rest))
        buffer[:size] = self.rest[:size]
        self.rest = self.rest[size:]
        return size


def _postgres_batches(source: Source, params: list[Any]) -> Iterator[pa.RecordBatch]:
    schema = _schema(source)
    with connection.cursor() as c, c.cursor.copy(
            f"COPY ({source.sql}) TO STDOUT (FORMAT csv)", params) as copy:
        stream = io.BufferedReader(_CopyStream(iter(copy)), buffer_size=1 << 20)
        if not stream.peek(1):
            return
        yield from pacsv.open_csv(
            stream, read_options=pacsv.ReadOptions(column_names=schema.names,
                                                   block_size=8 << 20, use_threads=True),
            parse_options=pacsv.ParseOptions(newlines_in_values=True),
            convert_options=pacsv.ConvertOptions(
                column_types=schema, null_values=[""], strings_can_be_null=True,
                quoted_strings_can_be_null=False, true_values=["t"], false_values=["f"]))


def _sqlite_batches(source: Source, params: list[Any]) -> Iterator[pa.RecordBatch]:
    """Rows in batches through the Django connection.

    Every column is read through an expression: SQLite applies the converters Django
    registers (Decimal, date, bool objects built per value) only to bare columns, and Arrow
    converts plain numbers and ISO date text in C.
    """
    read = {"M": "CAST(q.{} AS REAL)", "D": "CAST(q.{} AS TEXT)", "B": "CAST(q.{} AS INTEGER)"}
    cols = ", ".join(read.get(kind, "q.{}").format(name) for name, kind in source.columns)
    yield from _fetch_batches(f"SELECT {cols} FROM ({source.sql}) AS q", params,
                              _schema(source))


def _fetch_batches(sql: str, params: list[Any], schema: pa.Schema) -> Iterator[pa.RecordBatch]:
    with connection.cursor() as c:
        c.execute(sql, params)
        while rows := c.fetchmany(BATCH):
            values = list(zip(*rows, strict=True))
            yield pa.RecordBatch.from_arrays(
                [_array(col, f.type) for col, f in zip(values, schema, strict=True)],
                schema=schema)


def load_features(con: duckdb.DuckDBPyConnection, table: str, columns: Sequence[str]) -> None:
    """Copy the given columns of a feature table built in the database into `features`.

    SQLite has no bulk export: what its own feature build made crosses as Arrow, only the
    columns the rules and explanations read, and only the households left to screen.
    """
    wanted = {"household_id", *columns}
    schema = pa.schema([f for f in ARROW_SCHEMA if f.name in wanted])
    load_table(con, "features", _fetch_batches(
        f"SELECT {', '.join(schema.names)} FROM {table}", [], schema), schema)


def _array(values: Sequence[Any], kind: pa.DataType) -> pa.Array:
    if kind == B:  # SQLite's 0/1
        return pa.array(values, type=pa.int64()).cast(kind)
    if kind == D:
        return pa.array(values, type=S).cast(kind)
    return pa.array(values, type=kind)


def load_table(con: duckdb.DuckDBPyConnection, name: str, batches: Iterator[pa.RecordBatch],
               schema: pa.Schema) -> None:
    """Create table `name` in DuckDB from Arrow batches (an empty table if there are none)."""
    empty = pa.Table.from_batches([], schema=schema)  # noqa: F841 - read by DuckDB by name
    con.execute(f'CREATE OR REPLACE TABLE "{name}" AS SELECT * FROM empty')
    for batch in batches:  # noqa: B007 - read by DuckDB by name
        con.execute(f'INSERT INTO "{name}" SELECT * FROM batch')


def _load(con: duckdb.DuckDBPyConnection, year: int, low: str, high: str,
          only: str | None, standards: list[list[Any]] | None) -> None:
    read = _postgres_batches if connection.vendor == "postgresql" else _sqlite_batches
    for source in SOURCES:
        sql = source.sql
        if only and _IN_AREA in sql:
            sql = sql.replace(_IN_AREA, f"{_IN_AREA} AND h.id IN (SELECT household_id FROM {only})")
        load_table(con, source.name, read(Source(source.name, sql, source.columns),
                                          _params(source, low, high, year)), _schema(source))
    if standards is None:
        with connection.cursor() as c:
            standards = features.standard_rows(c, year, low, high)
    names = ["village_code", *(f"std_{k}" for k in features.STD_KEYS)]
    schema = pa.schema([("village_code", S), *((n, pa.float64()) for n in names[1:])])
    table = pa.Table.from_pylist([dict(zip(names, r, strict=True)) for r in standards],
                                 schema=schema)
    load_table(con, features.STD_TABLE, iter(table.to_batches()), schema)


def build(con: duckdb.DuckDBPyConnection, year: int, area_code: str | None,
          today: dt.date | None, keep: Sequence[str] | None = None, *,
          only: str | None = None, standards: list[list[Any]] | None = None) -> int:
    """Load the area's tables into `con` and create `features` there (every feature, or the
    household id and the `keep` columns); return its row count.

    `only`: a table on the Django connection listing the households to build (an
    incremental run): only their rows are copied out. `standards`: `standard_rows` already
    read by the caller."""
    low, high = features.area_bounds(area_code)
    _load(con, year, low, high, only, standards)
    inner = (features.feature_sql("duckdb", year, features.reference_date(year, today))
             % ("'" + low.replace("'", "''") + "'", "'" + high.replace("'", "''") + "'"))
    cols = ["CAST(household_id AS BIGINT) AS household_id", "household_number", "village_code",
            *(f"CAST({name} AS {DUCK_TYPES[spec.type]}) AS {name}"
              for name, spec in CATALOG.items())]
    kept = "*" if keep is None else ", ".join(["household_id", *keep])
    con.execute(f"CREATE OR REPLACE TABLE features AS SELECT {kept} FROM "
                f"(SELECT {', '.join(cols)} FROM ({inner}) AS f) AS t ORDER BY household_id")
    for source in SOURCES:
        con.execute(f'DROP TABLE "{source.name}"')
    con.execute(f"DROP TABLE {features.STD_TABLE}")
    row = con.execute("SELECT COUNT(*) FROM features").fetchone()
    return int(row[0]) if row else 0


def connect() -> duckdb.DuckDBPyConnection:
    """An in-memory session bounded in memory; beyond it DuckDB spills to the data folder's
    tmp/ (private to the service account, as the rest of the data folder)."""
    con = duckdb.connect(config={"autoinstall_known_extensions": False,
                                 "autoload_known_extensions": False})
    con.execute("SET preserve_insertion_order = false")
    con.execute(f"SET memory_limit = '{MEMORY_LIMIT}'")
    spill = Path(settings.DATA_DIR) / "tmp"
    spill.mkdir(mode=0o700, parents=True, exist_ok=True)
    con.execute("SET temp_directory = ?", [str(spill)])
    return con
