"""In-database engine: SQLite or PostgreSQL, over a feature table on a DB-API connection."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from jianpin.screening.engines.base import Engine

CHUNK = 500


class InDatabaseEngine(Engine):
    def __init__(self, connection: Any, table: str, dialect: str, param: str = "%s") -> None:
        self.connection = connection
        self._table = table
        self.dialect = dialect
        self.name = dialect
        self.param = param

    @property
    def table(self) -> str:
        return self._table

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        cursor = self.connection.cursor()
        try:
            cursor.execute(sql, list(params))
            return [tuple(r) for r in cursor.fetchall()]
        finally:
            cursor.close()

    def stream(self, sql: str) -> Iterator[tuple[Any, ...]]:
        cursor = self.connection.cursor()
        try:
            cursor.execute(sql)
            while batch := cursor.fetchmany(10_000):
                yield from batch
        finally:
            cursor.close()

    def count(self) -> int:
        return int(self.query(f"SELECT COUNT(*) FROM {self.table}")[0][0])

    def rows(self, ids: Sequence[int], columns: Sequence[str]) -> dict[int, dict[str, Any]]:
        out: dict[int, dict[str, Any]] = {}
        cols = ["household_id", *columns]
        for start in range(0, len(ids), CHUNK):
            chunk = list(ids[start:start + CHUNK])
            marks = ", ".join([self.param] * len(chunk))
            sql = f"SELECT {', '.join(cols)} FROM {self.table} WHERE household_id IN ({marks})"
            for row in self.query(sql, chunk):
                out[int(row[0])] = dict(zip(cols, row, strict=True))
        return out
