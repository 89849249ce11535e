"""Import of national-layout and template files: counts, commit, idempotency, headers, CLI."""
from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command

from jianpin.audit.models import AuditEvent
from jianpin.conftest import VILLAGE
from jianpin.kernel.errors import DomainError
from jianpin.registry.io import service
from jianpin.registry.io.models import BatchStatus, ImportBatch
from jianpin.registry.models import Household, IncomeRecord, Member
from jianpin.registry.tests.io_helpers import households, national, rows_of, write_csv, write_xlsx

pytestmark = pytest.mark.django_db


def _sizes(hhs: list) -> int:
    return sum(len(h) for h in hhs)


def test_preview_counts_without_writing(tmp_path, cadre):
    hhs = households(3)
    header, rows = rows_of(hhs)
    path = write_xlsx(tmp_path / "a.xlsx", header, rows)
    out = service.run(path, user=cadre, dry_run=True)
    assert out.layout == "national"
    assert out.rows == _sizes(hhs)
    assert out.households == {"new": 3, "updated": 0, "unchanged": 0}
    assert out.members == {"new": _sizes(hhs), "updated": 0, "unchanged": 0}
    assert out.errors == []
    assert Household.objects.count() == 0 and Member.objects.count() == 0


def test_commit_writes_households_members_incomes_and_audit(tmp_path, cadre):
    hhs = households(3)
    path = national(tmp_path, 3)
    out = service.run(path, user=cadre, dry_run=False)
    assert out.committed
    assert Household.objects.count() == 3
    assert Member.objects.count() == _sizes(hhs)
    first = hhs[0][0]
    hh = Household.objects.get(number=first["hh.number"])
    assert hh.village_id == VILLAGE
    assert hh.head_name == first["m.name"]
    assert hh.size == len(hhs[0])
    assert hh.status == first["hh.status"]
    head = hh.members.get(relation="本人")
    assert head.id_number == first["m.id_number"]
    inc = IncomeRecord.objects.get(household=hh, year=2025)
    assert inc.wage_income == first["inc.wage_income"]
    assert inc.transfer_income == first["inc.transfer_total"]
    assert inc.net_income == first["chk.net_income"]
    assert inc.per_capita_net == first["chk.per_capita_net"]
    events = AuditEvent.objects.filter(action="registry.import.create")
    assert events.count() == 3
    assert {e.actor_id for e in events} == {cadre.pk}
    created = events.get(object_id=str(hh.pk))
    masked = first["m.name"] + " " + first["m.id_number"][:6] + "************"
    assert created.region_code == VILLAGE
    assert created.diff["members"][masked] == {"name": first["m.name"], "relation": "本人"}
    assert created.diff["household"]["status"] == first["hh.status"]
    assert created.diff["income"] == {"year": 2025, "net_income": f"{first['chk.net_income']}.00",
                                      "per_capita_net": str(first["chk.per_capita_net"])}
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.COMMITTED and batch.sha256 == out.sha256


def test_same_file_twice_changes_nothing(tmp_path, cadre):
    path = national(tmp_path, 4)
    first = service.run(path, user=cadre, dry_run=False)
    before = list(Member.objects.values_list("id", "updated_at").order_by("id"))
    events = AuditEvent.objects.count()
    second = service.run(path, user=cadre, dry_run=False)
    assert second.households == {"new": 0, "updated": 0, "unchanged": 4}
    assert second.members == {"new": 0, "updated": 0, "unchanged": first.members["new"]}
    assert second.previously_imported != ""
    assert list(Member.objects.values_list("id", "updated_at").order_by("id")) == before
    assert AuditEvent.objects.count() == events


