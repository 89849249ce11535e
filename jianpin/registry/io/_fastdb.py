"""Bulk reads, inserts and updates for imports of hundreds of thousands of rows.

Private to the registry's write layer: only `registry.import_actions` (through `commit`) and the
planner call it; the rules (area, locks, versions, writable fields, audit) are applied there.

Values are adapted once per type with the connection's own adapters, so the rows are what
the ORM would have written; model defaults fill the columns a record does not give. Reads
return values typed as the ORM would have returned them.
"""
from __future__ import annotations

import datetime as dt
import operator
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any, cast

import orjson
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.db.backends.base.operations import BaseDatabaseOperations

BATCH = 5000
SELECT_CHUNK = 5000     # values per IN (...) list: far below every backend's parameter limit


def _adapter(field: models.Field[Any, Any]) -> Any:
    ops = connection.ops
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return lambda v: ops.adapt_datefield_value(v) if isinstance(v, dt.date) else v
    if isinstance(field, models.DecimalField):
        if type(ops).adapt_decimalfield_value is BaseDatabaseOperations.adapt_decimalfield_value:
            return None         # the backend passes amounts through unchanged
        return lambda v: ops.adapt_decimalfield_value(v, field.max_digits, field.decimal_places) \
            if isinstance(v, Decimal) else v
    if isinstance(field, models.JSONField):
        return _json
    return None


_FALLBACK = DjangoJSONEncoder()


def _json(value: Any) -> str:
    """The JSON the ORM would store (DjangoJSONEncoder for dates, amounts, datetimes), encoded
    by orjson: audit diffs of a whole county are a large part of an import's writing."""
    return orjson.dumps(value, default=_FALLBACK.default,
                        option=orjson.OPT_PASSTHROUGH_DATETIME).decode()


def _reader(field: models.Field[Any, Any]) -> Any:
    """How a raw column value becomes what the ORM returns (None: it already is). Both
    drivers, as Django configures them, return dates and booleans typed; SQLite returns
    amounts as floats."""
    if isinstance(field, models.DecimalField) and connection.vendor == "sqlite":
        quantum = Decimal(1).scaleb(-field.decimal_places)
        return lambda v: (Decimal(repr(v)) if isinstance(v, float) else Decimal(v)).quantize(
            quantum)
    return None


class Table:
    """Column facts of one model, computed once per import."""

    def __init__(self, model: type[models.Model]) -> None:
        meta = model._meta
        self.name = meta.db_table
        self.fields = [f for f in meta.concrete_fields if not f.primary_key]
        self.by_attname = {f.attname: f for f in meta.concrete_fields}
        self.adapters = {f.attname: a for f in self.fields if (a := _adapter(f)) is not None}
        self.defaults = {f.attname: f.get_default() for f in self.fields}
        self.stamps = [f.attname for f in self.fields
                       if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)]

    def column(self, attname: str) -> str:
        # concrete fields (the only ones in by_attname) always have a column
        return connection.ops.quote_name(cast(str, self.by_attname[attname].column))

    def select_in(self, names: Sequence[str], key: str,
                  values: Iterable[Any]) -> Iterator[dict[str, Any]]:
        """Rows as dicts (values typed as the ORM types them) whose `key` column is one of
        `values`."""
        cols = ", ".join(self.column(n) for n in names)
        readers = [(n, r) for n in names if (r := _reader(self.by_attname[n])) is not None]
        wanted = list(values)
        with connection.cursor() as cursor:
            for start in range(0, len(wanted), SELECT_CHUNK):
                part = wanted[start:start + SELECT_CHUNK]
                cursor.execute(f"SELECT {cols} FROM {connection.ops.quote_name(self.name)} "
                               f"WHERE {self.column(key)} IN ({', '.join(['%s'] * len(part))})",
                               part)
                for row in cursor.fetchall():
                    record = dict(zip(names, row, strict=True))
                    for name, read in readers:
                        if record[name] is not None:
                            record[name] = read(record[name])
                    yield record

    def prep(self, attname: str, value: Any) -> Any:
        adapt = self.adapters.get(attname)
        return adapt(value) if adapt is not None and value is not None else value


