"""Hostile files, built small in memory: one corpus for every upload path's tests.

`workbook(sheet_xml)` wraps sheet XML in a minimal valid .xlsx; the `HOSTILE_SHEETS` cases
each carry the error code the shared checks must give.
"""
from __future__ import annotations

import io
import posixpath
import zipfile
import zlib

NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
HEADER_ROW = ('<row r="1"><c r="A1" t="inlineStr"><is><t>身份证号</t></is></c>'
              '<c r="B1" t="inlineStr"><is><t>自付金额</t></is></c></row>')
CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.sheet.main+xml"/>'
    '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.spreadsheetml.worksheet+xml"/></Types>')
ROOT_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>')
BOOK = (f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        '<sheets><sheet name="数据" sheetId="1" r:id="rId1"/></sheets></workbook>')
BOOK_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>')
ENTITY_PROLOG = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                 '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
                 '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>')


def sheet(body: str, dimension: str = "", prolog: str = '<?xml version="1.0"?>') -> str:
    return f'{prolog}<worksheet xmlns="{NS}">{dimension}<sheetData>{HEADER_ROW}{body}</sheetData></worksheet>'


def workbook(sheet_xml: str | bytes, extra: dict[str, bytes] | None = None,
             part: str = "worksheets/sheet1.xml") -> bytes:
    """`part`: where the workbook's relationship points the sheet, relative to xl/."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", CONTENT_TYPES)
        zf.writestr("_rels/.rels", ROOT_RELS)
        zf.writestr("xl/workbook.xml", BOOK)
        zf.writestr("xl/_rels/workbook.xml.rels", BOOK_RELS.replace("worksheets/sheet1.xml", part))
        zf.writestr(posixpath.normpath(f"xl/{part}"), sheet_xml)
        for name, data in (extra or {}).items():
            zf.writestr(name, data)
    return buf.getvalue()


def value_row(r: int, cols: int) -> str:
    from jianpin.uploads.workbook import column_name

    return f'<row r="{r}">' + "".join(f'<c r="{column_name(c)}{r}"><v>{c}</v></c>'
                                      for c in range(1, cols + 1)) + "</row>"


def zip_bomb() -> bytes:
    """A sheet of 4 MB of blanks inside a zip of a few kilobytes."""
    return workbook(sheet("", prolog='<?xml version="1.0"?>' + " " * (4 * 1048576)))


def hostile_sheets() -> dict[str, tuple[bytes, str]]:
    """name → (file bytes, the error code every workbook upload path must give)."""
    last = "<row r='1048576'><c r='XFD1048576' t='n'><v>1</v></c></row>"
    return {
        "dimension_single_quotes": (workbook(sheet("", "<dimension ref='A1:XFD1048576'/>")),
                                    "too_wide"),
        "dimension_double_quotes": (workbook(sheet("", '<dimension ref="A1:CZ1048576"/>')),
                                    "too_many_cells"),
        "last_cell_single_quotes": (workbook(sheet(last)), "too_wide"),
        "last_cell_double_quotes": (workbook(sheet(last.replace("'", '"'))), "too_wide"),
        "last_row_single_quotes": (workbook(sheet("<row r='1048576'><c r='CZ1048576'><v>1</v></c></row>")),
                                   "too_many_cells"),
        "cell_outside_its_row": (workbook(sheet("<row r='2'><c r='B1048576'><v>1</v></c></row>")),
                                 "bad_workbook"),
        "rows_out_of_order": (workbook(sheet(value_row(9, 2) + value_row(3, 2))), "bad_workbook"),
        "unreferenced_cells_run_wide": (
            workbook(sheet("<row>" + "<c><v>1</v></c>" * 300 + "</row>")), "too_wide"),
        "sheet_kept_elsewhere": (workbook(sheet(last), part="hidden/s.xml"), "too_wide"),
        "xls_claiming_four_million_rows": (xls_bytes(rows_claimed=4_000_000), "too_many_cells"),
        "zip_bomb": (zip_bomb(), "zip_bomb"),
        # the reader loads every shared string first: millions of them in a few MB
        "shared_strings_flood": (workbook(sheet(value_row(2, 2)), extra={
            "xl/sharedStrings.xml":
                (f'<sst xmlns="{NS}">' + "<si><t>a</t></si>" * 12_000 + "</sst>").encode()}),
            "too_many_cells"),
        "entity_bomb": (workbook(sheet("<row r='2'><c r='A2' t='inlineStr'><is><t>&lol3;</t>"
                                       "</is></c></row>", prolog=ENTITY_PROLOG)), "xml_entity"),
        "truncated_zip": (workbook(sheet(value_row(2, 2)))[:400], "bad_workbook"),
        "renamed_pdf": (b"%PDF-1.4\n1 0 obj<<>>endobj\n%%EOF\n", "not_spreadsheet"),
        "renamed_docx": (docx_bytes("x"), "not_spreadsheet"),
    }


def xls_bytes(rows_claimed: int | None = None) -> bytes:
    """A small BIFF8 workbook; `rows_claimed` rewrites its DIMENSIONS record (the reader
    reserves rows × columns from it: 4,000,000 × 256 cells would be 40 GB)."""
    import struct

    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("数据")
    sheet.write(0, 0, "身份证号")
    sheet.write(1, 0, "441421195001010171")
    buf = io.BytesIO()
    book.save(buf)
    data = bytearray(buf.getvalue())
    if rows_claimed is not None:
        at = data.find(b"\x00\x02\x0e\x00")          # record 0x0200, 14 bytes
        data[at + 4:at + 18] = struct.pack("<IIHHH", 0, rows_claimed, 0, 256, 0)
    return bytes(data)


def dense_sheet(rows: int, cols: int) -> bytes:
    """A fully valued sheet: with the cell limit set below rows × cols it must be refused."""
    return workbook(sheet("".join(value_row(r, cols) for r in range(2, rows + 2))))


# ---- documents ------------------------------------------------------------------------------

DOCX_TYPES = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
    'officedocument.wordprocessingml.document.main+xml"/></Types>')
DOCX_RELS = (
    '<?xml version="1.0" encoding="UTF-8"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
    'relationships/officeDocument" Target="word/document.xml"/></Relationships>')
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def docx_bytes(text: str, prolog: str = '<?xml version="1.0" encoding="UTF-8"?>',
               body_extra: str = "") -> bytes:
    paras = "".join(f"<w:p><w:r><w:t>{line}</w:t></w:r></w:p>" for line in text.split("\n"))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", DOCX_TYPES)
        zf.writestr("_rels/.rels", DOCX_RELS)
        zf.writestr("word/document.xml",
                    f'{prolog}<w:document xmlns:w="{W}"><w:body>{paras}{body_extra}'
                    "</w:body></w:document>")
    return buf.getvalue()


def docx_xml_bomb(megabytes: int) -> bytes:
    """A small .docx whose document.xml inflates to `megabytes` (many tiny paragraphs)."""
    para = "<w:p><w:r><w:t>扶贫</w:t></w:r></w:p>"
    body = para * (megabytes * 1048576 // len(para.encode()))
    return docx_bytes("关于做好防止返贫动态监测工作的通知", body_extra=body)


def pdf_bytes(pages: int, text: str = "Poverty alleviation notice") -> bytes:
    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    font = DictionaryObject({NameObject("/Type"): NameObject("/Font"),
                             NameObject("/Subtype"): NameObject("/Type1"),
                             NameObject("/BaseFont"): NameObject("/Helvetica")})
    for _ in range(pages):
        page = writer.add_blank_page(width=200, height=200)
        stream = DecodedStreamObject()
        stream.set_data(f"BT /F1 12 Tf 20 100 Td ({text}) Tj ET".encode())
        page[NameObject("/Contents")] = writer._add_object(stream)
        page[NameObject("/Resources")] = DictionaryObject({NameObject("/Font"): DictionaryObject(
            {NameObject("/F1"): font})})
    buf = io.BytesIO()
    writer.write(buf)
    return buf.getvalue()


def pdf_compression_bomb(megabytes: int) -> bytes:
    """One page whose content stream inflates to `megabytes` of text operators."""
    squeeze = zlib.compressobj(9)
    chunk = b"BT (x) Tj ET\n" * (1048576 // 13)
    data = b"".join(squeeze.compress(chunk) for _ in range(megabytes)) + squeeze.flush()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] /Contents 4 0 R >>",
        b"<< /Length %d /Filter /FlateDecode >>stream\n" % len(data) + data + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % i + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for off in offsets:
        out.write(b"%010d 00000 n \n" % off)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n"
              % (len(objects) + 1, xref))
    return out.getvalue()


def hog(path: object) -> dict[str, str]:
    """A parser gone wrong: asks for 4 GB (run in the sandbox, must end in a clear error)."""
    return {"text": "x" * (4 * 1024 ** 3)}


def spin(path: object) -> dict[str, str]:
    """A parser that never returns."""
    while True:
        pass
