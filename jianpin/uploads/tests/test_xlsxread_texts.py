"""Texts in the compiled pass (`_xlsxc_strings.h`, `decode`): shared and inline strings, rich and
phonetic runs, Excel's `_xHHHH_` escapes, character references, line ends and blanks, and a cell
holding more than one value, each read as the old way's calamine reads it.

Where each behaviour comes from:
- `_xHHHH_`: ECMA-376 Part 1, 22.9.2.19 (ST_Xstring): a character XML cannot hold is written
  `_xHHHH_`, and a literal `_x` before four hex digits as `_x005F_`. XlsxWriter writes CR as
  `_x000D_` and other control characters so (its `_escape_control_characters`); calamine
  decodes only `_x00HH_`, its two digits read by Rust's `u8::from_str_radix`, which also
  takes `+` and one digit (`utils::unescape_xml`), after the `<t>`'s blanks are cut.
- Blanks: calamine cuts space, tab, CR and LF from both ends of a `<t>` without
  xml:space="preserve" (`read_string`), after references are decoded, so `&#13;` alone is "";
  a `<v>` text (t="str") keeps them.
- Line ends: XML 1.0 (2.11) makes a literal CR LF or CR a LF (quick-xml's `xml10_content`); a
  reference `&#13;` stays CR. openpyxl writes CR so (`a&#13;\\nb`).
- Rich and phonetic runs: Excel and XlsxWriter (`write_rich_string`) write `<r>` runs with
  `<rPr>`; openpyxl's `CellRichText` writes them inline; Japanese and Chinese Excel add
  `<rPh>` reading aids and `<phoneticPr/>`, which calamine leaves out of the value.
- A cell with more than one value (`<is>` and `<v>`): calamine reads each child in turn and
  keeps the last, and ignores the `<v>` of t="inlineStr" (an empty value).
The expected values below are what python-calamine 0.9.1 (calamine 0.37) gives; every case is
also compared with the old way value for value (`_same`).
"""
from __future__ import annotations

import random
from pathlib import Path

import pytest
import xlsxwriter

from jianpin.uploads import xlsxread
from jianpin.uploads.limits import SheetLimits
from jianpin.uploads.tests import corpus

pytestmark = pytest.mark.skipif(not xlsxread.available(), reason="_xlsxc not built")
LIMITS = SheetLimits()
SST = ('<?xml version="1.0"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/'
       'main">{}</sst>')


def _same(path: Path) -> list[list[object]]:
    """Read in one pass (which must take the file) and the old way: identical; the rows."""
    done = xlsxread.read_xlsx(path, LIMITS)
    assert done is not None, "the compiled pass went the old way"
    _, sheets = xlsxread.verified(path, LIMITS, *done)
    return list(sheets[0].rows)


def _book(tmp_path: Path, body: str, items: list[str] | None = None) -> Path:
    extra = {"xl/sharedStrings.xml": SST.format("".join(items)).encode()} if items else None
    path = tmp_path / "t.xlsx"
    path.write_bytes(corpus.workbook(corpus.sheet(body).encode(), extra))
    return path


TEXTS = {
    "a_x000D_b": "a\rb", "a_x005F_x000D_b": "a_x000D_b", "_x00+A_|": "\n|", "_x0041_": "A",
    "_x00e9_": "é", "_x00FF_": "ÿ", "_x0000_": "\x00", "_x4E2D_": "_x4E2D_", "_x00-1_": "_x00-1_",
    "a_x00": "a_x00", "_x005F_x005F_": "_x005F_", "&#x5F;x000D_": "\r", "_x000D_": "\r",
    "a_x000D__x000A_b": "a\r\nb", "  sp  ": "sp", "\t x \n": "x", "&#32;x&#13;": "x",
    "&#13;": "", "a&#13;b": "a\rb", "a\rb": "a\nb", "a\r\nb": "a\nb", "x\r": "x",
    "a&#13;\nb": "a\r\nb", "x\u3000": "x\u3000", "x\u00a0 ": "x\u00a0", "&lt;甲&amp;乙&gt;": "<甲&乙>",
}