def insert(table: Table, records: Iterable[dict[str, Any]], now: dt.datetime) -> int:
    """Insert records (attname → value); missing columns take the model default."""
    names = [f.attname for f in table.fields]
    cols = ", ".join(table.column(n) for n in names)
    sql = f"INSERT INTO {connection.ops.quote_name(table.name)} ({cols}) VALUES " \
          f"({', '.join(['%s'] * len(names))})"
    stamp = table.prep(table.stamps[0], now) if table.stamps else None
    fixed = {n: stamp for n in table.stamps}     # adapted once, not per row
    defaults = {n: table.prep(n, v) for n, v in table.defaults.items()}   # likewise
    pick = operator.itemgetter(*names)
    adapt_at = [(i, n, table.adapters[n]) for i, n in enumerate(names)
                if n in table.adapters and n not in fixed]
    rows = []
    count = 0
    flush = _copy if connection.vendor == "postgresql" else _executemany
    with connection.cursor() as cursor:
        for rec in records:
            row = list(pick({**defaults, **rec, **fixed}))
            for i, name, adapt in adapt_at:
                if name in rec and row[i] is not None:
                    row[i] = adapt(row[i])
            rows.append(row)
            if len(rows) >= BATCH:
                count += flush(cursor, table, cols, sql, rows)
                rows = []
        if rows:
            count += flush(cursor, table, cols, sql, rows)
    return count


def _executemany(cursor: Any, table: Table, cols: str, sql: str, rows: list[list[Any]]) -> int:
    cursor.executemany(sql, rows)
    return len(rows)


def _copy(cursor: Any, table: Table, cols: str, sql: str, rows: list[list[Any]]) -> int:
    """PostgreSQL: COPY is several times faster than multi-row INSERT for bulk loads."""
    name = connection.ops.quote_name(table.name)
    with connection.wrap_database_errors, \
            cursor.cursor.copy(f"COPY {name} ({cols}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
    return len(rows)


def lock_versions(table: Table, pks: Sequence[int]) -> dict[int, int]:
    """The current version of each row, locked until the transaction ends (PostgreSQL; SQLite
    writers are serialised by the IMMEDIATE transaction that holds the whole import)."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    quoted = connection.ops.quote_name(table.name)
    out: dict[int, int] = {}
    with connection.cursor() as cursor:
        for start in range(0, len(pks), SELECT_CHUNK):
            part = list(pks[start:start + SELECT_CHUNK])
            cursor.execute(f"SELECT id, version FROM {quoted} WHERE id IN "
                           f"({', '.join(['%s'] * len(part))}){lock}", part)
            out.update(cursor.fetchall())
    return out


def update(table: Table, changes: Iterable[tuple[int, dict[str, Any]]], now: dt.datetime,
           versions: dict[int, int] | None = None) -> int:
    """Update rows by primary key; records changing the same columns share one statement.
    With `versions` (pk → version the writer saw), each row is written only if its version is
    still that one."""
    groups: dict[tuple[str, ...], list[list[Any]]] = defaultdict(list)
    for pk, values in changes:
        if not values:
            continue
        values = {**values, **{n: now for n in table.stamps if n == "updated_at"}}
        key = tuple(sorted(values))
        row = [*(table.prep(n, values[n]) for n in key), pk]
        groups[key].append(row if versions is None else [*row, versions[pk]])
    quoted = connection.ops.quote_name(table.name)
    where = "id = %s" if versions is None else f"id = %s AND {table.column('version')} = %s"
    with connection.cursor() as cursor:
        for key, rows in groups.items():
            if connection.vendor == "postgresql":
                _staged_update(cursor, table, key, rows, versions is not None)
                continue
            sets = ", ".join(f"{table.column(n)} = %s" for n in key)
            cursor.executemany(f"UPDATE {quoted} SET {sets} WHERE {where}", rows)
    return sum(len(r) for r in groups.values())


STAGE = "jianpin_import_stage"


def _staged_update(cursor: Any, table: Table, key: tuple[str, ...], rows: list[list[Any]],
                   versioned: bool) -> None:
    """PostgreSQL: COPY the new values into a temporary table shaped like the target's
    columns (same types), then one UPDATE ... FROM it; rows whose version is no longer the
    one seen are left alone, as the row-by-row statement left them."""
    quoted, stage = connection.ops.quote_name(table.name), connection.ops.quote_name(STAGE)
    cols = [table.column(n) for n in key]
    seen = ", version AS jianpin_seen" if versioned else ""
    sets = ", ".join(f"{c} = s.{c}" for c in cols)
    match = " AND t.version = s.jianpin_seen" if versioned else ""
    with connection.wrap_database_errors:
        cursor.execute(f"DROP TABLE IF EXISTS {stage}")
        cursor.execute(f"CREATE TEMPORARY TABLE {stage} AS SELECT "
                       f"{', '.join(cols)}, id{seen} FROM {quoted} WITH NO DATA")
        with cursor.cursor.copy(f"COPY {stage} ({', '.join(cols)}, id"
                                f"{', jianpin_seen' if versioned else ''}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(f"UPDATE {quoted} AS t SET {sets} FROM {stage} AS s "
                       f"WHERE t.id = s.id{match}")
        cursor.execute(f"DROP TABLE {stage}")