def test_changed_values_update_and_are_audited(tmp_path, cadre):
    hhs = households(2)
    header, rows = rows_of(hhs)
    service.run(write_xlsx(tmp_path / "a.xlsx", header, rows), user=cadre, dry_run=False)
    edu = header.index("文化程度")
    wage = header.index("工资性收入")
    rows[0][edu] = "大专及以上"
    n0 = len(hhs[0])
    for r in rows[:n0]:   # the household columns change on every row of that household
        r[wage] = float(r[wage]) + 100
        r[header.index("家庭纯收入")] = float(r[header.index("家庭纯收入")]) + 100
        r[header.index("人均纯收入")] = ""
    out = service.run(write_xlsx(tmp_path / "b.xlsx", header, rows), user=cadre, dry_run=False)
    assert out.errors == []
    assert out.members == {"new": 0, "updated": 1, "unchanged": _sizes(hhs) - 1}
    assert out.households == {"new": 0, "updated": 1, "unchanged": 1}
    assert out.incomes == {"new": 0, "updated": 1, "unchanged": 1}
    head = Member.objects.get(id_number=hhs[0][0]["m.id_number"])
    assert head.education == "大专及以上"
    hh = head.household
    assert hh.version == 2
    event = AuditEvent.objects.get(action="registry.import.update")
    assert event.object_id == str(hh.pk)
    masked = hhs[0][0]["m.name"] + " " + hhs[0][0]["m.id_number"][:6] + "************"
    assert event.diff["members"] == {masked: {"education": [hhs[0][0]["m.education"], "大专及以上"]}}
    old = hhs[0][0]["inc.wage_income"]
    assert event.diff["income"]["wage_income"] == [f"{old}.00", f"{old + 100}.00"]


def test_header_synonyms_fullwidth_and_line_breaks(tmp_path, cadre):
    header, rows = rows_of(households(1))
    header[header.index("证件号码")] = "身份证\n号码"
    header[header.index("户编号")] = " 户 编 号 "
    header[header.index("务工时间（月）")] = "务工时间\n(月)"
    header[header.index("与户主关系")] = "与户主关系＊"
    header.append("备注")
    rows = [r + ["无"] for r in rows]
    out = service.run(write_xlsx(tmp_path / "a.xlsx", header, rows), user=cadre)
    assert out.errors == []
    assert out.unknown_columns == ["备注"]
    assert out.members["new"] == len(rows)


def test_missing_required_columns_are_named(tmp_path, cadre):
    header, rows = rows_of(households(1))
    drop = [header.index("证件号码"), header.index("与户主关系")]
    header = [h for i, h in enumerate(header) if i not in drop]
    rows = [[v for i, v in enumerate(r) if i not in drop] for r in rows]
    with pytest.raises(DomainError) as exc:
        service.run(write_xlsx(tmp_path / "a.xlsx", header, rows), user=cadre)
    assert exc.value.code == "missing_columns"
    assert exc.value.message == "工作表「脱贫人口」缺少必需的列：证件号码、与户主关系"


@pytest.mark.parametrize("encoding", ["utf-8", "gbk", "gb18030"])
def test_csv_in_utf8_and_gbk(tmp_path, cadre, encoding):
    hhs = households(2)
    header, rows = rows_of(hhs)
    out = service.run(write_csv(tmp_path / "a.csv", header, rows, encoding), user=cadre)
    assert out.errors == []
    assert out.members == {"new": _sizes(hhs), "updated": 0, "unchanged": 0}


def test_template_layout_by_code(tmp_path, cadre):
    hhs = households(2)
    header, rows = rows_of(hhs, "template")
    assert "行政区划代码" in header and "身份证号" in header
    out = service.run(write_xlsx(tmp_path / "t.xlsx", header, rows), user=cadre, dry_run=False)
    assert out.layout == "template" and out.errors == []
    assert set(Household.objects.values_list("village_id", flat=True)) == {VILLAGE}


def test_several_sheets(tmp_path, cadre):
    from jianpin.registry.io.writer import XlsxOut

    header, rows = rows_of(households(4))
    split = len(rows) // 2
    while rows[split][header.index("户编号")] == rows[split - 1][header.index("户编号")]:
        split += 1
    out_book = XlsxOut(str(tmp_path / "s.xlsx"))
    out_book.sheet("一组", header, rows[:split])
    out_book.sheet("说明", ["说明"], [["本表由村里填写"]])
    out_book.sheet("二组", header, rows[split:])
    out_book.close()
    out = service.run(tmp_path / "s.xlsx", user=cadre)
    assert out.errors == [] and out.households["new"] == 4


