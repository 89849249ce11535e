"""The C-level check of a sheet in the usual form: it accepts only what the element-by-element
scan accepts, with the same extents, and leaves every refusal (and its reason) to that scan."""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest

from jianpin.kernel.errors import DomainError
from jianpin.uploads import canonical, workbook
from jianpin.uploads.common import FileCheck
from jianpin.uploads.limits import SheetLimits
from jianpin.uploads.sheetscan import SheetScan
from jianpin.uploads.tests import corpus


def _row(n: int, cols: int, first: int = 1) -> str:
    return f'<row r="{n}" spans="1:{cols}">' + "".join(
        f'<c r="{workbook.column_name(c)}{n}" s="1" t="inlineStr"><is><t>李{c}</t></is></c>'
        for c in range(first, cols + 1)) + "</row>"


@pytest.fixture
def scans(monkeypatch: pytest.MonkeyPatch) -> dict[str, int]:
    """How many sheets the fast check accepted, and how many the expat scan read whole."""
    seen = {"fast": 0, "expat": 0}
    fast, run = canonical.scan, SheetScan.run

    def counted_fast(*args: Any, **kwargs: Any) -> canonical.Extent | None:
        out = fast(*args, **kwargs)
        seen["fast"] += out is not None
        return out

    def counted_run(self: SheetScan, stream: Any) -> None:
        seen["expat"] += self.max_row == 0 and not isinstance(stream, io.BytesIO)
        return run(self, stream)
    monkeypatch.setattr(canonical, "scan", counted_fast)
    monkeypatch.setattr(SheetScan, "run", counted_run)
    return seen


def _check(tmp_path: Path, body: str, limits: SheetLimits | None = None,
           **kw: str) -> FileCheck:
    path = tmp_path / "f.xlsx"
    path.write_bytes(corpus.workbook(corpus.sheet(body, **kw)))
    return workbook.check_file(path, "f.xlsx", limits or SheetLimits())


def test_the_usual_form_is_checked_without_the_expat_scan(tmp_path: Path, scans: dict[str, int]) -> None:
    body = "".join(_row(n, 12) for n in range(2, 300)) + \
        '<row r="300"><c r="A300" s="2"/><c r="B300"><v>7.5</v></c><c r="Z300" s="1"/></row>'
    check = _check(tmp_path, body, dimension='<dimension ref="A1:Z300"/>')
    assert check.extents == {"数据": (300, 12)}       # the styled empty Z300 holds no value
    assert scans == {"fast": 1, "expat": 0}


@pytest.mark.parametrize(("body", "code", "message"), [
    (_row(2, 3) + _row(3, 300, 299), "too_wide",
     "工作表「数据」的数据区域列数（300 列，到 KN 列）超过上限 256 列，请删除多余的列后导入"),
    (_row(3, 2) + _row(2, 2), "bad_workbook",
     "工作表「数据」的行号顺序错误（第 2 行出现在第 3 行之后），文件可能被篡改"),
    (_row(2, 2).replace('r="B2"', 'r="B1048576"'), "bad_workbook",
     "工作表「数据」含有无效的单元格引用（B1048576），文件可能被篡改"),
    (_row(2, 2).replace('r="B2"', 'r="ZZZ2"'), "bad_workbook",
     "工作表「数据」含有无效的单元格引用（ZZZ2），文件可能被篡改"),
    (_row(2, 2).replace('s="1"', 's="1>"', 1).replace('r="B2"', 'r="XFD2"'), "too_wide",
     "工作表「数据」的数据区域列数（16384 列，到 XFD 列）超过上限 256 列，请删除多余的列后导入"),
    (_row(2, 2).replace("李1", "&bad;"), "bad_workbook", "工作表「数据」的内容已损坏（XML 格式错误）"),
    (_row(2, 2).replace("李1", "\x01"), "bad_workbook", "工作表「数据」的内容已损坏（XML 格式错误）"),
    (_row(2, 2).replace("李1", "&#26446;&#1;"), "bad_workbook",
     "工作表「数据」的内容已损坏（XML 格式错误）"),
    (_row(2, 2).replace("李1", "&#xD800;"), "bad_workbook", "工作表「数据」的内容已损坏（XML 格式错误）"),
    (_row(2, 2).replace(' s="1"', ' s="1" s="2"', 1), "bad_workbook",
     "工作表「数据」的内容已损坏（XML 格式错误）"),
])
def test_a_usual_looking_sheet_over_a_bound_gets_the_scan_s_reason(tmp_path: Path, scans: dict[str,
                                                                   int], body: str, code: str,
                                                                   message: str) -> None:
    with pytest.raises(DomainError) as exc:
        _check(tmp_path, body)
    assert (exc.value.code, exc.value.message) == (code, message)
    assert scans == {"fast": 0, "expat": 1}


