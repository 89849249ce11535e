"""PostgreSQL: secondary indexes of an empty registry table built once after a first load.

COPY into an indexed table inserts every row into each of its indexes, one b-tree descent per
row and index (registry_household has 13, registry_member 6); `CREATE INDEX` over the finished
table sorts the keys once. For a table that holds no row when the import starts writing (a
county's first load into a new database), the import's transaction sets aside the table's
plain indexes (made by CREATE INDEX: not unique, not a constraint's) and its unique
constraints (no foreign key refers to them, not deferrable), each index not clustered, not
the replica identity, in the default tablespace, with no comment, on a table this role owns;
after the last batch, before the transaction commits, it makes them again with the
definitions `pg_get_indexdef` and `pg_get_constraintdef` gave. Primary keys stay (the
foreign-key checks read them).

A unique constraint made again over the loaded rows checks them all at once. No other
transaction can have written the table meanwhile (the lock below), so a duplicate could only
come from the file, and the file's checks report those (the same ID number twice, say) before
anything is written; one that got through would still fail the import with a unique
violation (SQLSTATE 23505, the constraint named, "is duplicated" instead of "already
exists"), which the import reports as any unique violation, and roll everything back.

DROP INDEX takes the table's ACCESS EXCLUSIVE lock until the import commits: readers of that
(empty) table wait for the import instead of reading nothing. The lock is asked for with a
short `lock_timeout` (`LOCK_WAIT`); a table another transaction is using keeps its indexes
(another import, a reader). An error anywhere rolls back the savepoint taken here and the
drops with it.

Only the registry's household, member and income tables: every audited write in the platform
adds to the audit table, which is empty only before the first one.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import OperationalError, connection, transaction

LOCK_WAIT = "200ms"     # how long to wait for a table's exclusive lock before keeping its indexes
UNIQUE = True           # unique constraints too (see the module's docstring)

_PLAIN = (
    "SELECT c.relname::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
    "JOIN pg_class c ON c.oid = i.indexrelid WHERE i.indrelid = %s::regclass "
    "AND NOT i.indisunique AND NOT i.indisprimary AND NOT i.indisexclusion "
    "AND NOT i.indisclustered AND NOT i.indisreplident AND i.indisvalid AND i.indisready "
    "AND c.reltablespace = 0 AND obj_description(c.oid, 'pg_class') IS NULL "
    "AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid) "
    "ORDER BY 1")


# unique constraints no foreign key refers to, not deferrable, their index as plain as above
_UNIQUE = (
    "SELECT k.conname::text, pg_get_constraintdef(k.oid) FROM pg_constraint k "
    "JOIN pg_class c ON c.oid = k.conindid JOIN pg_index i ON i.indexrelid = k.conindid "
    "WHERE k.conrelid = %s::regclass AND k.contype = 'u' AND NOT k.condeferrable "
    "AND NOT i.indisclustered AND NOT i.indisreplident AND c.reltablespace = 0 "
    "AND obj_description(c.oid, 'pg_class') IS NULL "
    "AND NOT EXISTS (SELECT 1 FROM pg_constraint f WHERE f.contype = 'f' "
    "AND f.conindid = k.conindid) ORDER BY 1")


def _plain_indexes(cursor: Any, table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the table's plain indexes."""
    cursor.execute(_PLAIN, [table])
    return [(str(n), str(s)) for n, s in cursor.fetchall()]


def _set_aside(cursor: Any, table: str) -> list[tuple[str, str, str]]:
    """(name, statement dropping it, statement making it again) of each plain index and,
    with UNIQUE, each unique constraint of the table."""
    quote = connection.ops.quote_name
    out = [(name, f"DROP INDEX {quote(name)}", sql) for name, sql in _plain_indexes(cursor, table)]
    if UNIQUE:
        cursor.execute(_UNIQUE, [table])
        out += [(str(n), f"ALTER TABLE {quote(table)} DROP CONSTRAINT {quote(n)}",
                 f"ALTER TABLE {quote(table)} ADD CONSTRAINT {quote(n)} {d}")
                for n, d in cursor.fetchall()]
    return out


