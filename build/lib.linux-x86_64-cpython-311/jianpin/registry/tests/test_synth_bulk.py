"""Bulk mode of the generator: indexes and constraints set aside for an empty registry come back
exactly, a failed load leaves them in place, and a registry with rows keeps them throughout."""
from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction

from jianpin.conftest import COUNTY, OTHER_COUNTY
from jianpin.registry import synth
from jianpin.registry.models import Household, IncomeRecord, Member
from jianpin.registry.synth import bulk

pytestmark = pytest.mark.django_db(transaction=True)
TABLES = [m._meta.db_table for m in (Household, Member, IncomeRecord)]


def schema() -> list[tuple[str, ...]]:
    """Every index and constraint definition on the three registry tables."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute("SELECT tablename, indexname, indexdef FROM pg_indexes "
                           "WHERE tablename = ANY(%s)", [TABLES])
            rows = cursor.fetchall()
            cursor.execute("SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), "
                           "condeferrable::text FROM pg_constraint "
                           "WHERE conrelid::regclass::text = ANY(%s)", [TABLES])
            return sorted(rows + cursor.fetchall())
        cursor.execute("SELECT tbl_name, name, coalesce(sql, '') FROM sqlite_master "
                       "WHERE type = 'index' AND tbl_name IN (%s, %s, %s)", TABLES)
        return sorted(cursor.fetchall())


def test_empty_registry_loads_in_bulk_and_gets_its_indexes_back() -> None:
    before = schema()
    assert len(before) > 10
    counts = synth.generate(120, COUNTY, seed=3)
    assert schema() == before
    assert Household.objects.count() == 120 == counts["households"]
    assert IncomeRecord.objects.count() == 120 * 12
    # the unique constraint is back: the same number again is refused
    first = Household.objects.order_by("pk").first()
    assert first is not None
    with pytest.raises(IntegrityError), transaction.atomic():
        Household.objects.filter(pk=first.pk + 1).update(number=first.number)
    assert Household.objects.filter(number=first.number).count() == 1


def test_failed_load_leaves_indexes_and_rows_as_they_were() -> None:
    before = schema()
    with pytest.raises(RuntimeError, match="load failed"), transaction.atomic():
        with bulk.deferred_indexes(Household, Member, IncomeRecord) as state:
            assert state["deferred"] > 0
            assert schema() != before
            raise RuntimeError("load failed")
    assert schema() == before
    assert Household.objects.count() == 0


def test_registry_with_rows_keeps_its_indexes() -> None:
    synth.generate(30, COUNTY, seed=4)
    before = schema()
    with transaction.atomic(), bulk.deferred_indexes(Household, Member, IncomeRecord) as state:
        assert state["deferred"] == 0
        assert schema() == before
    synth.generate(40, OTHER_COUNTY, seed=4)
    assert schema() == before
    assert Household.objects.count() == 70


def test_baseline_mode_keeps_indexes_throughout() -> None:
    before = schema()
    with transaction.atomic(), bulk.deferred_indexes() as state:
        assert state["deferred"] == 0 and schema() == before
    synth.generate(25, COUNTY, seed=6, bulk_mode=False)
    assert schema() == before and Household.objects.count() == 25


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL locks")
def test_division_tree_stays_readable_during_a_bulk_load() -> None:
    """Other sessions read the regions (every page does) while the registry tables load."""
    import psycopg

    from jianpin.regions.models import Region

    params = connection.get_connection_params()
    params.pop("cursor_factory", None)
    regions = Region.objects.count()
    with transaction.atomic(), bulk.deferred_indexes(Household, Member, IncomeRecord) as state, \
            psycopg.connect(**params, autocommit=True) as other:
        assert state["deferred"] > 0
        other.execute("SET lock_timeout = '2s'")
        row = other.execute("SELECT count(*) FROM regions_region").fetchone()
        assert row is not None and row[0] == regions


def test_an_area_filled_in_pieces() -> None:
    """Piece k of n takes every n-th village from the k-th and ID numbers of its own; a piece
    already filled is refused, the others' rows unchanged."""
    from jianpin.registry.synth.villages import villages_under

    villages = [v.code for v in villages_under(COUNTY)]
    first = synth.generate(40, COUNTY, seed=3, part=(0, 2))
    second = synth.generate(30, COUNTY, seed=3, part=(1, 2))
    assert (first["households"], second["households"]) == (40, 30)
    got = {k: set(Household.objects.filter(id__in=range(1 + 40 * k, 41 + 30 * k))
                  .values_list("village_id", flat=True)) for k in (0, 1)}
    assert got[0] <= set(villages[0::2]) and got[1] <= set(villages[1::2])
    members = Member.objects.count()
    assert members == first["members"] + second["members"]
    assert len(set(Member.objects.values_list("id_number", flat=True))) == members
    with pytest.raises(ValueError):
        synth.generate(10, COUNTY, seed=3, part=(1, 2))
    assert Household.objects.count() == 70 and Member.objects.count() == members
