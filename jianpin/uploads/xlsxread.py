"""The .xlsx check and read in one compiled pass (`_xlsxc`), for the household import.

The zip's shape, macros and the small parts are checked as `xlsx.check_xlsx` checks them (the
same functions); then each sheet is inflated 1 MB at a time against the same budget (by ISA-L
when `isal` is installed, `inflate`) and its
rows, cut into whole-row segments, go through `_xlsxc.scan_rows`, which bounds the rows,
columns and cells as the check does, counts and notes formulas as it does, and keeps each
valued cell as a 16-byte record (a block per segment). The blocks become the rows calamine
would give (numbers as floats, dates by the number formats of `styles.xml`, shared and inline
strings, booleans, a formula's cached result, ISO dates, error cells and empty cells as "")
only when the import reaches them (`_rows`), so the whole sheet is never held as lists. What
lies around the rows (the declared dimension among it) goes through `SheetScan` itself, as in
`canonical`.

`read_xlsx` only ever accepts: a workbook in any other form, one over a limit, damaged or
hostile, gives None, and the caller checks and reads it the old way (`xlsx.check_xlsx`, then
calamine), which refuses with the reason it always gave. A 1904-based workbook, a date value
out of the plain range, a number format whose reading is uncertain, an ISO date in a looser
form: None as well.
"""
from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from defusedxml import ElementTree

from jianpin.uploads import canonical, xlsx
from jianpin.uploads.common import FileCheck, RawSheet, column_name
from jianpin.uploads.inflate import open_member
from jianpin.uploads.limits import MB, SheetLimits
from jianpin.uploads.numfmt import style_kinds
from jianpin.uploads.sheetscan import SheetScan, count_si

try:
    from jianpin.uploads import _xlsxc
except ImportError:          # not built: every workbook goes the old way
    _xlsxc = None  # type: ignore[assignment]

STRINGS_MOST = 64 * MB       # a shared-strings part larger than this goes the old way
STRINGS = "xl/sharedStrings.xml"
READ = 1 << 20
MOST_FORMULAS = 20           # where the first formulas are, as `SheetScan` notes them
Found = list[tuple[bytes, int, int]]     # (block of records, lowest and highest column) per segment


def available() -> bool:
    return _xlsxc is not None


def verified(path: Path, limits: SheetLimits, check: FileCheck,
             sheets: list[RawSheet]) -> tuple[FileCheck, list[RawSheet]]:
    """The `verify` mode (`UPLOAD_LIMITS["compiled_read"]`, for trials and tests): the file is
    also checked and read the old way, and any difference in the findings or in a single value
    (its type, and its repr, so -0.0 is not 0.0) raises ReadMismatch."""
    from jianpin.uploads.workbook import open_sheets

    old = xlsx.check_xlsx(path, limits)
    if (old.extents, old.formula_count, old.formulas) != (
            check.extents, check.formula_count, check.formulas):
        raise ReadMismatch(f"check: {old.extents} != {check.extents}")
    mine = [(s.name, s.col_offset, list(s.rows)) for s in sheets]
    theirs = [(s.name, s.col_offset, list(s.rows)) for s in open_sheets(path, old, limits)]
    if _typed(mine) != _typed(theirs):
        raise ReadMismatch(f"rows differ: {_first_difference(mine, theirs)}")
    return check, [RawSheet(name, offset, iter(rows)) for name, offset, rows in mine]


class ReadMismatch(RuntimeError):
    pass


class OldWay(Exception):
    """Not in the form the compiled pass reads: check and read the old way."""


def _typed(sheets: list[tuple[str, int, list[list[Any]]]]) -> list[Any]:
    return [(name, offset, [[(type(v).__name__, repr(v)) for v in row] for row in rows])
            for name, offset, rows in sheets]


def _first_difference(mine: list[Any], theirs: list[Any]) -> str:
    if [m[:2] for m in mine] != [t[:2] for t in theirs]:
        return f"sheets {[m[:2] for m in mine]} != {[t[:2] for t in theirs]}"
    for (name, _, a), (_, _, b) in zip(mine, theirs, strict=False):
        for i, (x, y) in enumerate(zip(a, b, strict=False)):
            if _typed([("", 0, [x])]) != _typed([("", 0, [y])]):
                return f"{name} row {i}: {x!r} != {y!r}"
        if len(a) != len(b):
            return f"{name}: {len(a)} rows != {len(b)}"
    return "?"


def read_xlsx(path: Path, limits: SheetLimits) -> tuple[FileCheck, list[RawSheet]] | None:
    """The check's findings and every sheet's rows, or None: check and read the old way."""
    if _xlsxc is None:
        return None
    try:
        with zipfile.ZipFile(path) as zf:
            return _read(zf, limits)
    except Exception:  # noqa: BLE001 - any damage or refusal: the old path decides and says why
        return None


def _read(zf: zipfile.ZipFile, limits: SheetLimits) -> tuple[FileCheck, list[RawSheet]] | None:
    infos = zf.infolist()
    xlsx._check_zip_shape(infos, limits)
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names or any(
            n.lower().endswith("vbaproject.bin") for n in names):
        return None
    for info in infos:
        if info.filename.endswith((".xml", ".rels")) and \
                not info.filename.startswith("xl/worksheets/"):
            with zf.open(info) as fh:
                head = fh.read(65536)
            if xlsx._DTD.search(head) or (info.filename == "[Content_Types].xml" and
                                          b"macroenabled" in zf.read(info).lower()):
                return None
    if b"date1904" in zf.read("xl/workbook.xml"):
        return None
    sheets = xlsx._sheet_names(zf)
    if any(not part.startswith("xl/worksheets/") or part not in names for part in sheets) or \
            len(set(sheets.values())) != len(sheets):
        return None
    budget = xlsx.Budget(limits.max_unzipped_bytes)
    kinds = _kinds(zf, names)
    strings = _strings(zf, infos, budget)
    if kinds is None:
        return None
    check = FileCheck("xlsx")
    found: dict[str, Found] = {}
    cells = 0
    for info in infos:
        part = info.filename
        if part in sheets or (part.startswith("xl/worksheets/") and part.endswith(".xml")):
            sheet = sheets.get(part, part)
            got = _sheet(zf, info, sheet, limits, check, budget, kinds, strings)
            if got is None:
                return None
            (_, count, max_row, max_col), rows = got
            check.extents[sheet] = (max_row, max_col)
            cells += count
            if part in sheets:
                found[part] = rows
    if strings is not None and len(strings[2]) > cells + xlsx.SPARE_STRINGS:
        return None
    return check, [RawSheet(name, *_shape(found[part], strings))
                   for part, name in sheets.items()]


