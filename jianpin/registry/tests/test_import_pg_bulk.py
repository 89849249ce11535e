"""PostgreSQL: a first load builds the plain indexes and unique constraints of the empty
registry tables after its COPYs (`registry.io._pgindexes`), and its COPYs run from a writer
thread (`_pgpipe`). The schema afterwards is the one before; an error leaves schema and
tables as they were; a table with rows, or one another transaction is using, keeps its
indexes; a COPY's error is raised as it was without the thread, and nothing is written."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import IntegrityError, connection
from django.utils import timezone

from jianpin.registry.bulkwrites import household_bulk_writes
from jianpin.registry.io import _fastdb as fastdb
from jianpin.registry.io import _pgindexes, _pgpipe, service
from jianpin.registry.models import Household, IncomeRecord, Member
from jianpin.registry.tests.io_helpers import dropped_during, households, workbook_of

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL only")]

TABLES = ("registry_household", "registry_member", "registry_incomerecord")


def _schema() -> list[tuple[Any, ...]]:
    """Index definitions and constraints of the three tables."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename, indexname, indexdef FROM pg_indexes WHERE tablename "
                       "= ANY(%s) UNION ALL SELECT conrelid::regclass::text, conname, "
                       "pg_get_constraintdef(oid) FROM pg_constraint WHERE "
                       "conrelid::regclass::text = ANY(%s) ORDER BY 1, 2, 3",
                       [list(TABLES), list(TABLES)])
        return cursor.fetchall()


def test_first_import_defers_plain_indexes_and_leaves_the_same_schema(tmp_path, monkeypatch):
    before = _schema()
    dropped = dropped_during(monkeypatch, _pgindexes.Deferred)
    out = service.run(workbook_of(tmp_path, 5), dry_run=False)
    assert out.committed and out.members["new"] == Member.objects.count() == 26
    assert _schema() == before
    names = dropped[0]
    assert "registry_member_name_4d2df171" in names
    assert "registry_member_id_number_8e412079_like" in names        # prefix searches
    assert "hh_status_village" in names
    # unique constraints made again after the COPYs too; primary keys stay
    unique = {name for _t, name, sql in before if sql.startswith("UNIQUE")}
    assert unique == {"one_income_per_year", "registry_household_number_key",
                      "registry_member_id_number_key"} and unique <= set(names)
    assert not any(name.endswith("_pkey") for name in names)
    assert not any(name.startswith("audit_") for name in names)
    assert Household.objects.count() == 5 and IncomeRecord.objects.count() == 5
    assert set(Member.objects.values_list("household__number", flat=True)) == \
        set(Household.objects.values_list("number", flat=True))


def test_tables_with_rows_keep_their_indexes(tmp_path, monkeypatch):
    service.run(workbook_of(tmp_path, 2, name="a.xlsx"), dry_run=False)
    dropped = dropped_during(monkeypatch, _pgindexes.Deferred)
    out = service.run(workbook_of(tmp_path, 3, start=50, name="b.xlsx"), dry_run=False)
    assert out.households["new"] == 3
    assert dropped == [[]]


def test_an_error_in_the_write_leaves_indexes_and_tables_as_they_were(tmp_path):
    before = _schema()

    def stop(done: int) -> None:
        assert not any(t == "registry_member" and "_name_" in n for t, n, _ in _schema())
        raise RuntimeError("stopped after the first batch")
    with pytest.raises(RuntimeError, match="stopped"):
        service.run(workbook_of(tmp_path, 6), dry_run=False,
                    options=service.Options(step=2, after_chunk=stop))
    assert _schema() == before
    assert Household.objects.count() == Member.objects.count() == 0


def test_a_table_another_transaction_uses_keeps_its_indexes(tmp_path, monkeypatch):
    """The exclusive lock is asked for with a short wait: a reader holding the member table
    keeps its indexes (and the import goes on); the other tables are set aside."""
    import psycopg

    dropped = dropped_during(monkeypatch, _pgindexes.Deferred)
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    with psycopg.connect(**params) as other:
        other.execute("LOCK TABLE registry_member IN ACCESS SHARE MODE")
        out = service.run(workbook_of(tmp_path, 4), dry_run=False)
    assert out.committed and Member.objects.count() == sum(len(h) for h in households(4))
    assert not any(name.startswith("registry_member_") for name in dropped[0])
    assert "hh_status_village" in dropped[0]


