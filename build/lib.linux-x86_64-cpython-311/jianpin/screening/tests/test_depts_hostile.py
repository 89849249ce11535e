"""The shared hostile corpus through the department data upload page: 400, message, nothing kept."""
from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from jianpin.conftest import PASSWORD
from jianpin.screening.models import DeptRecord, DeptUpload
from jianpin.uploads.tests import corpus

pytestmark = pytest.mark.django_db
CASES = corpus.hostile_sheets()


def _post(client, name: str, data: bytes, kind: str = "medical"):  # type: ignore[no-untyped-def]
    return client.post("/screening/departments/",
                       {"kind": kind, "file": SimpleUploadedFile(name, data)})


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_workbook_is_refused(client, officer, case) -> None:  # type: ignore[no-untyped-def]
    assert client.login(username=officer.username, password=PASSWORD)
    before = DeptUpload.objects.count()
    data, _code = CASES[case]
    resp = _post(client, "医保.xlsx", data)
    assert resp.status_code == 400
    assert resp.context["form"].non_field_errors()
    assert DeptUpload.objects.count() == before and DeptRecord.objects.count() == 0


def test_messages_name_the_problem(client, officer) -> None:  # type: ignore[no-untyped-def]
    assert client.login(username=officer.username, password=PASSWORD)
    # a department dataset has at most 500,000 rows: the row is refused before its cell
    cases = {"last_cell_double_quotes": "工作表「数据」的数据区域过大（约 1048576 行 × 2 列），"
                                        "超出单次导入上限，请删除空白行列或拆分文件",
             "entity_bomb": "工作簿含有 XML 实体声明（DOCTYPE/ENTITY），疑似恶意文件，已拒绝",
             "truncated_zip": "文件已损坏，无法作为 Excel 工作簿打开"}
    for case, message in cases.items():
        resp = _post(client, "医保.xlsx", CASES[case][0])
        assert resp.context["form"].non_field_errors() == [message]


def test_dense_sheet_over_the_setting(client, officer, settings) -> None:  # type: ignore[no-untyped-def]
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "max_cells": 100}
    assert client.login(username=officer.username, password=PASSWORD)
    resp = _post(client, "医保.xlsx", corpus.dense_sheet(60, 2))
    assert resp.status_code == 400
    assert resp.context["form"].non_field_errors() == [
        "工作表「数据」的数据区域过大（约 51 行 × 2 列），超出单次导入上限，请删除空白行列或拆分文件"]
    assert DeptRecord.objects.count() == 0


def test_rows_over_the_setting_and_bad_csv(client, officer, settings) -> None:  # type: ignore[no-untyped-def]
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "dept_max_rows": 3}
    assert client.login(username=officer.username, password=PASSWORD)
    rows = "身份证号,自付金额\n" + "441421195001010171,1\n" * 4
    resp = _post(client, "医保.csv", rows.encode())
    assert resp.context["form"].non_field_errors() == [
        "CSV 第 5 行超出上限（最多 4 行、256 列），请拆分文件"]
    resp = _post(client, "医保.csv", b'id,"' + b"x" * 200_000 + b'"\n')
    assert resp.status_code == 400 and resp.context["form"].non_field_errors()[0].startswith(
        "CSV 格式错误（第 1 行）")
    assert DeptRecord.objects.count() == 0


def test_a_fine_workbook_is_still_read(client, officer) -> None:  # type: ignore[no-untyped-def]
    assert client.login(username=officer.username, password=PASSWORD)
    body = ('<row r="2"><c r="A2" t="inlineStr"><is><t>441421195001010171</t></is></c>'
            '<c r="B2"><v>1200.5</v></c></row>')
    resp = _post(client, "医保.xlsx", corpus.workbook(corpus.sheet(body)))
    assert resp.status_code == 302
    up = DeptUpload.objects.get(file_name="医保.xlsx")
    assert (up.rows_total, up.rows_unknown, up.rows_malformed) == (1, 1, 0)
