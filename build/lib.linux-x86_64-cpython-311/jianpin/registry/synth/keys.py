"""PostgreSQL bulk mode: the foreign keys to other tables checked once, set-based.

The foreign keys from the loaded tables to tables outside the load (households to the
division tree: village and group) stay declared throughout, but PostgreSQL checks them by a
trigger per row, a lookup each (two per household). When the session may set
`session_replication_role` (a superuser, or a role granted `SET` on it) and no other trigger
on the loaded tables would be skipped (those set aside for the load note nothing anyway), the
load runs with it set to `replica`, which skips those per-row checks, and `check` afterwards
does what they did for all rows at once: it takes the same key-share lock on every referenced
row (so none can be deleted before the load commits) and fails the load if any row refers to
a missing one. Otherwise the per-row checks run as before.
"""
from __future__ import annotations

from django.db import IntegrityError, connection

ROLE = "session_replication_role"
VALUES = ("origin", "replica", "local")


def skip_row_checks(tables: list[str], quiet: tuple[str, ...] = ()) -> str | None:
    """Set `replica` for the rest of the transaction if allowed; return the value to restore
    (None: not set, the row checks run). Triggers whose names start with one of `quiet` take no
    note of this transaction's writes anyway, so skipping them changes nothing."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting(%s), "
            "(current_setting('is_superuser') = 'on' OR has_parameter_privilege(%s, 'SET')), "
            "EXISTS (SELECT 1 FROM pg_trigger t WHERE NOT t.tgisinternal AND t.tgenabled = 'O' "
            "AND t.tgrelid::regclass::text = ANY(%s) "
            "AND NOT EXISTS (SELECT 1 FROM unnest(%s::text[]) AS q(p) "
            "WHERE starts_with(t.tgname::text, q.p)))",
            [ROLE, ROLE, tables, list(quiet)])
        previous, allowed, other_triggers = cursor.fetchone()
        if not allowed or other_triggers:
            return None
        cursor.execute(f"SET LOCAL {ROLE} = replica")
    return str(previous)


def check(tables: list[str], previous: str) -> int:
    """Restore the role and check every foreign key from `tables` to other tables over all
    their rows; return how many were checked. Raises IntegrityError on a missing row."""
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"SET LOCAL {ROLE} = {previous if previous in VALUES else 'origin'}")
        cursor.execute(
            "SELECT c.conname, c.conrelid::regclass::text, c.confrelid::regclass::text, "
            "ARRAY(SELECT a.attname::text FROM unnest(c.conkey) WITH ORDINALITY k(n, i) "
            "JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.i), "
            "ARRAY(SELECT a.attname::text FROM unnest(c.confkey) WITH ORDINALITY k(n, i) "
            "JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.i) "
            "FROM pg_constraint c WHERE c.contype = 'f' AND c.conrelid::regclass::text = ANY(%s) "
            "AND NOT c.confrelid::regclass::text = ANY(%s) ORDER BY 2, 1", [tables, tables])
        keys = cursor.fetchall()
        for name, table, target, cols, refs in keys:
            own = ", ".join(f"c.{q(col)}" for col in cols)
            theirs = ", ".join(f"p.{q(col)}" for col in refs)
            present = " AND ".join(f"c.{q(col)} IS NOT NULL" for col in cols)
            same = " AND ".join(f"p.{q(r)} = c.{q(col)}" for col, r in zip(cols, refs, strict=True))
            cursor.execute(f"SELECT count(*) FROM (SELECT 1 FROM {q(target)} p WHERE ({theirs}) IN "
                           f"(SELECT {own} FROM {q(table)} c WHERE {present}) "
                           "FOR KEY SHARE OF p) AS locked")
            cursor.execute(f"SELECT {own} FROM {q(table)} c WHERE {present} AND NOT EXISTS "
                           f"(SELECT 1 FROM {q(target)} p WHERE {same}) LIMIT 1")
            missing = cursor.fetchone()
            if missing is not None:
                raise IntegrityError(f'insert or update on table "{table}" violates foreign key '
                                     f'constraint "{name}": key {missing} is not present in '
                                     f'table "{target}"')
    return len(keys)
