"""Read sheets as (row number, cells) after the header row, for .xlsx, .xls and .csv files.

Row numbers are the 1-based numbers the user sees in Excel, title rows above the header
counted. Reading stops after EMPTY_RUN consecutive empty rows, so a sheet padded with a
million blank rows ends quickly.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine

from jianpin.kernel.errors import DomainError
from jianpin.registry.io import headers
from jianpin.registry.io.headers import HeaderMap

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


def _is_empty(cells: list[Any]) -> bool:
    first = cells[0] if cells else ""
    if first.__class__ is not str or (first and not first.isspace()):
        return False
    return all(c is None or c == "" or (isinstance(c, str) and not c.strip()) for c in cells)


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


def _find_header(rows: Iterator[list[Any]]) -> tuple[HeaderMap | None, int]:
    """Consume rows until the header; return it and the 1-based number of the next row."""
    for number in range(1, HEADER_SCAN + 1):
        cells = next(rows, None)
        if cells is None:
            return None, number
        if headers.score(cells) >= MIN_HEADER_SCORE:
            return headers.build(list(cells), number), number + 1
    return None, HEADER_SCAN + 1


def open_sheets(path: Path, kind: str, name: str = "") -> Iterator[Sheet]:
    """Yield every sheet that has a recognisable header row."""
    if kind == "csv":
        yield from _csv_sheets(path, Path(name).stem if name else path.stem)
        return
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # noqa: BLE001 - calamine raises several error types
        raise DomainError("bad_workbook",
                          f"无法读取工作簿（文件损坏或已加密）：{type(exc).__name__}") from None
    with book:
        for name in book.sheet_names:
            try:
                raw = book.get_sheet_by_name(name)
            except Exception:  # noqa: BLE001
                raise DomainError("bad_workbook", f"无法读取工作表「{name}」") from None
            rows = iter(raw.iter_rows())
            hm, next_row = _find_header(rows)
            if hm is None:
                continue
            sheet = Sheet(name, hm, raw.start[1], iter(()))
            sheet.rows = _body(rows, next_row, sheet)
            yield sheet


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK and GB2312)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise DomainError("bad_encoding", "无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV") from None


def _csv_sheets(path: Path, title: str) -> Iterator[Sheet]:
    text = decode(path.read_bytes())
    dialect: type[csv.Dialect] | csv.Dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(text[:8192], delimiters=",\t;")
    except csv.Error:
        pass
    rows = iter(csv.reader(io.StringIO(text), dialect))
    hm, next_row = _find_header(rows)
    if hm is None:
        return
    sheet = Sheet(title, hm, 0, iter(()))
    sheet.rows = _body(rows, next_row, sheet)
    yield sheet
