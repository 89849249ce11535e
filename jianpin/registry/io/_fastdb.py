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
from collections.abc import Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from itertools import chain
from typing import Any, cast

import orjson
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models
from django.db.backends.base.operations import BaseDatabaseOperations

BATCH = 5000
SELECT_CHUNK = 5000     # values per IN (...) list: far below every backend's parameter limit


def rows_in(sql: str, values: list[Any], extra: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
    """The rows of `sql` whose `IN (__IN__)` list takes `values`, SELECT_CHUNK at a time
    (`extra` are the parameters after the list)."""
    if connection.vendor == "postgresql":
        from jianpin.registry.io import _pgwrite

        yield from _pgwrite.rows_in(sql, values, extra)
        return
    with connection.cursor() as cursor:
        for start in range(0, len(values), SELECT_CHUNK):
            part = values[start:start + SELECT_CHUNK]
            cursor.execute(sql.replace("__IN__", ", ".join(["%s"] * len(part))), [*part, *extra])
            yield from cursor.fetchall()


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
    return orjson.dumps(value, default=_default,
                        option=orjson.OPT_PASSTHROUGH_DATETIME).decode()


def _default(value: Any) -> Any:
    """DjangoJSONEncoder's text for a value orjson does not encode, amounts (most of them, as
    `str`, which is what it gives) without its chain of type tests."""
    return str(value) if value.__class__ is Decimal else _FALLBACK.default(value)


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

    def select_in(self, names: Sequence[str], key: str, values: Iterable[Any],
                  among: tuple[str, Sequence[Any]] | None = None) -> Iterator[dict[str, Any]]:
        """Rows as dicts (values typed as the ORM types them) whose `key` column is one of
        `values` (and, with `among` = (column, few values), whose column is one of those)."""
        cols = ", ".join(self.column(n) for n in names)
        more, extra = "", []
        if among is not None:
            extra = list(among[1])
            more = f" AND {self.column(among[0])} IN ({', '.join(['%s'] * len(extra))})"
        readers = [(n, r) for n in names if (r := _reader(self.by_attname[n])) is not None]
        sql = (f"SELECT {cols} FROM {connection.ops.quote_name(self.name)} "
               f"WHERE {self.column(key)} IN (__IN__){more}")
        for row in rows_in(sql, list(values), extra):
            record = dict(zip(names, row, strict=True))
            for name, read in readers:
                if record[name] is not None:
                    record[name] = read(record[name])
            yield record

    def ids(self, key: str, values: Sequence[Any]) -> dict[Any, int]:
        """key value → primary key of the rows whose `key` column is one of values (a unique
        column: the numbers of households just inserted)."""
        quoted = connection.ops.quote_name(self.name)
        return dict(rows_in(f"SELECT {self.column(key)}, id FROM {quoted} WHERE "
                            f"{self.column(key)} IN (__IN__)", list(values)))

    def empty(self) -> bool:
        """True if the table holds no row (one look at its first page)."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(self.name)} LIMIT 1")
            return cursor.fetchone() is None

    def prep(self, attname: str, value: Any) -> Any:
        adapt = self.adapters.get(attname)
        return adapt(value) if adapt is not None and value is not None else value


def _driver_adapts(field: models.Field[Any, Any]) -> bool:
    """True where the driver turns a value into what the field's adapter would have made:
    dates (Django registers `date.isoformat` with sqlite3, whose result is the `str(date)` of
    the SQLite adapter; psycopg sends dates as they are, as the PostgreSQL adapter does)."""
    return isinstance(field, models.DateField) and not isinstance(field, models.DateTimeField)


class Rows:
    """Insert rows of one table, built from value tuples that share a shape (the keys they
    give), with model defaults and the import's time stamps for the other columns.

    PostgreSQL: each row in the table's column order, one C-level pick per row over the values
    followed by the shared tail of defaults and stamps (COPY takes whole rows). SQLite: the
    values go to the statement as they are (its column list in the shape's order) and the
    tail is bound once per statement, each row's VALUES naming the same numbered parameters
    (`_insert_many`): rows of the main shape are not rebuilt, and SQLite binds per row only
    the values records give (a household: 7 of 48 columns in the 建档立卡 file).
    Values are adapted only where the driver would not adapt them the same way (JSON)."""

    def __init__(self, table: Table, now: dt.datetime, pk: bool = False) -> None:
        self.table = table
        self.pk = pk        # rows give their primary key too (PostgreSQL: last, see `new_ids`)
        self.names = [f.attname for f in table.fields] + (["id"] if pk else [])
        stamp = table.prep(table.stamps[0], now) if table.stamps else None
        self.fixed = {n: stamp for n in table.stamps}     # adapted once, not per row
        self.defaults = {n: table.prep(n, v) for n, v in table.defaults.items()}   # likewise
        self.adapt = {n: a for n, a in table.adapters.items()
                      if n not in self.fixed and not _driver_adapts(table.by_attname[n])}
        self.whole = connection.vendor == "postgresql"
        self.rows: list[tuple[Any, ...]] = []   # PostgreSQL: whole rows; SQLite: given values
        self.kinds: list[_Shape] = []           # SQLite: each row's shape
        self._makers: dict[tuple[str, ...], _Shape] = {}

    def _maker(self, keys: tuple[str, ...]) -> _Shape:
        at = {k: i for i, k in enumerate(keys)}
        pick: Any
        given = [n for n in keys if n in self.names and n not in self.fixed]
        rest = [n for n in self.names if n not in given]
        tail = tuple(self.fixed[n] if n in self.fixed else self.defaults[n] for n in rest)
        if self.whole:
            order = {n: i for i, n in enumerate(given)}
            picks = [at[n] if n in order else len(keys) + rest.index(n) for n in self.names]
            pick = operator.itemgetter(*picks)
        else:
            pick = None if len(given) == len(keys) else _picker([at[n] for n in given])
        adapt = [(at[n], a) for n, a in self.adapt.items() if n in at]
        made = self._makers[keys] = _Shape(given + rest, len(given), tail, pick, adapt)
        return made

    def add(self, keys: tuple[str, ...], values: tuple[Any, ...]) -> None:
        """One record: values[i] is the value of keys[i]; other columns take the default."""
        shape = self._makers.get(keys) or self._maker(keys)
        if shape.adapt:
            given = list(values)
            for i, to_db in shape.adapt:
                if given[i] is not None:
                    given[i] = to_db(given[i])
            values = tuple(given)
        if self.whole:
            self.rows.append(shape.pick(values + shape.tail))
            return
        self.rows.append(values if shape.pick is None else shape.pick(values))
        self.kinds.append(shape)

    def extend(self, keys: tuple[str, ...], records: list[tuple[Any, ...]]) -> None:
        """`add` for records that share `keys`, in order."""
        if not records:
            return
        shape = self._makers.get(keys) or self._maker(keys)
        if shape.adapt or self.whole:
            for values in records:
                self.add(keys, values)
            return
        self.rows.extend(records if shape.pick is None else map(shape.pick, records))
        self.kinds.extend([shape] * len(records))

    def __len__(self) -> int:
        return len(self.rows)

    def write(self) -> int:
        """Insert the rows added so far, in order: one COPY (PostgreSQL) or one executemany
        (SQLite)."""
        rows, self.rows = self.rows, []
        kinds, self.kinds = self.kinds, []
        table = self.table
        if not rows:
            return 0
        with connection.cursor() as cursor:
            if self.whole:
                cols = ", ".join(table.column(n) for n in self.names)
                return _copy(cursor, table, cols, rows, self.pk)
            return _insert_many(cursor, table, *self._merged(rows, kinds))

    def _merged(self, rows: list[tuple[Any, ...]], kinds: list[_Shape]) -> tuple[
            list[str], int, tuple[Any, ...], list[tuple[Any, ...]]]:
        """Rows of several shapes as rows of one: the columns any of them gives, each row
        picking its own values or its shape's default (one C-level pick, only for rows whose
        shape gives less or in another order); the columns none gives stay shared."""
        shapes = list(dict.fromkeys(kinds))
        if len(shapes) == 1:
            return shapes[0].columns, shapes[0].width, shapes[0].tail, rows
        given = list(dict.fromkeys(n for shape in shapes for n in shape.columns[:shape.width]))
        rest = [n for n in self.names if n not in given]
        picks = {shape: None if shape.columns[:shape.width] == given else
                 (_picker([shape.columns.index(n) for n in given]), shape.tail)
                 for shape in shapes}       # a pick over the values followed by the tail
        rows = [values if (p := picks[kind]) is None else p[0](values + p[1])
                for values, kind in zip(rows, kinds, strict=True)]
        return (given + rest, len(given),
                tuple(self.fixed[n] if n in self.fixed else self.defaults[n] for n in rest), rows)


class _Shape:
    """How the records of one shape become rows: `columns` in statement order (the given
    ones, then the rest), `tail` the values of the rest, `pick` the given values of a record
    (None: all of them, in order), `adapt` (position, adapter) pairs."""

    __slots__ = ("columns", "width", "tail", "pick", "adapt")

    def __init__(self, columns: list[str], width: int, tail: tuple[Any, ...], pick: Any,
                 adapt: list[tuple[int, Any]]) -> None:
        self.columns, self.width, self.tail, self.pick, self.adapt = \
            columns, width, tail, pick, adapt


def _picker(positions: list[int]) -> Any:
    """The values at positions as a tuple (itemgetter gives a bare value for one)."""
    if len(positions) > 1:
        return operator.itemgetter(*positions)
    return lambda values: tuple(values[i] for i in positions)


def insert(table: Table, records: Iterable[Mapping[str, Any]], now: dt.datetime) -> int:
    """Insert records (attname → value); missing columns take the model default."""
    rows = Rows(table, now)
    count = 0
    for rec in records:
        rows.add(tuple(rec), tuple(rec.values()))
        if len(rows) >= BATCH:
            count += rows.write()
    return count + rows.write()


ROWS_PER_INSERT = 50     # SQLite: rows per INSERT statement (measured: 50 beat 1 and 10)
MAX_PARAMETER = 30000    # below SQLite's 32,766


def _values(width: int, tail: int, rows: int) -> str:
    """`(?t+1, …, ?t+w, ?1, …, ?tail), …` for `rows` rows: each row's own parameters after
    the `tail` shared ones, which every row names again."""
    shared = "".join(f", ?{i}" for i in range(1, tail + 1))
    out = []
    for r in range(rows):
        first = tail + r * width + 1
        own = ", ".join(f"?{i}" for i in range(first, first + width))
        out.append(f"({own}{shared})" if own else f"({shared[2:]})")
    return ", ".join(out)


def _insert_many(cursor: Any, table: Table, columns: list[str], width: int,
                 tail: tuple[Any, ...], rows: list[tuple[Any, ...]]) -> int:
    """SQLite: multi-row INSERTs, ROWS_PER_INSERT rows a statement (fewer statement steps;
    rows flattened in C), the remainder one row a statement. Each row gives the first
    `width` columns; `tail`, the values of the others, is bound once per statement."""
    cols = ", ".join(table.column(n) for n in columns)
    head = f"INSERT INTO {connection.ops.quote_name(table.name)} ({cols}) VALUES "
    per = max(1, min(ROWS_PER_INSERT, (MAX_PARAMETER - len(tail)) // max(width, 1)))
    full = len(rows) - len(rows) % per
    flat = chain.from_iterable
    if full:
        cursor.executemany(head + _values(width, len(tail), per),
                           [[*tail, *flat(rows[i:i + per])] for i in range(0, full, per)])
    if full < len(rows):
        cursor.executemany(head + _values(width, len(tail), 1),
                           [[*tail, *row] for row in rows[full:]])
    return len(rows)


def _copy(cursor: Any, table: Table, cols: str, rows: Sequence[Sequence[Any]], pk: bool) -> int:
    """PostgreSQL: COPY is several times faster than multi-row INSERT for bulk loads
    (`_pgwrite.copy`: binary where it pays, foreign keys checked once per COPY)."""
    from jianpin.registry.io import _pgwrite

    return _pgwrite.copy(cursor, table, cols, rows, pk)


def new_ids(table: Table, count: int) -> list[int] | None:
    """Primary keys drawn for `count` new rows, in the order an insert would draw them
    (PostgreSQL: from the table's sequence, so that rows referring to them can be built
    before the rows are copied); None where the rows must be inserted first (SQLite)."""
    if connection.vendor != "postgresql" or not count:
        return None
    from jianpin.registry.io import _pgwrite

    return _pgwrite.new_ids(table, count)


def _encoded(value: Any) -> str:
    """JSON values are encoded already (`_json`); anything else as the ORM would encode it."""
    return value if isinstance(value, str) else _json(value)


def lock_versions(table: Table, pks: Sequence[int]) -> dict[int, int]:
    """The current version of each row, locked until the transaction ends (PostgreSQL; SQLite
    writers are serialised by the IMMEDIATE transaction that holds the whole import)."""
    lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
    quoted = connection.ops.quote_name(table.name)
    return dict(rows_in(f"SELECT id, version FROM {quoted} WHERE id IN (__IN__){lock}",
                        list(pks)))


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
    if connection.vendor == "postgresql":
        from jianpin.registry.io import _pgwrite

        _pgwrite.update(table, groups, versions is not None)
        return sum(len(r) for r in groups.values())
    quoted = connection.ops.quote_name(table.name)
    where = "id = %s" if versions is None else f"id = %s AND {table.column('version')} = %s"
    with connection.cursor() as cursor:
        for key, rows in groups.items():
            sets = ", ".join(f"{table.column(n)} = %s" for n in key)
            cursor.executemany(f"UPDATE {quoted} SET {sets} WHERE {where}", rows)
    return sum(len(r) for r in groups.values())