def test_cli_json_contract(tmp_path, cadre):
    path = national(tmp_path, 2)
    buf = StringIO()
    call_command("import_households", str(path), "--dry-run", "--json", "--user", "cadre",
                 "--year", "2025", stdout=buf)
    data = json.loads(buf.getvalue())
    assert {"file", "layout", "dry_run", "households", "members", "errors"} <= set(data)
    assert data["file"] == "hh.xlsx" and data["layout"] == "national" and data["dry_run"] is True
    assert data["households"] == {"new": 2, "updated": 0, "unchanged": 0}
    assert set(data["members"]) == {"new", "updated", "unchanged"}
    assert data["errors"] == []
    assert Household.objects.count() == 0


def test_cli_one_line_summary_and_exit_code(tmp_path, cadre):
    header, rows = rows_of(households(1))
    rows[0][header.index("证件号码")] = rows[0][header.index("证件号码")][:-1] + (
        "0" if rows[0][header.index("证件号码")][-1] != "0" else "1")
    path = write_xlsx(tmp_path / "bad.xlsx", header, rows)
    buf = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("import_households", str(path), stdout=buf)
    assert exit_.value.code == 1
    first = buf.getvalue().splitlines()[0]
    assert first.startswith("未导入 bad.xlsx：农户 新增 1 更新 0 未变 0；")
    assert "错误 1 处（1 行）" in first
    assert Household.objects.count() == 0


def test_money_decimal_values(tmp_path, cadre):
    hhs = households(1)
    header, rows = rows_of(hhs)
    for r in rows:
        r[header.index("财产性收入")] = "1,234.5"
        r[header.index("家庭纯收入")] = ""
        r[header.index("人均纯收入")] = ""
    service.run(write_xlsx(tmp_path / "a.xlsx", header, rows), user=cadre, dry_run=False)
    assert IncomeRecord.objects.get().property_income == Decimal("1234.50")


def _write_xls(path, header, rows, *, id_as_number=False):  # type: ignore[no-untyped-def]
    """A legacy Excel 97-2003 (BIFF8) workbook, as older county systems still export."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("脱贫人口")
    sheet.write(0, 0, "2025年五华县脱贫人口信息表")
    for c, name in enumerate(header):
        sheet.write(1, c, name)
    id_col = header.index("证件号码")
    for r, row in enumerate(rows, 2):
        for c, value in enumerate(row):
            if value in ("", None):
                continue
            if c == id_col and id_as_number:
                value = float(value[:17] + "0")     # what Excel keeps of an ID typed as a number
            sheet.write(r, c, value)
    book.save(str(path))
    return path


def test_legacy_xls_imports_like_xlsx(tmp_path, cadre):
    hhs = households(3)
    header, rows = rows_of(hhs)
    path = _write_xls(tmp_path / "old.xls", header, rows)
    assert path.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    out = service.run(path, user=cadre, dry_run=False)
    assert (out.errors, out.committed) == ([], True)
    assert out.members == {"new": _sizes(hhs), "updated": 0, "unchanged": 0}
    head = hhs[0][0]
    person = Member.objects.get(id_number=head["m.id_number"])
    assert (person.name, person.relation, person.household.number) == (
        head["m.name"], "本人", head["hh.number"])
    again = service.run(_write_xls(tmp_path / "again.xls", header, rows), user=cadre)
    assert again.members == {"new": 0, "updated": 0, "unchanged": _sizes(hhs)}


def test_legacy_xls_with_ids_stored_as_numbers(tmp_path, cadre):
    hhs = households(1)
    header, rows = rows_of(hhs)
    out = service.run(_write_xls(tmp_path / "num.xls", header, rows, id_as_number=True),
                      user=cadre)
    assert {e["code"] for e in out.errors} == {"id_not_text"}
    assert [e["row"] for e in out.errors] == list(range(3, 3 + len(rows)))
    assert Member.objects.count() == 0
