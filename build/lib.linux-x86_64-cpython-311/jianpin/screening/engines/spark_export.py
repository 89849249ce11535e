"""Export the registry tables a screening reads as Parquet partitioned by county.

Each table of the area is streamed from the database in batches into one folder per table with
a `county=XXXXXX` folder per county and files of at most `ROWS_PER_FILE` rows, so Spark
reads a large county in parallel. Only the columns the feature SELECT reads are exported, with
the types the database path gives them (money as double, flags as boolean, dates as dates).
Small tables without a county (uploads, their regions) are one file. The target is any file
system pyarrow opens from a URL (a local folder, file://, hdfs://, s3://, gs://...).

On PostgreSQL the rows come as Arrow batches from the ADBC driver (binary COPY decoded in
C++, no Python object per row or value) on a connection of its own; without the driver
(`jianpin[spark]` installs it), by COPY … TO STDOUT as CSV read with Arrow's CSV reader. Other
databases: a server-side cursor, batch by batch.

ID numbers leave the database only as keyed hashes (a random key per run, never written): the
features need them only to match department records to members, and whether one is missing.
"""
from __future__ import annotations

import datetime as dt
import secrets
import tempfile
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, urlencode

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv
import pyarrow.fs as pafs
import pyarrow.parquet as pq
from django.db import connection

from jianpin.screening import features

ROWS_PER_FILE = 250_000
BATCH = 50_000
COPY_BLOCK = 8 << 20
# PostgreSQL: "adbc" (Arrow batches from the ADBC driver; "copy" when it is not installed),
# "copy" (COPY out as CSV), "rows" (fetch rows through the driver, as elsewhere).
PG_READER = "adbc"

S, N, F, B, D = pa.string(), pa.int64(), pa.float64(), pa.bool_(), pa.date32()


@dataclass(frozen=True)
class Table:
    name: str
    sql: str  # {money} casts; {county} the county expression or ''; %s bounds of the area
    types: tuple[pa.DataType, ...]
    by_county: bool = True


_IN_AREA = "h.village_code >= %s AND h.village_code < %s"
_LATEST = "SELECT MAX(id) FROM screening_deptupload GROUP BY kind, region_code"

TABLES = (
    Table("registry_household",
          "SELECT h.id, h.number, h.village_code, h.size, h.monitoring_kind, "
          "h.monitoring_since, h.relocated, h.water_safe, h.status, h.attribute, "
          f"h.housing_grade, h.risk_eliminated{{county}} FROM registry_household h "
          f"WHERE {_IN_AREA}",
          (N, S, S, N, S, D, B, B, S, S, S, B)),
    Table("registry_member",
          "SELECT m.household_id, m.relation, m.health, m.disability_grade, m.labour_ability, "
          "m.work_status, m.school_status, m.birth_date, m.medical_insurance, "
          "m.serious_illness_insurance, m.dibao, m.tekun, m.id_number, m.deceased_on{county} "
          "FROM registry_member m JOIN registry_household h ON h.id = m.household_id "
          f"WHERE {_IN_AREA}",
          (N, S, S, N, S, S, S, D, B, B, B, B, S, D)),
    Table("registry_incomerecord",
          "SELECT i.id, i.household_id, i.year, {money(i.per_capita_net)}, "
          "{money(i.net_income)}, {money(i.wage_income)}, {money(i.business_income)}, "
          "{money(i.business_cost)}, {money(i.transfer_income)}, {money(i.rigid_spending)}, "
          "{money(i.medical_oop)}, {money(i.education_spending)}, "
          "{money(i.disaster_loss)}{county} FROM registry_incomerecord i "
          f"JOIN registry_household h ON h.id = i.household_id WHERE {_IN_AREA} "
          "AND i.year IN (%s, %s)",
          (N, N, N, F, F, F, F, F, F, F, F, F, F)),
    Table("assistance_pairing",
          'SELECT p.household_id, p."until"{county} FROM assistance_pairing p '
          f"JOIN registry_household h ON h.id = p.household_id WHERE {_IN_AREA}",
          (N, D)),
    Table("assistance_plan",
          "SELECT pl.id, pl.household_id{county} FROM assistance_plan pl "
          f"JOIN registry_household h ON h.id = pl.household_id WHERE {_IN_AREA}",
          (N, N)),
    Table("assistance_measure",
          "SELECT ms.plan_id{county} FROM assistance_measure ms "
          "JOIN assistance_plan pl ON pl.id = ms.plan_id "
          f"JOIN registry_household h ON h.id = pl.household_id WHERE {_IN_AREA}",
          (N,)),
    Table("screening_deptupload", "SELECT u.id, u.kind, u.region_code FROM screening_deptupload u",
          (N, S, S), by_county=False),
    # Only the latest upload of each dataset counts, and only rows naming a person of the area.
    Table("screening_deptrecord",
          "SELECT d.id, d.upload_id, d.kind, d.id_number, {money(d.amount)}, d.value "
          f"FROM screening_deptrecord d WHERE d.upload_id IN ({_LATEST}) AND d.id_number IN "
          "(SELECT m.id_number FROM registry_member m JOIN registry_household h "
          f"ON h.id = m.household_id WHERE {_IN_AREA})",
          (N, N, S, S, F, S), by_county=False),
    Table("regions_region",
          "SELECT r.code, r.prefix FROM regions_region r "
          "WHERE r.code IN (SELECT region_code FROM screening_deptupload)",
          (S, S), by_county=False),
)
NAMES = (*(t.name for t in TABLES), features.STD_TABLE)