def _kinds(zf: zipfile.ZipFile, names: set[str]) -> bytes | None:
    """Each cell style's reading of a number (`numfmt`), or None: go the old way."""
    if "xl/styles.xml" not in names:
        return b""
    try:
        root = ElementTree.fromstring(zf.read("xl/styles.xml"))
    except Exception:  # noqa: BLE001 - damaged or hostile: the old way
        return None
    return style_kinds(root)


def _strings(zf: zipfile.ZipFile, infos: list[zipfile.ZipInfo],
             budget: xlsx.Budget) -> tuple[bytes, bytes, list[Any]] | None:
    """The shared strings as (body, index, cache): indexed now, decoded when a cell first uses
    one; None: the workbook has none. Not in the usual form: OldWay."""
    parts = [i for i in infos if i.filename.lower().endswith("sharedstrings.xml")]
    if not parts:
        return None
    if len(parts) > 1 or parts[0].filename != STRINGS or parts[0].file_size > STRINGS_MOST:
        raise OldWay
    data = b""
    with open_member(zf, parts[0]) as raw:
        metered = xlsx.Metered(raw, budget)
        while chunk := metered.read(1 << 20):
            data += chunk
            if len(data) > STRINGS_MOST:
                raise OldWay
    start, end = data.find(b"<si>"), data.rfind(b"</sst>")
    if end < 0:
        raise OldWay
    if start < 0 or start > end:
        start = end
    head, body, tail = data[:start], data[start:end], data[end:]
    if not canonical._plain(head, b"", canonical._OUTSIDE_STRINGS) or \
            canonical._OUTSIDE_STRINGS.search(tail) or count_si(io.BytesIO(head + tail)) != 0:
        raise OldWay
    index = _xlsxc.index_strings(body)
    if index is None:
        raise OldWay
    return body, index, [None] * (len(index) // 8)


def _sheet(zf: zipfile.ZipFile, info: zipfile.ZipInfo, sheet: str, limits: SheetLimits,
           check: FileCheck, budget: xlsx.Budget, kinds: bytes,
           strings: tuple[bytes, bytes, list[Any]] | None) -> tuple[
               tuple[int, int, int, int], Found] | None:
    if info.file_size < READ:
        data = zf.read(info)
        budget.left -= len(data)
        if b"<sheetData/>" in data and canonical.OPEN not in data:    # a sheet without rows
            SheetScan(sheet, limits, check).run(io.BytesIO(data))
            return (0, 0, 0, 0), []
    state = (0, 0, 0, 0)        # last row, cells, last valued row, widest valued column
    bounds = (limits.max_rows, limits.max_columns, limits.max_cells)
    rows: Found = []

    def body(seg: bytes) -> bool:
        nonlocal state
        got = _xlsxc.scan_rows(seg, state, bounds, kinds, strings)
        if got is None:
            return False
        state, block, (low, high), formulas, refs = got
        if block is not None:
            rows.append((block, low, high))
        if formulas:
            check.formula_count += formulas
            check.formulas += [(sheet, f"{column_name(col)}{row}")
                               for row, col in refs[:MOST_FORMULAS - len(check.formulas)]]
        return True

    def head_end(buf: bytes) -> int:
        at = buf.find(canonical.OPEN)
        return at if at < 0 else at + len(canonical.OPEN)
    with open_member(zf, info) as raw:
        parts = canonical._split(xlsx.Metered(raw, budget), head_end, b"<row ", canonical.CLOSE,
                                 body)
    if parts is None or not canonical._plain(parts[0], canonical.OPEN, canonical._INSIDE) or \
            canonical._INSIDE.search(parts[1]):
        return None
    SheetScan(sheet, limits, check).run(io.BytesIO(parts[0] + parts[1]))
    return state, rows


def _shape(found: Found, strings: tuple[bytes, bytes, list[Any]] | None) -> tuple[
        int, Iterator[list[Any]]]:
    """calamine's rows (`iter_rows`): from the sheet's first row to the last holding a value,
    from the leftmost to the rightmost column holding one, every row that wide, a row without
    values all ""."""
    if not found:
        return 0, iter(())
    left = min(low for _, low, _ in found) - 1
    width = max(high for _, _, high in found) - left
    return left, _rows(found, left, width, strings)


def _rows(found: Found, left: int, width: int,
          strings: tuple[bytes, bytes, list[Any]] | None) -> Iterator[list[Any]]:
    """Each block's rows made when the reader reaches it, the block then let go."""
    expected = 1
    for i, (block, _, _) in enumerate(found):
        found[i] = (b"", 0, 0)              # handed over: held no longer here
        rows = _xlsxc.rows_of(block, left, width, strings)
        del block
        rows.reverse()
        while rows:
            number, cells = rows.pop()
            while expected < number:
                yield [""] * width
                expected += 1
            yield cells
            expected += 1