def test_limits_and_the_declared_dimension_apply_to_the_usual_form(tmp_path: Path, scans: dict[str,
                                                                   int]) -> None:
    limits = SheetLimits(max_cells=1000, max_rows=50)
    rows = "".join(_row(n, 30) for n in range(2, 36))
    with pytest.raises(DomainError) as exc:
        _check(tmp_path, rows, limits)
    assert exc.value.code == "too_many_cells"
    with pytest.raises(DomainError) as exc:
        _check(tmp_path, _row(51, 2), limits)
    assert exc.value.code == "too_many_cells"
    with pytest.raises(DomainError) as exc:
        _check(tmp_path, _row(2, 2), dimension='<dimension ref="A1:XFD9"/>')
    assert exc.value.code == "too_wide"
    assert scans["fast"] == 0


def test_formulas_and_other_forms_go_to_the_scan_and_are_noted(tmp_path: Path, scans: dict[str,
                                                               int]) -> None:
    body = '<row r="2"><c r="A2"><f>1+1</f><v>2</v></c></row>' + _row(3, 2)
    check = _check(tmp_path, body)
    assert (check.formula_count, check.formulas, check.extents) == (1, [("数据", "A2")],
                                                                    {"数据": (3, 2)})
    single = _check(tmp_path, _row(2, 2).replace('r="A2"', "r='A2'"))
    assert single.extents == {"数据": (2, 2)}
    assert scans == {"fast": 0, "expat": 2}