@pytest.fixture
def piped() -> Iterator[_pgpipe.Pipe]:
    with household_bulk_writes() as bulk:
        bulk.start()
        with _pgpipe.pipelined() as pipe:
            yield pipe


def test_a_copy_error_from_the_writer_is_raised_here_and_later_copies_are_dropped() -> None:
    from jianpin.conftest import VILLAGE

    now = timezone.now()
    with pytest.raises(IntegrityError) as raised:
        with household_bulk_writes() as bulk:
            bulk.start()
            with _pgpipe.pipelined():
                fastdb.insert(fastdb.Table(Household), [{"number": "K1", "village_id": VILLAGE}],
                              now)
                fastdb.insert(fastdb.Table(Member), [{"household_id": 10 ** 9, "name": "甲"}],
                              now)
                fastdb.insert(fastdb.Table(Member), [{"household_id": 10 ** 9, "name": "乙"}],
                              now)
    assert str(raised.value).startswith(
        'insert or update on table "registry_member" violates foreign key constraint '
        '"registry_member_household_id_a9201d74_fk_registry_household_id"\n'
        'DETAIL:  Key (household_id)=(1000000000) is not present in table "registry_household".')


def test_statements_wait_for_the_queued_copies(piped) -> None:
    from jianpin.conftest import VILLAGE

    now = timezone.now()
    fastdb.insert(fastdb.Table(Household), [{"number": f"P{i}", "village_id": VILLAGE}
                                            for i in range(300)], now)
    assert Household.objects.filter(number__startswith="P").count() == 300
    ids = fastdb.new_ids(fastdb.Table(Household), 3)
    assert ids is not None and len(ids) == 3 and ids == sorted(ids)
    assert ids[0] > Household.objects.order_by("-id").values_list("id", flat=True)[0]


def test_a_duplicate_past_the_checks_still_fails_the_write_and_leaves_nothing() -> None:
    """Unique constraints of an empty table are made again after the COPYs: a duplicate that
    reached the write (the file's checks report duplicate ID numbers before any write) fails
    it then, as a unique violation, and the savepoint puts everything back."""
    from jianpin.conftest import VILLAGE

    before = _schema()
    now = timezone.now()
    with pytest.raises(IntegrityError) as raised, household_bulk_writes() as bulk:
        bulk.start()
        with _pgindexes.deferred_indexes(list(TABLES)) as deferred:
            deferred.start()
            assert {"registry_member_id_number_key", "registry_household_number_key"} <= {
                name for name, _ in deferred.dropped}
            fastdb.insert(fastdb.Table(Household), [{"number": "D1", "village_id": VILLAGE}],
                          now)
            pk = Household.objects.get().pk
            fastdb.insert(fastdb.Table(Member), [
                {"household_id": pk, "name": "甲", "id_number": "441424199001011234"},
                {"household_id": pk, "name": "乙", "id_number": "441424199001011234"}], now)
    assert "registry_member_id_number_key" in str(raised.value)
    assert raised.value.__cause__.sqlstate == "23505"       # unique_violation, as on the row
    assert _schema() == before
    assert Household.objects.count() == Member.objects.count() == 0


def test_row_checks_queued_at_commit_do_not_stop_the_index_builds(tmp_path, monkeypatch):
    """Where the COPYs keep the per-row key checks (queued until commit), they run before the
    indexes are made again, and the keys go back to checking at commit."""
    from jianpin.registry.io import _pgwrite

    monkeypatch.setattr(_pgwrite, "_skip_row_checks", lambda *args: None)
    before = _schema()
    out = service.run(workbook_of(tmp_path, 3), dry_run=False)
    assert out.committed and Household.objects.count() == 3
    assert _schema() == before


def test_households_deleted_earlier_in_the_transaction_do_not_stop_the_load(tmp_path):
    """Deletes queue key checks until commit; they run before the indexes are set aside."""
    service.run(workbook_of(tmp_path, 2, name="a.xlsx"), dry_run=False)
    Member.objects.all().delete()
    IncomeRecord.objects.all().delete()
    Household.objects.all().delete()
    before = _schema()
    out = service.run(workbook_of(tmp_path, 3, start=50, name="b.xlsx"), dry_run=False)
    assert out.committed and Household.objects.count() == 3
    assert _schema() == before