def open_fs(url: str) -> tuple[pafs.FileSystem, str]:
    """The file system and path of a URL; a plain path is a local folder."""
    if "://" not in url:
        return pafs.LocalFileSystem(), url
    fs, path = pafs.FileSystem.from_uri(url)
    return fs, path


def _render(table: Table) -> str:
    dbl = features._double(connection.vendor)
    sql = table.sql.replace("{county}", ", substr(h.village_code, 1, 6) AS county"
                            if table.by_county else "")
    while "{money(" in sql:
        start = sql.index("{money(")
        end = sql.index(")}", start)
        column = sql[start + 7:end]
        sql = f"{sql[:start]}CAST({column} AS {dbl}) AS {column.split('.')[1]}{sql[end + 2:]}"
    return sql


def _params(table: Table, low: str, high: str, year: int) -> list[Any]:
    params: list[Any] = []
    if "%s" in table.sql:
        params += [low, high]
    if "i.year IN" in table.sql:
        params += [year, year - 1]
    return params


def _column(values: Sequence[Any], kind: pa.DataType) -> pa.Array:
    try:
        if kind == B:
            return pa.array(values).cast(kind)  # SQLite returns 0/1
        return pa.array(values, type=kind)
    except (pa.ArrowInvalid, pa.ArrowTypeError, pa.ArrowNotImplementedError):
        return pa.array([_value(v, kind) for v in values], type=kind)


def _value(value: Any, kind: pa.DataType) -> Any:
    if value is None:
        return None
    if kind == B:
        return bool(value)
    if kind == F:
        return float(value)
    if kind == D and not isinstance(value, dt.date):
        return dt.date.fromisoformat(str(value)[:10])
    return value


class _Writers:
    """One Parquet file at a time per county, rolled over every ROWS_PER_FILE rows."""

    def __init__(self, fs: pafs.FileSystem, folder: str, schema: pa.Schema) -> None:
        self.fs, self.folder, self.schema = fs, folder, schema
        self.open: dict[str, tuple[pq.ParquetWriter, int, int]] = {}
        self.rows = 0

    def write(self, county: str, batch: pa.RecordBatch) -> None:
        writer, files, rows = self.open.get(county) or self._new(county, 0)
        if rows >= ROWS_PER_FILE:
            writer.close()
            writer, files, rows = self._new(county, files)
        writer.write_batch(batch)
        self.open[county] = (writer, files, rows + batch.num_rows)
        self.rows += batch.num_rows

    def _new(self, county: str, files: int) -> tuple[pq.ParquetWriter, int, int]:
        sub = f"{self.folder}/county={county}" if county else self.folder
        self.fs.create_dir(sub, recursive=True)
        return pq.ParquetWriter(f"{sub}/part-{files:05d}.parquet", self.schema,
                                filesystem=self.fs), files + 1, 0

    def close(self) -> None:
        for writer, _, _ in self.open.values():
            writer.close()
        if not self.open:  # Spark needs a file to know the schema of an empty table.
            self._new("", 0)[0].close()