def _empty(cursor: Any, table: str) -> bool:
    cursor.execute(f"SELECT 1 FROM {connection.ops.quote_name(table)} LIMIT 1")
    return cursor.fetchone() is None


def _owned(cursor: Any, table: str) -> bool:
    """True if this role may drop and create the table's indexes (it owns the table, as the
    role that ran the migrations does)."""
    cursor.execute("SELECT pg_has_role(relowner, 'USAGE') FROM pg_class WHERE oid = "
                   "%s::regclass", [table])
    return bool(cursor.fetchone()[0])


def _locked(table: str) -> bool:
    """Take the table's ACCESS EXCLUSIVE lock, waiting at most LOCK_WAIT (False: not taken,
    nothing changed)."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT current_setting('lock_timeout'), "
                           "set_config('lock_timeout', %s, true)", [LOCK_WAIT])
            before = cursor.fetchone()[0]
            cursor.execute(f"LOCK TABLE {connection.ops.quote_name(table)} "
                           "IN ACCESS EXCLUSIVE MODE")
            cursor.execute("SELECT set_config('lock_timeout', %s, true)", [before])
    except OperationalError:
        return False
    return True


def _run_pending_checks(cursor: Any, tables: Sequence[str]) -> None:
    """Run now the deferred foreign-key checks queued for rows of the tables (by a COPY whose
    row triggers checked, `_pgwrite`, or by deletes earlier in the transaction): PostgreSQL
    alters and indexes no table with trigger events pending. Each key then goes back to
    checking at commit, as it was declared."""
    cursor.execute("SELECT DISTINCT quote_ident(conname), condeferred FROM pg_constraint WHERE "
                   "contype = 'f' AND condeferrable AND (conrelid::regclass::text = ANY(%s) "
                   "OR confrelid::regclass::text = ANY(%s)) ORDER BY 1",
                   [list(tables), list(tables)])
    keys = cursor.fetchall()
    if not keys:
        return
    cursor.execute(f"SET CONSTRAINTS {', '.join(k for k, _ in keys)} IMMEDIATE")
    deferred = [k for k, d in keys if d]
    if deferred:
        cursor.execute(f"SET CONSTRAINTS {', '.join(deferred)} DEFERRED")


class Deferred:
    """The indexes set aside by one import: `start()` right before its first write
    (idempotent), `finish()` after its last."""

    def __init__(self, tables: Sequence[str]) -> None:
        self.tables = list(tables)
        self.dropped: list[tuple[str, str]] = []     # (name, statement making it again)
        self.started = False

    def start(self) -> None:
        if self.started:
            return
        self.started = True
        with connection.cursor() as cursor:
            for table in self.tables:
                # an empty look first: a table with rows is never locked
                if not _empty(cursor, table) or not _owned(cursor, table) or \
                        not _locked(table) or not _empty(cursor, table):
                    continue
                _run_pending_checks(cursor, [table])
                for name, drop, make in _set_aside(cursor, table):
                    cursor.execute(drop)
                    self.dropped.append((name, make))

    def finish(self) -> None:
        dropped, self.dropped = self.dropped, []
        if not dropped:
            return
        with connection.cursor() as cursor:
            _run_pending_checks(cursor, self.tables)
            for _name, sql in dropped:
                cursor.execute(sql)


@contextmanager
def deferred_indexes(tables: Sequence[str]) -> Iterator[Deferred]:
    """Inside the import's transaction: plain indexes of the empty tables among `tables` built
    after the writes (`Deferred.start` before the first). On an exception nothing is rebuilt:
    the rollback to the savepoint taken here restores them."""
    with transaction.atomic():
        deferred = Deferred(tables)
        yield deferred
        deferred.finish()
