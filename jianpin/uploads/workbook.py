"""Check a spreadsheet before any reader opens it; then read its rows.

Checks, cheapest first: size; magic bytes (a renamed PDF or picture is not a workbook); macros;
for .xlsx the zip's member count, declared and real uncompressed size and compression ratio
(zip bombs); DOCTYPE/ENTITY in any XML part (entity bombs); and each sheet parsed once with a
streaming XML parser (expat, entities never resolved, a DOCTYPE refused; see `SheetScan`): its
claimed <dimension> and the reference of every cell are bounded, whatever their quoting, so
the dense reader (calamine allocates rows × columns of the used extent, 32 bytes a cell) can
never be asked for more than `SheetLimits.dense_bytes`. Formula cells are noted, not refused.

.xls (BIFF) is opened first in a child process under a memory ceiling (the reader reserves
its cell table from the file's DIMENSIONS record, which a hostile file can set to billions of
rows), and read here only when every sheet fits the limits. CSV is read as a stream with
bounded rows, columns and field size.
"""
from __future__ import annotations

import codecs
import csv
import io
import itertools
import posixpath
import pyexpat
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import repeat
from operator import itemgetter
from pathlib import Path, PurePosixPath
from typing import IO, Any

from defusedxml import ElementTree

from jianpin.kernel.errors import DomainError
from jianpin.uploads.limits import SheetLimits

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP = b"PK\x03\x04"
XLS_MAX_CELLS = 65_536 * 256
_OTHER_MAGIC = {b"%PDF": "PDF 文档", b"\x89PNG": "PNG 图片", b"\xff\xd8\xff": "JPEG 图片",
                b"GIF8": "GIF 图片", b"MZ": "可执行程序", b"\x7fELF": "可执行程序",
                b"Rar!": "RAR 压缩包", b"7z\xbc\xaf": "7z 压缩包", b"\x1f\x8b": "gzip 压缩包",
                b"<html": "网页", b"<!DOC": "网页"}
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)   # prolog of non-sheet parts
_VBA_OLE = "_VBA_PROJECT".encode("utf-16-le")
_DIGITS = "0123456789"
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
ENTITY_MESSAGE = "工作簿含有 XML 实体声明（DOCTYPE/ENTITY），疑似恶意文件，已拒绝"
BOMB_MESSAGE = "工作簿解压后过大，疑似压缩炸弹或超出单次导入上限，已拒绝"


def reject(code: str, message: str) -> DomainError:
    return DomainError(code, message)


def column_name(n: int) -> str:
    out = ""
    while n:
        n, r = divmod(n - 1, 26)
        out = chr(65 + r) + out
    return out


_COLUMNS = {column_name(n): n for n in range(1, 16_385)}   # A … XFD
_BYTE_COLUMNS = {name.encode(): n for name, n in _COLUMNS.items()}
_DIGIT_BYTES = _DIGITS.encode()
_FIRST, _SECOND = itemgetter(0), itemgetter(1)


def _attr(attrs: list[str], key: str) -> str | None:
    """A value from expat's ordered attributes."""
    for i in range(0, len(attrs) - 1, 2):
        if attrs[i] == key:
            return attrs[i + 1]
    return None


@dataclass
class FileCheck:
    kind: str                                   # "xlsx", "xls" or "csv"
    formulas: list[tuple[str, str]] = field(default_factory=list)   # (sheet, cell)
    formula_count: int = 0
    extents: dict[str, tuple[int, int]] = field(default_factory=dict)  # sheet: (rows, columns)


def check_file(path: Path, name: str, limits: SheetLimits) -> FileCheck:
    """Return what the file is, or raise DomainError with a Chinese reason."""
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
        return _check_xlsx(path, limits)
    if head.startswith(OLE2):
        check = _check_xls(path)
        check.extents = _probe_xls(path, limits)
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


