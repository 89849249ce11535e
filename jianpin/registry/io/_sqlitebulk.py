"""SQLite: secondary indexes of an empty table built once after an import's inserts.

Inserting rows into a table keeps each of its indexes' b-trees in order row by row; an index
built over the finished table sorts its keys once. For a table that holds no row when the
import starts (a county's first load), the import's transaction drops that table's plain
indexes (`CREATE INDEX`, not unique: every uniqueness check stays on the row), writes, and
creates them again with the statement the schema holds, before anything else in the same
transaction reads the table. SQLite's schema changes are part of the transaction: an error or
a rollback anywhere leaves the indexes as they were, and other connections keep reading the
last committed schema meanwhile (WAL).

Private to the registry's write layer (`commit.write`); PostgreSQL has its own
(`_pgindexes`: there a dropped index locks the table's readers out until the import commits).
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

from django.db import connection, transaction


def _plain_indexes(cursor: Any, table: str) -> list[tuple[str, str]]:
    """(name, CREATE statement) of the table's non-unique indexes made by CREATE INDEX."""
    quote = connection.ops.quote_name
    cursor.execute(f"PRAGMA index_list({quote(table)})")
    names = [row[1] for row in cursor.fetchall()
             if row[3] == "c" and not row[2] and not row[4]]   # origin, unique, partial
    if not names:
        return []
    cursor.execute(
        "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = %s "
        f"AND sql IS NOT NULL AND name IN ({', '.join(['%s'] * len(names))}) ORDER BY name",
        [table, *names])
    return [(str(n), str(s)) for n, s in cursor.fetchall()]


class Deferred:
    """The indexes set aside by one import: `start()` right before its first write (idempotent),
    `finish()` after its last."""

    def __init__(self, tables: Sequence[str]) -> None:
        self.tables = list(tables)
        self.dropped: list[tuple[str, str]] = []
        self.started = connection.vendor != "sqlite"

    def start(self) -> None:
        if self.started:
            return
        self.started = True
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            for table in self.tables:
                cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")
                if cursor.fetchone() is not None:
                    continue            # rows already: their index entries stay as they are
                for name, sql in _plain_indexes(cursor, table):
                    cursor.execute(f"DROP INDEX {quote(name)}")
                    self.dropped.append((name, sql))

    def finish(self) -> None:
        dropped, self.dropped = self.dropped, []
        with connection.cursor() as cursor:
            for _name, sql in dropped:
                cursor.execute(sql)


@contextmanager
def deferred_indexes(tables: Sequence[str]) -> Iterator[Deferred]:
    """Inside the import's transaction: indexes of the empty tables among `tables` built after
    the writes (`Deferred.start` before the first). On an exception nothing is rebuilt: the
    rollback to the savepoint taken here restores them."""
    if connection.vendor != "sqlite":
        yield Deferred(())          # nothing set aside: no savepoint either
        return
    with transaction.atomic():     # a savepoint: an error undoes the drops with the writes
        deferred = Deferred(tables)
        yield deferred
        deferred.finish()
