"""PostgreSQL side of the import's bulk writes (`_fastdb` dispatches here).

New rows go by COPY: binary, each column's type declared (the server reads numbers, dates
and time stamps without parsing text, the client writes them without formatting), except for
a table whose columns are mostly amounts (income records): psycopg writes a Decimal as text
several times faster than in the binary numeric form, and the server parses those as fast.

Foreign keys of copied rows are checked once per COPY, set-based, where the session may set
`session_replication_role` and nothing else would be skipped (`_skip_row_checks`): the COPY
runs with the role `replica`, which skips PostgreSQL's per-row check trigger (a lookup per
row and key, queued and run at commit), and right after it, with the role restored, one
statement per key takes the same key-share lock on each distinct referenced row and counts
them; a missing one fails the write with the error PostgreSQL gives. Otherwise the row
triggers check as always.

A COPY is prepared by the importing thread (`Job`: statement, types, key checks) and run on
a bare psycopg cursor (`run`), here or by `_pgpipe`'s writer thread. New households may take
their keys from the sequence before they are copied (`new_ids`), so that their members' rows
need no look-up after the households' COPY.

Updates are staged: the new values COPYed (binary) into a temporary table, one per target
table and transaction (ON COMMIT DROP), then one `UPDATE ... FROM` per set of changed columns.
Look-ups by a list of values pass the list as one array parameter (`= ANY(%s)`).
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Any, cast

from django.db import IntegrityError, connection, transaction

from jianpin.registry.bulkwrites import quiet_now

if TYPE_CHECKING:
    from jianpin.registry.io._fastdb import Table

ROLE = "session_replication_role"
ROLES = ("origin", "replica", "local")
ANY_CHUNK = 50_000      # values per array parameter: one statement for any plan chunk
INT2 = 21


def rows_in(sql: str, values: list[Any], extra: Sequence[Any] = ()) -> Iterator[tuple[Any, ...]]:
    """`_fastdb.rows_in` with the list as one array parameter (the client quotes one array,
    not thousands of parameters; the server parses one constant)."""
    # ids typed as the key columns are (bigint): the server then hashes the array where it
    # filters by it; one of small ints (int2[]) is compared element by element (measured: 245
    # against 3-10 ms for 2,000 households' incomes of a year). Text stays untyped (the
    # column's type): measured as fast as the lists
    cast_to = "::bigint[]" if values and all(type(v) is int for v in values) else ""
    sql = sql.replace("IN (__IN__)", f"= ANY(%s{cast_to})")
    with connection.cursor() as cursor:
        for start in range(0, len(values), ANY_CHUNK):
            cursor.execute(sql, [values[start:start + ANY_CHUNK], *extra])
            yield from cursor.fetchall()


class Facts:
    """What the writes need to know of one table, read once per database: each column's type
    oid, and the single-column foreign keys (name, column position among `Table.fields`,
    referenced table and column). `simple` is False if a key spans several columns."""

    def __init__(self, cursor: Any, table: Table) -> None:
        cursor.execute("SELECT attname, atttypid FROM pg_attribute WHERE attrelid = %s::regclass "
                       "AND attnum > 0 AND NOT attisdropped", [table.name])
        oids = {str(k): int(v) for k, v in cursor.fetchall()}
        columns = [cast(str, f.column) for f in table.fields]
        self.oids = [oids[c] for c in columns]
        self.oid = oids
        cursor.execute(
            "SELECT c.conname::text, array_length(c.conkey, 1), a.attname::text, "
            "c.confrelid::regclass::text, r.attname::text FROM pg_constraint c "
            "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1] "
            "JOIN pg_attribute r ON r.attrelid = c.confrelid AND r.attnum = c.confkey[1] "
            "WHERE c.contype = 'f' AND c.conrelid = %s::regclass ORDER BY 1", [table.name])
        found = cursor.fetchall()
        self.simple = all(n == 1 for _, n, *_ in found)
        self.keys = [(name, columns.index(col), target, ref)
                     for name, _n, col, target, ref in found if col in columns]
        self.binary = sum(oids[c] == NUMERIC for c in columns) * 2 < len(columns)


NUMERIC = 1700
_FACTS: dict[tuple[str, str], Facts] = {}


def facts(cursor: Any, table: Table) -> Facts:
    key = (connection.settings_dict["NAME"], table.name)
    if key not in _FACTS:
        _FACTS[key] = Facts(cursor, table)
    return _FACTS[key]


class Job:
    """One COPY as the main thread prepares it, to be run on a bare psycopg cursor (here or
    by `_pgpipe`'s writer): the statement, the binary types (None: text), the statement that
    sets the role `replica` if it may (None: the row triggers check), and the keys."""

    __slots__ = ("sql", "types", "role", "role_params", "keys", "table", "columns")

    def __init__(self, cursor: Any, table: Table, cols: str, pk: bool) -> None:
        known = facts(cursor, table)
        self.sql = f"COPY {connection.ops.quote_name(table.name)} ({cols}) FROM STDIN" + \
            (" (FORMAT BINARY)" if known.binary else "")
        self.types = [*known.oids, *([known.oid["id"]] if pk else [])] if known.binary else None
        self.role, self.role_params = _role_statement(table, known) if known.keys else (None, [])
        quote = connection.ops.quote_name
        self.keys = [(name, at, target, quote(target), quote(ref))
                     for name, at, target, ref in known.keys]
        self.table = table.name
        self.columns = [cast(str, f.column) for f in table.fields]


def copy(cursor: Any, table: Table, cols: str, rows: Sequence[Sequence[Any]],
         pk: bool = False) -> int:
    """COPY whole rows (in `Table.fields` order, then the primary key if `pk`) into table;
    foreign keys checked once. Inside `_pgpipe.pipelined()` the COPY is queued for its
    writer, and runs while this thread goes on."""
    from jianpin.registry.io import _pgpipe

    job = Job(cursor, table, cols, pk)
    pipe = _pgpipe.active()
    if pipe is not None:
        pipe.submit(job, rows)
        return len(rows)
    with connection.wrap_database_errors:
        run(cursor.cursor, job, rows)
    return len(rows)


def run(raw: Any, job: Job, rows: Sequence[Sequence[Any]]) -> None:
    """Run a prepared COPY on a psycopg cursor (no Django: any thread may)."""
    from psycopg.types.json import set_json_dumps

    from jianpin.registry.io._fastdb import _encoded

    restore = _skip_row_checks(raw, job) if job.role is not None else None
    set_json_dumps(_encoded, context=raw)     # this cursor only
    with raw.copy(job.sql) as out:
        if job.types is not None:
            out.set_types(job.types)
        write = out.write_row
        for row in rows:
            write(row)
    if restore is not None:
        _check_keys(raw, job, rows, restore)


def _skip_row_checks(raw: Any, job: Job) -> str | None:
    """Set the role `replica` for the coming COPY if the server, asked by the job's statement,
    finds that it may; return the role to restore (None: not set, the row triggers check)."""
    raw.execute(job.role, job.role_params)
    return "origin" if raw.fetchone() is not None else None


def _role_statement(table: Table, known: Facts) -> tuple[str | None, list[Any]]:
    """The statement that sets the role `replica` for the coming COPY if the session may and
    if that skips nothing but the per-row checks of the keys checked after it and triggers
    set aside by the bulk write in progress (decided and set by the server: it returns a row
    if it set the role), with its parameters; None: the row triggers check."""
    if not known.simple:
        return None, []
    may = "current_setting('is_superuser') = 'on'"
    if connection.pg_version >= 150000:        # type: ignore[attr-defined]
        may += f" OR has_parameter_privilege('{ROLE}', 'SET')"
    # insert triggers that `replica` would silence or start: any but ALWAYS ones, the
    # checks of the keys checked after the COPY and the triggers set aside
    return (
        f"SELECT set_config('{ROLE}', 'replica', true) WHERE current_setting('{ROLE}') = "
        f"'origin' AND ({may}) AND NOT EXISTS (SELECT 1 FROM pg_trigger t "
        "JOIN pg_proc p ON p.oid = t.tgfoid LEFT JOIN pg_constraint c ON c.oid = t.tgconstraint "
        "WHERE t.tgrelid = %s::regclass AND t.tgenabled <> 'D' AND t.tgtype & 4 <> 0 "
        "AND t.tgenabled <> 'A' AND NOT (t.tgenabled = 'O' AND (p.proname = 'RI_FKey_check_ins' "
        "AND c.conname = ANY(%s) OR EXISTS (SELECT 1 FROM unnest(%s::text[]) AS q(prefix) "
        "WHERE starts_with(t.tgname::text, q.prefix)))))",
        [table.name, [k[0] for k in known.keys], list(quiet_now())])


def _check_keys(raw: Any, job: Job, rows: Sequence[Sequence[Any]], restore: str) -> None:
    """Restore the role, and do what the skipped row triggers would have done, once per key:
    lock each distinct referenced row (key share, so none can be deleted before this
    transaction ends) and fail if one is missing."""
    reset = f"set_config('{ROLE}', %s, true)"
    for name, at, target, quoted, ref in job.keys:
        values = {row[at] for row in rows}
        values.discard(None)
        if not values:
            continue
        wanted = list(values)
        raw.execute(f"SELECT {reset + ', ' if restore else ''}(SELECT count(*) FROM (SELECT 1 "
                    f"FROM {quoted} p WHERE p.{ref} = ANY(%s) FOR KEY SHARE "
                    "OF p) AS locked)", [restore, wanted] if restore else [wanted])
        restore = ""
        if raw.fetchone()[-1] == len(wanted):
            continue
        raw.execute(f"SELECT {ref} FROM {quoted} WHERE {ref} = ANY(%s)", [wanted])
        present = {r[0] for r in raw.fetchall()}
        missing = min(v for v in wanted if v not in present)
        raise IntegrityError(
            f'insert or update on table "{job.table}" violates foreign key constraint '
            f'"{name}"\nDETAIL:  Key ({job.columns[at]})=({missing}) is not present in table '
            f'"{target}".')
    if restore:
        raw.execute(f"SELECT {reset}", [restore])


def new_ids(table: Table, count: int) -> list[int]:
    """`count` primary keys for new rows of table, from its own sequence, in the order COPY
    would have drawn them."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM "
                       "generate_series(1, %s)", [table.name, count])
        return sorted(r[0] for r in cursor.fetchall())


