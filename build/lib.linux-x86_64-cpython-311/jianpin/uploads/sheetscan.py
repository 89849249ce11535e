"""The streaming check of one sheet's XML (expat): every element seen, any form of XML.

See `SheetScan`; `canonical` checks the usual form of a sheet faster and hands anything else
to this one.
"""
from __future__ import annotations

import pyexpat
from itertools import repeat
from typing import Any

from jianpin.kernel.errors import DomainError
from jianpin.uploads.common import (
    BAD_ZIP_MESSAGE,
    BYTE_COLUMNS,
    COLUMNS,
    DIGIT_BYTES,
    DIGITS,
    ENTITY_MESSAGE,
    FIRST,
    LETTERS,
    SECOND,
    FileCheck,
    attr,
    column_name,
    reject,
)
from jianpin.uploads.limits import SheetLimits


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
                self._start_row(attr(attrs, "r"), parser.CurrentByteIndex)
            elif name == "dimension":
                self._dimension(attr(attrs, "ref") or "")
            elif name == "f":
                self._formula(attr(cells[-1], "r") or "" if cells else "")
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
            raise self._bad_ref(attr(cells[0], "r") or "c")
        self.cells += len(cells)
        if marks:
            try:                             # the usual case: r is each cell's first attribute
                plain = set(map(FIRST, marks)) == {"r"}
            except IndexError:
                plain = False
            self._cells(list(map(SECOND, marks)) if plain else self._positions(cells, marks, n),
                        n)
            self.max_row = n
            self._bound(n, self.max_col)
        if self.cells > self.limits.max_cells:
            raise self._too_many()
        cells.clear()
        marks.clear()

    def _dimension(self, ref: str) -> None:
        last = ref.split(":")[-1].strip().upper()
        letters = last.rstrip(DIGITS)
        col = COLUMNS.get(letters)
        digits = last[len(letters):]
        if col is None or not digits.isdigit() or len(digits) > 7:
            raise reject("bad_workbook", f"工作表「{self.sheet}」的区域声明无效（{ref[:40]}）")
        self._bound(int(digits), col, claimed=True)

    def _cells(self, refs: list[str], n: int) -> None:
        """Bound a row's valued cells. The usual row (every reference its column letters then
        the row's number) is checked on one joined byte string; any other goes the long way."""
        joined = "|".join(refs).encode("ascii", "replace")
        letters = joined.translate(None, DIGIT_BYTES).split(b"|")
        number = str(n).encode()
        try:
            if len(letters) == len(refs) and (number + b"|").join(letters) + number == joined:
                widest = max(map(BYTE_COLUMNS.__getitem__, letters))
            else:
                widest = self._widest(refs, n)
        except KeyError:
            widest = self._widest(refs, n)
        if widest > self.max_col:
            self.max_col = widest
            self._bound(n, widest)

    def _widest(self, refs: list[str], n: int) -> int:
        columns = set(map(str.rstrip, refs, repeat(DIGITS)))
        rows = set(map(str.lstrip, refs, repeat(LETTERS)))
        if rows != {str(n)}:
            for digits in rows:
                if not digits.isdigit() or int(digits) != n:
                    raise self._bad_ref(next(r for r in refs if r.lstrip(LETTERS) == digits))
        try:
            return max(map(COLUMNS.__getitem__, columns))
        except KeyError:
            raise self._bad_ref(next(r for r in refs if r.rstrip(DIGITS) not in COLUMNS)) \
                from None

    @staticmethod
    def _positions(cells: list[list[str]], marks: list[list[str]], n: int) -> list[str]:
        """References of the valued cells, giving an unreferenced cell the next column."""
        valued = set(map(id, marks))
        out, col = [], 0
        for attrs in cells:
            ref = attr(attrs, "r")
            if ref is None:
                col += 1
                ref = f"{column_name(col)}{n}"
            else:
                col = COLUMNS.get(ref.rstrip(DIGITS), col + 1)
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


def count_si(stream: Any) -> int:
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
        raise reject("bad_workbook", BAD_ZIP_MESSAGE) from None
    return count
