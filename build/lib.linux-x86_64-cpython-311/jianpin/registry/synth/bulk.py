"""Bulk-load mode: secondary indexes and constraints set aside while empty tables are filled.

Loading millions of rows into tables that maintain every index row by row (and check every
foreign key at commit) costs several times building the same indexes once afterwards. When
all the target tables are empty, `deferred_indexes` drops their secondary indexes, their
unique constraints and the foreign keys between them, lets the caller load, and creates them
again from the definitions the database itself reported, all inside the caller's transaction (both
PostgreSQL and SQLite roll DDL back): a failure leaves the schema as it was, and a
constraint the rows break fails the load. Primary keys stay (other tables refer to them).
Tables that already hold rows are loaded as they are, with their indexes maintained.
On PostgreSQL the foreign keys to tables outside the load are, where the session may, checked
once after the load instead of row by row (`synth.keys`).

On SQLite the mode also enlarges the page cache, and `unsynced` (around the transaction, as
SQLite wants) turns synchronous writes off for the load. The rollback journal stays, so a
failed load still rolls back; only a power loss or operating system crash during the load
could damage the file, which is why this is done only when the registry is empty (a new
database being filled, never one holding registry work).
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.db import connection, models

from jianpin.registry.synth import keys

PG_MAINTENANCE_MEMORY = "256MB"
SQLITE_CACHE_KIB = 262_144


def all_empty(*models_: type[models.Model]) -> bool:
    """All of `models_` (at least one) hold no rows."""
    return bool(models_) and not any(m._default_manager.exists() for m in models_)


@contextmanager
def deferred_indexes(*models_: type[models.Model],
                     quiet: tuple[str, ...] = ()) -> Iterator[dict[str, Any]]:
    """Inside an atomic block: set aside the indexes of `models_` when all are empty. `quiet`:
    the name prefixes of triggers on them that take no note of this load (set aside by a bulk
    write, `registry.bulkwrites`), which the PostgreSQL replication role may skip too.

    Yields a dict whose "deferred" entry counts what was dropped (0: loaded with indexes)."""
    tables = [m._meta.db_table for m in models_]
    state: dict[str, Any] = {"deferred": 0}
    if not connection.in_atomic_block:
        raise RuntimeError("deferred_indexes needs a transaction to put the indexes back in")
    if not all_empty(*models_):
        yield state
        return
    role = None
    if connection.vendor == "postgresql":
        restore = _pg_drop(tables)
        role = keys.skip_row_checks(tables, quiet)
    elif connection.vendor == "sqlite":
        restore = _sqlite_drop(tables)
    else:
        yield state
        return
    state["deferred"] = len(restore)
    state["row_checks"] = role is None
    yield state
    if role is not None:
        state["keys_checked"] = keys.check(tables, role)
    kept: list[str] = []
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"SET LOCAL maintenance_work_mem = '{PG_MAINTENANCE_MEMORY}'")
            kept = _pg_kept_deferred(tables)
            if kept:    # checked now: PostgreSQL builds no index over pending trigger events
                cursor.execute(f"SET CONSTRAINTS {', '.join(kept)} IMMEDIATE")
        for statement in restore:
            cursor.execute(statement)
        if connection.vendor == "postgresql" and kept:
            cursor.execute(f"SET CONSTRAINTS {', '.join(kept)} DEFERRED")
        cursor.execute("ANALYZE " + ", ".join(tables) if connection.vendor == "postgresql"
                       else "ANALYZE")


@contextmanager
def unsynced(*models_: type[models.Model]) -> Iterator[bool]:
    """SQLite, outside any transaction, all of `models_` empty: synchronous writes off until the
    block ends (SQLite refuses the change inside a transaction, so this wraps the atomic block).
    Yields whether it did."""
    if connection.vendor != "sqlite" or connection.in_atomic_block or not all_empty(*models_):
        yield False
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA synchronous")
        level = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA synchronous = OFF")
    try:
        yield True
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA synchronous = {level}")


def _pg_drop(tables: list[str]) -> list[str]:
    """Drop the non-primary indexes, unique constraints and the foreign keys between the loaded
    tables; return what rebuilds them (indexes first, then unique constraints, then foreign
    keys, which look rows up). Foreign keys to other tables stay: dropping one locks the table
    it refers to (the division tree, read by every page) until the load commits."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.conname, c.conrelid::regclass::text, c.contype, pg_get_constraintdef(c.oid) "
            "FROM pg_constraint c WHERE c.conrelid::regclass::text = ANY(%s) "
            "AND (c.contype = 'u' OR c.contype = 'f' AND c.confrelid::regclass::text = ANY(%s)) "
            "ORDER BY c.contype DESC, c.conname", [tables, tables])
        constraints = cursor.fetchall()
        cursor.execute(
            "SELECT i.indexname, i.indexdef FROM pg_indexes i WHERE i.schemaname = current_schema() "
            "AND i.tablename = ANY(%s) AND NOT EXISTS (SELECT 1 FROM pg_constraint c "
            "WHERE c.conindid = (quote_ident(i.schemaname) || '.' || quote_ident(i.indexname))"
            "::regclass AND c.contype IN ('p', 'u', 'x')) ORDER BY i.indexname", [tables])
        indexes = cursor.fetchall()
        q = connection.ops.quote_name
        for name, table, _, _ in reversed(constraints):     # foreign keys first
            cursor.execute(f"ALTER TABLE {q(table)} DROP CONSTRAINT {q(name)}")
        for name, _ in indexes:
            cursor.execute(f"DROP INDEX {q(name)}")
    return ([sql for _, sql in indexes]
            + [f"ALTER TABLE {q(table)} ADD CONSTRAINT {q(name)} {definition}"
               for name, table, _, definition in constraints])


def _pg_kept_deferred(tables: list[str]) -> list[str]:
    """The initially deferred foreign keys of the loaded tables that stay (to other tables)."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT quote_ident(n.nspname) || '.' || quote_ident(c.conname) FROM pg_constraint c "
            "JOIN pg_namespace n ON n.oid = c.connamespace WHERE c.contype = 'f' "
            "AND c.condeferred AND c.conrelid::regclass::text = ANY(%s) "
            "AND NOT c.confrelid::regclass::text = ANY(%s) ORDER BY 1", [tables, tables])
        return [name for (name,) in cursor.fetchall()]


def _sqlite_drop(tables: list[str]) -> list[str]:
    """Drop the indexes SQLite lets go (those made by CREATE INDEX; the ones declared in
    CREATE TABLE stay) and return their CREATE statements. Foreign keys are checked at commit
    (Django declares them deferred), so they need nothing here."""
    with connection.cursor() as cursor:
        marks = ", ".join("%s" for _ in tables)
        cursor.execute(f"SELECT name, sql FROM sqlite_master WHERE type = 'index' "
                       f"AND sql IS NOT NULL AND tbl_name IN ({marks}) ORDER BY name", tables)
        found = cursor.fetchall()
        for name, _ in found:
            cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
        cursor.execute(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    return [sql for _, sql in found]
