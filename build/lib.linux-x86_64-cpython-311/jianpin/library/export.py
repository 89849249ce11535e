"""Excel export of targets (xlsxwriter), with formula injection escaped."""
from __future__ import annotations

import io
from collections.abc import Iterable

import xlsxwriter

from jianpin.kernel.cells import safe_cell
from jianpin.library.models import Target

HEADERS = ["年份/时期", "对象", "指标", "数值", "单位", "限定", "原文", "文献标题", "文号", "发文机关",
           "地区代码", "地区", "类型", "数据地区代码", "数据地区"]


def targets_xlsx(rows: Iterable[Target]) -> bytes:
    """A workbook with one sheet of targets; codes written as text, values as numbers."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_numbers": False, "strings_to_urls": False})
    sheet = book.add_worksheet("目标指标")
    bold = book.add_format({"bold": True})
    sheet.write_row(0, 0, HEADERS, bold)
    for r, t in enumerate(rows, start=1):
        doc = t.document
        texts = [t.year, t.subject, t.indicator]
        for c, value in enumerate(texts):
            if value:
                sheet.write_string(r, c, safe_cell(value))
        sheet.write_number(r, 3, float(t.value))
        for c, value in enumerate([t.unit, t.qualifier, t.sentence, doc.title, doc.doc_number,
                                   doc.issuer, doc.region_id or "",
                                   doc.region.name if doc.region_id and doc.region else "",
                                   str(t.get_kind_display()), t.region_id or "",
                                   t.region.name if t.region_id and t.region else ""],
                                  start=4):
            if value:
                sheet.write_string(r, c, safe_cell(value))
    sheet.set_column(0, 2, 16)
    sheet.set_column(6, 7, 40)
    book.close()
    return buffer.getvalue()
