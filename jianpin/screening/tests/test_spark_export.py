"""The Spark export reads PostgreSQL through COPY and Arrow's CSV reader: the same Parquet rows
and types as fetching the rows through the driver (NULLs, empty strings, flags, dates, money)."""
from __future__ import annotations

from pathlib import Path

import pyarrow.dataset as ds
import pytest
from django.db import connection

from jianpin.registry.models import Household, Member
from jianpin.screening.engines import spark_export
from jianpin.screening.tests.fixture import YEAR, build

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")]


def _tables(root: Path) -> dict[str, tuple[object, list[tuple[object, ...]]]]:
    out = {}
    for name in spark_export.NAMES:
        table = ds.dataset(root / name, format="parquet", partitioning="hive").to_table()
        if "id_number" in table.column_names:      # keyed per run: compare only which are set
            ids = [v is None for v in table.column("id_number").to_pylist()]
            table = table.drop_columns(["id_number"]).append_column("no_id", [ids])
        rows = sorted(tuple(str(v) for v in r.values()) for r in table.to_pylist())
        out[name] = (table.schema, rows)
    return out


def test_copy_export_equals_row_export(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    build()
    # an empty string and a NULL in the same text column, a NULL date
    Household.objects.filter(number="SCR01").update(monitoring_kind="")
    Member.objects.filter(household__number="SCR01").update(deceased_on=None, id_number=None)
    copied = spark_export.export(str(tmp_path / "copy"), YEAR, None)
    monkeypatch.setattr(spark_export, "USE_COPY", False)
    fetched = spark_export.export(str(tmp_path / "rows"), YEAR, None)
    assert copied == fetched == Household.objects.count()
    a, b = _tables(tmp_path / "copy"), _tables(tmp_path / "rows")
    assert a.keys() == b.keys()
    for name in a:
        assert a[name] == b[name], name
    assert len(a["registry_member"][1]) == Member.objects.count()
