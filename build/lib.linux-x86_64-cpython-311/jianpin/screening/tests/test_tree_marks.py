"""Standards, reference figures and the region tree mark the households they apply to."""
from __future__ import annotations

from decimal import Decimal
from importlib import import_module

import pytest
from django.db import connection

from jianpin.conftest import COUNTY, OTHER_COUNTY, VILLAGE
from jianpin.regions.models import Region
from jianpin.registry.models import Household
from jianpin.screening import changes
from jianpin.screening.models import HouseholdChange
from jianpin.screening.tests.fixture import OTHER_VILLAGE, build
from jianpin.standards.models import NATIONAL, ReferenceFigure, Standard

pytestmark = pytest.mark.django_db

IN_VILLAGE = {f"SCR{i:02d}" for i in range(1, 13)}   # SCR13 lives in another county
EVERYONE = IN_VILLAGE | {"SCR13"}


def _marked_since(mark: int) -> set[str]:
    ids = HouseholdChange.objects.filter(mark__gt=mark).values_list("household_id", flat=True)
    return set(Household.objects.filter(pk__in=list(ids)).values_list("number", flat=True))


def _standard(code: str, key: str = "monitoring_line", value: str = "7600") -> Standard:
    region = Region.objects.get(code=code)
    return Standard.objects.create(year=2024, region_code=code, region_prefix=region.prefix,
                                   key=key, value=Decimal(value))


def test_a_standard_marks_the_households_of_its_region_subtree() -> None:
    build()
    mark = changes.advance()
    assert _marked_since(mark) == set()
    county = _standard(COUNTY)
    assert _marked_since(mark) == IN_VILLAGE
    mark = changes.advance()
    _standard(OTHER_COUNTY)
    assert _marked_since(mark) == {"SCR13"}
    mark = changes.advance()
    Standard.objects.filter(pk=county.pk).update(value=Decimal("7700"))
    assert _marked_since(mark) == IN_VILLAGE
    mark = changes.advance()
    county.delete()
    assert _marked_since(mark) == IN_VILLAGE
    # A national row applies to every household (one statement over the whole registry).
    mark = changes.advance()
    assert Standard.objects.filter(region_code=NATIONAL, key="monitoring_line",
                                   year=2021).update(value=Decimal("6100")) == 1
    assert _marked_since(mark) == EVERYONE


def test_a_reference_figure_marks_the_households_of_its_region_subtree() -> None:
    build()
    mark = changes.advance()
    figure = ReferenceFigure.objects.create(key="rural_disposable_income", year=2023,
                                            region_code="441481000000", region_prefix="441481",
                                            value=Decimal("20000"))
    assert _marked_since(mark) == {"SCR13"}
    mark = changes.advance()
    ReferenceFigure.objects.filter(pk=figure.pk).update(region_code=COUNTY, region_prefix="441424")
    assert _marked_since(mark) == EVERYONE   # under the old prefix and the new one
    mark = changes.advance()
    ReferenceFigure.objects.filter(pk=figure.pk).delete()
    assert _marked_since(mark) == IN_VILLAGE


def test_a_changed_division_marks_the_households_under_it() -> None:
    build()
    mark = changes.advance()
    Region.objects.filter(code=VILLAGE).update(name="新村")   # renamed
    assert _marked_since(mark) == IN_VILLAGE
    mark = changes.advance()
    Region.objects.filter(code=OTHER_VILLAGE).update(parent_id=COUNTY)   # moved
    assert _marked_since(mark) == {"SCR13"}
    # Merged: the village's prefix now names the township it went into; the households
    # under the old prefix and the new are marked (here the old one holds them all).
    mark = changes.advance()
    Region.objects.filter(code=VILLAGE).update(prefix="441424100")
    assert _marked_since(mark) == IN_VILLAGE
    mark = changes.advance()
    Region.objects.create(code="441424100299", name="新设村", level=5, parent_id="441424100000",
                          prefix="441424100299")
    assert _marked_since(mark) == set()   # a new division with no households yet


def test_reloading_the_same_tree_marks_nothing() -> None:
    from jianpin.regions.loader import load_core

    build()
    mark = changes.advance()
    assert load_core() > 0
    assert _marked_since(mark) == set()
    Region.objects.filter(code=VILLAGE).update(name="旧名")
    mark = changes.advance()
    load_core()   # the loader puts the shipped name back: that village's households
    assert _marked_since(mark) == IN_VILLAGE


def test_the_migrations_hold_the_triggers_of_the_sources() -> None:
    """Migrations 0003, 0006 and 0007 wrote the trigger SQL out; it is still what `changes` makes."""
    base = import_module("jianpin.screening.migrations.0003_change_marks")
    tree = import_module("jianpin.screening.migrations.0006_tree_change_marks")
    bulk = import_module("jianpin.screening.migrations.0007_bulk_marks")
    if connection.vendor == "postgresql":
        # 0007 replaced the marking function (bulk writers skip the registry tables)
        assert base.POSTGRES[1:] == changes.postgres_sql(changes.BASE_SOURCES)[1:]
        assert bulk.FUNCTION == changes.postgres_sql(changes.BASE_SOURCES)[0]
        assert tree.POSTGRES == changes.postgres_sql(changes.TREE_SOURCES)[1:]
        assert base.DROP_POSTGRES == changes.drop_sql("postgresql", changes.BASE_SOURCES)
    assert base.SQLITE == changes.sqlite_sql(changes.BASE_SOURCES)
    assert tree.SQLITE == changes.sqlite_sql(changes.TREE_SOURCES)
    assert tree.DROP_SQLITE == changes.drop_sql("sqlite", changes.TREE_SOURCES)
    assert tree.DROP_POSTGRES == changes.drop_sql("postgresql", changes.TREE_SOURCES,
                                                  function=False)
