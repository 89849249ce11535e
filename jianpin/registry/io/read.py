"""Read sheets as (row number, cells) after the header row, for .xlsx, .xls and .csv files.

Row numbers are the 1-based numbers the user sees in Excel, title rows above the header
counted. Reading stops after EMPTY_RUN consecutive empty rows, so a sheet padded with a
million blank rows ends quickly.
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jianpin.registry.io import headers
from jianpin.registry.io.headers import HeaderMap
from jianpin.uploads import workbook
from jianpin.uploads.limits import sheet_limits
from jianpin.uploads.workbook import FileCheck

EMPTY_RUN = 1000
HEADER_SCAN = 30
MIN_HEADER_SCORE = 3


@dataclass
class Sheet:
    name: str
    header: HeaderMap
    col_offset: int
    rows: Iterator[tuple[int, list[Any]]]
    notes: list[str] = field(default_factory=list)
    above: list[str] = field(default_factory=list)    # text of the rows above the header


def _is_empty(cells: list[Any]) -> bool:
    """No cell with anything but blanks (one loop, stopping at the first that has some)."""
    for c in cells:
        if c is None or c == "" or (isinstance(c, str) and c.isspace()):
            continue
        return False
    return True


def _body(rows: Iterator[list[Any]], start: int, sheet: Sheet) -> Iterator[tuple[int, list[Any]]]:
    empty = 0
    for number, cells in enumerate(rows, start):
        if _is_empty(cells):
            empty += 1
            if empty >= EMPTY_RUN:
                sheet.notes.append(f"工作表「{sheet.name}」第 {number - EMPTY_RUN + 1} 行起连续 "
                                   f"{EMPTY_RUN} 行为空，其后的内容未读取")
                return
            continue
        empty = 0
        yield number, cells


def _find_header(rows: Iterator[list[Any]], above: list[str]) -> tuple[HeaderMap | None, int]:
    """Consume rows until the header; return it and the 1-based number of the next row.
    The text of the rows above it (title, export time) goes into `above`."""
    for number in range(1, HEADER_SCAN + 1):
        cells = next(rows, None)
        if cells is None:
            return None, number
        if headers.score(cells) >= MIN_HEADER_SCORE:
            return headers.build(list(cells), number), number + 1
        above.append(" ".join(str(c).strip() for c in cells if c is not None and str(c).strip()))
    return None, HEADER_SCAN + 1


def open_sheets(path: Path, check: FileCheck | str, name: str = "") -> Iterator[Sheet]:
    """Yield every sheet that has a recognisable header row (the file passed `security`; given
    its FileCheck, the rows read with the check are used, given only the kind, read again)."""
    limits = sheet_limits("import")
    title = Path(name).stem if name else path.stem
    if isinstance(check, str):
        check = FileCheck(check)
    for raw in workbook.open_sheets(path, check, limits, title):
        above: list[str] = []
        hm, next_row = _find_header(raw.rows, above)
        if hm is None:
            continue
        sheet = Sheet(raw.name, hm, raw.col_offset, iter(()), above=above)
        sheet.rows = _body(raw.rows, next_row, sheet)
        yield sheet


decode = workbook.decode
