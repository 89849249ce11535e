from __future__ import annotations

import io

import pytest
import xlsxwriter

from jianpin.audit.models import AuditEvent
from jianpin.kernel.errors import DomainError, PermissionDenied
from jianpin.registry.models import Member
from jianpin.screening import service
from jianpin.screening.depts import do_upload_dept_data
from jianpin.screening.models import DeptRecord, DeptUpload
from jianpin.screening.tests.fixture import build, new_id

pytestmark = pytest.mark.django_db


def _csv(rows: list[list[str]]) -> bytes:
    return "\n".join(",".join(r) for r in rows).encode("utf-8-sig")


def test_upload_reports_unknown_and_malformed_ids(officer) -> None:  # type: ignore[no-untyped-def]
    build()
    known = Member.objects.get(household__number="SCR01", relation="本人").id_number
    stranger = new_id("19700101")
    content = _csv([["姓名", "身份证号", "车牌号"],
                    ["甲", known, "粤M12345"],
                    ["乙", stranger, "粤M22222"],
                    ["丙", "441424198001011234", "粤M3"],
                    ["丁", "12345", "粤M4"],
                    ["", "", ""],
                    ["戊", known.lower(), "粤M5"]])
    up = do_upload_dept_data(officer, kind="vehicle", file_name="车辆.csv", content=content)
    assert (up.version, up.region_code, up.rows_total, up.rows_matched, up.rows_unknown,
            up.rows_malformed) == (2, "441424000000", 5, 2, 1, 2)  # fixture holds v1
    assert up.problems == [
        {"row": 3, "id": up.problems[0]["id"], "reason": "档案中无此身份证号"},
        {"row": 4, "reason": "身份证号码校验位错误"},
        {"row": 5, "reason": "身份证号码格式不正确（应为18位）"},
    ]
    assert stranger not in str(up.problems) and up.problems[0]["id"].count("*") >= 8
    assert DeptRecord.objects.filter(upload=up).count() == 3
    assert DeptRecord.objects.get(upload=up, id_number=stranger).data == {"姓名": "乙",
                                                                         "车牌号": "粤M22222"}
    event = AuditEvent.objects.get(action="screening.dept.upload")
    assert event.diff["unknown"] == 1 and event.diff["malformed"] == 2


def test_versions_and_latest_used_in_screening(officer) -> None:  # type: ignore[no-untyped-def]
    build()
    head = Member.objects.get(household__number="SCR07", relation="本人").id_number
    # SCR07 is poor: its business record (fixture, version 1) makes EXC-BUSINESS hit.
    rows = service.reference_rows(2024, None)
    assert next(r for r in rows if r["household_number"] == "SCR01")["dept_vehicle"] in (0, False)
    scr01 = Member.objects.get(household__number="SCR01", relation="本人").id_number
    do_upload_dept_data(officer, kind="housing", file_name="h.csv",
                        content=_csv([["身份证号", "鉴定等级"], [scr01, "D"], [head, "B"]]))
    second = do_upload_dept_data(officer, kind="housing", file_name="h2.csv",
                                 content=_csv([["身份证号", "鉴定等级"], [head, "C"]]))
    assert second.version == 2
    flags = {r["household_number"]: bool(r["dept_housing_unsafe"])
             for r in service.reference_rows(2024, None)}
    assert (flags["SCR01"], flags["SCR07"]) == (False, True)


def test_excel_upload_with_amounts(officer) -> None:  # type: ignore[no-untyped-def]
    build()
    scr03 = Member.objects.filter(household__number="SCR03").values_list("id_number", flat=True)
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(buf)
    sheet = book.add_worksheet()
    for r, row in enumerate([["身份证号", "自付金额"], [scr03[0], "8000.5"],
                             [scr03[1], "2500"], [scr03[2], "abc"]]):
        for c, value in enumerate(row):
            sheet.write_string(r, c, value)
    book.close()
    up = do_upload_dept_data(officer, kind="medical", file_name="医保.xlsx",
                             content=buf.getvalue())
    assert (up.rows_total, up.rows_matched, up.rows_malformed) == (3, 2, 1)
    assert up.problems == [{"row": 4, "reason": "金额格式错误"}]
    row = next(r for r in service.reference_rows(2024, None) if r["household_number"] == "SCR03")
    assert float(row["dept_medical_oop"]) == 10500.5


@pytest.mark.parametrize(("kind", "rows", "error"), [
    ("vehicle", [["姓名"], ["甲"]], "未找到身份证号列"),
    ("medical", [["身份证号"], ["x"]], "该类数据需要金额列"),
    ("education", [["身份证号"], ["x"]], "该类数据需要“学籍状态、在校状态”列"),
    ("nope", [["身份证号"]], "未知的部门数据类型"),
])
def test_bad_files_refused_and_nothing_stored(officer, kind, rows, error) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError, match=error):
        do_upload_dept_data(officer, kind=kind, file_name="x.csv", content=_csv(rows))
    assert not DeptUpload.objects.exists() and not AuditEvent.objects.exists()


def test_cadre_cannot_upload(cadre, client) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied):
        do_upload_dept_data(cadre, kind="vehicle", file_name="x.csv",
                            content=_csv([["身份证号"], [new_id()]]))
    assert not DeptUpload.objects.exists()
    client.force_login(cadre)
    assert client.get("/screening/departments/").status_code == 403


def test_upload_page(client, provider) -> None:  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    from jianpin.screening.dept_grants import do_set_dept_kinds
    do_set_dept_kinds(None, provider, ["payroll"])
    client.force_login(provider)
    f = SimpleUploadedFile("payroll.csv", _csv([["身份证号"], [new_id()]]))
    resp = client.post("/screening/departments/", {"kind": "payroll", "file": f})
    up = DeptUpload.objects.get()
    assert resp.status_code == 302 and resp["Location"] == f"/screening/departments/{up.pk}/"
    page = client.get(resp["Location"]).content.decode()
    assert "档案中无此人 1 行" in page and "档案中无此身份证号" in page


def test_upload_speaks_only_for_its_own_area(officer) -> None:  # type: ignore[no-untyped-def]
    build()
    # SCR13 lives in Xingning, another county: a Wuhua upload neither matches nor flags it.
    outsider = Member.objects.get(household__number="SCR13", relation="本人").id_number
    up = do_upload_dept_data(officer, kind="payroll", file_name="p.csv",
                             content=_csv([["身份证号"], [outsider]]))
    assert (up.rows_matched, up.rows_unknown) == (0, 1)
    assert up.problems[0]["reason"] == "档案中无此身份证号"
    flags = {r["household_number"]: bool(r["dept_public_payroll"])
             for r in service.reference_rows(2024, None)}
    assert flags["SCR13"] is False