def _check_xls(path: Path) -> FileCheck:
    with path.open("rb") as fh:
        data = fh.read()
    if _VBA_OLE in data or b"_VBA_PROJECT" in data:
        raise reject("macro_file", "工作簿含有宏代码，已拒绝；请删除宏并另存为 .xlsx 后导入")
    if "EncryptionInfo".encode("utf-16-le") in data:
        raise reject("encrypted", "工作簿已加密，请取消密码后再导入")
    if "Workbook".encode("utf-16-le") not in data and "Book".encode("utf-16-le") not in data:
        raise reject("not_spreadsheet", "文件内容是 Office 文档，但不是 Excel 工作簿")
    return FileCheck("xls")


def _probe_xls(path: Path, limits: SheetLimits) -> dict[str, tuple[int, int]]:
    """Open a BIFF workbook first in a child process under a memory ceiling: the reader sizes
    its cell table from the file's own DIMENSIONS record, which a hostile file can set to
    billions of rows. Only a file whose sheets fit the limits is then opened here."""
    from jianpin.uploads.sandbox import SandboxError, run_limited

    try:
        out = run_limited("jianpin.uploads.workbook:xls_extents", path, {}, seconds=120,
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
    with _open_xls(path) as book:
        sheets = []
        for name in book.sheet_names:
            sheet = book.get_sheet_by_name(name)
            sheets.append([name, sheet.height, sheet.width])
    return {"sheets": sheets}


def _open_xls(path: Path) -> Any:
    """By content, not by name: an old .xls saved under a .xlsx name is still BIFF."""
    import python_calamine

    with path.open("rb") as fh:
        return python_calamine.CalamineWorkbook.from_filelike(fh)


def _check_xlsx(path: Path, limits: SheetLimits) -> FileCheck:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError):
        raise reject("bad_workbook", "文件已损坏，无法作为 Excel 工作簿打开") from None
    try:
        with zf:
            return _check_members(zf, limits)
    except (zipfile.BadZipFile, EOFError, OSError, zipfile.LargeZipFile, ValueError,
            NotImplementedError, RuntimeError):
        # a truncated or damaged member, an unsupported compression or an encrypted member
        raise reject("bad_workbook", "文件已损坏，无法作为 Excel 工作簿打开") from None


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
    budget = _Budget(limits.max_unzipped_bytes)
    cells = 0
    for info in infos:
        if is_sheet(info.filename):
            sheet = sheets.get(info.filename, info.filename)
            with zf.open(info) as raw:
                scan = SheetScan(sheet, limits, check)
                scan.run(_Metered(raw, budget))
            check.extents[sheet] = (scan.max_row, scan.max_col)
            cells += scan.cells
    for info in infos:
        if info.filename.lower().endswith("sharedstrings.xml"):
            with zf.open(info) as raw:
                _check_shared_strings(_Metered(raw, budget), cells)
    return check


def _count_si(stream: Any) -> int:
    """The shared strings (`si`, any prefix) in a part, streamed through expat as sheets are."""
    count = 0

    def start(name: str, attrs: list[str]) -> None:
        nonlocal count
        if name == "si" or name.endswith(":si"):
            count += 1

    def refuse(*args: Any) -> None:
        raise reject("xml_entity", ENTITY_MESSAGE)
    parser = pyexpat.ParserCreate()
    parser.ordered_attributes = True
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = start
    try:
        while chunk := stream.read(1 << 20):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except pyexpat.ExpatError:
        raise reject("bad_workbook", "文件已损坏，无法作为 Excel 工作簿打开") from None
    return count


SPARE_STRINGS = 10_000     # strings Excel keeps after their cells were deleted


def _check_shared_strings(stream: Any, cells: int) -> None:
    """The reader loads every shared string before any cell (about 54 bytes each even when
    empty): a workbook may hold no more distinct strings than it has cells to show them."""
    count = _count_si(stream)
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


class _Budget:
    def __init__(self, left: int) -> None:
        self.left = left


class _Metered:
    """A zip member stream that stops once the whole file has inflated past its budget:
    the declared sizes in the zip directory can lie."""

    def __init__(self, raw: IO[bytes], budget: _Budget) -> None:
        self.raw, self.budget = raw, budget

    def read(self, n: int = -1) -> bytes:
        data = self.raw.read(n if n and n > 0 else 1 << 20)
        self.budget.left -= len(data)
        if self.budget.left < 0:
            raise reject("zip_bomb", BOMB_MESSAGE)
        return data


