"""PostgreSQL: the import's COPY checks foreign keys once per statement (the per-row check
triggers skipped with `session_replication_role`), with the same outcome and locks as those
triggers; where something else would be skipped, the row triggers check as always."""
from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from jianpin.conftest import SIBLING_VILLAGE, VILLAGE
from jianpin.registry.bulkwrites import household_bulk_writes
from jianpin.registry.io import _fastdb as fastdb
from jianpin.registry.io import _pgwrite
from jianpin.registry.models import Household, Member

pytestmark = [pytest.mark.django_db,
              pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL COPY")]


@pytest.fixture(autouse=True)
def bulk_write() -> Iterator[None]:
    """An import's writes: inside a bulk write that has set the change marks aside."""
    with household_bulk_writes() as bulk:
        bulk.start()
        yield


def _role() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('session_replication_role')")
        return str(cursor.fetchone()[0])


def _spy(monkeypatch: pytest.MonkeyPatch) -> list[str | None]:
    """The outcome of each decision to skip the row checks."""
    seen: list[str | None] = []
    inner = _pgwrite._skip_row_checks

    def spy(*args: Any) -> str | None:
        seen.append(inner(*args))
        return seen[-1]
    monkeypatch.setattr(_pgwrite, "_skip_row_checks", spy)
    return seen


def test_rows_with_present_keys_are_written_and_the_role_restored(monkeypatch) -> None:
    seen = _spy(monkeypatch)
    now = timezone.now()
    assert fastdb.insert(fastdb.Table(Household), [
        {"number": "K1", "village_id": VILLAGE}, {"number": "K2", "village_id": SIBLING_VILLAGE},
        {"number": "K3", "village_id": VILLAGE}], now) == 3
    ids = dict(Household.objects.values_list("number", "id"))
    assert fastdb.insert(fastdb.Table(Member), [
        {"household_id": ids["K1"], "name": "甲"}, {"household_id": ids["K1"], "name": "乙"},
        {"household_id": ids["K3"], "name": "丙"}], now) == 3
    assert seen == ["origin", "origin"] and _role() == "origin"
    assert list(Member.objects.order_by("id").values_list("household__number", "name")) == [
        ("K1", "甲"), ("K1", "乙"), ("K3", "丙")]
    with connection.cursor() as cursor:     # nothing left for the row triggers at commit
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _missing_household(monkeypatch: pytest.MonkeyPatch, checks: bool) -> str:
    if not checks:
        monkeypatch.setattr(_pgwrite, "_skip_row_checks", lambda *args: None)
    now = timezone.now()
    fastdb.insert(fastdb.Table(Household), [{"number": "K1", "village_id": VILLAGE}], now)
    present = Household.objects.get().pk
    missing = present + 1000
    before = Member.objects.count()
    with pytest.raises(IntegrityError) as raised, transaction.atomic():
        fastdb.insert(fastdb.Table(Member), [{"household_id": present, "name": "甲"},
                                             {"household_id": missing, "name": "乙"}], now)
        with connection.cursor() as cursor:     # the row triggers' deferred checks: now
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    assert Member.objects.count() == before and _role() == "origin"
    return str(raised.value).replace(str(missing), "MISSING")


def test_a_missing_key_fails_the_write_as_the_row_triggers_fail_it(monkeypatch) -> None:
    set_based = _missing_household(monkeypatch, checks=False)
    with transaction.atomic():
        Member.objects.all().delete()
        Household.objects.all().delete()
    monkeypatch.undo()
    row_checks = _missing_household(monkeypatch, checks=True)
    expected = ('insert or update on table "registry_member" violates foreign key constraint '
                '"registry_member_household_id_a9201d74_fk_registry_household_id"\n'
                'DETAIL:  Key (household_id)=(MISSING) is not present in table '
                '"registry_household".')
    assert set_based.startswith(expected) and row_checks.startswith(expected)


def test_referenced_rows_are_locked_against_deletion_until_the_write_commits(monkeypatch) -> None:
    """As the row triggers do: a key-share lock on each referenced region (committed rows,
    so another session can try to take them)."""
    import psycopg

    seen = _spy(monkeypatch)
    fastdb.insert(fastdb.Table(Household), [{"number": "K1", "village_id": VILLAGE}],
                  timezone.now())
    assert seen == ["origin"]
    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    with psycopg.connect(**params, autocommit=True) as other:
        other.execute("SET lock_timeout = '100ms'")
        with pytest.raises(psycopg.errors.LockNotAvailable):
            other.execute("SELECT 1 FROM regions_region WHERE code = %s FOR UPDATE", [VILLAGE])
        got = other.execute("SELECT code FROM regions_region WHERE code = %s FOR UPDATE",
                            [SIBLING_VILLAGE]).fetchall()
        assert got == [(SIBLING_VILLAGE,)]      # a region no row refers to is free


def test_another_trigger_on_the_table_keeps_the_row_checks(monkeypatch) -> None:
    seen = _spy(monkeypatch)
    with connection.cursor() as cursor:
        cursor.execute("CREATE FUNCTION jp_test_note() RETURNS trigger LANGUAGE plpgsql AS "
                       "$$ BEGIN RETURN NEW; END $$")
        cursor.execute("CREATE TRIGGER jp_test_note BEFORE INSERT ON registry_household "
                       "FOR EACH ROW EXECUTE FUNCTION jp_test_note()")
    fastdb.insert(fastdb.Table(Household), [{"number": "K1", "village_id": VILLAGE}],
                  timezone.now())
    fastdb.insert(fastdb.Table(Member), [{"household_id": Household.objects.get().pk,
                                          "name": "甲"}], timezone.now())
    assert seen == [None, "origin"] and _role() == "origin"


def test_staged_updates_of_several_shapes_and_stale_versions(monkeypatch) -> None:
    """One stage per table and transaction, an UPDATE per set of changed columns; a row whose
    version moved on since it was read is left alone."""
    now = timezone.now()
    fastdb.insert(fastdb.Table(Household), [{"number": f"U{i}", "village_id": VILLAGE}
                                            for i in range(4)], now)
    ids = dict(Household.objects.values_list("number", "id"))
    table = fastdb.Table(Household)
    later = timezone.now()
    with transaction.atomic():
        assert fastdb.update(table, [(ids["U0"], {"head_name": "张三", "version": 2}),
                                     (ids["U1"], {"size": 5, "version": 2}),
                                     (ids["U2"], {"head_name": "李四", "size": 3, "version": 2}),
                                     (ids["U3"], {"head_name": "王五", "version": 2})], later,
                             versions={ids["U0"]: 1, ids["U1"]: 1, ids["U2"]: 1,
                                       ids["U3"]: 7}) == 4
        assert fastdb.update(table, [(ids["U0"], {"risk_types": ["因病"]})], later) == 1
    got = list(Household.objects.order_by("number").values_list(
        "number", "head_name", "size", "version", "risk_types", "updated_at"))
    assert got == [("U0", "张三", 0, 2, ["因病"], later), ("U1", "", 5, 2, [], later),
                   ("U2", "李四", 3, 2, [], later), ("U3", "", 0, 1, [], now)]


def test_outside_a_bulk_write_the_change_mark_triggers_keep_the_row_checks(monkeypatch) -> None:
    seen = _spy(monkeypatch)
    with household_bulk_writes():       # not started: the change marks note every write
        fastdb.insert(fastdb.Table(Household), [{"number": "K1", "village_id": VILLAGE}],
                      timezone.now())
    assert seen == [None] and Household.objects.count() == 1
