"""A generated export as Chinese Excel saves it again, for the reader's benchmarks.

    .venv/bin/python bench/excel_saved.py [IN] [OUT]
    (default var/bench-import/national.xlsx -> var/bench-import/national-excel.xlsx)

An official who opens the national export in Excel (or WPS) and saves it gets the same cells
in another form: every text moves to the shared strings, each item with the phonetic
properties Chinese Excel writes (`<si><t>姓名</t><phoneticPr fontId="1" type="noConversion"/>
</si>`), and a header typed with Alt+Enter holds a CR LF (`_x000D_` and a line feed, as Excel
escapes CR). Until the compiled reader read phonetic properties and escapes, such a workbook
went the old way (the Python check, then calamine); time it with
`bench/import_formulas.py --file OUT --against REV`.
"""
from __future__ import annotations

import re
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INLINE = re.compile(rb'<c r="([A-Z]+[0-9]+)"( s="[0-9]+")? t="inlineStr"><is><t( xml:space="preserve")?>'
                    rb"([^<]*)</t></is></c>")
SST = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="http://schemas.'
       b'openxmlformats.org/spreadsheetml/2006/main" count="%d" uniqueCount="%d">')
TYPE = b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-' \
       b'officedocument.spreadsheetml.sharedStrings+xml"/>'

REL = b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/officeDocument/' \
      b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/>'


def resave(src: Path, out: Path) -> int:
    """Write `out`; return the count of shared strings."""
    index: dict[bytes, int] = {}
    items: list[bytes] = []
    cells = 0

    def shared(m: re.Match[bytes]) -> bytes:
        nonlocal cells
        text = m[4] if m[4] != "户主姓名".encode() else "户主_x000D_\n姓名".encode()
        key = (m[3] or b"") + text
        if key not in index:
            index[key] = len(items)
            items.append(b"<si><t%s>%s</t><phoneticPr fontId=\"1\" type=\"noConversion\"/></si>"
                         % (m[3] or b"", text))
        cells += 1
        return b'<c r="%s"%s t="s"><v>%d</v></c>' % (m[1], m[2] or b"", index[key])

    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename.startswith("xl/worksheets/"):
                data = INLINE.sub(shared, data)
            elif info.filename == "[Content_Types].xml":
                data = data.replace(b"</Types>", TYPE + b"</Types>")
            elif info.filename == "xl/_rels/workbook.xml.rels":
                data = data.replace(b"</Relationships>", REL + b"</Relationships>")
            zout.writestr(info.filename, data)
        zout.writestr("xl/sharedStrings.xml",
                      SST % (cells, len(items)) + b"".join(items) + b"</sst>")
    return len(items)


if __name__ == "__main__":
    src = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "var/bench-import/national.xlsx"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else src.with_name("national-excel.xlsx")
    print(f"{out}: {resave(src, out)} shared strings")
