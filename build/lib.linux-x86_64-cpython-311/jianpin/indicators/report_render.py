"""Reports as Excel workbooks and as A4 PDFs with the embedded Chinese font."""
from __future__ import annotations

import io

import xlsxwriter

from jianpin.indicators.report_doc import ReportDoc
from jianpin.kernel.cells import safe_cell


def to_xlsx(doc: ReportDoc) -> bytes:
    """One sheet per section: title and subtitle rows, then the table; text cells only
    (formula characters quoted), numbers as formatted."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_numbers": False, "strings_to_urls": False})
    title = book.add_format({"bold": True, "font_size": 14})
    head = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1,
                            "text_wrap": True})
    cell = book.add_format({"border": 1})
    total = book.add_format({"border": 1, "bold": True})
    for i, section in enumerate(doc.sections, start=1):
        name = f"{i}.{section.heading}"[:31].translate({ord(c): "_" for c in "[]:*?/\\"})
        sheet = book.add_worksheet(name)
        sheet.write_string(0, 0, safe_cell(doc.title), title)
        sheet.write_string(1, 0, safe_cell(doc.subtitle))
        sheet.write_row(3, 0, [safe_cell(h) for h in section.headers], head)
        sheet.set_column(0, 0, 22)
        sheet.set_column(1, len(section.headers), 14)
        sheet.freeze_panes(4, 1)
        r = 4
        for row in section.rows:
            for c, value in enumerate(row):
                sheet.write_string(r, c, safe_cell(value), cell)
            r += 1
        if section.total:
            for c, value in enumerate(section.total):
                sheet.write_string(r, c, safe_cell(value), total)
            r += 1
        for note in doc.notes:
            r += 1
            sheet.write_string(r, 0, safe_cell(note))
    book.close()
    return buffer.getvalue()


def to_pdf(doc: ReportDoc) -> bytes:
    from reportlab.lib import colors
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    from jianpin.workflows.pdf_fonts import WORD_WRAP, cjk_font

    font = cjk_font()
    heading = ParagraphStyle("h", fontName=font, fontSize=15, leading=21, wordWrap=WORD_WRAP,
                             alignment=1)
    sub = ParagraphStyle("s", fontName=font, fontSize=9.5, leading=13, wordWrap=WORD_WRAP,
                         alignment=1)
    h2 = ParagraphStyle("h2", fontName=font, fontSize=12, leading=17, wordWrap=WORD_WRAP)
    small = ParagraphStyle("c", fontName=font, fontSize=8.5, leading=11, wordWrap=WORD_WRAP)
    number = ParagraphStyle("n", parent=small, alignment=2)
    buf = io.BytesIO()
    wide = max((len(s.headers) for s in doc.sections), default=0) > 5
    size = landscape(A4) if wide else A4
    pdf = SimpleDocTemplate(buf, pagesize=size, leftMargin=14 * mm, rightMargin=14 * mm,
                            topMargin=14 * mm, bottomMargin=14 * mm, title=doc.title)
    story: list[object] = [Paragraph(doc.title, heading), Paragraph(doc.subtitle, sub),
                           Spacer(1, 5 * mm)]
    for section in doc.sections:
        data = [[Paragraph(h, small) for h in section.headers]]
        def cells(row: list[str], bold: bool = False) -> list[object]:
            wrap = "<b>{}</b>" if bold else "{}"
            return [Paragraph(wrap.format(c), number if i and _numeric(c) else small)
                    for i, c in enumerate(row)]

        data += [cells(row) for row in section.rows]
        if section.total:
            data.append(cells(section.total, bold=True))
        first = 34 * mm
        rest = (size[0] - 28 * mm - first) / max(1, len(section.headers) - 1)
        table = Table(data, repeatRows=1,
                      colWidths=[first] + [rest] * (len(section.headers) - 1))
        table.setStyle(TableStyle([
            ("GRID", (0, 0), (-1, -1), 0.4, colors.black),
            ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ]))
        story += [Paragraph(section.heading, h2), Spacer(1, 2 * mm), table, Spacer(1, 5 * mm)]
    for note in doc.notes:
        story.append(Paragraph(note, small))
    pdf.build(story)
    return buf.getvalue()


def _numeric(text: str) -> bool:
    return text.replace(",", "").replace(".", "", 1).lstrip("-").isdigit()