def test_a_row_longer_than_the_limit_is_refused_in_the_usual_form(tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    monkeypatch.setattr(SheetScan, "ROW_BYTES", 1048576)
    text = os.urandom(700_000).hex()
    with pytest.raises(DomainError) as exc:
        _check(tmp_path, f'<row r="2"><c r="A2" t="inlineStr"><is><t>{text}</t></is></c></row>')
    assert (exc.value.code, exc.value.message) == ("bad_workbook",
                                                   "工作表「数据」的一行超过 1 MB，文件可能被篡改")


def _strings(body: str) -> bytes:
    sst = (f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="{corpus.NS}">{body}</sst>')
    return corpus.workbook(corpus.sheet(corpus.value_row(2, 2)),
                           extra={"xl/sharedStrings.xml": sst.encode()})


def test_shared_strings_in_the_usual_form_are_counted_without_expat(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    counted: list[int | None] = []
    count = canonical.count_strings

    def counting(stream: Any) -> int | None:
        counted.append(count(stream))
        return counted[-1]
    monkeypatch.setattr(canonical, "count_strings", counting)
    path = tmp_path / "f.xlsx"
    path.write_bytes(_strings("".join(f"<si><t>村{i}</t></si>" for i in range(10_003))))
    assert workbook.check_file(path, "f.xlsx", SheetLimits()).kind == "xlsx"
    assert counted == [10_003]
    path.write_bytes(_strings("".join(f"<si><t>村{i}</t></si>" for i in range(12_000))))
    with pytest.raises(DomainError) as exc:       # 12,000 strings for 4 cells
        workbook.check_file(path, "f.xlsx", SheetLimits())
    assert (exc.value.code, counted[-1]) == ("too_many_cells", 12_000)


@pytest.mark.parametrize(("body", "code"), [
    ("<si><t>&lol;</t></si>", "bad_workbook"),
    ("<si><t>a</t>", "bad_workbook"),
    ("<si><t>\x01</t></si>", "bad_workbook"),
    ("<x:si xmlns:x='u'><t>a</t></x:si>" * 10_005, "too_many_cells"),
    ("<si><r><t>a</t></r></si>" * 10_005, "too_many_cells"),
])
def test_shared_strings_in_other_forms_keep_the_expat_count(tmp_path: Path, body: str,
                                                            code: str) -> None:
    path = tmp_path / "f.xlsx"
    path.write_bytes(_strings(body))
    with pytest.raises(DomainError) as exc:
        workbook.check_file(path, "f.xlsx", SheetLimits())
    assert exc.value.code == code


@pytest.mark.parametrize("writer", ["openpyxl", "xlsxwriter", "xlsxwriter-shared"])
def test_files_spreadsheet_libraries_write_take_the_usual_form(tmp_path: Path, scans: dict[str,
                                                               int], writer: str) -> None:
    """Real writers' output, with dates, numbers, blanks, long text and Chinese, is in the
    form the fast check proves; the extents are the reader's."""
    import datetime as dt

    rows = [["户编号", "姓名", "出生日期", "人均纯收入", "备注"]] + [
        [f"4414240010{i:04d}", f"张{i}", dt.date(1960, 1, 1 + i % 28), 5321.5 + i,
         "" if i % 3 else "外出务工 & 返乡 <说明>"] for i in range(400)]
    path = tmp_path / "f.xlsx"
    if writer == "openpyxl":
        import openpyxl

        book = openpyxl.Workbook()
        for row in rows:
            book.active.append(row)
        book.save(path)
    else:
        import xlsxwriter

        book = xlsxwriter.Workbook(str(path), {"constant_memory": writer == "xlsxwriter"})
        sheet = book.add_worksheet("数据")
        dates = book.add_format({"num_format": "yyyy-mm-dd"})
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, dt.date):
                    sheet.write_datetime(r, c, value, dates)
                elif value != "":
                    sheet.write(r, c, value)
        book.close()
    check = workbook.check_file(path, "f.xlsx", SheetLimits())
    assert list(check.extents.values()) == [(401, 5)]
    assert scans == {"fast": 1, "expat": 0}
    read = next(workbook.open_sheets(path, check, SheetLimits()))
    assert list(read.rows)[2][:2] == ["44142400100001", "张1"]


def _check_bytes(tmp_path: Path, text: bytes) -> FileCheck:
    """A sheet whose A2 holds `text` as raw bytes (which may not be UTF-8)."""
    xml = corpus.sheet(_row(2, 2)).encode().replace("李1".encode(), text)
    path = tmp_path / "f.xlsx"
    path.write_bytes(corpus.workbook(xml))
    return workbook.check_file(path, "f.xlsx", SheetLimits())


@pytest.mark.parametrize("text", [
    b"\xff", b"\x80", b"a\xc3", b"\xc0\xaf", b"\xe0\x80\xaf", b"\xed\xa0\x80", b"\xf4\x90\x80\x80",
    b"\xef\xbf\xbe", b"\xef\xbf\xbf", b"a]]>b",
])
def test_text_that_is_not_utf8_of_xml_characters_gets_the_scan_s_reason(
        tmp_path: Path, scans: dict[str, int], text: bytes) -> None:
    with pytest.raises(DomainError) as exc:
        _check_bytes(tmp_path, text)
    assert (exc.value.code, exc.value.message) == ("bad_workbook",
                                                   "工作表「数据」的内容已损坏（XML 格式错误）")
    assert scans == {"fast": 0, "expat": 1}


@pytest.mark.parametrize("text", [
    "（张]三）", "a]]b", "]", "é\x7f\u0085", "\ud7ff\ue000\ufffd", "𠀀\U0010fffd", "a\tb\nc\rd",
])
def test_any_utf8_xml_text_keeps_the_usual_form(tmp_path: Path, scans: dict[str, int],
                                                text: str) -> None:
    assert _check_bytes(tmp_path, text.encode()).extents == {"数据": (2, 2)}
    assert scans == {"fast": 1, "expat": 0}
