"""Check a spreadsheet before any reader opens it; then read its rows.

Checks, cheapest first: size; magic bytes (a renamed PDF or picture is not a workbook); macros;
then by kind. For .xlsx (`xlsx`): the zip's member count, declared and real uncompressed size
and compression ratio (zip bombs); DOCTYPE/ENTITY in any XML part (entity bombs); and each
sheet's claimed <dimension> and the reference of every cell bounded, so that the dense reader
(calamine allocates rows × columns of the used extent, 32 bytes a cell) can never be asked for
more than `SheetLimits.dense_bytes`. A sheet in the form every spreadsheet program writes is
checked by `canonical` in a few C-level passes; any other form by `sheetscan.SheetScan`, a
streaming XML parser (expat, entities never resolved, a DOCTYPE refused), which also gives every
refusal its reason. Formula cells are noted, not refused.

.xls (BIFF, `xls`) is opened first in a child process under a memory ceiling (the reader
reserves its cell table from the file's DIMENSIONS record, which a hostile file can set to
billions of rows), and read here only when every sheet fits the limits. CSV (`csvfile`) is read
as a stream with bounded rows, columns and field size.
"""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from jianpin.uploads import xlsxread
from jianpin.uploads.common import (
    OLE2,
    ZIP,
    FileCheck,
    RawSheet,
    column_name,
    reject,
    reraise_control,
)
from jianpin.uploads.csvfile import csv_encoding, csv_rows, decode
from jianpin.uploads.limits import SheetLimits
from jianpin.uploads.sheetscan import SheetScan
from jianpin.uploads.xls import check_xls, open_xls, probe_xls, xls_extents
from jianpin.uploads.xlsx import check_xlsx

__all__ = ["OLE2", "FileCheck", "RawSheet", "SheetScan", "check_file", "column_name",
           "csv_encoding", "csv_rows", "decode", "open_sheets", "reject", "xls_extents"]

_OTHER_MAGIC = {b"%PDF": "PDF 文档", b"\x89PNG": "PNG 图片", b"\xff\xd8\xff": "JPEG 图片",
                b"GIF8": "GIF 图片", b"MZ": "可执行程序", b"\x7fELF": "可执行程序",
                b"Rar!": "RAR 压缩包", b"7z\xbc\xaf": "7z 压缩包", b"\x1f\x8b": "gzip 压缩包",
                b"<html": "网页", b"<!DOC": "网页"}


def check_file(path: Path, name: str, limits: SheetLimits, read: bool = False) -> FileCheck:
    """Return what the file is, or raise DomainError with a Chinese reason. With `read`, an
    .xlsx is checked and read in one compiled pass where it can be (`xlsxread`): its rows come
    with the check (`FileCheck.sheets`, handed over by `open_sheets`)."""
    name = (name or path.name).lower()
    size = path.stat().st_size
    if size == 0:
        raise reject("empty_file", "文件是空的")
    if size > limits.max_file_bytes:
        raise reject("file_too_large", f"文件过大（{size // 1048576} MB），单次导入上限为 "
                                       f"{limits.max_file_bytes // 1048576} MB，请拆分后导入")
    if name.endswith((".xlsm", ".xltm", ".xlsb", ".xlam")):
        raise reject("macro_file", "不接受启用宏的工作簿（.xlsm 等），请另存为 .xlsx 后导入")
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(ZIP):
        if read and limits.compiled_read != "off":
            done = xlsxread.read_xlsx(path, limits)
            if done is not None:
                if limits.compiled_read == "verify":
                    done = xlsxread.verified(path, limits, *done)
                check, done_sheets = done
                check.sheets = done_sheets
                return check
        return check_xlsx(path, limits)
    if head.startswith(OLE2):
        check = check_xls(path)
        check.extents = probe_xls(path, limits)
        return check
    for magic, what in _OTHER_MAGIC.items():
        if head.lower().startswith(magic.lower()):
            raise reject("not_spreadsheet", f"文件内容是{what}，不是 Excel 或 CSV 表格")
    if not name.endswith((".csv", ".txt")):
        raise reject("not_spreadsheet", "文件内容不是 Excel 工作簿（扩展名与内容不符），"
                                        "请上传 .xlsx、.xls 或 .csv 文件")
    with path.open("rb") as fh:
        if b"\x00" in fh.read(65536):
            raise reject("not_spreadsheet", "文件含有二进制内容，不是 CSV 文本表格")
    return FileCheck("csv")


def open_sheets(path: Path, check: FileCheck, limits: SheetLimits,
                title: str = "") -> Iterator[RawSheet]:
    """Every sheet's rows, after `check_file` passed: those read with the check, else calamine
    for Excel, a stream for CSV."""
    if check.sheets is not None:
        sheets, check.sheets = check.sheets, None
        yield from sheets
        return
    if check.kind == "csv":
        yield RawSheet(title or path.stem, 0, csv_rows(path, limits))
        return
    import python_calamine

    try:
        book = open_xls(path) if check.kind == "xls" else \
            python_calamine.CalamineWorkbook.from_path(str(path))
    except BaseException as exc:  # noqa: BLE001 - calamine errors, and Rust panics
        reraise_control(exc)
        raise reject("bad_workbook", "无法读取工作簿（文件损坏或已加密）") from None
    with book:
        for name in book.sheet_names:
            try:
                raw = book.get_sheet_by_name(name)
            except BaseException as exc:  # noqa: BLE001
                reraise_control(exc)
                raise reject("bad_workbook", f"无法读取工作表「{name}」") from None
            yield RawSheet(name, raw.start[1] if raw.start else 0, _rows(name, raw))


def _rows(name: str, raw: Any) -> Iterator[list[Any]]:
    """calamine's rows; a value it cannot convert (a date cell whose serial number lies beyond
    any calendar, which Python's datetime refuses) refuses the sheet instead of failing the
    request."""
    rows = iter(raw.iter_rows())
    number = (raw.start[0] if raw.start else 0) + 1
    while True:
        try:
            cells = next(rows)
        except StopIteration:
            return
        except BaseException as exc:  # noqa: BLE001 - conversion errors, and Rust panics
            reraise_control(exc)
            raise reject("bad_workbook", f"工作表「{name}」第 {number} 行有无法读取的值"
                                         "（日期或数值超出范围），请检查后重新导入") from None
        yield cells
        number += 1
