"""A fast, deterministic generator of realistic registry data, shared by the demo and benches.

Rows are drawn in DuckDB (vectorised SQL; each value a hash of the row and the seed) and
bulk-loaded: COPY on PostgreSQL, executemany on SQLite, or Parquet files. Modules:
`rand` (draw macros), `plan` (status history, family shape), `people` (members and ID
numbers), `households` (household and member rows), `incomes` (yearly components),
`frame` (the DuckDB session), `villages` (the division tree), `load` (writers), `bulk`
(indexes and constraints set aside while an empty registry is filled), `keys` (PostgreSQL:
foreign keys to the division tree checked once), `run` (entry points `generate` and
`write_parquet`). Other apps' row triggers are set aside as for an import (`registry.bulkwrites`).
"""
from __future__ import annotations

from jianpin.registry.synth.run import generate, write_parquet

__all__ = ["generate", "write_parquet"]
