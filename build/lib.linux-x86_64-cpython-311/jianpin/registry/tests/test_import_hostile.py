"""Hostile files end in a clear Chinese error (or a safe import), never a crash, hang or blow-up."""
from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from jianpin.kernel.errors import DomainError
from jianpin.registry.io import service
from jianpin.registry.models import Household
from jianpin.registry.tests.io_helpers import households, national, rows_of, write_csv, write_xlsx

pytestmark = pytest.mark.django_db
BOMB_XML = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
            b'<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
            b'<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')


def _refused(path: Path, user, name: str = "") -> DomainError:  # type: ignore[no-untyped-def]
    with pytest.raises(DomainError) as exc:
        service.run(path, name=name, user=user, dry_run=False)
    assert Household.objects.count() == 0
    return exc.value


def _rewrite(src: Path, dst: Path, replace: dict[str, bytes], add: dict[str, bytes] | None = None,
             ) -> Path:
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = replace.get(info.filename)
            zout.writestr(info.filename, data if data is not None else zin.read(info.filename))
        for name, data in (add or {}).items():
            zout.writestr(name, data)
    return dst


def test_zip_bomb_by_ratio(tmp_path, cadre):
    good = national(tmp_path, 1)
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename == "xl/worksheets/sheet1.xml":
                with zout.open(info.filename, "w") as fh:
                    for _ in range(40):
                        fh.write(b" " * 1048576)
            else:
                zout.writestr(info.filename, zin.read(info.filename))
    err = _refused(bomb, cadre)
    assert (err.code, err.message) == ("zip_bomb", "工作簿压缩比异常，疑似压缩炸弹，已拒绝")


def test_zip_with_thousands_of_members(tmp_path, cadre):
    path = tmp_path / "many.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(5001):
            zf.writestr(f"x/{i}.xml", b"<a/>")
    err = _refused(path, cadre)
    assert err.code == "zip_bomb"
    assert err.message == "工作簿内部文件数异常（5001 个），疑似恶意文件，已拒绝"


@pytest.mark.parametrize("part", ["xl/workbook.xml", "xl/worksheets/sheet1.xml",
                                  "[Content_Types].xml"])
def test_xml_entity_bomb(tmp_path, cadre, part):
    good = national(tmp_path, 1)
    with zipfile.ZipFile(good) as zf:
        original = zf.read(part)
    body = original.split(b"?>", 1)[1] if original.startswith(b"<?xml") else original
    bad = _rewrite(good, tmp_path / "bomb.xlsx", {part: BOMB_XML + body})
    err = _refused(bad, cadre)
    assert (err.code, err.message) == (
        "xml_entity", "工作簿含有 XML 实体声明（DOCTYPE/ENTITY），疑似恶意文件，已拒绝")


def test_macro_enabled_by_name_and_by_content(tmp_path, cadre):
    good = national(tmp_path, 1)
    err = _refused(good, cadre, name="名单.xlsm")
    assert (err.code, err.message) == (
        "macro_file", "不接受启用宏的工作簿（.xlsm 等），请另存为 .xlsx 后导入")
    vba = _rewrite(good, tmp_path / "vba.xlsx", {}, {"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0"})
    err = _refused(vba, cadre)
    assert (err.code, err.message) == (
        "macro_file", "工作簿含有宏代码，已拒绝；请另存为 .xlsx（不启用宏）后导入")


def test_legacy_xls_with_macros(tmp_path, cadre):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512 +
                     "_VBA_PROJECT_CUR".encode("utf-16-le") + b"\0" * 512)
    assert _refused(path, cadre).code == "macro_file"


@pytest.mark.parametrize(("content", "message"), [
    (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "文件内容是PDF 文档，不是 Excel 或 CSV 表格"),
    (b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR", "文件内容是PNG 图片，不是 Excel 或 CSV 表格"),
    (b"MZ\x90\0\x03\0\0\0", "文件内容是可执行程序，不是 Excel 或 CSV 表格"),
    (b"\x01\x02\x03 random bytes", "文件内容不是 Excel 工作簿（扩展名与内容不符），"
                                   "请上传 .xlsx、.xls 或 .csv 文件"),
])
def test_renamed_files(tmp_path, cadre, content, message):
    path = tmp_path / "名单.xlsx"
    path.write_bytes(content)
    err = _refused(path, cadre)
    assert (err.code, err.message) == ("not_spreadsheet", message)


def test_word_document_renamed(tmp_path, cadre):
    path = tmp_path / "名单.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("[Content_Types].xml", b"<Types/>")
        zf.writestr("word/document.xml", b"<w:document/>")
    err = _refused(path, cadre)
    assert (err.code, err.message) == ("not_spreadsheet", "文件内容是Word 文档，不是 Excel 工作簿")


def test_binary_csv(tmp_path, cadre):
    path = tmp_path / "a.csv"
    path.write_bytes(b"\x00\x01\x02" * 100)
    assert _refused(path, cadre).code == "not_spreadsheet"


def test_empty_and_truncated_files(tmp_path, cadre):
    empty = tmp_path / "e.xlsx"
    empty.write_bytes(b"")
    assert _refused(empty, cadre).message == "文件是空的"
    good = national(tmp_path, 1)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[:400])
    assert _refused(cut, cadre).code == "bad_workbook"


