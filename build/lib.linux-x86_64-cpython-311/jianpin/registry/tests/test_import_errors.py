"""Every row-level error kind: exact code, row as the user sees it, column and Chinese message."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from jianpin.conftest import SIBLING_VILLAGE
from jianpin.registry.io import service
from jianpin.registry.models import Household, Member
from jianpin.registry.tests.io_helpers import households, rows_of, write_xlsx

pytestmark = pytest.mark.django_db
FIRST = 3    # title row 1, header row 2: the first data row is row 3 in Excel


def _file(tmp_path: Path, n: int = 3, name: str = "a.xlsx"):  # type: ignore[no-untyped-def]
    hhs = households(n)
    header, rows = rows_of(hhs)
    return hhs, header, rows, (lambda: write_xlsx(tmp_path / name, header, rows))


def _errors(path: Path, user: Any, dry_run: bool = False) -> list[dict[str, Any]]:
    out = service.run(path, user=user, dry_run=dry_run)
    assert not out.committed
    return out.errors


def _other_digit(c: str) -> str:
    return "0" if c != "0" else "1"


def _multi(hhs: list) -> int:
    """Index of the first household with at least two members, and its first row."""
    row = FIRST
    for h in hhs:
        if len(h) >= 2:
            return row
        row += len(h)
    raise AssertionError("no household with two members")


def test_bad_check_digit(tmp_path, cadre):
    hhs, header, rows, write = _file(tmp_path)
    col = header.index("证件号码")
    bad = rows[0][col][:17] + _other_digit(rows[0][col][17])
    rows[0][col] = bad
    assert _errors(write(), cadre) == [{
        "sheet": "脱贫人口", "row": FIRST, "column": "证件号码", "value": bad,
        "code": "id_checksum", "message": "身份证号校验位错误（最后一位与前17位不符）"}]
    assert Household.objects.count() == 0 and Member.objects.count() == 0


def test_impossible_birth_date(tmp_path, cadre):
    hhs, header, rows, write = _file(tmp_path)
    col = header.index("证件号码")
    bad = rows[0][col][:6] + "19900230" + rows[0][col][14:]
    rows[0][col] = bad
    [err] = _errors(write(), cadre)
    assert (err["code"], err["row"], err["message"]) == (
        "id_date", FIRST, "身份证号中的出生日期不存在或不合理")


@pytest.mark.parametrize("value", [441424199001011234.0, "4.41424E+17"])
def test_id_stored_as_number(tmp_path, cadre, value):
    hhs, header, rows, write = _file(tmp_path)
    rows[1][header.index("证件号码")] = value
    [err] = _errors(write(), cadre)
    assert err["code"] == "id_not_text" and err["row"] == FIRST + 1
    assert err["column"] == "证件号码"
    assert err["message"].startswith("身份证号")
    assert "文本格式" in err["message"]


def test_same_id_twice_in_file(tmp_path, cadre):
    hhs, header, rows, write = _file(tmp_path)
    col = header.index("证件号码")
    last = len(rows) - 1
    rows[last][col] = rows[0][col]
    errors = _errors(write(), cadre)
    assert errors[-1] == {
        "sheet": "脱贫人口", "row": FIRST + last, "column": "证件号码", "value": rows[0][col],
        "code": "id_duplicate_in_file", "message": f"身份证号与第 {FIRST} 行重复，同一人只能出现一次"}


def test_id_already_in_another_household(tmp_path, cadre):
    hhs, header, rows, write = _file(tmp_path, 1, "first.xlsx")
    service.run(write(), user=cadre, dry_run=False)
    taken = hhs[0][0]
    hhs2 = households(1, start=50)
    header2, rows2 = rows_of(hhs2)
    rows2[0][header2.index("证件号码")] = taken["m.id_number"]
    before = list(Member.objects.values_list("id", "household_id", "name"))
    [err] = _errors(write_xlsx(tmp_path / "second.xlsx", header2, rows2), cadre)
    assert err["code"] == "id_in_other_household" and err["row"] == FIRST
    assert err["message"] == (f"此身份证号已登记在户 {taken['hh.number']}（户主 {taken['m.name']}）"
                              "中，该户不在本文件内；同一人只能属于一户")
    assert list(Member.objects.values_list("id", "household_id", "name")) == before


def test_household_without_head(tmp_path, cadre):
    hhs, header, rows, write = _file(tmp_path)
    rows[0][header.index("与户主关系")] = "配偶"
    [err] = _errors(write(), cadre)
    number = hhs[0][0]["hh.number"]
    assert err == {"sheet": "脱贫人口", "row": FIRST, "column": "与户主关系", "value": "",
                   "code": "no_head",
                   "message": f"户编号 {number} 的成员中没有户主（与户主关系为“本人”的成员）"}


def test_two_heads(tmp_path, cadre):
    hhs, header, rows, write = _file(tmp_path, 6)
    first = _multi(hhs)
    rows[first - FIRST + 1][header.index("与户主关系")] = "户主"      # synonym of 本人
    number = rows[first - FIRST][header.index("户编号")]
    [err] = _errors(write(), cadre)
    assert err == {"sheet": "脱贫人口", "row": first + 1, "column": "与户主关系", "value": "本人",
                   "code": "two_heads", "message": f"户编号 {number} 有两名户主（第 {first} 行已是户主）"}


def test_code_not_in_list(tmp_path, cadre):
    hhs, header, rows, write = _file(tmp_path)
    rows[0][header.index("文化程度")] = "博士后"
    [err] = _errors(write(), cadre)
    assert err == {"sheet": "脱贫人口", "row": FIRST, "column": "文化程度", "value": "博士后",
                   "code": "bad_code", "message": "「博士后」不在代码表中，可选值：文盲或半文盲、小学、"
                                                  "初中、高中、中专/职高、大专及以上、学龄前"}


def _household_rows(hhs: list, k: int = 0) -> range:
    start = sum(len(h) for h in hhs[:k])
    return range(start, start + len(hhs[k]))


def test_negative_and_non_numeric_amounts(tmp_path, cadre):
    hhs, header, rows, write = _file(tmp_path)
    for i in _household_rows(hhs, 0):
        rows[i][header.index("工资性收入")] = -100
    for i in _household_rows(hhs, 1):
        rows[i][header.index("财产性收入")] = "三百"
    errors = _errors(write(), cadre)
    assert [(e["row"], e["column"], e["code"], e["message"]) for e in errors] == [
        (FIRST, "工资性收入", "negative_amount", "金额不能为负数"),
        (FIRST + len(hhs[0]), "财产性收入", "not_number", "「三百」不是有效金额（应为数字）")]


def test_per_capita_contradicts_components(tmp_path, cadre):
    hhs, header, rows, write = _file(tmp_path)
    h = hhs[0][0]
    for i in _household_rows(hhs, 0):
        rows[i][header.index("人均纯收入")] = float(h["chk.per_capita_net"]) + 500
    [err] = _errors(write(), cadre)
    given = h["chk.per_capita_net"] + 500
    assert err["code"] == "income_mismatch" and err["row"] == FIRST
    assert err["column"] == "人均纯收入"
    assert err["message"] == (f"人均纯收入填写为 {given:.2f} 元，按各项收入计算应为 "
                              f"{h['chk.per_capita_net']:.2f} 元（纯收入 {h['chk.net_income']:.2f} 元 "
                              f"÷ {len(hhs[0])} 人）")


def test_village_outside_users_area(tmp_path, cadre):
    hhs, header, rows, write = _file(tmp_path)
    for i in _household_rows(hhs, 0):
        rows[i][header.index("行政村")] = "河尾村委会"
    [err] = _errors(write(), cadre)
    assert err == {"sheet": "脱贫人口", "row": FIRST, "column": "行政村", "value": "河尾村委会",
                   "code": "out_of_area", "message": "行政村「河尾村委会」不在您的管辖区域内"}


def test_village_code_outside_area_and_unknown(tmp_path, cadre):
    hhs = households(2)
    header, rows = rows_of(hhs, "template")
    col = header.index("行政区划代码")
    for i in _household_rows(hhs, 0):
        rows[i][col] = SIBLING_VILLAGE
    for i in _household_rows(hhs, 1):
        rows[i][col] = "441424999999"
    errors = _errors(write_xlsx(tmp_path / "t.xlsx", header, rows), cadre)
    assert [(e["code"], e["message"]) for e in errors] == [
        ("out_of_area", f"行政村 {SIBLING_VILLAGE} 不在您的管辖区域内"),
        ("unknown_village", "行政区划代码 441424999999 不是有效的行政村代码")]


def test_household_columns_must_agree(tmp_path, cadre):
    hhs, header, rows, write = _file(tmp_path, 6)
    first = _multi(hhs)
    rows[first - FIRST + 1][header.index("户类型")] = "贫困户" \
        if rows[first - FIRST][header.index("户类型")] != "贫困户" else "一般农户"
    [err] = _errors(write(), cadre)
    assert err["code"] == "household_conflict" and err["row"] == first + 1
    old = rows[first - FIRST][header.index("户类型")]
    assert err["message"].endswith(f"第 {first} 行填写为「{old}」，与本行不一致")


def test_missing_values(tmp_path, cadre):
    hhs, header, rows, write = _file(tmp_path)
    rows[0][header.index("姓名")] = "  "
    rows[1][header.index("户编号")] = ""
    errors = _errors(write(), cadre)
    assert [(e["row"], e["column"], e["code"], e["message"]) for e in errors] == [
        (FIRST, "姓名", "missing_value", "姓名不能为空"),
        (FIRST + 1, "户编号", "missing_value", "户编号不能为空")]


def test_errors_in_preview_block_the_commit(tmp_path, cadre):
    hhs, header, rows, write = _file(tmp_path)
    rows[0][header.index("性别")] = "未知"
    out = service.run(write(), user=cadre, dry_run=False)
    assert out.error_rows == 1 and not out.committed
    assert Household.objects.count() == 0


def test_error_report_workbook(tmp_path, cadre):
    import python_calamine

    from jianpin.registry.io.report import error_workbook

    hhs, header, rows, write = _file(tmp_path)
    rows[0][header.index("文化程度")] = "博士后"
    path = write()
    out = service.run(path, user=cadre)
    data = error_workbook(out.errors, path, "a.xlsx")
    (tmp_path / "r.xlsx").write_bytes(data)
    book = python_calamine.CalamineWorkbook.from_path(str(tmp_path / "r.xlsx"))
    assert book.sheet_names == ["错误明细", "出错的行-脱贫人口"]
    listing = book.get_sheet_by_name("错误明细").to_python()
    assert listing[0] == ["工作表", "行号", "列", "单元格内容", "错误代码", "错误说明"]
    assert listing[1][:5] == ["脱贫人口", 3.0, "文化程度", "博士后", "bad_code"]
    bad = book.get_sheet_by_name("出错的行-脱贫人口").to_python()
    assert bad[0][:3] == ["原行号", "错误说明", header[0]]
    assert bad[1][0] == 3.0 and bad[1][1].startswith("文化程度：「博士后」不在代码表中")
    assert bad[1][2 + header.index("证件号码")] == rows[0][header.index("证件号码")]
    assert len(bad) == 2