def _pseudonyms(values: pa.Array, key: bytes) -> pa.Array:
    """Each ID number as the first 128 bits of SHA-256 over the run's secret key and the
    number (hex), NULL kept; computed by DuckDB over the whole column (the key stays in this
    process)."""
    import duckdb

    ids = pa.table({"v": values.cast(S)})  # noqa: F841 - read by DuckDB below
    with duckdb.connect() as con:
        out = con.sql("SELECT left(sha256($key || v), 32) AS p FROM ids",
                      params={"key": key.hex()}).to_arrow_table()
    return out.column("p").combine_chunks().cast(S)


def _stream(sql: str, params: list[Any]) -> Iterator[tuple[list[str], list[tuple[Any, ...]]]]:
    # A server-side cursor on PostgreSQL: a plain one would hold the whole result (millions of
    # members at province scale) in this process before the first batch.
    with connection.chunked_cursor() as c:
        c.execute(sql, params)
        names = [d[0] for d in c.description]
        while rows := c.fetchmany(BATCH):
            yield names, rows


def _batches(sql: str, params: list[Any], types: Sequence[pa.DataType], by_county: bool,
             arrow: Any = None) -> Iterator[tuple[list[str], list[pa.Array]]]:
    """The rows as Arrow columns (the data columns typed, then the county if any). `arrow`:
    an ADBC connection to the same PostgreSQL database, or None."""
    if connection.vendor == "postgresql" and PG_READER != "rows":
        with connection.cursor() as c:
            if hasattr(c.cursor, "mogrify"):
                query = c.cursor.mogrify(sql, params)
                if arrow is not None:
                    yield from _fetched(arrow, query, types, by_county)
                else:
                    yield from _copied(c, query, types, by_county)
                return
    for names, rows in _stream(sql, params):
        cols = list(zip(*rows, strict=True))
        arrays = [_column(col, kind) for col, kind in zip(cols, types, strict=False)]
        yield names, arrays + ([pa.array(cols[-1], type=S)] if by_county else [])


def arrow_connection() -> Any:
    """An ADBC connection to the application's PostgreSQL database, or None (another
    database, the driver not installed, another reader chosen, or a transaction open on the
    application's connection: another connection would not see its uncommitted rows)."""
    if connection.vendor != "postgresql" or PG_READER != "adbc" or connection.in_atomic_block:
        return None
    try:
        import adbc_driver_postgresql.dbapi as adbc
    except ImportError:
        return None
    db = connection.settings_dict
    auth = quote(str(db.get("USER") or ""), safe="")
    if db.get("PASSWORD"):
        auth += ":" + quote(str(db["PASSWORD"]), safe="")
    host = str(db.get("HOST") or "")
    netloc = f"{auth}@{host}" if auth else host
    if db.get("PORT"):
        netloc += f":{db['PORT']}"
    query = urlencode({k: v for k, v in (db.get("OPTIONS") or {}).items() if k in _LIBPQ})
    uri = f"postgresql://{netloc}/{quote(str(db['NAME']), safe='')}"
    return adbc.connect(f"{uri}?{query}" if query else uri)


_LIBPQ = {"sslmode", "sslrootcert", "sslcert", "sslkey", "connect_timeout", "options",
          "application_name", "target_session_attrs", "passfile", "service"}


def _fetched(arrow: Any, query: str, types: Sequence[pa.DataType],
             by_county: bool) -> Iterator[tuple[list[str], list[pa.Array]]]:
    """PostgreSQL through ADBC: Arrow batches decoded from binary COPY in C++."""
    kinds = [*types, *([S] if by_county else [])]
    with arrow.cursor() as cur:
        cur.execute(query)
        reader = cur.fetch_record_batch()
        names = list(reader.schema.names)
        for batch in reader:
            if batch.num_rows:
                yield names, [batch.column(i).cast(kind) for i, kind in enumerate(kinds)]