@pytest.mark.parametrize("raw", sorted(TEXTS))
def test_a_text_reads_as_calamine_reads_it(tmp_path: Path, raw: str) -> None:
    """The same text as a shared string, an inline string, and a formula's text result."""
    body = (f'<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="inlineStr"><is><t>{raw}</t>'
            f'</is></c><c r="C2" t="str"><f>A1</f><v>{raw}</v></c></row>')
    rows = _same(_book(tmp_path, body, [f"<si><t>{raw}</t></si>"]))
    assert rows[1][:2] == [TEXTS[raw], TEXTS[raw]]


def test_preserved_blanks_and_str_values_keep_them(tmp_path: Path) -> None:
    body = ('<row r="2"><c r="A2" t="inlineStr"><is><t xml:space="preserve"> a&#13; </t></is>'
            '</c><c r="B2" t="str"><v>  x\r\n</v></c></row>')
    assert _same(_book(tmp_path, body))[1] == [" a\r ", "  x\n"]


ITEMS = {
    '<r><t>a</t></r><r><rPr><b/><sz val="11"/><rFont val="宋体"/></rPr><t> b </t></r>': "ab",
    '<t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1"/>': "漢字",
    '<t>姓名</t><phoneticPr fontId="1" type="noConversion"/>': "姓名",
    '<r><t>a</t></r><rPh sb="0" eb="1"><t>x</t></rPh><r><t>b</t></r>': "ab",
    "<t>a</t><t>b</t>": "ab", "<t>a</t><r><t>b</t></r>": "ab", "<r><t>a</t></r><r></r>": "a",
    "<r><t>_x00</t></r><r><t>0D_</t></r>": "_x000D_", "": "", "<t/>": "", "<t></t>": "",
}


@pytest.mark.parametrize("content", sorted(ITEMS))
def test_rich_and_phonetic_runs(tmp_path: Path, content: str) -> None:
    body = (f'<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="inlineStr"><is>{content}</is>'
            '</c></row>')
    assert _same(_book(tmp_path, body, [f"<si>{content}</si>"]))[1] == [ITEMS[content]] * 2


CELLS = {
    '<c r="B2" t="inlineStr"><is><t>x</t></is><v>5</v></c>': "",
    '<c r="B2" t="inlineStr"><v>5</v><is><t>x</t></is></c>': "x",
    '<c r="B2"><is><t>x</t></is><v>5</v></c>': 5.0,
    '<c r="B2"><v>5</v><is><t>x</t></is></c>': "x",
    '<c r="B2" t="str"><is><t>x</t></is><v>y</v></c>': "y",
    '<c r="B2" t="s"><is><t>x</t></is></c>': "x",
    '<c r="B2" t="inlineStr"><is><t>x</t></is><v/></c>': "",
    '<c r="B2" t="inlineStr"><is><t>x</t></is><is><t>y</t></is></c>': "y",
    '<c r="B2" t="e"><v>#N/A</v><is><t>y</t></is></c>': "y",
}


@pytest.mark.parametrize("cell", sorted(CELLS))
def test_a_cell_with_more_than_one_value_keeps_the_last(tmp_path: Path, cell: str) -> None:
    rows = _same(_book(tmp_path, f'<row r="2">{cell}<c r="C2"><v>1</v></c></row>'))
    assert rows[1][1] == CELLS[cell]


STRINGS = ["a\r\nb", "tab\there", "_x000D_ literal", " lead", "trail ", "_x005F_", "x\ry", "甲\n乙"]


@pytest.mark.parametrize("inline", [False, True])
def test_xlsxwriter_texts(tmp_path: Path, inline: bool) -> None:
    """XlsxWriter escapes CR and literal escapes (`_x000D_`, `_x005F_`); constant_memory
    writes every string inline."""
    path = tmp_path / "xw.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": inline})
    sheet = book.add_worksheet()
    for r, text in enumerate(STRINGS):
        sheet.write_string(r, 0, text)
    sheet.write_string(len(STRINGS), 0, "ctl\x01x")
    sheet.write_rich_string(len(STRINGS) + 1, 0, "plain ", book.add_format({"bold": True}),
                            "bold", " tail")
    book.close()
    rows = _same(path)
    assert [r[0] for r in rows] == [*STRINGS, "ctl\x01x", "plain bold tail"]


