"""Write rows to .xlsx (xlsxwriter, streaming) or .csv, with IDs as text and formulas defused.

A text cell starting with = + - @ tab or CR is prefixed with an apostrophe so no spreadsheet
program evaluates it (and `coerce` strips that apostrophe again on import).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO, Any

import xlsxwriter

from jianpin.kernel.cells import safe_cell


def cell(value: Any) -> Any:
    """A value as written: numbers stay numbers, everything else is escaped text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    return safe_cell(str(value))


class XlsxOut:
    """A streaming workbook; sheets are written row by row in order."""

    def __init__(self, target: str | IO[bytes]) -> None:
        self.book = xlsxwriter.Workbook(target, {"constant_memory": True,
                                                 "strings_to_numbers": False,
                                                 "strings_to_formulas": False,
                                                 "strings_to_urls": False})
        self.head = self.book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1,
                                          "text_wrap": True, "valign": "vcenter"})
        self.text = self.book.add_format({"num_format": "@"})
        self.wrap = self.book.add_format({"text_wrap": True, "valign": "top"})

    def sheet(self, name: str, header: Sequence[str], rows: Iterable[Sequence[Any]],
              title: str = "", widths: dict[int, int] | None = None) -> int:
        ws = self.book.add_worksheet(name[:31])
        r = 0
        if title:
            ws.write_string(0, 0, title, self.book.add_format({"bold": True, "font_size": 14}))
            r = 1
        for c, name_ in enumerate(header):
            ws.write_string(r, c, name_, self.head)
            ws.set_column(c, c, (widths or {}).get(c, max(8, min(22, 2 * len(name_) + 2))),
                          self.text)
        ws.freeze_panes(r + 1, 0)
        count = 0
        for count, row in enumerate(rows, 1):
            for c, value in enumerate(row):
                v = cell(value)
                if isinstance(v, str):
                    if v:
                        ws.write_string(r + count, c, v)
                else:
                    ws.write_number(r + count, c, v)
        return count

    def close(self) -> None:
        self.book.close()


def write_csv(fh: IO[str], header: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """CSV in UTF-8 with BOM (Excel on Windows opens it correctly); IDs stay text."""
    out = csv.writer(fh)
    out.writerow(header)
    count = 0
    for row in rows:
        out.writerow([cell(v) for v in row])
        count += 1
    return count


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> tuple[bytes, int]:
    buf = io.StringIO()
    count = write_csv(buf, header, rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8"), count
