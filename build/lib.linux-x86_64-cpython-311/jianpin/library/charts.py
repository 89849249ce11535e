"""Chart tables: read an uploaded sheet (through the hardened reader in jianpin.uploads) into a
header and rows, and turn them into an ECharts option's data."""
from __future__ import annotations

import datetime as dt
import re
import tempfile
from dataclasses import dataclass, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.utils.translation import gettext

from jianpin.kernel.errors import DomainError
from jianpin.uploads import workbook
from jianpin.uploads.limits import sheet_limits

MAX_ROWS = 2000
MAX_COLUMNS = 50


@dataclass
class Table:
    header: list[str]
    rows: list[list[Any]]


def _cell(value: Any) -> Any:
    """A JSON-safe cell: numbers stay numbers, dates become ISO text, the rest text.

    A whole number is an integer (Excel keeps every number as a float: 18, not 18.0); a number
    written with a decimal point in a CSV keeps it (18.0 stays 18.0, 1.75 stays 1.75).
    """
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, (int, float)):
        return int(value) if float(value).is_integer() else float(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()[:10]
    text = "" if value is None else str(value).strip()
    try:
        number = Decimal(text.replace(",", ""))
    except InvalidOperation:
        return text[:200]
    if not number.is_finite():
        return text[:200]
    return float(number) if "." in text else int(number)


def read_table(filename: str, data: bytes) -> Table:
    """The first sheet's table: the first non-empty row as header, up to MAX_ROWS rows."""
    limits = replace(sheet_limits("dept"), max_rows=MAX_ROWS + 1, max_columns=MAX_COLUMNS)
    suffix = Path(filename).suffix.lower()[:8]
    with tempfile.NamedTemporaryFile(suffix=suffix) as tmp:
        tmp.write(data)
        tmp.flush()
        path = Path(tmp.name)
        check = workbook.check_file(path, filename, limits)
        if check.formula_count:
            raise DomainError("formulas", "表格含有公式，请粘贴为数值后再上传")
        for sheet in workbook.open_sheets(path, check, limits):
            rows = []
            for raw in sheet.rows:
                cells = [_cell(v) for v in list(raw)[:MAX_COLUMNS]]
                if any(c != "" for c in cells):
                    rows.append(cells)
                if len(rows) > MAX_ROWS + 1:
                    raise DomainError("too_many_rows", gettext("表格超过 %(rows)s 行") % {"rows": MAX_ROWS})
            break
        else:
            rows = []
    if len(rows) < 2:
        raise DomainError("empty_table", "表格至少需要表头和一行数据")
    width = max(len(r) for r in rows)
    rows = [r + [""] * (width - len(r)) for r in rows]
    header = [str(c) or f"列{i + 1}" for i, c in enumerate(rows[0])]
    return Table(header, rows[1:])


_UNIT = re.compile(r"[（(]([^（）()]{1,12})[）)]")


def header_unit(name: str) -> str:
    """The unit a column header states in brackets, 贫困发生率（%） → %; the last bracket that is
    not the goal mark a table made from figures adds (…（%）（目标） → %); "" when none."""
    units = [u.strip() for u in _UNIT.findall(name) if u.strip() != "目标"]
    return units[-1] if units else ""


def echarts_data(header: list[str], rows: list[list[Any]]) -> dict[str, Any]:
    """Categories from the first column, one line series per column holding numbers, each with
    the unit its header states (the page draws one chart per unit)."""
    categories = [str(r[0]) for r in rows]
    series = []
    units: list[str] = []
    for i, name in enumerate(header[1:], start=1):
        values = [r[i] if isinstance(r[i], (int, float)) else None for r in rows]
        if any(v is not None for v in values):
            unit = header_unit(name)
            if unit not in units:
                units.append(unit)
            series.append({"name": name, "unit": unit, "type": "line", "connectNulls": True,
                           "data": values})
    return {"years": categories, "units": units, "unit_label": gettext("单位："),
            "series": series}


def figure_series(figures: list[Any], goal_label: str = "目标"
                  ) -> tuple[dict[str, dict[int, float]], dict[str, str]]:
    """Extracted figures with a year as series named by (area, subject, indicator, unit, kind):
    values by year, and each series' unit. Goals are kept apart from reported statistics, and
    figures of different areas apart. The names are Chinese unless the page passes the goal
    label in its language (a stored table is data and keeps the Chinese)."""
    from jianpin.library.models import FigureKind

    series: dict[str, dict[int, float]] = {}
    unit_of: dict[str, str] = {}
    areas = {t.region_id for t in figures if t.year_start}
    for t in figures:
        if t.year_start:
            area = f"{t.region.name}·" if len(areas) > 1 and t.region_id and t.region else ""
            goal = f"（{goal_label}）" if t.kind == FigureKind.GOAL else ""
            key = f"{area}{t.subject + '·' if t.subject else ''}{t.indicator}（{t.unit}）{goal}"
            series.setdefault(key, {})[t.year_start] = float(t.value)
            unit_of[key] = t.unit
    return series, unit_of


def figures_table(figures: list[Any]) -> Table:
    """A chart table built from a document's extracted figures: one row per year, one column per
    series (an empty cell where the text states nothing for that year)."""
    series, _units = figure_series(figures)
    if not series:
        raise DomainError("no_figures", gettext("该文献没有注明年份的数据"))
    names = list(series)[:MAX_COLUMNS - 1]
    years = sorted({y for name in names for y in series[name]})
    rows = [[year, *[_cell(series[name][year]) if year in series[name] else "" for name in names]]
            for year in years]
    return Table(["年份", *names], rows)  # data, kept in Chinese like the documents
