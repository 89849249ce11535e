"""Damaged copies of real sheet XML, for the compiled reader's fuzz test and a memory checker.

`python -m jianpin.uploads.tests.xlsxfuzz [N]` feeds N damaged copies (seeded, the same every
run) straight to `_xlsxc`; run it under valgrind's memcheck (with PYTHONMALLOC=malloc) to
see that no byte outside the input or a buffer is ever read or written.
"""
from __future__ import annotations

import random
import re
import sys
import tempfile
import zipfile
from pathlib import Path

from jianpin.uploads import xlsxread
from jianpin.uploads.limits import SheetLimits
from jianpin.uploads.tests.xlsxgen import formula_workbook, future_workbook, mixed_workbook

INLINE = re.compile(rb'<c r="([A-Z]+[0-9]+)" t="str">(<f>[^<]*+</f>)<v>([^<]*+)</v></c>')
RICH = (b'<is><r><rPr><b/></rPr><t xml:space="preserve"> _x000D_&#13;\r\n</t></r>'
        b'<rPh sb="0" eb="1"><t>x</t></rPh><phoneticPr fontId="1"/><t>')
HUGE_REFS = [b'r="XFD1048577"', b'r="AAAA2"', b'r="A99999999999"', b'r="ZZZ2"', b'r=""',
             b'r="2"', b'r="A0"', b'r="a2"', b's="99999999999"', b't="zz"', b'r="C2" r="C2"']
VALUES = [b"", b"-0", b"1e5", b"abc", b"1.5E-3", b"99999999999", b"&amp;", b"&#20013;", b"-1e7",
          b"2958466.5", b"#N/A", b"0", b"1", b"-999999.5", b"0.5", b"6", b"1E+300", b".5", b"5.",
          b"2021-05-06", b"2021-05-06T07:08:09.123456", b"23:59:59", b"9999-12-31T23:59:59.9",
          b"2021-02-29", b"2021-05-06T07:08:09.1234567", b"0000-01-01", b"99:99:99", b"2021-05"]
PIECES = [b"<", b">", b"&", b"&#0;", b"&#x110000;", b"&lol;", b"]]>", b"\xff", b"\xed\xa0\x80",
          b"\xef\xbf\xbe", b"\xc0\xaf", b"\x00", b"\r", b"_x0041_", b'"', b"</row>", b"<row r=\"1\">",
          b"<c r=\"A2\">", b"</c>", b"<v>", b"</v>", b"<is><t>", b"</t></is>", b"<f>1</f>",
          b"<!DOCTYPE x>", b"<!--", b"<![CDATA[", b"<?x?>", b"<si>", b"</si>", b"<r>", b"<rPr>",
          b'<f t="shared" si="0"/>', b'<f t="shared" ref="A1:A9" si="0">A1</f>', b"</f>", b"<f>",
          b'<f aca="false">', b' t="d"', b' t="str"', b"_xlfn.", b"_xlpm.", b"<v/>",
          b"<f>_xlfn.IFS(A1)</f><is><t>x</t></is>", b' t="inlineStr"', b"<f>A\r1</f>",
          b"&#13;", b"_x00+A_", b"_x005F_", b" xml:space=\"preserve\"", b"<t/>", b"</r>",
          b"<is><r><t>", b'<rPh sb="0" eb="1"><t>x</t></rPh>', b'<phoneticPr fontId="1"/>',
          b"<v>1</v>", b"<is><t>y</t></is>", b"<rPr><b/></rPr>"]


def mutate(rng: random.Random, data: bytes) -> bytes:
    """One to three damages: truncation, byte flips, pieces of markup, huge references,
    deep nesting, repeated or dropped spans."""
    mild = rng.random() < 0.5       # half of them: values and types only, the markup kept
    for _ in range(rng.randint(1, 3)):
        n = len(data)
        at = rng.randrange(n + 1)
        kind = rng.randrange(9)
        if mild:
            kind = rng.choice((7, 8))
        if kind == 0:
            data = data[:at]
        elif kind == 1 and n:
            data = data[:at] + bytes([rng.randrange(256)]) + data[at + 1:]
        elif kind == 2:
            data = data[:at] + rng.choice(PIECES) + data[at:]
        elif kind == 3:
            ref = data.find(b'r="', at)
            if ref >= 0:
                end = data.find(b'"', ref + 3)
                data = data[:ref] + rng.choice(HUGE_REFS) + data[end + 1:]
        elif kind == 4:
            depth = rng.choice([10, 1000, 100_000])
            data = data[:at] + b"<a>" * depth + data[at:]
        elif kind == 5:
            span = data[at:at + rng.randrange(1, 400)]
            data = data[:at] + span * rng.randint(2, 50) + data[at:]
        elif kind == 6:
            data = data[:at] + data[at + rng.randrange(1, 200):]
        else:                       # a value or an attribute changed, the markup kept
            mark = data.find(b"<v>" if kind == 7 else b' t="', at)
            if mark >= 0:
                start = mark + (3 if kind == 7 else 4)
                end = data.find(b"<" if kind == 7 else b'"', start)
                new = rng.choice(VALUES) if kind == 7 else rng.choice(
                    [b"s", b"n", b"b", b"e", b"str", b"inlineStr", b"d", b""])
                data = data[:start] + new + data[end:] if end >= 0 else data
    return data


