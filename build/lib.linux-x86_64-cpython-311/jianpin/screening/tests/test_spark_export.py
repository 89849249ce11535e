"""The Spark export on PostgreSQL: the ADBC reader (Arrow batches from binary COPY) and COPY
read with Arrow's CSV reader give the same Parquet rows and types as fetching the rows through
the driver (NULLs, empty strings, flags, dates, money, keyed ID numbers, county folders)."""
from __future__ import annotations

from pathlib import Path

import pyarrow.dataset as ds
import pytest
from django.db import connection, transaction

from jianpin.registry.models import Household, Member
from jianpin.screening.engines import spark_export
from jianpin.screening.models import DeptRecord
from jianpin.screening.tests.fixture import YEAR, build

# Committed rows: the ADBC reader has a connection of its own (in a transaction the export
# reads through the application's connection instead).
pytestmark = [pytest.mark.django_db(transaction=True),
              pytest.mark.skipif(connection.vendor != "postgresql", reason="COPY is PostgreSQL's")]

KEY = bytes(range(32))


def _tables(root: Path) -> dict[str, tuple[object, list[tuple[str, ...]]]]:
    out = {}
    for name in spark_export.NAMES:
        table = ds.dataset(root / name, format="parquet", partitioning="hive").to_table()
        rows = sorted(tuple(str(v) for v in r.values()) for r in table.to_pylist())
        out[name] = (table.schema, rows)
    return out


def _export(root: Path, reader: str, monkeypatch) -> int:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(spark_export, "PG_READER", reader)
    monkeypatch.setattr(spark_export.secrets, "token_bytes", lambda n: KEY[:n])
    return spark_export.export(str(root), YEAR, None)


def test_arrow_and_copy_exports_equal_row_export(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("adbc_driver_postgresql")
    build()
    # an empty string and a NULL in the same text column, a NULL date
    Household.objects.filter(number="SCR01").update(monitoring_kind="")
    Member.objects.filter(household__number="SCR01").update(deceased_on=None, id_number=None)
    counts = {reader: _export(tmp_path / reader, reader, monkeypatch)
              for reader in ("adbc", "copy", "rows")}
    assert counts == {"adbc": Household.objects.count(), "copy": Household.objects.count(),
                      "rows": Household.objects.count()}
    tables = {reader: _tables(tmp_path / reader) for reader in counts}
    assert tables["adbc"].keys() == tables["rows"].keys() == set(spark_export.NAMES)
    for name in spark_export.NAMES:
        assert tables["adbc"][name] == tables["rows"][name], name
        assert tables["copy"][name] == tables["rows"][name], name
    with transaction.atomic():  # inside a transaction: the application's connection, same rows
        _export(tmp_path / "atomic", "adbc", monkeypatch)
    assert _tables(tmp_path / "atomic") == tables["rows"]
    members = tables["adbc"]["registry_member"][1]
    assert len(members) == Member.objects.count()
    # one county folder per county of the households
    counties = {h.village_id[:6] for h in Household.objects.all()}
    assert {p.name for p in (tmp_path / "adbc" / "registry_household").iterdir()} \
        == {f"county={c}" for c in counties}


def test_id_numbers_are_keyed_and_still_match(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    build()
    _export(tmp_path / "out", "adbc", monkeypatch)
    members = ds.dataset(tmp_path / "out" / "registry_member", format="parquet",
                         partitioning="hive").to_table().column("id_number").to_pylist()
    records = ds.dataset(tmp_path / "out" / "screening_deptrecord",
                         format="parquet").to_table().column("id_number").to_pylist()
    numbers = set(Member.objects.exclude(id_number=None).values_list("id_number", flat=True))
    assert not numbers & set(members)                           # no number leaves in clear
    assert all(p is None or len(p) == 32 for p in members)
    assert members.count(None) == Member.objects.filter(id_number=None).count()
    # the department records kept are those naming a member: each still finds its member
    assert records and set(records) <= set(members)
    assert len(set(records)) == len(set(DeptRecord.objects.filter(id_number__in=numbers)
                                        .values_list("id_number", flat=True)))
