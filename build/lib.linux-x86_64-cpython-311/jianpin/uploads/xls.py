"""Legacy .xls (BIFF): macros and encryption refused, then each sheet's extent measured in a
child process under a memory ceiling before the file is opened here."""
from __future__ import annotations

from pathlib import Path
from typing import Any

from jianpin.uploads.common import FileCheck, reject
from jianpin.uploads.limits import SheetLimits

_VBA_OLE = "_VBA_PROJECT".encode("utf-16-le")


def check_xls(path: Path) -> FileCheck:
    with path.open("rb") as fh:
        data = fh.read()
    if _VBA_OLE in data or b"_VBA_PROJECT" in data:
        raise reject("macro_file", "工作簿含有宏代码，已拒绝；请删除宏并另存为 .xlsx 后导入")
    if "EncryptionInfo".encode("utf-16-le") in data:
        raise reject("encrypted", "工作簿已加密，请取消密码后再导入")
    if "Workbook".encode("utf-16-le") not in data and "Book".encode("utf-16-le") not in data:
        raise reject("not_spreadsheet", "文件内容是 Office 文档，但不是 Excel 工作簿")
    return FileCheck("xls")


def probe_xls(path: Path, limits: SheetLimits) -> dict[str, tuple[int, int]]:
    """Open a BIFF workbook first in a child process under a memory ceiling: the reader sizes
    its cell table from the file's own DIMENSIONS record, which a hostile file can set to
    billions of rows. Only a file whose sheets fit the limits is then opened here."""
    from jianpin.uploads.sandbox import SandboxError, run_limited

    try:
        out = run_limited("jianpin.uploads.xls:xls_extents", path, {}, seconds=120,
                          memory_bytes=limits.dense_bytes + 512 * 1048576)
    except SandboxError as exc:
        if exc.code == "too_large":
            raise reject("too_many_cells", "工作簿声明的数据区域过大，读取所需内存超过上限，"
                                           "疑似恶意文件，已拒绝") from None
        raise reject("bad_workbook", "无法读取工作簿（文件损坏或已加密）") from None
    extents = {str(name): (int(h), int(w)) for name, h, w in out["sheets"]}
    for name, (rows, cols) in extents.items():
        if cols > limits.max_columns or rows > limits.max_rows or rows * cols > limits.max_cells:
            raise reject("too_many_cells", f"工作表「{name}」数据区域过大（{rows} 行 × {cols} 列），"
                                           "超出单次导入上限")
    return extents


def xls_extents(path: Path) -> dict[str, Any]:
    """The sandbox entry: each sheet's height and width as the reader sees them."""
    with open_xls(path) as book:
        sheets = []
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            sheets.append([name, sheet.height, sheet.width])
    return {"sheets": sheets}


def open_xls(path: Path) -> Any:
    """By content, not by name: an old .xls saved under a .xlsx name is still BIFF."""
    import python_calamine

    with path.open("rb") as fh:
        return python_calamine.CalamineWorkbook.from_filelike(fh)