class SheetScan:
    """One pass over a sheet's XML with expat, bounding what the dense reader would allocate.

    expat (C, streaming) tokenizes the XML; a DOCTYPE or entity declaration stops it, and an
    undeclared entity is an XML error, so nothing is ever expanded. The element handler is
    the only Python per element: it keeps each cell's attributes (`c`), notes which cells
    hold a value (`v`, `is`), and at each `row` checks the row before in bulk (`_cells`).
    Names are matched by local name, with any prefix, as the reader does. A cell anywhere
    after a row's start counts in that row (one between rows must carry that row's number);
    one before the first row is refused, as is a value outside any cell. A cell without a
    reference takes the next position, as calamine does; rows
    must ascend and a cell must sit in its own row (any Excel writer does this; a reader
    handed anything else could index outside what it allocated). expat's buffer holds one
    token at a time, and a row (or anything between rows) may not exceed `ROW_BYTES`."""

    ROW_BYTES = 64 * 1048576

    def __init__(self, sheet: str, limits: SheetLimits, check: FileCheck) -> None:
        self.sheet, self.limits, self.check = sheet, limits, check
        self.max_row = self.max_col = self.row = self.cells = 0
        self.row_at = 0                      # byte offset where the current row starts

    def run(self, stream: Any) -> None:
        # names come out of expat as these very strings, so comparing them is one pointer test
        parser = pyexpat.ParserCreate(intern={n: n for n in ("c", "v", "is", "t", "row")})
        parser.ordered_attributes = True     # [name, value, …]: cheaper than a dict
        parser.buffer_text = False
        parser.StartDoctypeDeclHandler = self._refuse_dtd
        parser.EntityDeclHandler = self._refuse_dtd
        cells: list[list[str]] = []          # the current row's cells, by their attributes
        marks: list[list[str]] = []          # those of them holding a value (<v> or <is>)
        add_cell, mark = cells.append, marks.append

        def start(name: str, attrs: list[str]) -> None:
            if name == "c":
                add_cell(attrs)
            elif name == "v" or name == "is":
                mark(cells[-1])              # IndexError: a value outside any cell
            elif name != "t":
                other(name, attrs)

        def other(name: str, attrs: list[str]) -> None:
            if name == "row":
                self._end_row(cells, marks)
                self._start_row(_attr(attrs, "r"), parser.CurrentByteIndex)
            elif name == "dimension":
                self._dimension(_attr(attrs, "ref") or "")
            elif name == "f":
                self._formula(_attr(cells[-1], "r") or "" if cells else "")
            elif ":" in name:                # x:c is a cell too: names match by local name
                start(name.rpartition(":")[2], attrs)

        parser.StartElementHandler = start
        fed = 0
        try:
            while chunk := stream.read(1 << 20):
                parser.Parse(chunk, False)
                fed += len(chunk)
                if fed - self.row_at > self.ROW_BYTES:
                    raise reject("bad_workbook", f"工作表「{self.sheet}」的一行超过 "
                                                 f"{self.ROW_BYTES // 1048576} MB，文件可能被篡改")
                if self.cells + len(cells) > self.limits.max_cells:
                    raise self._too_many()
            parser.Parse(b"", True)
        except (pyexpat.ExpatError, IndexError):
            raise reject("bad_workbook", f"工作表「{self.sheet}」的内容已损坏（XML 格式错误）") from None
        self._end_row(cells, marks)
        self._bound(self.max_row, self.max_col)

    def _refuse_dtd(self, *_args: Any) -> None:
        raise reject("xml_entity", ENTITY_MESSAGE)

    def _start_row(self, number: str | None, at: int) -> None:
        if number is None:
            n = self.row + 1
        elif number.isdigit() and len(number) <= 7:
            n = int(number)
        else:
            raise self._bad_ref(number)
        if n <= self.row:
            raise reject("bad_workbook", f"工作表「{self.sheet}」的行号顺序错误（第 {n} 行出现在"
                                         f"第 {self.row} 行之后），文件可能被篡改")
        self.row, self.row_at = n, at
        if n > self.limits.max_rows:
            self._bound(n, self.max_col)

    def _end_row(self, cells: list[list[str]], marks: list[list[str]]) -> None:
        """Check the row just read, then forget it; a cell before the first row is refused."""
        n = self.row
        if n == 0 and cells:
            raise self._bad_ref(_attr(cells[0], "r") or "c")
        self.cells += len(cells)
        if marks:
            try:                             # the usual case: r is each cell's first attribute
                plain = set(map(_FIRST, marks)) == {"r"}
            except IndexError:
                plain = False
            self._cells(list(map(_SECOND, marks)) if plain else self._positions(cells, marks, n),
                        n)
            self.max_row = n
            self._bound(n, self.max_col)
        if self.cells > self.limits.max_cells:
            raise self._too_many()
        cells.clear()
        marks.clear()

    def _dimension(self, ref: str) -> None:
        last = ref.split(":")[-1].strip().upper()
        letters = last.rstrip(_DIGITS)
        col = _COLUMNS.get(letters)
        digits = last[len(letters):]
        if col is None or not digits.isdigit() or len(digits) > 7:
            raise reject("bad_workbook", f"工作表「{self.sheet}」的区域声明无效（{ref[:40]}）")
        self._bound(int(digits), col, claimed=True)

    def _cells(self, refs: list[str], n: int) -> None:
        """Bound a row's valued cells. The usual row (every reference its column letters then
        the row's number) is checked on one joined byte string; any other goes the long way."""
        joined = "|".join(refs).encode("ascii", "replace")
        letters = joined.translate(None, _DIGIT_BYTES).split(b"|")
        number = str(n).encode()
        try:
            if len(letters) == len(refs) and (number + b"|").join(letters) + number == joined:
                widest = max(map(_BYTE_COLUMNS.__getitem__, letters))
            else:
                widest = self._widest(refs, n)
        except KeyError:
            widest = self._widest(refs, n)
        if widest > self.max_col:
            self.max_col = widest
            self._bound(n, widest)

    def _widest(self, refs: list[str], n: int) -> int:
        columns = set(map(str.rstrip, refs, repeat(_DIGITS)))
        rows = set(map(str.lstrip, refs, repeat(_LETTERS)))
        if rows != {str(n)}:
            for digits in rows:
                if not digits.isdigit() or int(digits) != n:
                    raise self._bad_ref(next(r for r in refs if r.lstrip(_LETTERS) == digits))
        try:
            return max(map(_COLUMNS.__getitem__, columns))
        except KeyError:
            raise self._bad_ref(next(r for r in refs if r.rstrip(_DIGITS) not in _COLUMNS)) \
                from None

    @staticmethod
    def _positions(cells: list[list[str]], marks: list[list[str]], n: int) -> list[str]:
        """References of the valued cells, giving an unreferenced cell the next column."""
        valued = set(map(id, marks))
        out, col = [], 0
        for attrs in cells:
            ref = _attr(attrs, "r")
            if ref is None:
                col += 1
                ref = f"{column_name(col)}{n}"
            else:
                col = _COLUMNS.get(ref.rstrip(_DIGITS), col + 1)
            if id(attrs) in valued:
                out.append(ref)
        return out

    def _formula(self, ref: str) -> None:
        self.check.formula_count += 1
        if len(self.check.formulas) < 20:
            self.check.formulas.append((self.sheet, ref))

    def _bound(self, rows: int, cols: int, claimed: bool = False) -> None:
        what = "声明的区域" if claimed else "的数据区域"
        if cols > self.limits.max_columns:
            raise reject("too_wide", f"工作表「{self.sheet}」{what}列数（{cols} 列，到 "
                                     f"{column_name(cols)} 列）超过上限 {self.limits.max_columns} 列，"
                                     "请删除多余的列后导入")
        if rows > self.limits.max_rows or rows * max(cols, 1) > self.limits.max_cells:
            raise reject("too_many_cells", f"工作表「{self.sheet}」{what}过大（约 {rows} 行 × "
                                           f"{cols} 列），超出单次导入上限，请删除空白行列或拆分文件")

    def _too_many(self) -> DomainError:
        return reject("too_many_cells", f"工作表「{self.sheet}」的单元格超过 "
                                        f"{self.limits.max_cells} 个，超出单次导入上限，请拆分文件")

    def _bad_ref(self, ref: str) -> DomainError:
        return reject("bad_workbook", f"工作表「{self.sheet}」含有无效的单元格引用（{ref[:20]}），"
                                      "文件可能被篡改")


