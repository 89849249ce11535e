"""The shared spreadsheet checks: each hostile file is refused before any reader allocates."""
from __future__ import annotations

from pathlib import Path

import pytest

from jianpin.kernel.errors import DomainError
from jianpin.uploads import csvfile, workbook
from jianpin.uploads.limits import SheetLimits, sheet_limits
from jianpin.uploads.tests import corpus

CASES = corpus.hostile_sheets()


def _check(tmp_path: Path, data: bytes, name: str = "f.xlsx",
           limits: SheetLimits | None = None) -> workbook.FileCheck:
    path = tmp_path / name
    path.write_bytes(data)
    return workbook.check_file(path, name, limits or SheetLimits())


def _refused(tmp_path: Path, data: bytes, name: str = "f.xlsx",
             limits: SheetLimits | None = None) -> DomainError:
    with pytest.raises(DomainError) as exc:
        _check(tmp_path, data, name, limits)
    return exc.value


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_workbook_is_refused(tmp_path, case):
    data, code = CASES[case]
    assert _refused(tmp_path, data).code == code


def test_single_quoted_last_cell_names_the_extent(tmp_path):
    err = _refused(tmp_path, CASES["last_cell_single_quotes"][0])
    assert err.message == ("工作表「数据」的数据区域列数（16384 列，到 XFD 列）超过上限 256 列，"
                           "请删除多余的列后导入")


def test_claimed_dimension_is_bounded_whatever_the_quoting(tmp_path):
    single = _refused(tmp_path, corpus.workbook(corpus.sheet("", "<dimension ref='A1:CZ1048576'/>")))
    double = _refused(tmp_path, CASES["dimension_double_quotes"][0])
    assert single.message == double.message == (
        "工作表「数据」声明的区域过大（约 1048576 行 × 104 列），超出单次导入上限，请删除空白行列或拆分文件")


def test_dense_sheet_over_the_cell_limit(tmp_path):
    limits = SheetLimits(max_cells=1000)
    data = corpus.dense_sheet(40, 30)            # 41 rows × 30 columns = 1,230 cells
    err = _refused(tmp_path, data, limits=limits)
    assert (err.code, err.message) == ("too_many_cells", "工作表「数据」的数据区域过大（约 34 行 × 30 列），"
                                                         "超出单次导入上限，请删除空白行列或拆分文件")
    assert _check(tmp_path, data, limits=SheetLimits(max_cells=1230)).extents == {"数据": (41, 30)}


def test_cell_count_is_bounded_even_when_the_extent_is_not(tmp_path):
    # formatted empty cells cost no dense allocation but still cost parsing
    row = "".join(f'<row r="{r}"><c r="A{r}" s="1"/><c r="B{r}" s="1"/></row>' for r in range(2, 700))
    err = _refused(tmp_path, corpus.workbook(corpus.sheet(row)), limits=SheetLimits(max_cells=1000))
    assert (err.code, err.message) == ("too_many_cells", "工作表「数据」的单元格超过 1000 个，"
                                                         "超出单次导入上限，请拆分文件")


def test_cells_without_references_take_the_next_column(tmp_path):
    body = '<row r="2"><c><v>1</v></c><c><v>2</v></c><c r="E2"><v>3</v></c><c><v>4</v></c></row>'
    assert _check(tmp_path, corpus.workbook(corpus.sheet(body))).extents == {"数据": (2, 6)}


def test_a_fine_workbook_passes_and_reads(tmp_path):
    data = corpus.workbook(corpus.sheet('<row r="2"><c r="A2" t="inlineStr"><is><t>441421195001010171'
                                        '</t></is></c><c r="B2"><v>12.5</v></c></row>'))
    check = _check(tmp_path, data)
    assert (check.kind, check.extents) == ("xlsx", {"数据": (2, 2)})
    sheets = list(workbook.open_sheets(tmp_path / "f.xlsx", check, SheetLimits()))
    assert [(s.name, list(s.rows)) for s in sheets] == [
        ("数据", [["身份证号", "自付金额"], ["441421195001010171", 12.5]])]


def test_xls_magic_with_garbage_fails_cleanly(tmp_path):
    data = workbook.OLE2 + b"\x00" * 600 + "Workbook".encode("utf-16-le") + b"\x00" * 600
    err = _refused(tmp_path, data, "f.xls")       # in the child process that opens it first
    assert (err.code, err.message) == ("bad_workbook", "无法读取工作簿（文件损坏或已加密）")


def test_csv_bounds(tmp_path):
    limits = SheetLimits(max_rows=3, max_columns=4)
    path = tmp_path / "f.csv"
    for text, message in [
        ("a,b\n1,2\n3,4\n5,6\n", "CSV 第 4 行超出上限（最多 3 行、4 列），请拆分文件"),
        ("a,b,c,d,e\n", "CSV 第 1 行超出上限（最多 3 行、4 列），请拆分文件"),
    ]:
        path.write_text(text)
        with pytest.raises(DomainError) as exc:
            list(workbook.csv_rows(path, limits))
        assert (exc.value.code, exc.value.message) == ("too_many_cells", message)
    path.write_text('a,"' + "x" * 200_000 + '"\n')
    with pytest.raises(DomainError) as exc:
        list(workbook.csv_rows(path, limits))
    assert exc.value.code == "bad_csv"


