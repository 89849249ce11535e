"""Refuse hostile files before any parser sees them.

Checks, cheapest first: size; magic bytes (a renamed PDF or picture is not a workbook);
macro-enabled content; for .xlsx the zip's member count, declared and real uncompressed size
and compression ratio (zip bombs); DOCTYPE/ENTITY in any XML part (entity bombs); and, while
streaming each sheet once, the extent of its valued cells (a dense reader must not be asked to
allocate a million rows by thousands of columns). Formula cells are noted, not refused.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from defusedxml import ElementTree
from django.conf import settings

from jianpin.kernel.errors import DomainError

MAX_FILE_BYTES: int = settings.IMPORT_MAX_FILE_BYTES
MAX_UNZIPPED_BYTES: int = settings.IMPORT_MAX_UNZIPPED_BYTES
MAX_CELLS: int = settings.IMPORT_MAX_CELLS
MAX_MEMBERS = 5000
MAX_RATIO = 300
MAX_COLUMN = "IV"   # 256 columns: the monitoring system's full export has 170+
CHUNK = 4 * 1024 * 1024

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
_OTHER_MAGIC = {b"%PDF": "PDF 文档", b"\x89PNG": "PNG 图片", b"\xff\xd8\xff": "JPEG 图片",
                b"GIF8": "GIF 图片", b"MZ": "可执行程序", b"\x7fELF": "可执行程序",
                b"Rar!": "RAR 压缩包", b"7z\xbc\xaf": "7z 压缩包", b"\x1f\x8b": "gzip 压缩包",
                b"<html": "网页", b"<!DOC": "网页"}
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)
_WIDE = re.compile(rb' r="(?:[J-Z][A-Z]|I[W-Z]|[A-Z]{3})[0-9]')
_ROW = re.compile(rb'<row[^>]*? r="([0-9]+)"')
_CELL = re.compile(rb'<c[^>]*? r="([A-Z]+)[0-9]+"')
_CELL_ANY = re.compile(rb'<c r="([A-Z]{1,3})[0-9]')
_FORMULA_REF = re.compile(rb'<c[^>]*? r="([A-Z]+[0-9]+)"[^>]*>\s*<f[ >/]')
_VBA_OLE = "_VBA_PROJECT".encode("utf-16-le")


def reject(code: str, message: str) -> DomainError:
    return DomainError(code, message)


@dataclass
class FileCheck:
    kind: str                                   # "xlsx", "xls" or "csv"
    formulas: list[tuple[str, str]] = field(default_factory=list)   # (sheet, cell)
    formula_count: int = 0


def check_file(path: Path, name: str = "") -> FileCheck:
    """Return what the file is, or raise DomainError with a Chinese reason."""
    name = (name or path.name).lower()
    size = path.stat().st_size
    if size == 0:
        raise reject("empty_file", "文件是空的")
    if size > MAX_FILE_BYTES:
        raise reject("file_too_large", f"文件过大（{size // 1048576} MB），单次导入上限为 "
                                       f"{MAX_FILE_BYTES // 1048576} MB，请拆分后导入")
    if name.endswith((".xlsm", ".xltm", ".xlsb", ".xlam")):
        raise reject("macro_file", "不接受启用宏的工作簿（.xlsm 等），请另存为 .xlsx 后导入")
    with path.open("rb") as fh:
        head = fh.read(8)
    if head.startswith(ZIP):
        return _check_xlsx(path)
    if head.startswith(OLE2):
        return _check_xls(path)
    for magic, what in _OTHER_MAGIC.items():
        if head.lower().startswith(magic.lower()):
            raise reject("not_spreadsheet", f"文件内容是{what}，不是 Excel 或 CSV 表格")
    if not name.endswith((".csv", ".txt")):
        raise reject("not_spreadsheet", "文件内容不是 Excel 工作簿（扩展名与内容不符），"
                                        "请上传 .xlsx、.xls 或 .csv 文件")
    _check_text(path)
    return FileCheck("csv")


def _check_text(path: Path) -> None:
    with path.open("rb") as fh:
        sample = fh.read(65536)
    if b"\x00" in sample:
        raise reject("not_spreadsheet", "文件含有二进制内容，不是 CSV 文本表格")


def _check_xls(path: Path) -> FileCheck:
    with path.open("rb") as fh:
        data = fh.read()
    if _VBA_OLE in data or b"_VBA_PROJECT" in data:
        raise reject("macro_file", "工作簿含有宏代码，已拒绝；请删除宏并另存为 .xlsx 后导入")
    if "EncryptionInfo".encode("utf-16-le") in data:
        raise reject("encrypted", "工作簿已加密，请取消密码后再导入")
    return FileCheck("xls")


def _check_xlsx(path: Path) -> FileCheck:
    try:
        zf = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raise reject("bad_workbook", "文件已损坏，无法作为 Excel 工作簿打开") from None
    with zf:
        infos = zf.infolist()
        _check_zip_shape(infos)
        names = {i.filename for i in infos}
        if "xl/workbook.xml" not in names:
            what = "Word 文档" if "word/document.xml" in names else "压缩包或其他文件"
            raise reject("not_spreadsheet", f"文件内容是{what}，不是 Excel 工作簿")
        if any(n.lower().endswith("vbaproject.bin") for n in names) or \
                b"macroenabled" in zf.read("[Content_Types].xml").lower():
            raise reject("macro_file", "工作簿含有宏代码，已拒绝；请另存为 .xlsx（不启用宏）后导入")
        for info in infos:
            if info.filename.endswith((".xml", ".rels")) and \
                    not info.filename.startswith("xl/worksheets/"):
                _check_prolog(zf, info)
        sheets = _sheet_names(zf)
        check = FileCheck("xlsx")
        budget = [MAX_UNZIPPED_BYTES]
        for info in infos:
            if info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml"):
                _scan_sheet(zf, info, sheets.get(info.filename, info.filename), check, budget)
        return check


def _check_zip_shape(infos: list[zipfile.ZipInfo]) -> None:
    if len(infos) > MAX_MEMBERS:
        raise reject("zip_bomb", f"工作簿内部文件数异常（{len(infos)} 个），疑似恶意文件，已拒绝")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNZIPPED_BYTES:
        raise reject("zip_bomb", f"工作簿解压后过大（{total // 1048576} MB），"
                                 "疑似压缩炸弹或超出单次导入上限，已拒绝")
    for i in infos:
        if i.file_size > 1048576 and i.file_size > MAX_RATIO * max(i.compress_size, 1):
            raise reject("zip_bomb", "工作簿压缩比异常，疑似压缩炸弹，已拒绝")


def _check_prolog(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    with zf.open(info) as fh:
        head = fh.read(65536)
    if _DTD.search(head):
        raise reject("xml_entity", "工作簿含有 XML 实体声明（DOCTYPE/ENTITY），疑似恶意文件，已拒绝")


def _sheet_names(zf: zipfile.ZipFile) -> dict[str, str]:
    """Map worksheet part names to the sheet names users see."""
    try:
        book = ElementTree.fromstring(zf.read("xl/workbook.xml"))
        rels = ElementTree.fromstring(zf.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # noqa: BLE001 - defusedxml refusals and broken XML alike
        raise reject("bad_workbook", "工作簿结构无法识别（workbook.xml 损坏或含实体声明）") from None
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    out = {}
    for el in book.iter():
        if el.tag.endswith("}sheet"):
            rid = next((v for k, v in el.attrib.items() if k.endswith("}id")), None)
            target = targets.get(rid, "")
            part = target.lstrip("/") if target.startswith("/") else \
                str(PurePosixPath("xl") / target)
            out[part] = el.get("name", part)
    return out


def _scan_sheet(zf: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str, check: FileCheck,
                budget: list[int]) -> None:
    max_row, max_col, first = 0, 0, True
    with zf.open(info) as fh:
        tail = b""
        while chunk := fh.read(CHUNK):
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise reject("zip_bomb", "工作簿解压后过大，疑似压缩炸弹或超出单次导入上限，已拒绝")
            data = tail + chunk
            # "!" and "f" are rare in cell XML: one memchr pass each rules out most chunks
            # before the slower searches for "<!ENTITY" and formula tags.
            if (first and _DTD.search(data[:65536])) or (
                    data.find(b"!") >= 0 and b"<!ENTITY" in data):
                raise reject("xml_entity", "工作簿含有 XML 实体声明（DOCTYPE/ENTITY），疑似恶意文件，已拒绝")
            if first:   # the header and first rows give the sheet's real width
                max_col = max((_col_number(m.group(1).decode()) for m in _CELL_ANY.finditer(data)),
                              default=0)
            first = False
            if _WIDE.search(data):
                raise reject("too_wide", f"工作表「{sheet}」的列数超过 {MAX_COLUMN} 列，"
                                         "不是农户信息表，请删除多余的列后导入")
            max_row, max_col = _extent(data, max_row, max_col)
            _note_formulas(data, sheet, check)
            tail = data[-64:]
    if max_row * max(max_col, 1) > MAX_CELLS:
        raise reject("too_many_cells", f"工作表「{sheet}」的数据区域过大（约 {max_row} 行 × "
                                       f"{max_col} 列），超出单次导入上限，请删除空白行列或拆分文件")


def _extent(data: bytes, max_row: int, max_col: int) -> tuple[int, int]:
    """Raise the row/column extent by the last valued cell in this chunk."""
    last = max(data.rfind(b"</v>"), data.rfind(b"</is>"))
    if last < 0:
        return max_row, max_col
    row_at = data.rfind(b"<row", 0, last)
    if row_at >= 0 and (m := _ROW.match(data, row_at)):
        max_row = max(max_row, int(m.group(1)))
    cell_at = data.rfind(b"<c ", 0, last)
    if cell_at >= 0 and (m := _CELL.match(data, cell_at)):
        max_col = max(max_col, _col_number(m.group(1).decode()))
    return max_row, max_col


def _col_number(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _note_formulas(data: bytes, sheet: str, check: FileCheck) -> None:
    if data.find(b"f") < 0 or b"<f" not in data:    # the usual sheet has no formulas
        return
    n = data.count(b"<f>") + data.count(b"<f ") + data.count(b"<f/")
    if not n:
        return
    check.formula_count += n
    if len(check.formulas) < 20:
        for m in _FORMULA_REF.finditer(data):
            check.formulas.append((sheet, m.group(1).decode()))
            if len(check.formulas) >= 20:
                break
