"""DuckDB engine over a Parquet snapshot of the features (nothing downloaded at run time)."""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import duckdb

from jianpin.screening.engines.base import Engine


class DuckDBEngine(Engine):
    name = "duckdb"
    dialect = "duckdb"

    def __init__(self, parquet: Path | str | None = None, *, threads: int | None = None,
                 memory_limit: str | None = None,
                 con: duckdb.DuckDBPyConnection | None = None) -> None:
        """Over a Parquet snapshot, or over the `features` table of an open session."""
        self.con = con or duckdb.connect(config={"autoinstall_known_extensions": False,
                                                 "autoload_known_extensions": False})
        if threads:
            self.con.execute(f"SET threads = {int(threads)}")
        if memory_limit:
            self.con.execute("SET memory_limit = ?", [memory_limit])
        if parquet is not None:
            path = str(parquet).replace("'", "''")
            self.con.execute(f"CREATE VIEW features AS SELECT * FROM read_parquet('{path}')")

    def query(self, sql: str) -> list[tuple[Any, ...]]:
        return self.con.execute(sql).fetchall()

    def stream(self, sql: str) -> Iterator[tuple[Any, ...]]:
        cursor = self.con.execute(sql)
        while batch := cursor.fetchmany(50_000):
            yield from batch

    def count(self) -> int:
        return int(self.query("SELECT COUNT(*) FROM features")[0][0])

    def rows(self, ids: Sequence[int], columns: Sequence[str]) -> dict[int, dict[str, Any]]:
        cols = ["household_id", *columns]
        result = self.con.execute(
            f"SELECT {', '.join(cols)} FROM features WHERE household_id IN "
            "(SELECT unnest(?::BIGINT[]))", [list(ids)]).fetchall()
        return {int(r[0]): dict(zip(cols, r, strict=True)) for r in result}

    def close(self) -> None:
        self.con.close()