def _copied(c: Any, query: str, types: Sequence[pa.DataType],
            by_county: bool) -> Iterator[tuple[list[str], list[pa.Array]]]:
    """PostgreSQL: COPY the result out as CSV and parse it with Arrow's reader (C++, no Python
    object per value); several times faster than fetching rows through the driver."""
    c.execute(f"SELECT * FROM ({query}) AS q WHERE 1 = 0")
    names = [d[0] for d in c.description]
    kinds = [*types, *([S] if by_county else [])]
    with tempfile.NamedTemporaryFile(prefix="jianpin-export-", suffix=".csv") as tmp:
        with c.cursor.copy(f"COPY ({query}) TO STDOUT (FORMAT csv)") as copy:
            for data in copy:
                tmp.write(data)
        tmp.flush()
        if not tmp.tell():
            return      # no rows (Arrow refuses an empty file)
        reader = pacsv.open_csv(
            tmp.name, read_options=pacsv.ReadOptions(column_names=names, block_size=COPY_BLOCK),
            convert_options=pacsv.ConvertOptions(
                column_types=dict(zip(names, kinds, strict=True)), true_values=["t"],
                false_values=["f"], strings_can_be_null=True, quoted_strings_can_be_null=False))
        for batch in reader:
            if batch.num_rows:
                yield names, [batch.column(i) for i in range(len(kinds))]


def _export(fs: pafs.FileSystem, root: str, name: str, sql: str, params: list[Any],
            types: Sequence[pa.DataType], by_county: bool, key: bytes, arrow: Any = None) -> int:
    writers: _Writers | None = None
    for names, arrays in _batches(sql, params, types, by_county, arrow):
        if "id_number" in names:
            at = names.index("id_number")
            arrays[at] = _pseudonyms(arrays[at], key)
        data = names[:len(types)]
        schema = pa.schema(list(zip(data, types, strict=True)))
        writers = writers or _Writers(fs, f"{root}/{name}", schema)
        record = pa.RecordBatch.from_arrays(arrays[:len(types)], schema=schema)
        if not by_county:
            writers.write("", record)
            continue
        counties = arrays[-1]
        for county in sorted(pc.unique(counties).to_pylist()):
            writers.write(str(county), record.filter(pc.equal(counties, county)))
    if writers is None:  # no rows: an empty file with the names of the SELECT
        with connection.cursor() as c:
            c.execute(f"SELECT * FROM ({sql}) AS q WHERE 1 = 0", params)
            names = [d[0] for d in c.description]
        schema = pa.schema(list(zip(names[:len(types)], types, strict=True)))
        writers = _Writers(fs, f"{root}/{name}", schema)
    writers.close()
    return writers.rows


def export(url: str, year: int, area_code: str | None, today: dt.date | None = None) -> int:
    """Write the area's tables under url (one folder per table); return the household count."""
    fs, root = open_fs(url)
    low, high = features.area_bounds(area_code)
    households = 0
    key = secrets.token_bytes(32)
    arrow = arrow_connection()
    try:
        for table in TABLES:
            rows = _export(fs, root, table.name, _render(table), _params(table, low, high, year),
                           table.types, table.by_county, key, arrow)
            if table.name == "registry_household":
                households = rows
    finally:
        if arrow is not None:
            arrow.close()
    # The standards go through a temporary table of this connection: not through `arrow`.
    with connection.cursor() as c:
        features.fill_standards(c, year, low, high)
        cols = ", ".join(f"std_{k}" for k in features.STD_KEYS)
        _export(fs, root, features.STD_TABLE,
                f"SELECT village_code, {cols}, substr(village_code, 1, 6) AS county "
                f"FROM {features.STD_TABLE}", [], (S, *[F] * len(features.STD_KEYS)), True, key)
        c.execute(f"DROP TABLE IF EXISTS {features.STD_TABLE}")
    return households