def _sheet_with_rows(tmp_path: Path, extra_rows: bytes) -> Path:
    good = national(tmp_path, 1)
    with zipfile.ZipFile(good) as zf:
        sheet = zf.read("xl/worksheets/sheet1.xml")
    head, tail = sheet.split(b"</sheetData>")
    return _rewrite(good, tmp_path / "big.xlsx",
                    {"xl/worksheets/sheet1.xml": head + extra_rows + b"</sheetData>" + tail})


@pytest.mark.slow
def test_million_formatted_empty_rows_are_skipped(tmp_path, cadre):
    rows = b"".join(b'<row r="%d" s="1" customFormat="1"><c r="A%d" s="1"/></row>' % (r, r)
                    for r in range(100, 1_000_100))
    path = _sheet_with_rows(tmp_path, rows)
    out = service.run(path, user=cadre)
    assert out.errors == [] and out.households["new"] == 1


@pytest.mark.slow
def test_million_blank_valued_rows_are_refused(tmp_path, cadre):
    rows = b"".join(b'<row r="%d"><c r="A%d" t="inlineStr"><is><t> </t></is></c></row>' % (r, r)
                    for r in range(100, 1_000_100))
    err = _refused(_sheet_with_rows(tmp_path, rows), cadre)
    assert err.code == "too_many_cells"
    # refused as soon as the extent passes the limit, not after reading the whole sheet
    assert err.message == ("工作表「脱贫人口」的数据区域过大（约 421053 行 × 38 列），"
                           "超出单次导入上限，请删除空白行列或拆分文件")


def test_far_right_column_is_refused(tmp_path, cadre):
    rows = b'<row r="90"><c r="XFD90" t="inlineStr"><is><t>x</t></is></c></row>'
    err = _refused(_sheet_with_rows(tmp_path, rows), cadre)
    assert err.code == "too_wide"


def test_reading_stops_after_a_long_empty_run(tmp_path, cadre):
    header, rows = rows_of(households(1))
    late = rows_of(households(1, start=9))[1]
    blank = [[""] * len(header)] * 1500
    path = write_csv(tmp_path / "a.csv", header, rows + blank + late)
    out = service.run(path, user=cadre)
    assert out.households["new"] == 1 and out.errors == []
    assert out.notes == [f"工作表「a」第 {2 + len(rows)} 行起连续 1000 行为空，其后的内容未读取"]


def test_formulas_use_cached_values_and_are_noted(tmp_path, cadre):
    import xlsxwriter

    hhs = households(1)
    header, rows = rows_of(hhs)
    path = tmp_path / "f.xlsx"
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("脱贫人口")
    ws.write_row(0, 0, header)
    pc = header.index("人均纯收入")
    for r, row in enumerate(rows, 1):
        for c, value in enumerate(row):
            if c == pc:
                ws.write_formula(r, c, f"=ROUND({value}*1,2)", None, float(value))
            elif isinstance(value, str):
                ws.write_string(r, c, value)
            elif value is not None:
                ws.write(r, c, value)
    book.close()
    out = service.run(path, user=cadre, dry_run=False)
    assert out.errors == [] and out.committed
    col = chr(ord("A") + pc) if pc < 26 else "A" + chr(ord("A") + pc - 26)
    assert out.notes == [f"表中有 {len(rows)} 个公式单元格（如 "
                         + "、".join(f"脱贫人口!{col}{r}" for r in range(2, 2 + min(5, len(rows))))
                         + "），已按公式的计算结果导入"]


def test_no_header_anywhere(tmp_path, cadre):
    path = write_xlsx(tmp_path / "x.xlsx", ["甲", "乙"], [["1", "2"]])
    err = _refused(path, cadre)
    assert err.code == "no_header"


@pytest.mark.parametrize("compiled", ["on", "off"])
def test_a_duration_beyond_any_calendar_refuses_the_sheet(tmp_path, cadre, settings, compiled):
    """A cell in a duration format holding a number of days Python's timedelta cannot hold
    (found by fuzzing): the sheet is refused with its row, the request does not fail."""
    import xlsxwriter

    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "compiled_read": compiled}
    header, rows = rows_of(households(1))
    path = tmp_path / "far.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("脱贫人口")
    sheet.write_row(0, 0, header)
    for r, row in enumerate(rows, 1):
        sheet.write_row(r, 0, row)
    sheet.write_number(len(rows), 0, 1e10, book.add_format({"num_format": "[h]:mm"}))
    book.close()
    err = _refused(path, cadre)
    assert err.code == "bad_workbook"
    assert err.message == (f"工作表「脱贫人口」第 {len(rows) + 1} 行有无法读取的值"
                           "（日期或数值超出范围），请检查后重新导入")