def update(table: Table, groups: dict[tuple[str, ...], list[list[Any]]],
           versioned: bool) -> None:
    """Write each group (changed columns → rows of their values, the key and, `versioned`,
    the version seen): one binary COPY of every row into the table's stage, one
    `UPDATE ... FROM` per group. Rows whose version is no longer the one seen are left alone,
    as the row-by-row statement leaves them."""
    from psycopg.types.json import set_json_dumps

    from jianpin.registry.io._fastdb import _encoded

    if not groups:
        return
    quote = connection.ops.quote_name
    with transaction.atomic(savepoint=False), connection.cursor() as cursor, \
            connection.wrap_database_errors:
        known = facts(cursor, table)
        columns = [cast(str, f.column) for f in table.fields]
        stage = quote(f"jianpin_stage_{table.name}")
        seen = "version" if "version" in columns else "NULL::integer"
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage} ON COMMIT DROP AS SELECT "
            f"{', '.join(quote(c) for c in columns)}, id, {seen} AS jianpin_seen, "
            f"0::smallint AS jianpin_shape FROM {quote(table.name)} WITH NO DATA")
        width = len(columns)
        at = {f.attname: i for i, f in enumerate(table.fields)}
        types = [*known.oids, known.oid["id"], known.oid.get("version", 23), INT2]
        set_json_dumps(_encoded, context=cursor.cursor)     # JSON values come encoded
        with cursor.cursor.copy(f"COPY {stage} FROM STDIN (FORMAT BINARY)") as out:
            out.set_types(types)
            for shape, (key, rows) in enumerate(groups.items()):
                places = [at[n] for n in key]
                for row in rows:
                    full: list[Any] = [None] * (width + 3)
                    for place, value in zip(places, row, strict=False):
                        full[place] = value
                    full[width] = row[len(key)]
                    if versioned:
                        full[width + 1] = row[len(key) + 1]
                    full[width + 2] = shape
                    out.write_row(full)
        match = " AND t.version = s.jianpin_seen" if versioned else ""
        for shape, key in enumerate(groups):
            sets = ", ".join(f"{quote(columns[at[n]])} = s.{quote(columns[at[n]])}" for n in key)
            cursor.execute(f"UPDATE {quote(table.name)} AS t SET {sets} FROM {stage} AS s "
                           f"WHERE s.jianpin_shape = %s AND t.id = s.id{match}", [shape])
        cursor.execute(f"DELETE FROM {stage}")