# ---- reading -------------------------------------------------------------------------------

@dataclass
class RawSheet:
    name: str
    col_offset: int
    rows: Iterator[list[Any]]


def open_sheets(path: Path, check: FileCheck, limits: SheetLimits,
                title: str = "") -> Iterator[RawSheet]:
    """Every sheet's rows, after `check_file` passed: calamine for Excel, a stream for CSV."""
    if check.kind == "csv":
        yield RawSheet(title or path.stem, 0, csv_rows(path, limits))
        return
    import python_calamine

    try:
        book = _open_xls(path) if check.kind == "xls" else \
            python_calamine.CalamineWorkbook.from_path(str(path))
    except BaseException as exc:  # noqa: BLE001 - calamine errors, and Rust panics
        _reraise_control(exc)
        raise reject("bad_workbook", "无法读取工作簿（文件损坏或已加密）") from None
    with book:
        for name in book.sheet_names:
            try:
                raw = book.get_sheet_by_name(name)
            except BaseException as exc:  # noqa: BLE001
                _reraise_control(exc)
                raise reject("bad_workbook", f"无法读取工作表「{name}」") from None
            yield RawSheet(name, raw.start[1] if raw.start else 0, iter(raw.iter_rows()))


def _reraise_control(exc: BaseException) -> None:
    """A panic in the Rust reader arrives as a BaseException; interrupts must still pass."""
    if isinstance(exc, (KeyboardInterrupt, SystemExit, GeneratorExit)):
        raise exc


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) first, then GB18030 (a superset of GBK and GB2312)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030")
    except UnicodeDecodeError:
        raise reject("bad_encoding", "无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV") from None


