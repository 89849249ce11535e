"""Workbooks for the compiled reader's tests, written by XlsxWriter as exports are."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import xlsxwriter
from hypothesis import strategies as st

# number formats: none, dates, times, a duration, the Chinese date, text, money
FORMATS = [None, "yyyy-mm-dd", "hh:mm:ss", "yyyy-mm-dd hh:mm", "[h]:mm", 'yyyy"年"m"月"d"日"',
           "@", "#,##0.00", "0.00%", "[$-804]yyyy年m月d日", "m/d/yy h:mm", "mm:ss"]
_TEXT = st.text(st.one_of(st.characters(min_codepoint=0x20, max_codepoint=0x7E),
                          st.characters(min_codepoint=0x4E00, max_codepoint=0x9FA5),
                          st.sampled_from(list("&<>\"'\n\t 　·—𠀀"))), max_size=12)
CELLS = st.one_of(
    st.floats(allow_nan=False, allow_infinity=False, width=64),
    st.integers(-10**12, 10**12),
    _TEXT.filter(lambda s: "_x" not in s),
    st.booleans(),
    st.dates(dt.date(1900, 3, 1), dt.date(9999, 12, 31)),
    st.datetimes(dt.datetime(1900, 3, 1), dt.datetime(9999, 12, 30)),
    st.times(),
    st.none(),
    # a formula with its cached result, as Excel and XlsxWriter store it (t="str", "b", "e")
    st.tuples(st.just("="), st.one_of(st.integers(-10**6, 10**6), st.floats(-1e9, 1e9),
                                      _TEXT.filter(lambda s: "_x" not in s), st.booleans(),
                                      st.sampled_from(["#DIV/0!", "#N/A", "#VALUE!", ""]))))


def write_book(path: Path, cells: list[tuple[Any, ...]], rich: bool = False) -> Path:
    """Cells as (row, column, value, number format); a later cell in the same place wins."""
    book = xlsxwriter.Workbook(str(path), {"strings_to_numbers": False,
                                           "strings_to_urls": False})
    sheet = book.add_worksheet("表")
    formats: dict[Any, Any] = {}
    for row, col, value, fmt in cells:
        cell_format = formats.setdefault(fmt, book.add_format({"num_format": fmt}) if fmt else None)
        if value is None:
            sheet.write_blank(row, col, None, cell_format)
        elif isinstance(value, tuple):
            sheet.write_formula(row, col, f"=ROW()+{col}", cell_format, value[1])
        elif isinstance(value, str):
            sheet.write_string(row, col, value, cell_format)
        else:
            sheet.write(row, col, value, cell_format)
    if rich:
        bold = book.add_format({"bold": True, "font_name": "宋体"})
        sheet.write_rich_string(70, 3, "前", bold, "粗体&<", "后")
    book.close()
    return path


def mixed_workbook(path: Path) -> Path:
    """Every kind of value the import meets, three sheets (one empty, one sparse and wide)."""
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("数据")
    fmt = {k: book.add_format({"num_format": v}) for k, v in (
        ("d", "yyyy-mm-dd"), ("t", "hh:mm:ss"), ("dt", "yyyy-mm-dd hh:mm"), ("du", "[h]:mm"),
        ("cn", '[$-804]yyyy"年"m"月"d"日"'))}
    bold = book.add_format({"bold": True})
    ws.write_row(1, 2, ["户编号", "姓名 & <x>", 5, 5.5, True, False, "  sp  ", "中文\n换行"])
    ws.write(2, 1, dt.date(2020, 3, 1), fmt["d"])
    ws.write(2, 2, dt.time(13, 5, 7), fmt["t"])
    ws.write(2, 3, dt.datetime(2021, 5, 6, 7, 8, 9, 123000), fmt["dt"])
    ws.write(2, 4, 1.5, fmt["du"])
    ws.write(2, 5, dt.date(1900, 1, 5), fmt["cn"])
    ws.write(2, 6, 45000, fmt["cn"])
    ws.write(4, 2, "户编号")
    ws.write_rich_string(5, 3, "a", bold, "粗体", "c")
    ws.write_string(6, 9, "")
    ws.write_blank(7, 10, None, bold)
    ws.write(9, 2, 1e-300)
    ws.write(9, 3, -0.0)
    ws.write(9, 4, 12345678901234567890)
    ws.write(11, 10, "末")
    book.add_worksheet("空表")
    far = book.add_worksheet("远处")
    far.write(4999, 199, "远")
    far.write(3, 3, 1)
    book.close()
    return path


def formula_workbook(path: Path) -> Path:
    """Sums of income columns as a county's sheet has them, and every kind of cached result."""
    book = xlsxwriter.Workbook(str(path))
    ws = book.add_worksheet("收入")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_row(0, 0, ["户编号", "工资性收入", "经营性收入", "合计", "说明", "有效", "错误", "日期"])
    for r in range(1, 30):
        ws.write_row(r, 0, [f"H{r:03d}", r * 1000.5, r * 10])
        ws.write_formula(r, 3, f"=B{r + 1}+C{r + 1}", None, r * 1000.5 + r * 10)
        ws.write_formula(r, 4, f'="户"&A{r + 1}', None, f"户H{r:03d}")
        ws.write_formula(r, 5, f"=D{r + 1}>5000", None, r * 1010.5 > 5000)
        ws.write_formula(r, 6, f"=D{r + 1}/0", None, "#DIV/0!")
        ws.write_formula(r, 7, f"=DATE(2021,1,{r})", day, 44196 + r)
    ws.write_array_formula(31, 0, 32, 0, "{=B2:B3*2}", None, 2001)
    ws.write_formula(33, 9, "=A1", None, "")          # no cached value, at the right edge
    other = book.add_worksheet("其他")
    other.write_formula(0, 0, "=1+1", None, 2)
    book.close()
    return path


def future_workbook(path: Path, rows: int = 30) -> Path:
    """Excel's newer functions (stored as `_xlfn.` names), a spilled XLOOKUP, and the columns a
    county's monitoring sheet derives with them: category, name, joined risks, largest income."""
    book = xlsxwriter.Workbook(str(path), {"use_future_functions": True})
    ws = book.add_worksheet("监测")
    ws.write_row(0, 0, ["户编号", "人数", "收入", "类别", "户名", "风险", "最大", "查找"])
    kinds = ["脱贫不稳定户", "边缘易致贫户", "突发严重困难户"]
    for r in range(1, rows + 1):
        n = r % 7
        ws.write_row(r, 0, [f"H{r:05d}", n, r * 1000.5])
        ws.write_formula(r, 3, f'=IFS(B{r + 1}>=5,"{kinds[2]}",B{r + 1}>=3,"{kinds[1]}",'
                               f'TRUE,"{kinds[0]}")', None, kinds[(n >= 3) + (n >= 5)])
        ws.write_formula(r, 4, f'=CONCAT("户",A{r + 1})', None, f"户H{r:05d}")
        ws.write_formula(r, 5, '=TEXTJOIN("、",TRUE,"因病","因学")', None, "因病、因学")
        ws.write_formula(r, 6, f"=MAXIFS(C:C,B:B,B{r + 1})", None, r * 1000.5)
    ws.write_dynamic_array_formula(1, 7, 1, 7, "=XLOOKUP(3,B2:B9,C2:C9)", None, 3001.5)
    book.close()
    return path
