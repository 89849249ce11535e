"""Text longer than the model keeps is an import error with row, column and reason."""
from __future__ import annotations

import pytest

from jianpin.registry.io import service
from jianpin.registry.io.validate import max_lengths
from jianpin.registry.models import Household, Member
from jianpin.registry.tests.io_helpers import households, rows_of, write_xlsx

pytestmark = pytest.mark.django_db


def test_limits_come_from_the_models():
    assert max_lengths() == {"hh.number": 32, "hh.head_name": 50, "m.name": 50,
                             "m.id_number": 18, "m.ethnicity": 16, "m.work_place": 100,
                             "m.phone": 20, "hh.address": 200, "hh.phone": 20,
                             "m.employer": 100, "m.person_number": 32,
                             "hh.clean_energy_type": 30, "hh.toilet_type": 30}


def test_a_5000_character_name_is_refused_with_row_column_reason(tmp_path, cadre):
    header, rows = rows_of(households(2))
    number = header.index("户编号")
    head_of_second = next(i for i, r in enumerate(rows) if r[number] != rows[0][number])
    long = "张" * 5000
    rows[head_of_second][header.index("姓名")] = long
    for r in rows[head_of_second:]:         # a household column, repeated on its rows
        r[header.index("户主姓名")] = long
    rows[1][header.index("联系电话")] = "1" * 21
    path = write_xlsx(tmp_path / "long.xlsx", header, rows)
    out = service.run(path, user=cadre, dry_run=True)
    got = sorted((e["row"], e["column"], e["code"], e["message"]) for e in out.errors)
    row = head_of_second + 3       # a title row and the header above the data
    assert got == [
        (4, "联系电话", "too_long", "联系电话最多 20 个字符，本格有 21 个字符"),
        (row, "姓名", "too_long", "姓名最多 50 个字符，本格有 5000 个字符"),
        (row, "户主姓名", "too_long", "户主姓名最多 50 个字符，本格有 5000 个字符"),
    ]
    assert service.run(path, user=cadre, dry_run=False).committed is False
    assert Household.objects.count() == 0 and Member.objects.count() == 0


def test_text_at_the_limit_is_imported(tmp_path, cadre):
    header, rows = rows_of(households(1))
    rows[0][header.index("姓名")] = "欧" * 50
    for r in rows:
        r[header.index("户主姓名")] = "欧" * 50
    path = write_xlsx(tmp_path / "edge.xlsx", header, rows)
    out = service.run(path, user=cadre, dry_run=False)
    assert out.errors == [] and out.committed
    assert Member.objects.filter(name="欧" * 50).count() == 1
