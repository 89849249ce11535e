"""Formula cells the compiled pass once left to the old way, read now as calamine reads them:
Excel's newer functions (their names stored with the `_xlfn.` prefix, `_xlfn._xlws.` and
`_xlpm.` for parameters), a formula whose cached result is an inline string, and `<v/>`.

Sources for the forms (kept beside the tests, as the samples were taken from them):
- the `_xlfn.` prefix of functions added since Excel 2010 ("future functions"):
  https://github.com/jmcnamara/XlsxWriter/blob/3130dd5650e62f0585c81fe2ba53d4319a5b7e7f/dev/docs/source/bugs.rst
  and https://docs.devexpress.com/VCL/dxSpreadSheetTypes.dxSpreadSheetFeatureFunctionPrefix
- `t="inlineStr"` cells holding `<f>` then `<is><t>` (written by generators and readers' tests
  in public repositories), LibreOffice's `t="str"` with `<f aca="false">` and an empty `<v></v>`,
  and `<v/>` after a formula (public sheet generators' `t="str"><f>…</f><v/>`).
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
import xlsxwriter

from jianpin.uploads import workbook, xlsxread
from jianpin.uploads.common import FileCheck
from jianpin.uploads.limits import SheetLimits
from jianpin.uploads.tests import corpus

pytestmark = pytest.mark.skipif(not xlsxread.available(), reason="_xlsxc not built")
LIMITS = SheetLimits()


def _same(path: Path) -> tuple[FileCheck, list[list[object]]]:
    """Read in one pass (which must take the file) and the old way: identical; the rows."""
    done = xlsxread.read_xlsx(path, LIMITS)
    assert done is not None, "the compiled pass went the old way"
    check, sheets = xlsxread.verified(path, LIMITS, *done)
    return check, list(sheets[0].rows)


def _hand(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "hand.xlsx"
    path.write_bytes(corpus.workbook(corpus.sheet(body)))
    return path


def test_xlsxwriter_future_functions_are_read_by_their_cached_results(tmp_path: Path) -> None:
    path = tmp_path / "xw.xlsx"
    book = xlsxwriter.Workbook(str(path), {"use_future_functions": True})
    sheet = book.add_worksheet("监测")
    sheet.write_row(0, 0, ["人数", "收入", "类别", "户名", "合计", "查找", "最大"])
    for r in range(1, 31):
        sheet.write_row(r, 0, [r % 7, r * 1000.5])
        sheet.write_formula(r, 2, f'=IFS(A{r + 1}>=5,"突发严重困难户",A{r + 1}>=3,'
                                  f'"边缘易致贫户",TRUE,"脱贫不稳定户")',
                            None, ["脱贫不稳定户", "边缘易致贫户", "突发严重困难户"][
                                (r % 7 >= 3) + (r % 7 >= 5)])
        sheet.write_formula(r, 3, f'=CONCAT("户",A{r + 1})', None, f"户{r % 7}")
        sheet.write_formula(r, 4, f'=TEXTJOIN("、",TRUE,A{r + 1},B{r + 1})', None,
                            f"{r % 7}、{r * 1000.5:g}")
        sheet.write_formula(r, 6, f"=MAXIFS(B2:B31,A2:A31,A{r + 1})", None, r * 10.0)
    sheet.write_dynamic_array_formula(1, 5, 1, 5, "=XLOOKUP(3,A2:A31,B2:B31)", None, 3001.5)
    book.close()
    check, rows = _same(path)
    assert (check.formula_count, check.extents) == (30 * 4 + 1, {"监测": (31, 7)})
    assert check.formulas[:4] == [("监测", "C2"), ("监测", "D2"), ("监测", "E2"), ("监测", "F2")]
    assert rows[1] == [1.0, 1000.5, "脱贫不稳定户", "户1", "1、1000.5", 3001.5, 10.0]
    assert rows[5][2:5] == ["突发严重困难户", "户5", "5、5002.5"]
    assert rows[2][5] == ""


def test_openpyxl_future_functions_without_cached_values(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["户编号", "收入", "类别", "合计"])
    for r in range(2, 22):
        sheet.append([f"H{r}", r * 2.5, f'=_xlfn.IFS(B{r}>20,"高",TRUE,"低")',
                      f"=_xlfn.CONCAT(A{r},B{r})"])
    path = tmp_path / "op.xlsx"
    book.save(path)
    check, rows = _same(path)
    assert (check.formula_count, check.extents["Sheet"]) == (40, (21, 4))
    assert rows[1] == ["H2", 5.0, "", ""]


# As Excel stores them: a spill of a newer function (cm, array), LET's `_xlpm.` names, a line
# break typed in the formula bar; LibreOffice's aca; tools' inline-string results; <v/>.
HAND_CELLS = (
    '<row r="2"><c r="A2"><v>4</v></c>'
    '<c r="B2" t="str"><f>_xlfn.IFS(A2&gt;3,"边缘易致贫户",TRUE,"脱贫不稳定户")</f>'
    '<v>边缘易致贫户</v></c>'
    '<c r="C2" cm="1"><f t="array" ref="C2">_xlfn.XLOOKUP(A2,A2:A4,A2:A4)</f><v>4</v></c>'
    '<c r="D2" s="0" t="str"><f aca="false">_xlfn.CONCAT("户",A2)</f><v>户4</v></c>'
    '<c r="E2"><f>_xlfn.LET(_xlpm.x,A2,_xlpm.x*2)</f><v>8</v></c>'
    '<c r="F2" t="inlineStr"><f>IF(A2&lt;&gt;2,"必须选2并重写","完成")</f><is><t>必须选2并重写</t>'
    '</is></c></row>'
    '<row r="3"><c r="A3"><v>2</v></c><c r="B3" t="str"><f>SUM(\r\nA2:A3)</f><v>6</v></c>'
    '<c r="C3" t="str"><f>IF(A3&gt;0,"OK","Check")</f><v/></c><c r="D3"><f>A3-A2</f><v/></c>'
    '<c r="E3" t="inlineStr"><f>"x"</f><is><t xml:space="preserve"> x </t></is></c>'
    '<c r="F3" t="str"><f>A3</f><is><t>2</t></is></c></row>'
    '<row r="4"><c r="A4"><v>1</v></c><c r="B4" t="inlineStr"><f>"a"</f><is><t></t></is></c>'
    '<c r="C4" t="str"><f>_xlfn._xlws.SORT(A2:A4)</f><v>1</v></c>'
    '<c r="D4" t="e"><f>_xlfn.XLOOKUP(9,A2:A4,A2:A4)</f><v>#N/A</v></c>'
    '<c r="E4" t="b"><f>_xlfn.ISFORMULA(B4)</f><v>1</v></c>'
    '<c r="F4"><v/></c><c r="G4" t="inlineStr"><f>"甲"&amp;"乙"</f><is><t>甲&amp;乙</t></is>'
    '</c></row>')


def test_hand_written_excel_and_libreoffice_formula_cells(tmp_path: Path) -> None:
    check, rows = _same(_hand(tmp_path, HAND_CELLS))
    assert (check.formula_count, check.extents) == (15, {"数据": (4, 7)})
    assert rows[1] == [4.0, "边缘易致贫户", 4.0, "户4", 8.0, "必须选2并重写", ""]
    assert rows[2] == [2.0, "6", "", "", " x ", "2", ""]
    assert rows[3] == [1.0, "", "1", "", True, "", "甲&乙"]


# Read in one pass since the texts are decoded as calamine decodes them (they went the old way
# before): each value as python-calamine 0.9.1 gives it.
@pytest.mark.parametrize(("cell", "value"), [
    ('<c r="C2" t="str"><f>_xlfn.CONCAT(A2,"y")</f><v>_x0041_</v></c>', "A"),  # an escape
    ('<c r="C2" t="inlineStr"><f>A2</f><is><t>a</t></is><v>b</v></c>', ""),    # the last wins
    ('<c r="C2" t="inlineStr"><f>A2</f><is><r><t>a</t></r></is></c>', "a"),     # rich text
    ('<c r="C2" t="str"><f>A2&#13;</f><v>1</v></c>', "1"),                    # a CR by reference
])
def test_texts_once_left_to_the_old_way_are_read_in_one_pass(tmp_path: Path, cell: str,
                                                             value: str) -> None:
    check, rows = _same(_hand(tmp_path, f'<row r="2"><c r="A2"><v>1</v></c>{cell}</row>'))
    assert check.formula_count == 1
    assert rows[1][2:] == ([value] if value else [])     # an empty last value: no column


@pytest.mark.parametrize("cell", [
    '<c r="C2" t="str"><v>1</v><f>A2</f></c>',                              # a formula last
    '<c r="C2" t="str"><f>A2</f><v><![CDATA[x]]></v></c>',                  # a CDATA section
])
def test_other_forms_still_go_the_old_way(tmp_path: Path, cell: str) -> None:
    path = _hand(tmp_path, f'<row r="2"><c r="A2"><v>1</v></c>{cell}</row>')
    assert xlsxread.read_xlsx(path, LIMITS) is None
    check = workbook.check_file(path, path.name, LIMITS, read=True)
    assert check.sheets is None and check.formula_count == 1


def test_a_date_formula_with_a_future_function(tmp_path: Path) -> None:
    path = tmp_path / "d.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("日期")
    day = book.add_format({"num_format": "yyyy-mm-dd"})
    sheet.write_datetime(0, 0, dt.datetime(2021, 3, 1), day)
    sheet.write_formula(0, 1, "=_xlfn.DAYS(A1,A1)+A1", day, 44256)
    book.close()
    _, rows = _same(path)
    assert rows == [[dt.date(2021, 3, 1), dt.date(2021, 3, 1)]]
