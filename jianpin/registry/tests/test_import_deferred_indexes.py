"""SQLite: an import into empty tables builds their plain indexes after its inserts
(`registry.io._sqlitebulk`); the schema afterwards is the one before, an error in the write
leaves it (and the tables) as they were, and a table holding rows keeps its indexes throughout."""
from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from jianpin.registry.io import _sqlitebulk, service
from jianpin.registry.models import Household, Member
from jianpin.registry.tests.io_helpers import dropped_during, workbook_of

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif("connection.vendor != 'sqlite'", reason="SQLite only")]

TABLES = ("registry_household", "registry_member", "registry_incomerecord", "audit_auditevent")


def _schema() -> list[tuple[Any, ...]]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index' AND "
                       f"tbl_name IN ({', '.join(['%s'] * len(TABLES))}) ORDER BY name", TABLES)
        return cursor.fetchall()


def _member_indexes() -> set[str]:
    return {name for name, table, sql in _schema() if table == "registry_member" and sql}


def test_first_import_defers_plain_indexes_and_leaves_the_same_schema(tmp_path, monkeypatch):
    before = _schema()
    assert not Household.objects.exists() and not Member.objects.exists()
    dropped = dropped_during(monkeypatch, _sqlitebulk.Deferred)
    out = service.run(workbook_of(tmp_path, 5), dry_run=False)
    assert out.committed and out.members["new"] == Member.objects.count() > 0
    assert _schema() == before
    assert "registry_member_name_4d2df171" in dropped[0]
    assert "registry_member_household_id_a9201d74" in dropped[0]
    # unique ones (constraints) are never set aside
    assert not any(name.startswith("sqlite_autoindex") for name in dropped[0])
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA integrity_check")
        assert cursor.fetchall() == [("ok",)]
        cursor.execute("EXPLAIN QUERY PLAN SELECT id FROM registry_member WHERE name = %s", ["x"])
        assert "registry_member_name_4d2df171" in " ".join(str(r) for r in cursor.fetchall())


def test_tables_with_rows_keep_their_indexes(tmp_path, monkeypatch):
    service.run(workbook_of(tmp_path, 2, name="a.xlsx"), dry_run=False)
    dropped = dropped_during(monkeypatch, _sqlitebulk.Deferred)
    out = service.run(workbook_of(tmp_path, 3, start=50, name="b.xlsx"), dry_run=False)
    assert out.households["new"] == 3
    assert dropped == [[]]


def test_an_error_in_the_write_leaves_indexes_and_tables_as_they_were(tmp_path):
    before = _schema()
    assert _member_indexes()

    def stop(done: int) -> None:
        assert _member_indexes() == set()       # set aside while writing
        raise RuntimeError("stopped after the first batch")
    with pytest.raises(RuntimeError, match="stopped"):
        service.run(workbook_of(tmp_path, 6), dry_run=False,
                    options=service.Options(step=2, after_chunk=stop))
    assert _schema() == before
    assert Household.objects.count() == 0 and Member.objects.count() == 0
