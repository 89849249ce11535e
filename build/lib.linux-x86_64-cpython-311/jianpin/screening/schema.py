"""The Arrow/Parquet schema of a feature snapshot (no Django: benchmarks use it too)."""
from __future__ import annotations

import pyarrow as pa

from jianpin.rules.catalog import CATALOG, KEY_COLUMNS

ARROW_TYPES = {"number": pa.float64(), "int": pa.int64(), "bool": pa.bool_(),
               "text": pa.string()}
ARROW_SCHEMA = pa.schema(
    [("household_id", pa.int64()), ("household_number", pa.string()),
     ("village_code", pa.string())]
    + [(name, ARROW_TYPES[spec.type]) for name, spec in CATALOG.items()])


def columns() -> list[str]:
    """Key columns then every catalog feature, in snapshot order."""
    return [*KEY_COLUMNS, *CATALOG]