def test_openpyxl_texts(tmp_path: Path) -> None:
    """openpyxl writes every string inline, a CR as `&#13;`, and a literal `_x000D_` as it is
    (so it reads back as CR, in calamine as here); rich text as inline runs."""
    import openpyxl
    from openpyxl.cell.rich_text import CellRichText, TextBlock
    from openpyxl.cell.text import InlineFont

    book = openpyxl.Workbook()
    sheet = book.active
    for text in STRINGS:
        sheet.append([text])
    sheet.append([CellRichText(["plain ", TextBlock(InlineFont(b=True), "bold")])])
    path = tmp_path / "op.xlsx"
    book.save(path)
    rows = _same(path)
    assert [r[0] for r in rows] == ["a\r\nb", "tab\there", "\r literal", " lead", "trail ", "_",
                                    "x\ry", "甲\n乙", "plain bold"]


PIECES = ["_x00", "0D_", "_x000D_", "_x005F_", "_x00+A_", "+", "0", "a", "A_", "_", "x", " ", "\t",
          "\n", "\r", "\r\n", "&#13;", "&#10;", "&#32;", "&#x5F;", "&amp;", "中", "_x00e9_", "\u3000"]


PRESERVE = ' xml:space="preserve"'


def _text(rng: random.Random) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, 6)))


def _content(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.randint(0, 3)):
        t = f"<t{rng.choice(['', PRESERVE])}>{_text(rng)}</t>"
        parts.append(rng.choice([t, f"<r>{t}</r>", f'<r><rPr><b/></rPr>{t}</r>',
                                 f'<rPh sb="0" eb="1">{t}</rPh>', "<phoneticPr fontId=\"1\"/>"]))
    return "".join(parts)


def _cell(rng: random.Random, ref: str, strings: int) -> str:
    kind = rng.choice(["", ' t="inlineStr"', ' t="str"', ' t="s"'])
    values = []
    for _ in range(rng.randint(1, 2)):
        if rng.random() < 0.5:
            values.append(f"<is>{_content(rng)}</is>")
        else:
            text = {"": "5", ' t="s"': str(rng.randrange(strings))}.get(kind, _text(rng))
            values.append(f"<v>{text}</v>")
    return f'<c r="{ref}"{kind}>{"".join(values)}</c>'


def test_generated_texts_read_alike(tmp_path: Path) -> None:
    """Texts made of the pieces above, in every place a text can be: each taken, and read as
    calamine reads it."""
    rng = random.Random(20261202)
    for _ in range(40):
        items = [f"<si>{_content(rng)}</si>" for _ in range(rng.randint(1, 4))]
        body = "".join(f'<row r="{r}">' + "".join(_cell(rng, f"{c}{r}", len(items)) for c in "BCD")
                       + "</row>" for r in range(2, 5))
        _same(_book(tmp_path, body, items))


def test_an_inline_string_repeated_down_a_column_is_one_object(tmp_path: Path) -> None:
    """XlsxWriter's constant_memory (the project's own exports) writes every text inline: a
    value met again in its column (in a segment of rows) is the same str, as a shared string
    is; a column of unique
    values (an ID) is read all the same."""
    path = tmp_path / "cm.xlsx"
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    sheet = book.add_worksheet()
    for r in range(600):
        sheet.write_row(r, 0, ["户主" if r % 2 else "之子", f"H{r:05d}", " 是 "])
    book.close()
    rows = _same(path)
    assert rows[0][0] is rows[598][0] and rows[1][0] is rows[597][0]    # (the last row is a
    # segment of its own: each segment of rows, about 1 MB of XML, has its own table)
    assert [rows[0], rows[599]] == [["之子", "H00000", " 是 "], ["户主", "H00599", " 是 "]]