def parts(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {name: zf.read(name) for name in zf.namelist()}


def body_of(sheet: bytes) -> bytes:
    start, end = sheet.index(b"<sheetData>") + 11, sheet.rindex(b"</sheetData>")
    return sheet[start:end]


def feed(rng: random.Random, sheet: bytes, strings: bytes, kinds: bytes, count: int) -> int:
    """`count` damaged sheet bodies and string parts straight to the module; how many it took."""
    from jianpin.uploads import _xlsxc

    taken = 0
    index = _xlsxc.index_strings(strings)
    table = (strings, index, [None] * (len(index) // 8)) if index is not None else None
    for _ in range(count):
        got = _xlsxc.scan_rows(mutate(rng, sheet), (0, 0, 0, 0), (1_048_576, 256, 16_000_000),
                               kinds, table)
        if got is not None:         # every value it took, made
            taken += 1
            if got[1] is not None:
                low, high = got[2]
                _xlsxc.rows_of(got[1], low - 1, high - low + 1, table)
        damaged = mutate(rng, strings)
        bad = _xlsxc.index_strings(damaged)
        if bad:                     # every string it took, decoded
            cache = [None] * (len(bad) // 8)
            cells = "".join(f'<c r="A1" t="s"><v>{i}</v></c>' for i in range(len(cache)))
            read = _xlsxc.scan_rows(f'<row r="1">{cells}</row>'.encode(), (0, 0, 0, 0),
                                    (9, 9, 10**6), b"", (damaged, bad, cache))
            if read is not None and read[1] is not None:
                _xlsxc.rows_of(read[1], 0, 1, (damaged, bad, cache))
    return taken


def blocks(rng: random.Random, count: int) -> None:
    """Blocks of records damaged on their way back in: refused, never read outside."""
    from jianpin.uploads import _xlsxc

    got = _xlsxc.scan_rows(b'<row r="1"><c r="B1" t="str"><v>ab</v></c><c r="C1" t="d">'
                           b'<v>2021-05-06</v></c><c r="D1"><v>1</v></c></row>',
                           (0, 0, 0, 0), (9, 9, 99), b"", None)
    assert got is not None and got[1] is not None
    good = got[1]
    for _ in range(count):
        block = bytearray(good)
        for _ in range(rng.randint(1, 4)):
            block[rng.randrange(len(block))] = rng.randrange(256)
        try:
            _xlsxc.rows_of(bytes(block)[:rng.randint(0, len(block))], rng.randint(0, 3),
                           rng.randint(0, 5), None)
        except (ValueError, OverflowError, MemoryError):    # a text or number changed
            pass


def main(count: int) -> None:
    for make in (mixed_workbook, formula_workbook, future_workbook):
        with tempfile.TemporaryDirectory() as tmp:
            path = make(Path(tmp) / "m.xlsx")
            book = parts(path)
            with zipfile.ZipFile(path) as zf:
                kinds = xlsxread._kinds(zf, set(zf.namelist())) or b""
        sheet, strings = body_of(book["xl/worksheets/sheet1.xml"]), book["xl/sharedStrings.xml"]
        if make is future_workbook:     # half the text results inline, as some tools write them
            sheet = INLINE.sub(rb'<c r="\1" t="inlineStr">\2<is><t>\3</t></is></c>', sheet, count=15)
            sheet = sheet.replace(b"<v></v>", b"<v/>")
        if make is mixed_workbook:      # rich, phonetic and escaped texts, inline and shared
            sheet = sheet.replace(b"<is><t>", RICH, 3)
            strings = strings.replace(b"<si><t>", RICH.replace(b"<is>", b"<si>"), 3)
        strings = strings[strings.index(b"<si>"):strings.rindex(b"</sst>")]
        taken = feed(random.Random(11), sheet, strings, kinds, count)
        print(f"{make.__name__}: {count} damaged copies, {taken} taken as rows, no crash")
    blocks(random.Random(12), count)
    print(f"{count} damaged blocks of records, none read outside")
    assert xlsxread.available() and SheetLimits().compiled_read == "on"


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)
