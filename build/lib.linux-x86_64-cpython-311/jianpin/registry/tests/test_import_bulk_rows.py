"""The bulk insert of the import's write phase: many records of interleaved shapes, more than
one multi-row statement's worth, stored in order with each shape's defaults and the stamps."""
from __future__ import annotations

import datetime

import pytest

from jianpin.conftest import VILLAGE
from jianpin.registry.io import _fastdb as fastdb
from jianpin.registry.models import Household

pytestmark = pytest.mark.django_db


def _record(i: int) -> dict[str, object]:
    number = f"B{i:03d}"
    kind = i % 4
    if kind == 0:
        return {"number": number, "village_id": VILLAGE}
    if kind == 1:       # another order, more columns, a JSON column
        return {"size": i, "village_id": VILLAGE, "number": number, "head_name": f"户{i}",
                "risk_types": ["因病", "因学"]}
    if kind == 2:       # a key that is no column is left out; a stamp given is the import's
        return {"number": number, "not_a_column": 1, "village_id": VILLAGE,
                "updated_at": datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)}
    return {"village_id": VILLAGE, "number": number, "monitoring_since": datetime.date(2024, 5, i % 28 + 1)}


def test_interleaved_shapes_across_statements_keep_order_values_and_defaults() -> None:
    from django.utils import timezone

    now = timezone.now()
    count = fastdb.ROWS_PER_INSERT * 2 + 23         # two full statements and a remainder
    assert fastdb.insert(fastdb.Table(Household), (_record(i) for i in range(count)), now) == count
    stored = list(Household.objects.order_by("id").values_list(
        "number", "head_name", "size", "risk_types", "monitoring_since", "version", "status",
        "created_at", "updated_at"))
    expected = []
    for i in range(count):
        kind = i % 4
        expected.append((f"B{i:03d}", f"户{i}" if kind == 1 else "", i if kind == 1 else 0,
                         ["因病", "因学"] if kind == 1 else [],
                         datetime.date(2024, 5, i % 28 + 1) if kind == 3 else None, 1,
                         Household._meta.get_field("status").get_default(), now, now))
    assert stored == expected


def test_records_of_one_shape_and_keys_that_are_no_column() -> None:
    from django.utils import timezone

    now = timezone.now()
    table = fastdb.Table(Household)
    assert fastdb.insert(table, [{"number": "C1", "village_id": VILLAGE}], now) == 1
    rows = fastdb.Rows(table, now)
    rows.add(("village_id", "number"), (VILLAGE, "C2"))
    rows.add(("number", "not_a_column", "village_id"), ("C3", "x", VILLAGE))
    assert len(rows) == 2
    assert rows.write() == 2 and rows.write() == 0
    assert list(Household.objects.order_by("id").values_list("number", "village_id", "head_name")) \
        == [("C1", VILLAGE, ""), ("C2", VILLAGE, ""), ("C3", VILLAGE, "")]
