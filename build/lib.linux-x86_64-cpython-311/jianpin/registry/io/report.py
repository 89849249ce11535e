"""The downloadable error report: every problem, and the offending rows as they were uploaded."""
from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from jianpin.kernel.errors import DomainError
from jianpin.registry.io import read, security
from jianpin.registry.io.writer import XlsxOut

ERROR_HEADER = ["工作表", "行号", "列", "单元格内容", "错误代码", "错误说明"]
MAX_ROWS = 50000


def error_workbook(errors: list[dict[str, Any]], path: Path | None = None,
                   name: str = "") -> bytes:
    """Sheet 1 lists errors; sheet 2 (when the file is still at hand) repeats the bad rows."""
    buf = io.BytesIO()
    out = XlsxOut(buf)
    out.sheet("错误明细", ERROR_HEADER,
              ([e["sheet"], e["row"], e["column"], e["value"], e["code"], e["message"]]
               for e in errors[:MAX_ROWS]),
              widths={0: 14, 1: 8, 2: 16, 3: 24, 4: 22, 5: 60})
    if path is not None and path.is_file():
        try:
            _bad_rows(out, errors, path, name)
        except DomainError:
            pass                # an unreadable file still gets its list of errors

    out.close()
    return buf.getvalue()


def _bad_rows(out: XlsxOut, errors: list[dict[str, Any]], path: Path, name: str) -> None:
    reasons: dict[tuple[str, int], list[str]] = {}
    for e in errors:
        reasons.setdefault((e["sheet"], e["row"]), []).append(
            f"{e['column']}：{e['message']}" if e["column"] else e["message"])
    check = security.check_file(path, name)
    for sheet in read.open_sheets(path, check, name):
        header = ["原行号", "错误说明", *sheet.header.cells]
        rows = ([number, "；".join(reasons[(sheet.name, number)]), *cells]
                for number, cells in sheet.rows if (sheet.name, number) in reasons)
        out.sheet(f"出错的行-{sheet.name}"[:31], header, rows, widths={0: 8, 1: 60})
