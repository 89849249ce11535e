"""The one compiled pass over an .xlsx (`xlsxread`, `_xlsxc`): the rows calamine gives after the
old check, value for value and type for type; every hostile file refused as the old check
refuses it (it goes the old way); damaged XML never crashes it."""
from __future__ import annotations

import datetime as dt
import io
import math
import zipfile
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from jianpin.kernel.errors import DomainError
from jianpin.uploads import workbook, xlsxread
from jianpin.uploads.common import FileCheck
from jianpin.uploads.limits import SheetLimits
from jianpin.uploads.tests import corpus
from jianpin.uploads.tests.xlsxgen import (
    CELLS,
    FORMATS,
    formula_workbook,
    mixed_workbook,
    write_book,
)

pytestmark = pytest.mark.skipif(not xlsxread.available(), reason="_xlsxc not built")
LIMITS = SheetLimits()


def _same(path: Path, limits: SheetLimits = LIMITS) -> FileCheck:
    """Read in one pass (which must take the file), and the old way: identical."""
    done = xlsxread.read_xlsx(path, limits)
    assert done is not None, "the compiled pass went the old way"
    check, _ = xlsxread.verified(path, limits, *done)
    return check


def _write(tmp_path: Path, data: bytes, name: str = "f.xlsx") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_every_kind_of_value_reads_as_calamine_reads_it(tmp_path: Path) -> None:
    path = mixed_workbook(tmp_path / "mixed.xlsx")
    check = _same(path)
    assert check.extents == {"数据": (12, 11), "空表": (0, 0), "远处": (5000, 200)}
    done = xlsxread.read_xlsx(path, LIMITS)
    assert done is not None
    first = done[1][0]
    rows = list(first.rows)
    assert first.col_offset == 1
    assert rows[0] == [""] * 10
    assert rows[1][1:6] == ["户编号", "姓名 & <x>", 5.0, 5.5, True]
    assert rows[2][:6] == [dt.date(2020, 3, 1), dt.time(13, 5, 7),
                           dt.datetime(2021, 5, 6, 7, 8, 9, 123000), dt.timedelta(hours=36),
                           dt.date(1900, 1, 5), dt.date(2023, 3, 15)]


def test_workbooks_of_the_corpus_read_alike(tmp_path: Path) -> None:
    bodies = ["", corpus.value_row(2, 3), corpus.value_row(2, 3) + corpus.value_row(7, 9),
              '<row r="2"><c r="B2" t="inlineStr"><is><t xml:space="preserve"> 空格 </t></is>'
              '</c><c r="D2" t="str"><v>a&amp;b&#20013;</v></c><c r="E2" t="e"><v>#N/A</v></c>'
              '<c r="F2" t="b"><v>0</v></c><c r="G2"><v></v></c><c r="H2" t="s"/></row>']
    for i, body in enumerate(bodies):
        _same(_write(tmp_path, corpus.workbook(corpus.sheet(body)), f"c{i}.xlsx"))


def test_the_import_helpers_files_read_alike(tmp_path: Path) -> None:
    from jianpin.registry.tests import io_helpers

    _same(io_helpers.national(tmp_path, 12))
    header, rows = io_helpers.rows_of(io_helpers.households(5), "monitoring")
    _same(io_helpers.write_xlsx(tmp_path / "m.xlsx", header, rows))


@pytest.mark.parametrize("case", sorted(corpus.hostile_sheets()))
def test_every_hostile_file_is_refused_as_before(tmp_path: Path, case: str) -> None:
    data, code = corpus.hostile_sheets()[case]
    path = _write(tmp_path, data, "f.xls" if case.startswith("xls") else "f.xlsx")
    if data.startswith(corpus_zip()):
        assert xlsxread.read_xlsx(path, LIMITS) is None
    errors = []
    for read in (False, True):
        with pytest.raises(DomainError) as exc:
            workbook.check_file(path, path.name, LIMITS, read=read)
        errors.append((exc.value.code, str(exc.value)))
    assert errors[0] == errors[1]
    assert errors[0][0] == code


