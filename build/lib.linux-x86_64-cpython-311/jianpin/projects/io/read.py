"""Read a workbook into rows of one layout: checked by the upload limits, the heading row found
among the first rows (county sheets put a title above it), cells keyed by column."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from jianpin.kernel.errors import DomainError
from jianpin.projects.io.layouts import BY_SHEET, MARKERS, Layout, in_wan, norm
from jianpin.uploads.limits import sheet_limits
from jianpin.uploads.workbook import check_file, open_sheets

HEAD_ROWS = 10     # the heading is looked for in this many rows
MAX_ROWS = 20000   # rows of one import


@dataclass
class Sheet:
    layout: Layout
    heading_row: int                                   # 1-based, as Excel shows it
    wan: set[str] = field(default_factory=set)         # money keys given in 万元
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


def _index(layout: Layout) -> dict[str, str]:
    out = {}
    for col in layout.columns:
        for text in (col.header, *col.aliases):
            out[norm(text)] = col.key
    return out


def _layout_for(name: str, heads: list[list[Any]]) -> Layout | None:
    if name.strip() in BY_SHEET:
        return BY_SHEET[name.strip()]
    texts = {norm(c) for row in heads for c in row}
    return next((layout for marker, layout in MARKERS if marker in texts), None)


def _heading(layout: Layout, heads: list[list[Any]]) -> tuple[int, dict[int, str], set[str]]:
    index = _index(layout)
    best = max(range(len(heads)), key=lambda i: sum(norm(c) in index for c in heads[i]))
    cols: dict[int, str] = {}
    wan: set[str] = set()
    for c, text in enumerate(heads[best]):
        key = index.get(norm(text))
        if key and key not in cols.values():
            cols[c] = key
            if in_wan(text):
                wan.add(key)
    missing = [col.header for col in layout.columns if col.required and col.key not in
               cols.values()]
    if missing:
        raise DomainError("missing_columns", _("表头缺少必填列：%(cols)s") % {"cols": "、".join(missing)})
    return best, cols, wan


def read_sheet(path: Path, name: str = "") -> Sheet:
    """The first sheet of the file that matches a layout."""
    check = check_file(path, name or path.name, sheet_limits())
    for raw in open_sheets(path, check, sheet_limits()):
        heads = []
        for row in raw.rows:
            heads.append(list(row))
            if len(heads) == HEAD_ROWS:
                break
        layout = _layout_for(raw.name, heads)
        if layout is None:
            continue
        best, cols, wan = _heading(layout, heads)
        sheet = Sheet(layout, best + 1, wan)
        for number, row in enumerate([*heads[best + 1:], *raw.rows], start=best + 2):
            cells = {key: row[c] for c, key in cols.items() if c < len(row)}
            if any(v not in (None, "") for v in cells.values()):
                sheet.rows.append((number, cells))
            if len(sheet.rows) > MAX_ROWS:
                raise DomainError("too_many_rows", _("单次导入不超过%(n)s行") % {"n": MAX_ROWS})
        return sheet
    raise DomainError("unknown_layout",
                      _("未识别的表格：工作表名称或表头应为项目库、年度计划、资金下达或资产台账"))