CSV_CHUNK = 1 << 20


def csv_encoding(path: Path) -> str:
    """UTF-8 (with or without BOM) when the whole file decodes as UTF-8, else GB18030 (a
    superset of GBK and GB2312), as `decode` chooses; checked in chunks, never held whole."""
    for encoding in ("utf-8-sig", "gb18030"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with path.open("rb") as fh:
                while chunk := fh.read(CSV_CHUNK):
                    decoder.decode(chunk)
            decoder.decode(b"", True)
        except UnicodeDecodeError:
            continue
        return encoding
    raise reject("bad_encoding", "无法识别文件编码，请另存为 UTF-8 或 GBK 编码的 CSV")


def csv_rows(path: Path, limits: SheetLimits) -> Iterator[list[Any]]:
    """CSV rows with the same bounds as a sheet: rows, columns, cells and field size. The
    file is streamed: one pass settles the encoding, the second reads rows as they come."""
    encoding = csv_encoding(path)
    with path.open(encoding=encoding, newline="") as fh:
        yield from _csv_stream(fh, limits)


def _csv_stream(fh: io.TextIOBase, limits: SheetLimits) -> Iterator[list[Any]]:
    head = fh.read(8192)
    dialect: type[csv.Dialect] | csv.Dialect = csv.excel
    try:
        dialect = csv.Sniffer().sniff(head, delimiters=",\t;")
    except csv.Error:
        pass
    reader = csv.reader(itertools.chain(io.StringIO(head + fh.readline()), fh), dialect)
    cells = 0
    try:
        for number, row in enumerate(reader, 1):
            cells += len(row)
            if number > limits.max_rows or len(row) > limits.max_columns or \
                    cells > limits.max_cells:
                raise reject("too_many_cells", f"CSV 第 {number} 行超出上限（最多 "
                                               f"{limits.max_rows} 行、{limits.max_columns} 列），"
                                               "请拆分文件")
            yield row
    except csv.Error as exc:
        raise reject("bad_csv", f"CSV 格式错误（第 {reader.line_num} 行）：{exc}") from None
