"""Row triggers set aside during a bulk load and replaced by one set-based statement each.

An app that keeps triggers on the registry tables (screening's change marks) registers a
stand-in: the prefix of its triggers' names and a function doing, for every household a load
added at once, what the triggers do row by row (SQLite) or statement by statement
(PostgreSQL). During a bulk load `set_aside` disables those triggers (PostgreSQL: `ALTER
TABLE ... DISABLE TRIGGER`, which also keeps other writers off the tables until commit;
SQLite: `DROP TRIGGER`, created again from its own text), and at the end puts them back and
calls the stand-ins, all inside the load's transaction: a failed load rolls the triggers back
with the rows. Triggers no stand-in covers stay and fire as usual.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connection, models


@dataclass(frozen=True)
class StandIn:
    prefix: str                          # the triggers it replaces: names starting with it
    fill: Callable[[int], None]          # given the first household id the load added


_STAND_INS: dict[str, StandIn] = {}


def register(prefix: str, fill: Callable[[int], None]) -> None:
    _STAND_INS[prefix] = StandIn(prefix, fill)


def registered() -> list[StandIn]:
    return sorted(_STAND_INS.values(), key=lambda s: s.prefix)


@contextmanager
def set_aside(first_household: int, *models_: type[models.Model]) -> Iterator[list[str]]:
    """Inside an atomic block: the registered triggers on `models_`' tables set aside while
    the block loads; yields their names (none without `models_`)."""
    if not models_ or not _STAND_INS:
        yield []
        return
    if not connection.in_atomic_block:
        raise RuntimeError("set_aside needs a transaction to put the triggers back in")
    tables = [m._meta.db_table for m in models_]
    found = _triggers(tables)
    q = connection.ops.quote_name
    with connection.cursor() as cursor:
        for name, table, _ in found:
            cursor.execute(f"ALTER TABLE {q(table)} DISABLE TRIGGER {q(name)}"
                           if connection.vendor == "postgresql" else f"DROP TRIGGER {q(name)}")
    yield [name for name, _, _ in found]
    with connection.cursor() as cursor:
        for name, table, sql in found:
            cursor.execute(f"ALTER TABLE {q(table)} ENABLE TRIGGER {q(name)}"
                           if connection.vendor == "postgresql" else sql)
    prefixes = {s.prefix for s in registered() if any(n.startswith(s.prefix) for n, _, _ in found)}
    for stand_in in registered():
        if stand_in.prefix in prefixes:
            stand_in.fill(first_household)


def _triggers(tables: list[str]) -> list[tuple[str, str, str]]:
    """(name, table, text) of the enabled triggers on `tables` that a stand-in covers."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT t.tgname, t.tgrelid::regclass::text, '' FROM pg_trigger t "
                           "WHERE NOT t.tgisinternal AND t.tgenabled <> 'D' "
                           "AND t.tgrelid::regclass::text = ANY(%s) ORDER BY 2, 1", [tables])
        else:
            marks = ", ".join("%s" for _ in tables)
            cursor.execute(f"SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'trigger' "
                           f"AND tbl_name IN ({marks}) ORDER BY 2, 1", tables)
        rows = cursor.fetchall()
    prefixes = tuple(_STAND_INS)
    return [(str(n), str(t), str(s)) for n, t, s in rows if str(n).startswith(prefixes)]
