"""Export: layouts, IDs as text, formula escaping, masking by role, scoping, audit, round trip."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import python_calamine

from jianpin.audit.models import AuditEvent
from jianpin.conftest import SIBLING_VILLAGE, VILLAGE
from jianpin.registry.io import service
from jianpin.registry.io.export import ExportRequest, do_export
from jianpin.registry.models import Household, Member
from jianpin.registry.tests.io_helpers import VILLAGES, households, rows_of, write_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(tmp_path, officer):  # type: ignore[no-untyped-def]
    hhs = households(4, villages=VILLAGES)
    header, rows = rows_of(hhs)
    out = service.run(write_xlsx(tmp_path / "in.xlsx", header, rows), user=officer, dry_run=False,
                      year=2025)
    assert out.committed
    return hhs


def _sheet(data: bytes, tmp_path: Path) -> list[list]:
    path = tmp_path / "out.xlsx"
    path.write_bytes(data)
    return python_calamine.CalamineWorkbook.from_path(str(path)).get_sheet_by_index(0) \
        .to_python(skip_empty_area=False)


@pytest.mark.parametrize("layout", ["national", "template"])
def test_round_trip_changes_nothing(tmp_path, officer, loaded, layout):
    name, data, count = do_export(officer, ExportRequest(layout=layout, year=2025, unmasked=True))
    assert count == Member.objects.count()
    path = tmp_path / name
    path.write_bytes(data)
    before = list(Member.objects.values_list("id", "updated_at").order_by("id"))
    out = service.run(path, user=officer, dry_run=False, year=2025)
    assert out.errors == []
    assert out.households == {"new": 0, "updated": 0, "unchanged": 4}
    assert out.members == {"new": 0, "updated": 0, "unchanged": count}
    assert out.incomes == {"new": 0, "updated": 0, "unchanged": 4}
    assert list(Member.objects.values_list("id", "updated_at").order_by("id")) == before


def test_csv_round_trip(tmp_path, officer, loaded):
    name, data, count = do_export(officer, ExportRequest(fmt="csv", year=2025, unmasked=True))
    assert name.endswith(".csv") and data.startswith("\ufeff".encode())
    path = tmp_path / name
    path.write_bytes(data)
    out = service.run(path, user=officer, dry_run=False, year=2025)
    assert out.errors == [] and out.members["unchanged"] == count


def test_ids_are_text_cells(tmp_path, officer, loaded):
    _, data, _ = do_export(officer, ExportRequest(year=2025, unmasked=True))
    rows = _sheet(data, tmp_path)
    header = rows[1]
    col = header.index("证件号码")
    ids = {r[col] for r in rows[2:]}
    assert ids == set(Member.objects.values_list("id_number", flat=True))
    assert all(isinstance(v, str) and len(v) == 18 for v in ids)


def test_formula_like_text_is_escaped(tmp_path, officer, loaded):
    Member.objects.filter(pk=Member.objects.first().pk).update(work_place="=HYPERLINK(\"x\")")
    Household.objects.filter(pk=Household.objects.first().pk).update(address="@SUM(A1)")
    _, data, _ = do_export(officer, ExportRequest(layout="template", year=2025, unmasked=True))
    rows = _sheet(data, tmp_path)
    values = {v for r in rows for v in r if isinstance(v, str)}
    assert "'=HYPERLINK(\"x\")" in values and "'@SUM(A1)" in values
    assert not any(v.startswith(("=", "+", "@")) for v in values if v)
    _, csv_data, _ = do_export(officer, ExportRequest(layout="template", fmt="csv", year=2025))
    cells = [c for row in csv.reader(io.StringIO(csv_data.decode("utf-8-sig"))) for c in row]
    assert "'=HYPERLINK(\"x\")" in cells
    assert not any(c.startswith(("=", "+", "@", "\t", "\r")) for c in cells)


def test_escaped_text_survives_round_trip(tmp_path, officer, loaded):
    m = Member.objects.first()
    Member.objects.filter(pk=m.pk).update(work_place="-外出")
    name, data, _ = do_export(officer, ExportRequest(layout="template", year=2025, unmasked=True))
    (tmp_path / name).write_bytes(data)
    out = service.run(tmp_path / name, user=officer, dry_run=False, year=2025)
    assert out.members["updated"] == 0
    assert Member.objects.get(pk=m.pk).work_place == "-外出"


def test_masked_by_default_and_for_roles_without_reveal(tmp_path, officer, auditor, loaded):
    for user, unmasked in ((officer, False), (auditor, True)):
        _, data, _ = do_export(user, ExportRequest(year=2025, unmasked=unmasked))
        rows = _sheet(data, tmp_path)
        col = rows[1].index("证件号码")
        assert all(r[col][6:] == "************" for r in rows[2:])
        assert rows[0][0].endswith("（已脱敏）")
        health = rows[1].index("健康状况")
        assert {r[health] for r in rows[2:]} <= {"***", ""}  # health is sensitive too
    events = AuditEvent.objects.filter(action="registry.export").order_by("id")
    assert [e.diff["unmasked"] for e in events] == [False, False]


def test_export_is_scoped_and_audited(tmp_path, cadre, loaded):
    _, data, count = do_export(cadre, ExportRequest(year=2025, unmasked=True,
                                                    filters=(("status", "脱贫户"),)))
    rows = _sheet(data, tmp_path)
    col = rows[1].index("证件号码")
    expected = set(Member.objects.filter(household__village_id=VILLAGE,
                                         household__status="脱贫户")
                   .values_list("id_number", flat=True))
    assert {r[col] for r in rows[2:]} == expected and count == len(expected)
    assert not Member.objects.filter(household__village_id=SIBLING_VILLAGE,
                                     id_number__in=[r[col] for r in rows[2:]]).exists()
    event = AuditEvent.objects.get(action="registry.export")
    assert event.actor_id == cadre.pk
    assert event.diff == {"filter": {"status": "脱贫户"}, "layout": "national", "format": "xlsx",
                          "per": "member", "year": 2025, "rows": count, "unmasked": True}


def test_household_per_row(tmp_path, officer, loaded):
    _, data, count = do_export(officer, ExportRequest(per="household", year=2025))
    rows = _sheet(data, tmp_path)
    assert count == 4 and "证件号码" not in rows[1] and "户编号" in rows[1]


def test_export_denied_without_capability(provider):
    from jianpin.kernel.errors import PermissionDenied

    with pytest.raises(PermissionDenied):
        do_export(provider, ExportRequest())
    assert AuditEvent.objects.count() == 0