def corpus_zip() -> bytes:
    return b"PK\x03\x04"


def test_limits_send_the_file_the_old_way_which_refuses(tmp_path: Path) -> None:
    path = mixed_workbook(tmp_path / "mixed.xlsx")
    for limits, code in ((SheetLimits(max_columns=100), "too_wide"),
                         (SheetLimits(max_rows=4000), "too_many_cells"),
                         (SheetLimits(max_cells=5000), "too_many_cells")):
        assert xlsxread.read_xlsx(path, limits) is None
        with pytest.raises(DomainError) as exc:
            workbook.check_file(path, path.name, limits, read=True)
        assert exc.value.code == code


def test_the_old_way_when_switched_off(tmp_path: Path) -> None:
    path = mixed_workbook(tmp_path / "mixed.xlsx")
    assert workbook.check_file(path, path.name, LIMITS, read=True).sheets is not None
    off = SheetLimits(compiled_read="off")
    assert workbook.check_file(path, path.name, off, read=True).sheets is None
    assert workbook.check_file(path, path.name, LIMITS).sheets is None     # other callers


@settings(max_examples=60, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(cells=st.lists(st.tuples(st.integers(0, 60), st.integers(0, 30), CELLS,
                                st.sampled_from(FORMATS)), max_size=60))
def test_generated_workbooks_read_alike(tmp_path: Path, cells: list[tuple[Any, ...]]) -> None:
    path = write_book(tmp_path / "gen.xlsx", cells, rich=True)
    if _out_of_plain_range(cells):       # the compiled pass leaves these to the old way
        assert xlsxread.read_xlsx(path, LIMITS) is None
    else:
        _same(path)


def _out_of_plain_range(cells: list[tuple[Any, ...]]) -> bool:
    """A number in a date style at or below -1e6 days, or in a duration style of 1e7 days or
    more (where calamine's conversions fail or saturate), or one whose 16 digits as the file
    writes them lie beyond the largest float (1.797693134862316E+308, found by hypothesis): a
    later cell in the place wins."""
    last = {(row, col): (value[1] if isinstance(value, tuple) else value, fmt)
            for row, col, value, fmt in cells}          # a formula's cached result alike
    return any(isinstance(v, (int, float)) and not isinstance(v, bool) and (
        (fmt in DATE_FORMATS and v <= -1e6) or (fmt == "[h]:mm" and abs(v) >= 1e7)
        or math.isinf(float(f"{v:.16G}")))
        for v, fmt in last.values())


DATE_FORMATS = {"yyyy-mm-dd", "hh:mm:ss", "yyyy-mm-dd hh:mm", 'yyyy"年"m"月"d"日"',
                "[$-804]yyyy年m月d日", "m/d/yy h:mm", "mm:ss"}


def test_formulas_are_read_by_their_cached_results_and_noted(tmp_path: Path) -> None:
    path = formula_workbook(tmp_path / "f.xlsx")
    check = _same(path)
    assert check.formula_count == 29 * 5 + 1 + 1 + 1     # the array formula, J34, 其他!A1
    assert check.formulas[:6] == [("收入", "D2"), ("收入", "E2"), ("收入", "F2"), ("收入", "G2"),
                                  ("收入", "H2"), ("收入", "D3")]
    assert len(check.formulas) == 20
    done = xlsxread.read_xlsx(path, LIMITS)
    assert done is not None
    rows = list(done[1][0].rows)
    assert rows[1] == ["H001", 1000.5, 10.0, 1010.5, "户H001", False, "", dt.date(2021, 1, 1)]
    assert [type(v) for v in rows[1][3:7]] == [float, str, bool, str]
    assert (rows[31][0], len(rows)) == (2001.0, 33)    # J34 holds no result: not a value
    assert workbook.check_file(path, path.name, LIMITS, read=True).formula_count == 148


def test_more_than_twenty_formulas_over_sheets_are_noted_as_before(tmp_path: Path) -> None:
    path = tmp_path / "f.xlsx"
    book = xlsxwriter.Workbook(str(path))
    for name in ("一", "二"):
        sheet = book.add_worksheet(name)
        for r in range(12):
            sheet.write_formula(r, 0, "=1+1", None, 2)
    book.close()
    check = _same(path)
    assert check.formula_count == 24
    assert check.formulas == [("一", f"A{r}") for r in range(1, 13)] + \
        [("二", f"A{r}") for r in range(1, 9)]


# Formula cells as spreadsheet programs write them: Excel's shared formulas (the first cell
# holds the text, the others point at it), LibreOffice's `aca="false"`, array formulas, a
# formula whose result was never computed (no <v>, or an empty one).
FORMULA_CELLS = (
    '<row r="2"><c r="A2" s="0" t="n"><f aca="false">SUM(B2:C2)</f><v>3</v></c>'
    '<c r="B2"><v>1</v></c><c r="C2"><v>2</v></c>'
    '<c r="D2"><f t="shared" ref="D2:D4" si="0">B2*2</f><v>2</v></c>'
    '<c r="E2" t="str"><f>"甲"&amp;"乙"</f><v>甲乙</v></c><c r="F2" t="b"><f>B2&gt;0</f><v>1</v></c>'
    '<c r="G2" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="H2"><f>B2</f></c>'
    '<c r="I2" t="str"><f>""</f><v></v></c></row>'
    '<row r="3"><c r="D3"><f t="shared" si="0"/><v>4</v></c>'
    '<c r="E3"><f t="array" ref="E3:E4">B2:B3*2</f><v>2</v></c></row>'
    '<row r="4"><c r="D4"><f t="shared" si="0"/><v>6</v></c><c r="K4"><f>1</f></c></row>')


def test_formula_cells_as_programs_write_them(tmp_path: Path) -> None:
    path = _write(tmp_path, corpus.workbook(corpus.sheet(FORMULA_CELLS)))
    check = _same(path)
    assert (check.formula_count, check.extents) == (11, {"数据": (4, 9)})
    done = xlsxread.read_xlsx(path, LIMITS)
    assert done is not None
    rows = list(done[1][0].rows)
    assert rows[1] == [3.0, 1.0, 2.0, 2.0, "甲乙", True, "", "", ""]
    assert rows[2][3:5] == [4.0, 2.0] and rows[3][3] == 6.0


ISO_TAKEN = {"2021-05-06": dt.date(2021, 5, 6), "0001-01-01": dt.date(1, 1, 1),
             "2020-02-29": dt.date(2020, 2, 29), "1899-12-31": dt.date(1899, 12, 31),
             "2021-05-06T00:00:00": dt.datetime(2021, 5, 6),
             "2021-05-06T07:08:09": dt.datetime(2021, 5, 6, 7, 8, 9),
             "2021-05-06T07:08:09.5": dt.datetime(2021, 5, 6, 7, 8, 9, 500000),
             "2021-05-06T07:08:09.123": dt.datetime(2021, 5, 6, 7, 8, 9, 123000),
             "9999-12-31T23:59:59.999999": dt.datetime(9999, 12, 31, 23, 59, 59, 999999),
             "07:08:09": dt.time(7, 8, 9), "00:00:00.25": dt.time(0, 0, 0, 250000)}
# looser forms the reader's parser reads its own way (a string, a leap second cut, blanks
# ignored, digits beyond microseconds dropped): the old way reads them
ISO_LEFT = ["", "2021-5-6", "+2021-05-06", " 2021-05-06", "2021-02-30", "1900-02-29",
            "0000-01-01", "24:00:00", "23:59:60", "2021-05-06T07:08", "2021-05-06 07:08:09",
            "2021-05-06t07:08:09", "2021-05-06T7:08:09", "2021-05-06T07:08:09Z",
            "2021-05-06T07:08:09+08:00", "2021-05-06T07:08:09.", "2021-05-06T07:08:09.1234567",
            "12345-01-01", "T07:08:09", "2021-05-06T07:08:09&#46;5"]


def _iso_book(tmp_path: Path, text: str) -> Path:
    body = f'<row r="2"><c r="C2" s="0" t="d"><v>{text}</v></c><c r="D2"><v>1</v></c></row>'
    return _write(tmp_path, corpus.workbook(corpus.sheet(body)))


@pytest.mark.parametrize("text", sorted(ISO_TAKEN))
def test_iso_dates_in_their_plain_forms_are_read_as_calamine_reads_them(
        tmp_path: Path, text: str) -> None:
    path = _iso_book(tmp_path, text)
    _same(path)
    done = xlsxread.read_xlsx(path, LIMITS)
    assert done is not None
    value = list(done[1][0].rows)[1][2]
    assert (type(value), value) == (type(ISO_TAKEN[text]), ISO_TAKEN[text])


@pytest.mark.parametrize("text", ISO_LEFT)
def test_other_iso_forms_go_the_old_way(tmp_path: Path, text: str) -> None:
    path = _iso_book(tmp_path, text)
    assert xlsxread.read_xlsx(path, LIMITS) is None
    check = workbook.check_file(path, path.name, LIMITS, read=True)
    assert check.sheets is None and len(list(workbook.open_sheets(path, check, LIMITS))) == 1


def test_openpyxl_workbooks_read_alike(tmp_path: Path) -> None:
    """openpyxl writes formulas without a cached value, and dates as ISO text (`iso_dates`)."""
    import openpyxl

    for iso_dates in (False, True):
        book = openpyxl.Workbook(iso_dates=iso_dates)
        ws = book.active
        ws.append(["户编号", "收入", "合计", "日期", "时间", "时刻"])
        for r in range(2, 40):
            ws.append([f"H{r}", r * 1.5, f"=SUM(B2:B{r})", dt.date(2020, 1, r % 28 + 1),
                       dt.datetime(2021, 2, 3, r % 24, r, r, r * 1000), dt.time(r % 24, 5, 6)])
        path = tmp_path / f"op{iso_dates}.xlsx"
        book.save(path)
        check = _same(path)
        assert check.formula_count == 38


def test_shared_strings_are_decoded_once(tmp_path: Path) -> None:
    path = mixed_workbook(tmp_path / "mixed.xlsx")
    done = xlsxread.read_xlsx(path, LIMITS)
    assert done is not None
    rows = list(done[1][0].rows)
    assert rows[1][1] is rows[4][1]          # one str object per shared string, as before


def rezip(data: bytes, part: str, body: bytes) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            dst.writestr(info.filename, body if info.filename == part else src.read(info))
    return out.getvalue()


@settings(max_examples=150, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), part=st.sampled_from(["sheet", "strings", "styles"]))
def test_damaged_xml_is_never_a_crash_only_the_old_way(tmp_path: Path, seed: int,
                                                       part: str) -> None:
    """A damaged part (truncated, bytes flipped, huge references, deep nesting, values and
    types changed): the compiled pass takes it only when the old check and calamine read it
    the same; anything else goes the old way, which refuses or reads as before."""
    import random

    from jianpin.uploads.tests.xlsxfuzz import mutate

    name = {"sheet": "xl/worksheets/sheet1.xml", "strings": "xl/sharedStrings.xml",
            "styles": "xl/styles.xml"}[part]
    data = mixed_workbook(tmp_path / "base.xlsx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        original = zf.read(name)
    path = _write(tmp_path, rezip(data, name, mutate(random.Random(seed), original)))
    done = xlsxread.read_xlsx(path, LIMITS)
    if done is not None:
        xlsxread.verified(path, LIMITS, *done)
        return
    try:                                   # the old way: a refusal or the rows, never a crash
        check = workbook.check_file(path, path.name, LIMITS, read=True)
        for sheet in workbook.open_sheets(path, check, LIMITS):
            list(sheet.rows)
    except DomainError:
        pass