def test_limits_are_settings(settings):
    settings.UPLOAD_LIMITS = {"max_file_mb": 7, "max_cells": 99, "max_columns": 5,
                              "dept_max_file_mb": 2, "dept_max_rows": 10}
    assert sheet_limits("import") == SheetLimits(max_file_bytes=7 * 1048576,
                                                 max_unzipped_bytes=3000 * 1048576,
                                                 max_cells=99, max_rows=1_048_576, max_columns=5)
    dept = sheet_limits("dept")
    assert (dept.max_file_bytes, dept.max_rows, dept.dense_bytes) == (2 * 1048576, 11, 99 * 32)



def _xls(tmp_path: Path, rows_claimed: int | None = None) -> Path:
    path = tmp_path / "f.xls"
    path.write_bytes(corpus.xls_bytes(rows_claimed))
    return path


def test_xls_claiming_millions_of_rows_is_refused_without_crashing(tmp_path):
    # the reader would reserve 4,000,000 × 256 cells (40 GB) and abort the process
    path = _xls(tmp_path, rows_claimed=4_000_000)
    with pytest.raises(DomainError) as exc:
        workbook.check_file(path, "f.xls", SheetLimits())
    assert (exc.value.code, exc.value.message) == (
        "too_many_cells", "工作簿声明的数据区域过大，读取所需内存超过上限，疑似恶意文件，已拒绝")


def test_a_fine_xls_passes_and_reads(tmp_path):
    path = _xls(tmp_path)
    check = workbook.check_file(path, "f.xls", SheetLimits())
    assert (check.kind, check.extents) == ("xls", {"数据": (2, 1)})
    rows = [list(s.rows) for s in workbook.open_sheets(path, check, SheetLimits())]
    assert rows == [[["身份证号"], ["441421195001010171"]]]


def test_a_cell_outside_any_row_is_refused(tmp_path):
    # the reader places such a cell at its own reference; it must not escape the bounds
    before = corpus.workbook(corpus.sheet("").replace(
        "<sheetData>", "<sheetData><c r='XFD1048576'><v>1</v></c>"))
    err = _refused(tmp_path, before)
    assert (err.code, err.message) == ("bad_workbook", "工作表「数据」含有无效的单元格引用（XFD1048576），"
                                                       "文件可能被篡改")
    between = corpus.workbook(corpus.sheet("<row r='2'/><c r='XFD1048576'><v>1</v></c>"))
    assert _refused(tmp_path, between).code == "bad_workbook"
    stray = corpus.workbook(corpus.sheet("<row r='2'><v>1</v></row>"))
    assert _refused(tmp_path, stray).message == "工作表「数据」的内容已损坏（XML 格式错误）"


def test_prefixed_names_are_cells_too(tmp_path):
    body = (f'<x:worksheet xmlns:x="{corpus.NS}"><x:sheetData><x:row r="1">'
            '<x:c r="XFD1"><x:v>1</x:v></x:c></x:row></x:sheetData></x:worksheet>')
    assert _refused(tmp_path, corpus.workbook(body)).code == "too_wide"


def test_a_doctype_without_entities_is_refused(tmp_path):
    data = corpus.workbook(corpus.sheet("", prolog='<?xml version="1.0"?><!DOCTYPE worksheet>'))
    assert _refused(tmp_path, data).code == "xml_entity"


def test_a_row_longer_than_the_limit_is_refused(tmp_path, monkeypatch):
    import os

    monkeypatch.setattr(workbook.SheetScan, "ROW_BYTES", 1048576)
    text = os.urandom(1048576).hex()             # 2 MB that does not compress like a bomb
    data = corpus.workbook(corpus.sheet(f"<row r='2'><c r='A2' t='inlineStr'><is><t>{text}"
                                        "</t></is></c></row>"))
    err = _refused(tmp_path, data)
    assert (err.code, err.message) == ("bad_workbook", "工作表「数据」的一行超过 1 MB，文件可能被篡改")


def test_csv_is_streamed_not_read_whole(tmp_path, monkeypatch):
    """A GBK file whose first non-UTF-8 byte comes after the first chunk, with a quoted field
    spanning lines across the sniffed head: read as GB18030, row by row, without ever
    holding the file (read_bytes is not called)."""
    path = tmp_path / "f.csv"
    rows = [["户编号", "姓名", "备注"]] + [[f"{i:07d}", "张三", "无"] for i in range(3000)]
    rows[2000][2] = "第一行\n第二行"
    rows[2999][1] = "李四"
    text = "\r\n".join(",".join(f'"{c}"' if "\n" in c else c for c in r) for r in rows) + "\r\n"
    data = text.encode("gb18030")
    assert data.index("李四".encode("gb18030")) > 4096
    path.write_bytes(data)
    monkeypatch.setattr(csvfile, "CSV_CHUNK", 4096)
    monkeypatch.setattr(Path, "read_bytes", lambda self: pytest.fail("read whole"))
    assert workbook.csv_encoding(path) == "gb18030"
    assert list(workbook.csv_rows(path, sheet_limits("import"))) == rows


def test_csv_in_neither_encoding_is_refused(tmp_path):
    path = tmp_path / "f.csv"
    path.write_bytes("户编号,姓名\n1,张三\n".encode() + b"\xff\xfe\xff\n")
    with pytest.raises(DomainError) as exc:
        list(workbook.csv_rows(path, sheet_limits("import")))
    assert exc.value.code == "bad_encoding"
