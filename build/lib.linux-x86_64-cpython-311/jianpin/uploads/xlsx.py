"""The .xlsx checks: the zip's directory (member count, declared sizes, compression ratios),
macros, entity declarations in the small parts, then each sheet's cells bounded (`canonical`,
falling back to `sheetscan`) while inflating against one budget, and the shared strings
bounded by the cells."""
from __future__ import annotations

import posixpath
import re
import zipfile
from pathlib import Path, PurePosixPath
from typing import IO

from defusedxml import ElementTree

from jianpin.uploads import canonical
from jianpin.uploads.canonical import Extent
from jianpin.uploads.common import (
    BAD_ZIP_MESSAGE,
    BOMB_MESSAGE,
    ENTITY_MESSAGE,
    FileCheck,
    reject,
)
from jianpin.uploads.limits import SheetLimits
from jianpin.uploads.sheetscan import SheetScan, count_si

_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)   # prolog of non-sheet parts


def check_xlsx(path: Path, limits: SheetLimits) -> FileCheck:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise reject("bad_workbook", BAD_ZIP_MESSAGE) from None
    try:
        with zf:
            return _check_members(zf, limits)
    except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile, ValueError,
            NotImplementedError, RuntimeError):
        # a truncated or damaged member, an unsupported compression or an encrypted member
        raise reject("bad_workbook", BAD_ZIP_MESSAGE) from None


def _check_members(zf: zipfile.ZipFile, limits: SheetLimits) -> FileCheck:
    infos = zf.infolist()
    _check_zip_shape(infos, limits)
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        what = "Word 文档" if "word/document.xml" in names else "压缩包或其他文件"
        raise reject("not_spreadsheet", f"文件内容是{what}，不是 Excel 工作簿")
    if any(n.lower().endswith("vbaproject.bin") for n in names) or \
            ("[Content_Types].xml" in names and
             b"macroenabled" in zf.read("[Content_Types].xml").lower()):
        raise reject("macro_file", "工作簿含有宏代码，已拒绝；请另存为 .xlsx（不启用宏）后导入")
    for info in infos:
        if info.filename.endswith((".xml", ".rels")) and \
                not info.filename.startswith("xl/worksheets/"):
            with zf.open(info) as fh:
                if _DTD.search(fh.read(65536)):
                    raise reject("xml_entity", ENTITY_MESSAGE)
    sheets = _sheet_names(zf)

    def is_sheet(part: str) -> bool:     # wherever the workbook points a sheet, and the usual place
        return part in sheets or (part.startswith("xl/worksheets/") and part.endswith(".xml"))
    check = FileCheck("xlsx")
    budget = Budget(limits.max_unzipped_bytes)
    cells = 0
    for info in infos:
        if is_sheet(info.filename):
            sheet = sheets.get(info.filename, info.filename)
            found = _scan_sheet(zf, info, sheet, limits, check, budget)
            check.extents[sheet] = (found.max_row, found.max_col)
            cells += found.cells
    for info in infos:
        if info.filename.lower().endswith("sharedstrings.xml"):
            _check_shared_strings(_count_strings(zf, info, budget), cells)
    return check


def _scan_sheet(zf: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str, limits: SheetLimits,
                check: FileCheck, budget: Budget) -> Extent | SheetScan:
    """The usual form in C-level passes (`canonical`); any other, and every refusal, by the
    element-by-element scan, which inflates the part again against the same budget."""
    left = budget.left
    with zf.open(info) as raw:
        found = canonical.scan(Metered(raw, budget), sheet, limits, check)
    if found is not None:
        return found
    budget.left = left
    with zf.open(info) as raw:
        scan = SheetScan(sheet, limits, check)
        scan.run(Metered(raw, budget))
    return scan


SPARE_STRINGS = 10_000     # strings Excel keeps after their cells were deleted


def _count_strings(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: Budget) -> int:
    """As sheets are: the usual form counted in C-level passes, any other by expat."""
    left = budget.left
    with zf.open(info) as raw:
        count = canonical.count_strings(Metered(raw, budget))
    if count is not None:
        return count
    budget.left = left
    with zf.open(info) as raw:
        return count_si(Metered(raw, budget))


def _check_shared_strings(count: int, cells: int) -> None:
    """The reader loads every shared string before any cell (about 54 bytes each even when
    empty): a workbook may hold no more distinct strings than it has cells to show them."""
    if count > cells + SPARE_STRINGS:
        raise reject("too_many_cells", f"工作簿的共享字符串（{count:,} 个）多于单元格（{cells:,} 个），"
                                       "文件可能被篡改，已拒绝")


def _check_zip_shape(infos: list[zipfile.ZipInfo], limits: SheetLimits) -> None:
    if len(infos) > limits.max_members:
        raise reject("zip_bomb", f"工作簿内部文件数异常（{len(infos)} 个），疑似恶意文件，已拒绝")
    total = sum(i.file_size for i in infos)
    if total > limits.max_unzipped_bytes:
        raise reject("zip_bomb", f"工作簿解压后过大（{total // 1048576} MB），"
                                 "疑似压缩炸弹或超出单次导入上限，已拒绝")
    for i in infos:
        if i.file_size > 1048576 and i.file_size > limits.max_ratio * max(i.compress_size, 1):
            raise reject("zip_bomb", "工作簿压缩比异常，疑似压缩炸弹，已拒绝")


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
                posixpath.normpath(str(PurePosixPath("xl") / target))
            out[part] = el.get("name", part)
    return out


class Budget:
    def __init__(self, left: int) -> None:
        self.left = left


class Metered:
    """A zip member stream that stops once the whole file has inflated past its budget:
    the declared sizes in the zip directory can lie."""

    def __init__(self, raw: IO[bytes], budget: Budget) -> None:
        self.raw, self.budget = raw, budget

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n if n and n > 0 else 1 << 20)
        self.budget.left -= len(data)
        if self.budget.left < 0:
            raise reject("zip_bomb", BOMB_MESSAGE)
        return data


