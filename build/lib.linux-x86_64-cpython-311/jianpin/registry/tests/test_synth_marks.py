"""Bulk mode with the row triggers set aside: the change marks come from one statement, the
triggers come back, and the foreign keys to the division tree still hold."""
from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from jianpin.conftest import COUNTY
from jianpin.registry import synth
from jianpin.registry.bulkwrites import household_bulk_writes
from jianpin.registry.models import Household, IncomeRecord, Member
from jianpin.registry.synth import bulk, run
from jianpin.registry.synth.frame import Village
from jianpin.screening import changes
from jianpin.screening.models import HouseholdChange

pytestmark = pytest.mark.django_db(transaction=True)
TABLES = [m._meta.db_table for m in (Household, Member, IncomeRecord)]


@pytest.fixture(autouse=True)
def _no_marks() -> None:
    """Emptying the tables between tests fires the delete triggers: start with no marks."""
    HouseholdChange.objects.all().delete()


def triggers() -> list[tuple[str, str]]:
    """(name, enabled) of every trigger on the three registry tables."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tgname, tgenabled FROM pg_trigger WHERE NOT tgisinternal "
                           "AND tgrelid::regclass::text = ANY(%s) ORDER BY 1", [TABLES])
        else:
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' "
                           "AND tbl_name IN (%s, %s, %s) ORDER BY 1", TABLES)
        return [(str(a), str(b)) for a, b in cursor.fetchall()]


def test_bulk_load_marks_every_household_once_with_the_clock() -> None:
    before = triggers()
    assert len(before) == 9
    changes.advance()
    changes.advance()       # the clock now reads 2
    synth.generate(60, COUNTY, seed=8)
    ids = sorted(Household.objects.values_list("id", flat=True))
    assert len(ids) == 60
    assert sorted(HouseholdChange.objects.values_list("household_id", "mark")) == \
        [(i, 2) for i in ids]
    assert triggers() == before
    # the triggers work again: a later write marks with the clock of its time
    assert changes.advance() == 2
    with connection.cursor() as cursor:
        cursor.execute("UPDATE registry_household SET head_name = 'x' WHERE id = %s", [ids[5]])
    assert HouseholdChange.objects.get(household_id=ids[5]).mark == 3
    assert HouseholdChange.objects.filter(mark=2).count() == 59


def test_baseline_mode_marks_through_the_triggers() -> None:
    synth.generate(20, COUNTY, seed=9, bulk_mode=False)
    ids = sorted(Household.objects.values_list("id", flat=True))
    assert sorted(HouseholdChange.objects.values_list("household_id", "mark")) == \
        [(i, 0) for i in ids]


def test_a_missing_village_fails_the_load_and_leaves_nothing(monkeypatch: pytest.MonkeyPatch) -> None:
    before = triggers()
    real = run.villages_under(COUNTY)
    ghost = Village("441424999999", real[0].address, real[0].county_name, real[0].province_name,
                    real[0].groups)
    monkeypatch.setattr(run, "villages_under", lambda code: (ghost, *real[1:]))
    with pytest.raises(IntegrityError):
        synth.generate(40, COUNTY, seed=8)
    assert Household.objects.count() == 0
    assert HouseholdChange.objects.count() == 0
    assert triggers() == before


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's per-row checks")
def test_keys_to_the_division_tree_checked_once_after_the_load() -> None:
    loaded = (Household, Member, IncomeRecord)
    with transaction.atomic():
        with bulk.deferred_indexes(*loaded) as state:    # the mark triggers would be skipped
            assert state["row_checks"] is True
        with household_bulk_writes() as followers:
            assert followers.quiet() == ()
            with bulk.deferred_indexes(*loaded, quiet=followers.quiet()) as state:
                assert state["row_checks"] is True   # not set aside: they would still note
            followers.start()
            assert followers.quiet() == ("jp_mark_",)
            with bulk.deferred_indexes(*loaded, quiet=followers.quiet()) as state:
                assert state["row_checks"] is False   # the session may set the replication role
                with connection.cursor() as cursor:
                    cursor.execute("SHOW session_replication_role")
                    assert cursor.fetchone()[0] == "replica"
    assert state["keys_checked"] == 2             # village and group
    with connection.cursor() as cursor:
        cursor.execute("SHOW session_replication_role")
        assert cursor.fetchone()[0] == "origin"
